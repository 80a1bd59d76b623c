import Testing

@testable import LintasCore

/// Wording a template the plain way, all at once: the oracle of ``MessageTemplate`` and the lazy
/// ``LocalizedText`` (StreamingOutputTests).
extension Wording {
    /// Replaces `{name}` with `args["name_<lang>"]` or `args["name"]`; unknown names stay as written.
    static func render(_ template: String, _ args: [String: String], _ lang: Language) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if let v = args["\(name)_\(lang.rawValue)"] ?? args[name] {
                out += v
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    static func render(_ text: LocalizedText, _ args: [String: String]) -> LocalizedText {
        LocalizedText(id: render(text.id, args, .id), en: render(text.en.isEmpty ? text.id : text.en, args, .en))
    }
}

@Suite("message templates: lists")
struct ListPlaceholderTests {
    @Test("{name|or} and {name|and} word a list in each language; without the argument it stays as written")
    func lists() {
        let template = MessageTemplate(LocalizedText(id: "dari {x|or}; {y|and}.", en: "from {x|or}; {y|and}."))
        let cases: [([String], String, String)] = [
            (["a"], "dari a; a.", "from a; a."),
            (["a", "b"], "dari a atau b; a dan b.", "from a or b; a and b."),
            (["a", "b", "c"], "dari a, b atau c; a, b dan c.", "from a, b or c; a, b and c."),
        ]
        for (items, id, en) in cases {
            let list = MessageTemplate.list(items)
            let args = ["x": list, "y": list]
            #expect(template.render(args, .id) == id)
            #expect(template.render(args, .en) == en)
        }
        #expect(template.render([:], .en) == "from {x|or}; {y|and}.")
        let unknown = MessageTemplate(LocalizedText(id: "{x|xor}", en: ""))
        #expect(unknown.render(["x|xor": "v"], .id) == "v")
    }

    @Test("a list under a plain {name} (a user pack's own wording of K001) reads 'a, b, c', no separator shown")
    func listUnderPlainPlaceholder() {
        let template = MessageTemplate(LocalizedText(id: "ketua dari jabatan {allowed}", en: "from {allowed} posts"))
        let args = MessageTemplate.listArguments("allowed", ["struktural", "fungsional", "pelaksana"])
        #expect(template.render(args, .id) == "ketua dari jabatan struktural, fungsional, pelaksana")
        #expect(template.render(args, .en) == "from struktural, fungsional, pelaksana posts")
        // A value from the data holding the separator is not a list: shown as it is.
        let data = ["allowed": "a\u{1F}b"]
        #expect(template.render(data, .id) == "ketua dari jabatan a\u{1F}b")
    }
}

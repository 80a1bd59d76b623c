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

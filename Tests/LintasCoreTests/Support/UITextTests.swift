import Foundation
import Testing

@testable import LintasCore

/// rules/ui.yaml, the wording of lintas's own output: complete in both languages, the same
/// placeholders in each, every key used, embedded as it is on disk, and the inline idioms it
/// replaced do not come back in the files moved to it.
@Suite("UIText")
struct UITextTests {
    static func read(_ relative: String) -> String {
        String(decoding: FileManager.default.contents(atPath: TestSupport.path(relative)) ?? Data(), as: UTF8.self)
    }

    /// The entries of the file on disk, in order, as the YAML loader reads them.
    static func entries() throws -> [(key: String, node: YAMLNode)] {
        let loaded = YAMLLoader.load(bytes: Array(read("rules/ui.yaml").utf8), file: "rules/ui.yaml")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.map(\.code))")
        let pairs = try #require(loaded.documents.first?.pairs, "rules/ui.yaml is not a mapping")
        return pairs.map { ($0.key.scalar?.text ?? "?", $0.value) }
    }

    /// The names a template fills (`{name}`, `{name|or}`); braces around anything else are text.
    static func placeholders(_ text: String) -> Set<String> {
        var out: Set<String> = []
        for s in MessageTemplate.compile(text, .en) {
            switch s {
            case .literal: break
            case .placeholder(_, let key, _), .list(let key, _, _):
                if !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { out.insert(key) }
            }
        }
        return out
    }

    @Test("the embedded table is the file on disk, and UIKey holds its keys in order")
    func embeddedIsFresh() throws {
        #expect(EmbeddedResources.uiText == Self.read("rules/ui.yaml"), "run scripts/embed-resources.py")
        #expect(try Self.entries().map { $0.key } == UIKey.allCases.map(\.rawValue), "run scripts/embed-resources.py")
        for (i, key) in UIKey.allCases.enumerated() { #expect(key.ordinal == i) }
    }

    @Test("every entry has a non-empty text in both languages, with the same placeholders")
    func entriesComplete() throws {
        let entries = try Self.entries()
        #expect(entries.count > 100)
        for (key, node) in entries {
            let names = node.pairs?.compactMap { $0.key.scalar?.text } ?? []
            #expect(names == ["id", "en"], "\(key): an entry is {id: ..., en: ...}, not \(names)")
            let id = node["id"]?.scalar?.text ?? ""
            let en = node["en"]?.scalar?.text ?? ""
            #expect(!id.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has no Indonesian text")
            #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has no English text")
            #expect(
                Self.placeholders(id) == Self.placeholders(en),
                "\(key): {placeholders} differ: \(Self.placeholders(id).sorted()) / \(Self.placeholders(en).sorted())")
        }
        #expect(Self.placeholders("{count} of { a: b } {x|or} {") == ["count", "x"])
    }

    @Test("every key is used by the code")
    func everyKeyUsed() throws {
        var tokens: Set<Substring> = []
        let base = TestSupport.path("Sources")
        let walk = FileManager.default.enumerator(atPath: base)
        while let f = walk?.nextObject() as? String {
            guard f.hasSuffix(".swift"), !f.hasPrefix("LintasCore/Generated/") else { continue }
            let text = Self.read("Sources/" + f)
            // `.name` tokens: a key is used where its case is named.
            var rest = Substring(text)
            while let dot = rest.firstIndex(of: ".") {
                let after = rest[rest.index(after: dot)...]
                let end = after.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? after.endIndex
                if end > after.startIndex { tokens.insert(after[..<end]) }
                rest = after[end...]
            }
        }
        #expect(tokens.count > 500)
        let unused = UIKey.allCases.filter { !tokens.contains(Substring(String(describing: $0))) }
        #expect(unused.isEmpty, "keys of rules/ui.yaml no code uses: \(unused.map(\.rawValue))")
    }

    @Test("a lookup gives the text in the language asked, a template filled with its values")
    func lookups() {
        #expect(UIText.t(.htmlCheckReport, .id) == "laporan pemeriksaan")
        #expect(UIText.t(.htmlCheckReport, .en) == "check report")
        #expect(UIText[.htmlFindingsByArea] == LocalizedText(id: "Temuan per bidang", en: "Findings by area"))
        let args = ["resolved": "1", "new": "2", "open": "3"]
        #expect(UIText.t(.sinceCounts, .en, args) == "1 resolved, 2 new, 3 still open")
        #expect(UIText.t(.sinceCounts, .id, args) == "1 selesai, 2 baru, 3 masih terbuka")
        #expect(
            UIText[.sinceCounts, args]
                == LocalizedText(id: "1 selesai, 2 baru, 3 masih terbuka", en: "1 resolved, 2 new, 3 still open"))
        // A block scalar keeps its lines.
        #expect(UIText.t(.referenceSeverityPolicy, .en).hasPrefix("## Severity policy\n\nA reviewer reads"))
    }

    /// Files whose bilingual texts all live in rules/ui.yaml.
    static let moved = [
        "Sources/LintasCore/Reporters/HTMLReporter.swift",
        "Sources/LintasCore/Rules/RuleDocs.swift",
        "Sources/LintasCore/Rules/RuleReference.swift",
        "Sources/LintasCore/Reporters/SARIFReporter.swift",
        "Sources/LintasCore/Reporters/MarkdownReporter.swift",
        "Sources/LintasCore/Reporters/GitHubReporter.swift",
        "Sources/LintasCore/Reporters/JUnitReporter.swift",
    ]

    @Test("the inline bilingual idioms do not come back in the files moved to rules/ui.yaml")
    func noInlineWording() {
        let idioms = ["c.t(\"", "Label.t(", "id ? \"", "LocalizedText(id: \""]
        for f in Self.moved {
            let text = Self.read(f)
            #expect(!text.isEmpty, "\(f) is gone: update the list")
            for idiom in idioms where text.contains(idiom) {
                Issue.record("\(f) words text inline (\(idiom)...): move it to rules/ui.yaml")
            }
            // `id` alone on a line before `? "...": the multi-line form of the same idiom.
            let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            for (a, b) in zip(lines, lines.dropFirst())
            where (a == "id" || a.hasSuffix("== .id")) && b.hasPrefix("? \"") {
                Issue.record("\(f) words text inline (\(a) \(b)): move it to rules/ui.yaml")
            }
        }
    }
}

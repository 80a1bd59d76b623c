import Foundation
import Testing

@testable import LintasCore

/// docs/rules.md and docs/rules.id.md are generated from the packs (`lintas rules --format markdown`):
/// they must be fresh, and every rule must have the stable anchor that SARIF's helpUri points at.
@Suite("rule reference (docs/rules.md)")
struct RuleReferenceTests {
    static let docs: [(Language, String)] = [(.en, "docs/rules.md"), (.id, "docs/rules.id.md")]

    @Test("docs/rules.md and docs/rules.id.md match the packs and examples")
    func fresh() throws {
        let catalog = try TestSupport.catalog()
        for (lang, file) in Self.docs {
            let disk = FileManager.default.contents(atPath: TestSupport.path(file)).map {
                String(decoding: $0, as: UTF8.self)
            }
            let generated = RuleReference.markdown(catalog, lang: lang)
            guard disk != generated else { continue }
            // Name the first line that differs instead of printing two 10,000-line documents.
            let a = (disk ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            let b = generated.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            let was = i < a.count ? String(a[i]) : "(end of file)"
            let now = i < b.count ? String(b[i]) : "(end of file)"
            Issue.record(
                "\(file) is stale at line \(i + 1) (has: \(was.prefix(120)); expected: \(now.prefix(120))): run scripts/gen-rules-docs.sh"
            )
        }
    }

    @Test("every rule has one anchor <a id=\"code\"></a> right before its heading, and its examples")
    func anchors() throws {
        let catalog = try TestSupport.catalog()
        let text = RuleReference.markdown(catalog, lang: .en)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for p in catalog.packs {
            for r in p.rules {
                let anchor = "<a id=\"\(r.code.lowercased())\"></a>"
                let at = lines.indices.filter { lines[$0] == anchor }
                #expect(at.count == 1, "\(r.code): \(at.count) anchors")
                guard let i = at.first, i + 2 < lines.count else { continue }
                #expect(
                    lines[i + 1].isEmpty && lines[i + 2].hasPrefix("### \(r.code) "),
                    "\(r.code): the heading must follow its anchor")
                // The rule's section holds its citation and its examples (or the note on a generated one).
                let end = lines[(i + 1)...].firstIndex { $0.hasPrefix("<a id=") } ?? lines.count
                let section = lines[i..<end].joined(separator: "\n")
                #expect(section.contains(r.citation[.en]), "\(r.code): citation")
                let hasFail = section.contains("examples/rules/\(r.code)/fail")
                let hasPass = section.contains("examples/rules/\(r.code)/pass")
                #expect(hasPass, "\(r.code): passing example")
                #expect(hasFail || section.contains("examples/rules/\(r.code)/README.md"), "\(r.code): failing example")
            }
        }
    }

    @Test("a fence is longer than any backtick run in the example, and table cells escape pipes")
    func escaping() {
        #expect(RuleReference.fenced("a ``` b", lang: "yaml").hasPrefix("````yaml\n"))
        #expect(RuleReference.fenced("plain", lang: "yaml") == "```yaml\nplain\n```\n")
        #expect(RuleReference.cell("a|b\nc") == "a\\|b c")
    }
}

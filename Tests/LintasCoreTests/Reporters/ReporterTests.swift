import Foundation
import Testing
@testable import LintasCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Properties of each machine output beyond the goldens: validity, escaping, counts.
@Suite("reporters")
struct ReporterTests {
    static let sarifSchema = TestSupport.path("../shared/vendor/sarif/sarif-schema-2.1.0.json")

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// Checks what the SARIF schema cannot: positions and rule indices.
    static func checkSARIF(_ text: String) throws -> Int {
        let log = try #require(try json(text) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids == ids.sorted(), "rules sorted by code")
        let results = try #require(run["results"] as? [[String: Any]])
        for r in results {
            let ruleId = try #require(r["ruleId"] as? String)
            let i = try #require(r["ruleIndex"] as? Int)
            #expect(i >= 0 && i < ids.count && ids[i] == ruleId, "ruleIndex of \(ruleId) points at \(i < ids.count && i >= 0 ? ids[i] : "nothing")")
            let loc = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let region = try #require(loc["region"] as? [String: Any])
            let line = try #require(region["startLine"] as? Int), col = try #require(region["startColumn"] as? Int)
            #expect(line >= 1 && col >= 1, "\(ruleId) at \(line):\(col)")
            let fp = (r["partialFingerprints"] as? [String: String])?["lintas/v1"] ?? ""
            #expect(fp.count == 16)
        }
        return results.count
    }

    @Test("SARIF of the canned report is valid SARIF 2.1.0 with sound indices and suppressions")
    func sarifCanned() throws {
        for lang in Language.allCases {
            let text = SARIFReporter().render(CannedReport.report, ReportContext(language: lang))
            let errors = try PythonJSONSchema.validate(schema: Self.sarifSchema, documents: [("canned.\(lang).sarif", text)])
            #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
            #expect(try Self.checkSARIF(text) == CannedReport.report.allFindings.count)
        }
        let text = SARIFReporter().render(CannedReport.report, ReportContext(language: .en))
        #expect(text.contains("\"kind\": \"inSource\""))
        #expect(text.contains("\"kind\": \"external\""))
        #expect(text.contains("\"baselineState\": \"unchanged\""))
        #expect(text.contains("\"baselineState\": \"new\""))
        #expect(text.contains("\"uri\": \"agencies/pusat/rusak%20dan%20spasi.yaml\""))
        #expect(!text.contains("informationUri"))
    }

    @Test("SARIF of every shipped failing example is valid and points at real lines")
    func sarifExamples() throws {
        let dir = TestSupport.path("examples/rules")
        let codes = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        var paths: [String] = []
        for c in codes {
            for name in ["fail.yaml", "fail"] where FileManager.default.fileExists(atPath: "\(dir)/\(c)/\(name)") {
                paths.append("examples/rules/\(c)/\(name)")
            }
        }
        #expect(paths.count > 10)
        let report = try TestSupport.lint(paths)
        #expect(!report.allFindings.isEmpty)
        for lang in Language.allCases {
            let text = SARIFReporter().render(report, ReportContext(language: lang))
            let errors = try PythonJSONSchema.validate(schema: Self.sarifSchema, documents: [("examples.\(lang).sarif", text)])
            #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
            #expect(try Self.checkSARIF(text) == report.allFindings.count)
        }
    }

    @Test("GitHub commands escape data and properties, and list only open findings")
    func github() {
        #expect(GitHubReporter.data("50% a\r\nb") == "50%25 a%0D%0Ab")
        #expect(GitHubReporter.property("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
        let out = GitHubReporter().render(CannedReport.report, ReportContext(language: .id))
        let lines = out.split(separator: "\n")
        #expect(lines.count == CannedReport.report.allFindings.filter(\.isOpen).count + 1)
        #expect(lines.last?.hasPrefix("::notice::lintas: ") == true)
        #expect(out.contains("::error file=agencies/jabar/tim.yaml,line=14,col=13,endLine=14,endColumn=33,title=K001 Ketua tim"))
        #expect(!out.contains("::notice file="), "the only info finding is suppressed")
        #expect(!out.contains("T001"), "waived findings are not annotated")
    }

    @Test("JUnit is well-formed XML with consistent counts")
    func junit() throws {
        let xml = JUnitReporter().render(CannedReport.report, ReportContext(language: .en))
        final class Counter: NSObject, XMLParserDelegate {
            var suites: [[String: String]] = []
            var cases = 0, failures = 0, skipped = 0
            var caseHasFailure = false, caseSkipped = false
            var failingCases = 0, skippedCases = 0
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                switch name {
                case "testsuite": suites.append(attributes)
                case "testcase": cases += 1; caseHasFailure = false; caseSkipped = false
                case "failure": failures += 1; caseHasFailure = true
                case "skipped": skipped += 1; caseSkipped = true
                default: break
                }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "testcase" {
                    if caseHasFailure { failingCases += 1 }
                    if caseSkipped { skippedCases += 1 }
                }
            }
        }
        let parser = XMLParser(data: Data(xml.utf8))
        let counter = Counter()
        parser.delegate = counter
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(counter.suites.count == 2)
        #expect(counter.failures == CannedReport.report.allFindings.filter(\.isOpen).count)
        let sum = { (k: String) in counter.suites.reduce(0) { $0 + (Int($1[k] ?? "") ?? -1) } }
        #expect(sum("tests") == counter.cases)
        #expect(sum("failures") == counter.failingCases)
        #expect(sum("skipped") == counter.skippedCases)
        #expect(counter.skippedCases >= 1)
        // jabar: rules of its three packs that are on (K003 is off), pusat: no J001.
        #expect(counter.suites.first?["tests"] == "9")
        #expect(counter.suites.last?["tests"] == "8")
        #expect(xml.contains("<testsuites name=\"lintas\" tests=\"17\""))
    }

    @Test("GitLab Code Quality: open findings only, unique 32-hex fingerprints, severity mapping")
    func gitlab() throws {
        let text = GitLabReporter().render(CannedReport.report, ReportContext(language: .id))
        let items = try #require(try Self.json(text) as? [[String: Any]])
        #expect(items.count == CannedReport.report.allFindings.filter(\.isOpen).count)
        let fps = items.compactMap { $0["fingerprint"] as? String }
        #expect(Set(fps).count == items.count)
        #expect(fps.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        #expect(Set(items.compactMap { $0["severity"] as? String }) == ["major", "minor"])
        for i in items {
            let begin = ((i["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int
            #expect((begin ?? 0) >= 1)
        }
    }

    @Test("fingerprints stay when a finding moves to another line")
    func fingerprintsSurviveMoves() {
        var moved = CannedReport.report
        for i in moved.agencies.indices {
            for j in moved.agencies[i].findings.indices {
                moved.agencies[i].findings[j].location.range.start.line += 7
                moved.agencies[i].findings[j].location.range.end.line += 7
            }
        }
        func fps(_ r: LintReport, _ f: OutputFormat, _ key: String) -> [String] {
            f.reporter.render(r, ReportContext()).split(separator: "\n").filter { $0.contains(key) }.map(String.init)
        }
        #expect(fps(moved, .sarif, "lintas/v1") == fps(CannedReport.report, .sarif, "lintas/v1"))
        #expect(fps(moved, .gitlab, "fingerprint") == fps(CannedReport.report, .gitlab, "fingerprint"))
    }

    @Test("HTML escapes every value and needs no network")
    func html() {
        for lang in Language.allCases {
            let page = HTMLReporter().render(CannedReport.report, ReportContext(language: lang))
            // One script: the page's own (allowed by its hash), after the content; none from the input.
            #expect(page.components(separatedBy: "<script").count == 2, "a <script> beside the page's own")
            #expect(page.contains("<script>\n" + HTMLReporter.script + "\n</script>\n</body>"))
            #expect(page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-"))
            #expect(!page.contains("unsafe-inline") && !page.contains(" style=\"") && !page.contains(" onclick"))
            #expect(!page.contains("<b>Santoso"))
            #expect(page.contains("Dinas &quot;Kominfo&quot; &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
            #expect(!page.contains("http://") && !page.contains("https://") && !page.contains(" src="))
            #expect(page.contains("<html lang=\"\(lang.rawValue)\">"))
            // The cascade and the team are drawn.
            #expect(page.contains("IKU-1") && page.contains("H1.1") && page.contains("TK-01"))
            #expect(page.contains(lang == .id ? "Kaskade Matriks Peran Hasil" : "Role-result matrix cascade"))
            #expect(page.contains(lang == .id ? "Susunan tim kerja" : "Team make-up"))
        }
    }

    @Test("Markdown escapes pipes and backticks in values")
    func markdown() {
        let md = MarkdownReporter().render(CannedReport.report, ReportContext(language: .en))
        #expect(md.contains("NIP \"19x\\|\\`y\\`\" is not in the employee list"))
        #expect(md.contains("| agencies/jabar | 1 | 1 | 0 | 1 | 1 | 1 |"))
    }
}

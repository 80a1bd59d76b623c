import Foundation
import Testing

@testable import LintasCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Properties of each machine output beyond the goldens: validity, escaping, counts.
@Suite("reporters")
struct ReporterTests {
    static let sarifSchema = TestSupport.path("Tests/LintasCoreTests/Fixtures/sarif/sarif-schema-2.1.0.json")

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
            #expect(
                i >= 0 && i < ids.count && ids[i] == ruleId,
                "ruleIndex of \(ruleId) points at \(i < ids.count && i >= 0 ? ids[i] : "nothing")")
            let loc = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let region = try #require(loc["region"] as? [String: Any])
            let line = try #require(region["startLine"] as? Int)
            let col = try #require(region["startColumn"] as? Int)
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
            let errors = try PythonJSONSchema.validate(
                schema: Self.sarifSchema, documents: [("canned.\(lang).sarif", text)])
            #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
            #expect(try Self.checkSARIF(text) == CannedReport.report.allFindings.count)
        }
        let text = SARIFReporter().render(CannedReport.report, ReportContext(language: .en))
        #expect(text.contains("\"kind\": \"inSource\""))
        #expect(text.contains("\"kind\": \"external\""))
        #expect(text.contains("\"baselineState\": \"unchanged\""))
        #expect(text.contains("\"baselineState\": \"new\""))
        #expect(text.contains("\"uri\": \"agencies/pusat/rusak%20dan%20spasi.yaml\""))
        #expect(text.contains("\"informationUri\": \"\(LintasVersion.homepage)\""))
        #expect(text.contains("\"helpUri\": \"\(LintasVersion.homepage)docs/rules.md#k001\""))
    }

    @Test("SARIF paths are anchored at the root: normalised, percent-encoded, outside files absolute; still valid")
    func sarifAnchored() throws {
        var report = CannedReport.report
        let up = String(repeating: ".", count: 2) + "/"  // spelt out: see SelfContainedTests
        let files = [
            "./a//b.yaml", "x/" + up + "c d.yaml", up + "repo/sub/./e.yaml", "/elsewhere/f%.yaml", up + "outside.yaml",
        ]
        var n = 0
        for i in report.agencies.indices {
            for j in report.agencies[i].findings.indices {
                report.agencies[i].findings[j].location.file = files[n % files.count]
                n += 1
            }
        }
        let anchor = PathAnchor(root: "/nowhere-lintas/repo", workingDirectory: "/nowhere-lintas/repo/./")
        let text = SARIFReporter().render(report, ReportContext(language: .en, anchor: anchor))
        let errors = try PythonJSONSchema.validate(schema: Self.sarifSchema, documents: [("anchored.sarif", text)])
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
        #expect(try Self.checkSARIF(text) == report.allFindings.count)
        #expect(text.contains("\"uri\": \"a/b.yaml\",\n"))
        #expect(text.contains("\"uri\": \"c%20d.yaml\",\n"))
        #expect(text.contains("\"uri\": \"sub/e.yaml\",\n"))
        #expect(text.contains("\"uri\": \"file:///elsewhere/f%25.yaml\"\n"))
        #expect(text.contains("\"uri\": \"file:///nowhere-lintas/outside.yaml\"\n"))
        #expect(text.contains("\"uri\": \"file:///nowhere-lintas/repo/\"\n"))
        #expect(!text.contains("//b") && !text.contains("./"))
        // The same findings seen from a subdirectory: identical log.
        var moved = report
        for i in moved.agencies.indices {
            for j in moved.agencies[i].findings.indices {
                let f = moved.agencies[i].findings[j].location.file
                moved.agencies[i].findings[j].location.file = f.hasPrefix("/") ? f : up + f
                for k in moved.agencies[i].findings[j].notes.indices {
                    moved.agencies[i].findings[j].notes[k].location.file =
                        up + moved.agencies[i].findings[j].notes[k].location.file
                }
            }
        }
        let sub = PathAnchor(root: "/nowhere-lintas/repo", workingDirectory: "/nowhere-lintas/repo/sub")
        #expect(SARIFReporter().render(moved, ReportContext(language: .en, anchor: sub)) == text)
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
            let errors = try PythonJSONSchema.validate(
                schema: Self.sarifSchema, documents: [("examples.\(lang).sarif", text)])
            #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
            #expect(try Self.checkSARIF(text) == report.allFindings.count)
        }
    }

    @Test("GitHub commands escape data and properties, and list only open findings")
    func github() {
        #expect(GitHubReporter.data("50% a\r\nb") == "50%25 a%0D%0Ab")
        #expect(GitHubReporter.data("\u{1B}[31mx\u{07}\ty\u{9B}") == "\u{FFFD}[31mx\u{FFFD}\ty\u{FFFD}")
        #expect(GitHubReporter.property("a\u{1B}b") == "a\u{FFFD}b")
        #expect(GitHubReporter.property("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
        let out = GitHubReporter().render(CannedReport.report, ReportContext(language: .id))
        let lines = out.split(separator: "\n")
        #expect(lines.count == CannedReport.report.allFindings.filter(\.isOpen).count + 1)
        #expect(lines.last?.hasPrefix("::notice::lintas: ") == true)
        #expect(
            out.contains(
                "::error file=agencies/jabar/tim.yaml,line=14,col=13,endLine=14,endColumn=33,title=K001 Ketua tim"))
        #expect(!out.contains("::notice file="), "the only info finding is suppressed")
        #expect(!out.contains("T001"), "waived findings are not annotated")
    }

    /// A JUnit document as parsed by Foundation's XML parser: suites with their attributes and cases.
    struct JUnitDoc {
        struct Case { var name = "", failures = 0, skipped = 0, systemOut = 0 }
        struct Suite {
            var attributes: [String: String]
            var cases: [Case] = []
        }
        var root: [String: String] = [:]
        var suites: [Suite] = []

        static func parse(_ xml: String) throws -> JUnitDoc {
            final class Delegate: NSObject, XMLParserDelegate {
                var doc = JUnitDoc()
                func parser(
                    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]
                ) {
                    switch name {
                    case "testsuites": doc.root = attributes
                    case "testsuite": doc.suites.append(Suite(attributes: attributes))
                    case "testcase": doc.suites[doc.suites.count - 1].cases.append(Case(name: attributes["name"] ?? ""))
                    case "failure":
                        doc.suites[doc.suites.count - 1].cases[doc.suites[doc.suites.count - 1].cases.count - 1]
                            .failures += 1
                    case "skipped":
                        doc.suites[doc.suites.count - 1].cases[doc.suites[doc.suites.count - 1].cases.count - 1]
                            .skipped += 1
                    case "system-out":
                        doc.suites[doc.suites.count - 1].cases[doc.suites[doc.suites.count - 1].cases.count - 1]
                            .systemOut += 1
                    default: break
                    }
                }
            }
            let parser = XMLParser(data: Data(xml.utf8))
            let d = Delegate()
            parser.delegate = d
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
            return d.doc
        }

        /// Every count attribute equals the elements it counts, per suite and in total; a testcase
        /// has at most one failure and is never both failed and skipped.
        func checkCounts() {
            var total = (tests: 0, failures: 0, skipped: 0)
            for s in suites {
                let failing = s.cases.filter { $0.failures > 0 }.count
                let skipped = s.cases.filter { $0.skipped > 0 }.count
                #expect(s.attributes["tests"] == String(s.cases.count), "\(s.attributes)")
                #expect(s.attributes["failures"] == String(failing), "\(s.attributes)")
                #expect(s.attributes["skipped"] == String(skipped), "\(s.attributes)")
                #expect(s.attributes["errors"] == "0")
                for c in s.cases {
                    #expect(c.failures <= 1 && c.skipped <= 1 && !(c.failures > 0 && c.skipped > 0), "\(c.name)")
                }
                total.tests += s.cases.count
                total.failures += failing
                total.skipped += skipped
            }
            #expect(root["tests"] == String(total.tests))
            #expect(root["failures"] == String(total.failures))
            #expect(root["skipped"] == String(total.skipped))
            #expect(root["errors"] == "0")
        }
    }

    @Test("JUnit is well-formed XML: one testcase per finding, counts that match the elements")
    func junit() throws {
        let report = CannedReport.report
        let xml = JUnitReporter().render(report, ReportContext(language: .en))
        let doc = try JUnitDoc.parse(xml)
        doc.checkCounts()
        #expect(doc.suites.count == 2)
        let cases = doc.suites.flatMap(\.cases)
        let open = report.allFindings.filter(\.isOpen)
        let other = report.allFindings.filter { !$0.isOpen }
        // Warnings and errors fail; info passes with its text; suppressed, waived, baselined are skipped.
        #expect(cases.filter { $0.failures > 0 }.count == open.filter { $0.severity >= .warning }.count)
        #expect(cases.filter { $0.skipped > 0 }.count == other.count)
        #expect(
            cases.filter { $0.failures == 0 && $0.skipped == 0 && $0.systemOut > 0 }.count
                == open.filter { $0.severity == .info }.count)
        // One testcase per finding, plus one passing testcase per rule in force that found nothing.
        for (agency, suite) in zip(report.agencies, doc.suites) {
            let inForce = Set(
                report.rules.values.filter { agency.packs.contains($0.pack) && $0.severity != .off }.map(\.code))
            let quiet = inForce.subtracting(agency.findings.map(\.rule))
            #expect(suite.cases.count == agency.findings.count + quiet.count, "\(agency.name)")
            #expect(
                suite.cases.filter { $0.failures == 0 && $0.skipped == 0 && $0.systemOut == 0 }.count == quiet.count)
        }
        #expect(xml.contains("name=\"K001 "))
        #expect(xml.contains("(agencies/jabar/tim.yaml:14:13)"))
    }

    @Test("JUnit of M014's failing example: two findings, two testcases; info is green unless --fail-on info")
    func junitInfoFindings() throws {
        let report = try TestSupport.lint(["examples/rules/M014/fail.yaml"])
        let m014 = report.allFindings.filter { $0.rule == "M014" }
        #expect(m014.count == 2 && m014.allSatisfy { $0.severity == .info && $0.isOpen })
        for (failOn, failures) in [(Severity.error, 0), (.warning, 0), (.info, 2)] {
            let doc = try JUnitDoc.parse(JUnitReporter().render(report, ReportContext(language: .id, failOn: failOn)))
            doc.checkCounts()
            let cases = doc.suites.flatMap(\.cases).filter { $0.name.hasPrefix("M014 ") }
            #expect(cases.count == 2)
            #expect(cases.filter { $0.failures > 0 }.count == failures, "--fail-on \(failOn)")
            #expect(cases.allSatisfy { $0.failures > 0 || $0.systemOut == 1 })
            #expect(doc.root["failures"] == String(failures))
        }
    }

    @Test("JUnit counts match on every shipped failing example")
    func junitExamples() throws {
        let dir = TestSupport.path("examples/rules")
        var paths: [String] = []
        for c in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            for name in ["fail.yaml", "fail"] where FileManager.default.fileExists(atPath: "\(dir)/\(c)/\(name)") {
                paths.append("examples/rules/\(c)/\(name)")
            }
        }
        let report = try TestSupport.lint(paths)
        let doc = try JUnitDoc.parse(JUnitReporter().render(report, ReportContext(language: .en)))
        doc.checkCounts()
        #expect(doc.suites.count == report.agencies.count)
        #expect(
            Int(doc.root["failures"] ?? "") == report.allFindings.filter { $0.isOpen && $0.severity >= .warning }.count)
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
            #expect(
                page.contains(
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-"
                ))
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

    @Test("Markdown escapes pipes in values and keeps code spans")
    func markdown() {
        let md = MarkdownReporter().render(CannedReport.report, ReportContext(language: .en))
        // A value's backticks pair into a code span (never shown as escaped backticks, issue 26 §6).
        #expect(md.contains("NIP \"19x\\|`y`\" is not in the employee list"))
        #expect(md.contains("| agencies/jabar | 1 | 1 | 0 | 1 | 1 | 1 |"))
    }
}

import Foundation
import Testing

@testable import LintasCore

/// Text, JSON and SARIF of findings in a workbook (examples/rules/N006/fail.xlsx, shown as
/// `agency.xlsx`), as stored goldens in Reporters/Golden/workbook.*. Re-record deliberately with
/// `LINTAS_RECORD=1 swift test --filter WorkbookGolden` and review the diff.
@Suite("workbook reporter goldens")
struct WorkbookGoldenTests {
    static func report() throws -> LintReport {
        let book = try XLSXReader.read(TestSupport.path("examples/rules/N006/fail.xlsx"), displayed: "agency.xlsx")
        let imported = WorkbookImporter.importWorkbook(book)
        let catalog = try TestSupport.catalog()
        let rules = try Configuration().activeRules(catalog: catalog, extraPacks: [], paramOverrides: [:])
        let context = AgencySourceContext(
            options: LintOptions(today: TestSupport.today), config: Configuration(), rules: rules, baseline: nil,
            waivers: [])
        let result = WorkbookSource().check(imported, context)
        return LintReport(agencies: [result], rules: rules.rules)
    }

    @Test("renders as the golden file", arguments: ["text.en.txt", "json.en.json", "sarif.en.sarif", "text.id.txt"])
    func golden(_ name: String) throws {
        let parts = name.split(separator: ".").map(String.init)
        let format = try #require(OutputFormat(rawValue: parts[0]))
        let lang = try #require(Language(rawValue: parts[1]))
        let rendered = format.reporter.render(try Self.report(), ReportContext(language: lang))
        let path = ReporterGoldenTests.goldenDir + "/workbook." + name
        if ProcessInfo.processInfo.environment["LINTAS_RECORD"] == "1" {
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let stored = try #require(
            FileManager.default.contents(atPath: path), "missing golden \(path): record it with LINTAS_RECORD=1")
        #expect(
            rendered == String(decoding: stored, as: UTF8.self),
            "\(name) differs from its golden (LINTAS_RECORD=1 rewrites it)")
    }

    @Test("the workbook SARIF is valid SARIF 2.1.0: artifact without region, the cell as a logical location")
    func sarifValid() throws {
        let text = SARIFReporter().render(try Self.report(), ReportContext(language: .en))
        let errors = try PythonJSONSchema.validate(
            schema: ReporterTests.sarifSchema, documents: [("workbook.sarif", text)])
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let results = (log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []
        #expect(results.count == 4)
        for r in results {
            let loc = try #require((r["locations"] as? [[String: Any]])?.first)
            #expect((loc["physicalLocation"] as? [String: Any])?["region"] == nil)
            let logical = try #require((loc["logicalLocations"] as? [[String: Any]])?.first)
            #expect(logical["kind"] as? String == "element")
            #expect((logical["fullyQualifiedName"] as? String)?.contains("!") == true)
        }
    }
}

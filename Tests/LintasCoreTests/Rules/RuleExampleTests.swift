import Foundation
import Testing

@testable import LintasCore

/// Every rule ships a failing and a passing example in examples/rules/<CODE>/; the examples are
/// the rules' tests. `fail` must give exactly the marked findings; `pass` must give none.
@Suite("Rule examples")
struct RuleExampleTests {
    static let codes: [String] = {
        let dir = TestSupport.path("examples/rules")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.count == 4 && !$0.hasPrefix(".") }.sorted()
    }()

    /// The example at examples/rules/CODE/KIND(.yaml or /), if any.
    static func example(_ code: String, _ kind: String) -> String? {
        // A workbook example (rules about workbooks): KIND.xlsx, its expected findings in KIND.expect.
        for candidate in [
            "examples/rules/\(code)/\(kind).yaml", "examples/rules/\(code)/\(kind).xlsx",
            "examples/rules/\(code)/\(kind)",
        ] {
            if FileManager.default.fileExists(atPath: TestSupport.path(candidate)) { return candidate }
        }
        return nil
    }

    static func found(_ report: LintReport) -> [String] {
        report.allFindings.filter(\.isOpen).map { f in
            if let cell = f.location.cell { return "\(f.location.file):\(cell.description):\(f.rule)" }
            return "\(f.location.file):\(f.location.line):\(f.rule)"
        }.sorted()
    }

    /// Expected findings of a workbook example: `SHEET!CELL CODE` lines of `fail.expect`.
    static func workbookExpectations(_ example: String) -> [String] {
        let expect = TestSupport.path(String(example.dropLast(".xlsx".count)) + ".expect")
        guard let data = FileManager.default.contents(atPath: expect) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? "\(TestSupport.shown(example)):\(parts[0]):\(parts[1])" : nil
        }
    }

    @Test("failing example gives exactly the marked findings", arguments: codes)
    func failing(code: String) throws {
        guard let ex = Self.example(code, "fail") else {
            // Some failures cannot be written as a small file (alias bombs, 1 MiB values):
            // their README says which test generates them.
            #expect(
                FileManager.default.fileExists(atPath: TestSupport.path("examples/rules/\(code)/README.md")),
                "examples/rules/\(code) has no fail example and no README saying where it is tested")
            return
        }
        let report = try TestSupport.lint([ex])
        // The example itself, and files beside it that belong to neither example (a waivers file).
        let dir = "examples/rules/\(code)"
        let files =
            TestSupport.exampleFiles(ex)
            + TestSupport.exampleFiles(dir).filter {
                !$0.hasPrefix("\(dir)/fail") && !$0.hasPrefix("\(dir)/pass")
            }
        let expected =
            ex.hasSuffix(".xlsx")
            ? Self.workbookExpectations(ex).sorted()
            : files.flatMap { TestSupport.expectations(in: TestSupport.path($0), displayedAs: TestSupport.shown($0)) }
                .sorted()
        #expect(expected.contains { $0.hasSuffix(":\(code)") }, "\(ex) marks no \(code) finding")
        #expect(Self.found(report) == expected, "\(ex)")
        // Every placeholder of the wording is filled, in both languages, notes included.
        for f in report.allFindings {
            for text in [f.message.id, f.message.en] + f.notes.flatMap({ [$0.message.id, $0.message.en] }) {
                #expect(Wording.placeholders(text).isEmpty, "\(f.rule): unfilled placeholder in '\(text)'")
            }
        }
    }

    @Test("passing example gives no finding", arguments: codes)
    func passing(code: String) throws {
        guard let ex = Self.example(code, "pass") else {
            Issue.record("examples/rules/\(code) has no pass example")
            return
        }
        let report = try TestSupport.lint([ex])
        #expect(Self.found(report) == [], "\(ex)")
    }

    @Test("every rule of every pack has examples")
    func everyRuleHasExamples() throws {
        let catalog = try TestSupport.catalog()
        let codes = Set(catalog.packs.flatMap { $0.rules.map(\.code) })
        #expect(codes.subtracting(Self.codes).sorted() == [])
    }
}

import Foundation
import Testing

@testable import LintasCore

/// Every reporter renders the canned report, in both languages, exactly as the stored goldens.
/// Re-record deliberately with `LINTAS_RECORD=1 swift test --filter ReporterGolden` and review the diff.
@Suite("reporter goldens")
struct ReporterGoldenTests {
    static let goldenDir: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Golden").path
    }()

    static let formats: [(OutputFormat, String)] = [
        (.sarif, "sarif"), (.github, "txt"), (.junit, "xml"), (.gitlab, "json"), (.markdown, "md"), (.html, "html"),
        (.csv, "csv"),
    ]

    static var cases: [String] {
        formats.flatMap { f in Language.allCases.map { "\(f.0.rawValue).\($0.rawValue).\(f.1)" } }
    }

    @Test("renders as the golden file", arguments: cases)
    func golden(_ name: String) throws {
        let parts = name.split(separator: ".").map(String.init)
        let format = try #require(OutputFormat(rawValue: parts[0]))
        let lang = try #require(Language(rawValue: parts[1]))
        let rendered = format.reporter.render(
            CannedReport.report, ReportContext(language: lang, anchor: CannedReport.anchor))
        let path = Self.goldenDir + "/" + name
        if ProcessInfo.processInfo.environment["LINTAS_RECORD"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.goldenDir, withIntermediateDirectories: true)
            try rendered.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let stored = try #require(
            FileManager.default.contents(atPath: path),
            "missing golden \(path): record it with LINTAS_RECORD=1")
        let expected = String(decoding: stored, as: UTF8.self)
        if rendered != expected {
            let a = rendered.split(separator: "\n", omittingEmptySubsequences: false)
            let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record(
                """
                \(name) differs from its golden at line \(i + 1):
                  got:      \(i < a.count ? String(a[i]) : "<end>")
                  expected: \(i < b.count ? String(b[i]) : "<end>")
                (LINTAS_RECORD=1 rewrites the goldens)
                """)
        }
    }

    @Test("rendering is deterministic")
    func deterministic() {
        for (f, _) in Self.formats {
            let a = f.reporter.render(CannedReport.report, ReportContext(language: .id))
            let b = f.reporter.render(CannedReport.report, ReportContext(language: .id))
            #expect(a == b, "\(f)")
        }
    }
}

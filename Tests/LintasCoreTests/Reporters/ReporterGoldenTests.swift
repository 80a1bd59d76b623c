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

    static var cases: [String] {
        OutputFormat.allCases.flatMap { format in
            Language.allCases.map { "\(format.rawValue).\($0.rawValue).\(format.fileExtension)" }
        }
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
        for format in OutputFormat.allCases {
            let first = format.reporter.render(CannedReport.report, ReportContext(language: .id))
            let second = format.reporter.render(CannedReport.report, ReportContext(language: .id))
            #expect(first == second, "\(format)")
        }
    }
}

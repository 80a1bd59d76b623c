import Foundation
import Testing

/// The upload page in a real browser: Tests/browser/serve_upload.py drives headless Chromium with
/// Selenium through chromedriver against the real `lintas-serve`, uploading the workbook that
/// `lintas export` writes of examples/review. The screenshots are checked as the HTML report's
/// browser tests check theirs (scripts/png_stats.py).
///
/// Needs chromium, chromium-driver (Debian) and selenium (PyPI); `.ci/run` installs them. Without
/// them the test fails and says what is missing; `LINTAS_SKIP_BROWSER=1` skips it.
@Suite(
    "lintas serve: the page in a browser", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["LINTAS_SKIP_BROWSER"] != "1", "LINTAS_SKIP_BROWSER=1"))
struct ServeBrowserTests {
    static let root = CLITests.root
    static let lintas = CLITests.binary
    /// `lintas-serve` is built beside `lintas`.
    static let serve = (CLITests.binary as NSString).deletingLastPathComponent + "/lintas-serve"
    static let reviewAgency = root + "/examples/review/jabar-diskominfo-draf"

    static func run(_ program: String, _ args: [String], timeout: Double = 300) throws -> (
        status: Int32, out: String, err: String
    ) {
        try BrowserTests.exec(program, args, timeout: timeout)
    }

    static func stats(_ png: String) throws -> [String: Any] {
        let r = try run(
            "python3", [Self.root + "/scripts/png_stats.py", png, "--colour", "0b3d62", "--colour", "2469d6"])
        #expect(r.status == 0, "png_stats: \(r.err)")
        return (try? JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]) ?? [:]
    }

    @Test(
        "upload examples/review's workbook export in Chromium: findings table, cascade, JSON and annotated workbook downloads, screenshots drawn"
    )
    func uploadInBrowser() throws {
        let dir = try BrowserTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let export = try Self.run(Self.lintas, ["export", Self.reviewAgency, "-o", dir + "/review.xlsx"])
        try #require(export.status == 0, "lintas export: \(export.err)")
        let r = try Self.run(
            "python3",
            [
                Self.root + "/Tests/browser/serve_upload.py", "--serve", Self.serve,
                "--workbook", dir + "/review.xlsx", "--out", dir + "/out",
            ])
        let summary =
            (try? JSONSerialization.jsonObject(with: Data((r.out.split(separator: "\n").last ?? "").utf8))
                as? [String: Any]) ?? [:]
        if r.status == 3 {
            Issue.record("the browser test cannot run: \(summary["error"] ?? r.err) (LINTAS_SKIP_BROWSER=1 skips it)")
            return
        }
        #expect(r.status == 0, "serve_upload.py: \(r.out.suffix(800)) \(r.err.suffix(800))")
        #expect(summary["ok"] as? Bool == true)
        #expect((summary["findingRows"] as? Int ?? 0) >= 2)
        #expect((summary["cascades"] as? Int ?? 0) >= 1)
        #expect(summary["reportScript"] as? Bool == true, "the report's script did not run under its CSP")
        #expect((summary["downloads"] as? [String] ?? []).contains("JSON"))
        #expect((summary["cspViolations"] as? [Any] ?? [1]).isEmpty)
        #expect((summary["annotatedSheets"] as? [String])?.first == "Temuan")
        #expect((summary["annotatedComments"] as? Int ?? 0) >= 1)

        let form = try Self.stats(dir + "/out/form.png")
        #expect((form["colours"] as? Int ?? 0) >= 8, "form screenshot looks blank: \(form)")
        #expect((form["nonBackground"] as? Double ?? 0) >= 0.03, "form screenshot looks blank: \(form)")
        // The button's colour comes from the page's inline style: present only if its CSP hash let it apply.
        #expect(
            ((form["share"] as? [String: Any])?["2469d6"] as? Double ?? 0) > 0.0005,
            "the form's style did not apply: \(form)")
        let report = try Self.stats(dir + "/out/report.png")
        #expect((report["colours"] as? Int ?? 0) >= 16, "report screenshot looks blank: \(report)")
        #expect((report["nonBackground"] as? Double ?? 0) >= 0.05)
        #expect(
            ((report["share"] as? [String: Any])?["0b3d62"] as? Double ?? 0) >= 0.01,
            "the report's style did not apply: \(report)")
    }
}

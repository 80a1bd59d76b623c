import Foundation
import LintasTestSupport
import Testing

@testable import LintasCore

/// Issue 23 §2: a big agency's HTML page summarises its units (a table row per indicator and per
/// team) and draws only the indicators and teams with a problem, so that it opens quickly.
/// The threshold is lowered here so that a 300-employee agency counts as big.
@Suite("HTML: big agencies summarised")
struct HTMLSummaryTests {
    /// scripts/gen_agency.py: 300 employees, 6 sprinkled findings (K001, M014, T001 x3, T004).
    static func generated() throws -> (Scratch, LintReport) {
        let s = Scratch()
        let r = try Spawn.run(
            "/usr/bin/env",
            [
                "python3", TestSupport.path("scripts/gen_agency.py"), "--employees", "300", "--findings", "6", "--out",
                s.dir + "/a.yaml",
            ], stdout: .discard, stderr: .discard)
        #expect(r.status == 0)
        return (s, try s.lint())
    }

    static func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    @Test("below the threshold every indicator is drawn and every team's make-up shown")
    func whole() throws {
        let (_, report) = try Self.generated()
        let page = HTMLReporter().render(report, ReportContext())
        #expect(!page.contains("Tabel indikator"))
        #expect(Self.count(page, "<g class=\"n ") > 300, "every employee's result is a box")
        #expect(Self.count(page, "<details class=\"team\"") == report.agencies[0].agency?.teams.count)
    }

    @Test(
        "above it: a table row per indicator and per team; pictures and make-ups only for problems, each finding still marked"
    )
    func summarised() throws {
        let (_, report) = try Self.generated()
        let teams = try #require(report.agencies[0].agency?.teams.count)
        var r = HTMLReporter()
        r.summariseAbove = 10
        let page = r.render(report, ReportContext())
        #expect(page.contains("Tabel indikator"))
        #expect(page.contains("tim tanpa tanda atau celah: hanya di tabel, tanpa anggotanya"))
        let drawn = Self.count(page, "<svg class=\"cascade\"")
        #expect(drawn >= 1 && drawn <= HTMLReporter.summariseGroups)
        // K001 (ketua), T001 x3 and T004 mark 5 teams: their make-up is shown, the rest only in the table.
        let shown = Self.count(page, "<details class=\"team\"")
        #expect(shown >= 4 && shown <= HTMLReporter.summariseTeams && shown < teams)
        let teamRows = Self.count(page, "<tr><td><code>TK-") + Self.count(page, "<tr class=\"gap\"><td><code>TK-")
        #expect(teamRows >= teams)
        // Every finding marked on the whole page is still marked on the summarised one.
        let whole = HTMLReporter().render(report, ReportContext())
        var marked = 0
        for (i, f) in report.agencies[0].findings.enumerated() where whole.contains("href=\"#f1-\(i)\"") {
            marked += 1
            #expect(page.contains("href=\"#f1-\(i)\""), "finding \(i) \(f.rule) has no mark")
        }
        #expect(marked >= 5)
        #expect(page.utf8.count < whole.utf8.count / 2)
    }
}

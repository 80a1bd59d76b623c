import Foundation
import Testing

@testable import LintasCore

/// Issue 25 §2: the HTML report asks the index what the rules ask (``MatrixCoverage``), so the team
/// rows it draws as gaps are the members the M011/M012 findings name, and no others.
@Suite("HTML: pictures agree with the findings")
struct HTMLAgreementTests {
    @Test("a second team with a taken code: its member is no gap (M011 judges the first team only)")
    func duplicateTeamCode() throws {
        // examples/rules/M011/fail.yaml and, after its team TK-01, a second team under the same code
        // listing the same member: the results' `tim: TK-01` name the first team, so M011 reports
        // the member there only. The picture keyed by code and NIP drew the second team's row as a
        // gap as well.
        let example = try String(contentsOfFile: TestSupport.path("examples/rules/M011/fail.yaml"), encoding: .utf8)
        let second = """
              - kode: TK-01
                nama: Tim Kedua Dengan Kode Yang Sama
                unit: DISKOMINFO
                ketua: "198104222006042002"
                anggota:
                  - "199002142014031005"

            matriks_peran_hasil:
            """
        let yaml = example.replacingOccurrences(of: "matriks_peran_hasil:", with: second)
        #expect(yaml != example)
        let s = Scratch()
        _ = s.write("a.yaml", yaml)
        let report = try s.lint()
        let findings = report.agencies[0].findings
        let m011 = findings.filter { $0.rule == "M011" }
        #expect(m011.count == 1)
        #expect(findings.contains { $0.rule == "R001" })
        let page = HTMLReporter().render(report, ReportContext())
        #expect(page.contains("Tim Kedua Dengan Kode Yang Sama"))
        let gapRows = page.components(separatedBy: "<tr class=\"gap\">").count - 1
        #expect(gapRows == m011.count, "one amber row per M011 member, none in the team with the taken code")
    }
}

import Foundation
import Testing

@testable import LintasCore

/// The batch comparison: figures computed with the rules' own notions, their text, sorting, and the
/// csv writer's quoting and formula-injection guard.
@Suite("batch comparison")
struct ComparisonTests {
    @Test("the canned agency's figures, worked out by hand")
    func cannedFigures() throws {
        let f = try #require(CannedReport.jabar.figures)
        #expect(f.errors == 1 && f.warnings == 1 && f.infos == 0)  // waived, baselined, suppressed not counted
        #expect(f.pasal25 == .late(days: 74))  // ditetapkan 2023-05-01, deadline 2023-02-16
        #expect(f.eligibleKetua == .init(0, of: 1))  // TK-01's ketua is an administrator (K001)
        #expect(f.cascadedIndicators == .init(1, of: 2))  // IKU-1 served, IKU-2 not (M004); IKU-9 is no PK's
        #expect(f.employeesWithRole == .init(2, of: 2))  // head and the external member not counted (M012)
        #expect(f.scopeMismatch == .init(0, of: 1) && f.scopeMismatchTeams.isEmpty)
        #expect(CannedReport.pusat.comparisonFigures.pasal25 == .notAssessed)
        #expect(CannedReport.pusat.comparisonFigures.errors == 2)
        #expect(!f.isIncomplete)
        // pusat's broken file (Y001) makes its model figures incomplete, and the cells say so.
        let pusat = CannedReport.pusat.comparisonFigures
        #expect(pusat.unreadFiles == ["agencies/pusat/rusak dan spasi.yaml"])
        #expect(ComparisonColumn.pasal25.text("p", pusat, .id) == "tidak dinilai (tidak lengkap)")
        #expect(ComparisonColumn.ketua.text("p", pusat, .en) == "— (incomplete)")
        #expect(ComparisonColumn.errors.text("p", pusat, .en) == "2")
        #expect(ComparisonColumn.incompleteFiles.text("p", pusat, .en) == "1")
    }

    @Test("Y001, Y003, Y004, Y005 make the figures incomplete whatever their status; other rules do not")
    func incompleteRules() {
        func fig(_ code: String, _ status: FindingStatus = .open) -> AgencyFigures {
            AgencyFigures(findings: [
                CannedReport.finding(
                    code, .error, ("x", "x"), CannedReport.loc("a/b.yaml", 1, 1), path: "", entity: "", status: status)
            ])
        }
        for code in ["Y001", "Y003", "Y004", "Y005"] {
            #expect(fig(code).unreadFiles == ["a/b.yaml"], "\(code)")
            #expect(fig(code, .baselined).isIncomplete, "\(code)")
        }
        for code in ["Y002", "Y006", "S007", "R002"] { #expect(!fig(code).isIncomplete, "\(code)") }
        let two = AgencyFigures(
            findings: ["Y001", "Y004"].map {
                CannedReport.finding($0, .error, ("x", "x"), CannedReport.loc("a/b.yaml", 1, 1), path: "", entity: "")
            })
        #expect(two.unreadFiles == ["a/b.yaml"])
    }

    @Test("figures follow the rules' parameters and notions")
    func figuresFollowRules() throws {
        var agency = CannedReport.jabarAgency
        // K001 accepting administrators makes the ketua eligible.
        var rules = CannedReport.rules
        rules["K001"]?.params["jenis_jabatan_ketua"] = .list([.string("administrator")])
        let withAdmin = ActiveRules(
            packs: [], rules: rules, configuredSeverity: [], packParams: CannedReport.activeRules.packParams)
        #expect(AgencyFigures.compute(agency, rules: withAdmin, findings: []).eligibleKetua == .init(1, of: 1))
        // Without the deadline parameter (national pack off) Pasal 25 is not assessed.
        let noPack = ActiveRules(packs: [], rules: CannedReport.rules, configuredSeverity: [], packParams: [:])
        #expect(AgencyFigures.compute(agency, rules: noPack, findings: []).pasal25 == .notAssessed)
        // A narrower declared scope is T004's mismatch; no instrument is "no regulation".
        agency.teams[0].lingkup = CannedReport.located(.internalBidang)
        agency.instansi[0].sistemKerja = nil
        let f = AgencyFigures.compute(agency, rules: CannedReport.activeRules, findings: [])
        #expect(f.scopeMismatch == .init(1, of: 1) && f.scopeMismatchTeams == ["TK-01"])
        #expect(f.pasal25 == .noRegulation)
        // An instrument dated on the deadline is on time.
        agency.instansi[0].sistemKerja = SistemKerja(
            peraturan: nil, ditetapkan: CannedReport.located(CivilDate(year: 2023, month: 2, day: 16)!),
            diundangkan: nil, berlaku: nil, keyLocation: CannedReport.loc("x", 1, 1))
        #expect(AgencyFigures.compute(agency, rules: CannedReport.activeRules, findings: []).pasal25 == .onTime)
    }

    @Test("shares read n/m (p%), or — of nothing")
    func shares() {
        #expect(AgencyFigures.Share(0, of: 0).text == "—")
        #expect(AgencyFigures.Share(1, of: 3).text == "1/3 (33%)")
        #expect(AgencyFigures.Share(199, of: 200).text == "199/200 (99%)")
        #expect(AgencyFigures.Share(1, of: 1000).text == "1/1000 (1%)")
        #expect(AgencyFigures.Share(4, of: 4).text == "4/4 (100%)")
    }

    static func row(_ name: String, errors: Int, ketua: (Int, Int)) -> ComparisonRow {
        var f = AgencyFigures()
        f.errors = errors
        f.eligibleKetua = .init(ketua.0, of: ketua.1)
        return ComparisonRow(number: 0, name: name, figures: f)
    }

    @Test("sorting: ascending, -descending, no value last, ties by name order")
    func sorting() throws {
        let rows = [
            Self.row("a", errors: 2, ketua: (1, 2)), Self.row("b", errors: 0, ketua: (0, 0)),
            Self.row("c", errors: 5, ketua: (2, 2)), Self.row("d", errors: 2, ketua: (0, 3)),
        ]
        func names(_ spec: String) throws -> String {
            try #require(ComparisonSort(spec)).ordered(rows).map(\.name).joined()
        }
        #expect(try names("errors") == "badc")
        #expect(try names("-errors") == "cadb")
        #expect(try names("ketua") == "dacb")
        #expect(try names("-ketua") == "cadb")
        #expect(try names("-AGENCY") == "dcba")
        #expect(ComparisonSort("erors") == nil)
        #expect(ComparisonSort.suggestion(for: "-erors") == "errors")
        #expect(ComparisonSort("pasal25-late-days")?.column == .pasal25LateDays)
    }

    @Test("csv: RFC 4180 quoting and no formula from a cell")
    func csvFields() {
        #expect(CSVReporter.field("plain") == "plain")
        #expect(CSVReporter.field("a,b") == "\"a,b\"")
        #expect(CSVReporter.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVReporter.field("two\r\nlines") == "\"two\r\nlines\"")
        #expect(CSVReporter.field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        for lead in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSVReporter.field(lead).hasPrefix("'") || CSVReporter.field(lead).hasPrefix("\"'"))
        }
        var hostile = CannedReport.report
        hostile.agencies[1].name = "=cmd|' /C calc'!A0"
        let csv = CSVReporter().render(hostile, ReportContext())
        #expect(csv.contains("\r\n'=cmd|' /C calc'!A0,"))
        #expect(csv.components(separatedBy: "\r\n").count == 4)  // header, two agencies, final line end
    }

    @Test("text shows the comparison table for a batch, in --sort order")
    func textTable() {
        let text = TextReporter().render(
            CannedReport.report, ReportContext(language: .en, sort: ComparisonSort("-errors")))
        let lines = text.split(separator: "\n").map(String.init)
        let at = lines.firstIndex(of: "Agency comparison:") ?? -1
        #expect(at >= 0)
        #expect(lines[at + 1].contains("Pasal 25") && lines[at + 1].contains("Eligible ketua"))
        #expect(
            lines[at + 2].hasPrefix("  agencies/pusat") && lines[at + 2].contains("not assessed")
                && lines[at + 2].contains("—"))
        #expect(
            lines[at + 3].hasPrefix("  agencies/jabar") && lines[at + 3].contains("late by 74 days")
                && lines[at + 3].contains("1/2 (50%)"))
    }

    @Test("html: every cascade mark names its rule and links to an existing finding anchor; legend present")
    func htmlMarks() throws {
        let page = HTMLReporter().render(CannedReport.report, ReportContext(language: .en))
        #expect(!page.contains("title=\"!\""))
        #expect(page.contains("class=\"legend\""))
        // The M011 member is a gap in the picture and marked in the team make-up, both linking to the finding.
        let m011 = try #require(CannedReport.jabar.findings.firstIndex { $0.rule == "M011" })
        let anchor = "f1-\(m011)"
        #expect(page.contains("<tr id=\"\(anchor)\""))
        #expect(page.contains("<a href=\"#\(anchor)\"><title>M011: "))  // the SVG mark
        #expect(page.contains("href=\"#\(anchor)\" title=\"M011: "))  // the team make-up mark
        #expect(page.contains("— no level-2 result"))
        // Every link to a finding has its target.
        var rest = Substring(page)
        var targets = 0
        while let r = rest.range(of: "href=\"#f") {
            rest = rest[r.upperBound...]
            let id = "f" + rest.prefix { $0 != "\"" }
            #expect(page.contains("id=\"\(id)\""), "dangling link #\(id)")
            targets += 1
        }
        #expect(targets >= 4)
    }

    @Test("html: the CSP hashes are those of the inline style and script")
    func cspHashes() {
        let page = HTMLReporter().render(CannedReport.report, ReportContext())
        // NIST's test vector, then the page's own blocks.
        #expect(Data(ContentHash.sha256("abc")).base64EncodedString() == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(ContentHash.cspSource("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
        #expect(page.contains("<style>\n" + HTMLReporter.css + "\n</style>"))
        #expect(page.contains(Escape.html(ContentHash.cspSource("\n" + HTMLReporter.css + "\n"))))
        #expect(page.contains(Escape.html(ContentHash.cspSource("\n" + HTMLReporter.script + "\n"))))
    }
}

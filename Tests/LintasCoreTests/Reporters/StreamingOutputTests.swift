import Foundation
import Testing

@testable import LintasCore

/// The cheap-finding machinery (issue 10): streamed outputs write what the whole-string renderers
/// wrote, messages worded on demand read as the eager wording did, and the index sort orders as
/// the stable sort did.
@Suite("streaming output and lazy wording")
struct StreamingOutputTests {
    /// Every control character, quotes, backslash, slash, U+2028/9, C1 and non-ASCII text.
    static let hostile: String = {
        var s = ""
        for v in 0..<0x20 { s.unicodeScalars.append(Unicode.Scalar(v)!) }
        return s + "\"\\/ <b>&'\u{7F}\u{85}\u{A0}\u{2028}\u{2029}é😀 e\u{301}"
    }()

    static func hostileReport() -> LintReport {
        let f = "agencies/\(hostile).yaml"
        let loc = CannedReport.loc(f, 3, 2, 3, 9)
        var findings = [
            CannedReport.finding(
                "R002", .error, (hostile, "en " + hostile), loc, path: "p." + hostile, entity: hostile,
                notes: [FindingNote(message: LocalizedText(id: hostile, en: ""), location: loc)]),
            CannedReport.finding(
                "T001", .warning, ("a", "b"), loc, path: "", entity: "", status: .suppressed(reason: hostile)),
            CannedReport.finding(
                "T001", .info, ("c", "d"), loc, path: "", entity: "x",
                status: .waived(justification: hostile, expires: nil)),
            // A workbook cell (JSON adds sheet, row and cell).
            CannedReport.finding(
                "R002", .error, ("sel", "cell"),
                SourceLocation(file: "x.xlsx", cell: CellReference(sheet: hostile, row: 12, column: 2)),
                path: "pegawai[0]", entity: "e",
                notes: [
                    FindingNote(
                        message: LocalizedText("n"),
                        location: SourceLocation(file: "x.xlsx", cell: CellReference(sheet: "tim", row: 3, column: 28)))
                ]),
        ]
        Finding.sortOrdered(&findings)
        let a = AgencyResult(
            name: hostile, files: [f], packs: [], asOf: TestSupport.today, configFile: hostile,
            findings: findings, sources: [:])
        let empty = AgencyResult(
            name: "kosong", files: [], packs: ["dasar"], asOf: CivilDate(year: 2025, month: 1, day: 1)!,
            configFile: nil, findings: [], sources: [:])
        return LintReport(agencies: [a, empty], rules: CannedReport.rules)
    }

    static func encoded(_ report: LintReport, _ lang: Language) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try enc.encode(JSONDocumentModel.document(report, ReportContext(language: lang)))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    @Test("the streamed JSON is byte for byte what JSONEncoder wrote", arguments: Language.allCases)
    func jsonMatchesEncoder(_ lang: Language) throws {
        for report in [
            CannedReport.report, Self.hostileReport(), LintReport(agencies: [], rules: [:]), Self.reviewedReport(),
        ] {
            let streamed = JSONReporter().render(report, ReportContext(language: lang))
            let expected = try Self.encoded(report, lang)
            #expect(streamed == expected)
            #expect(try JSONSerialization.jsonObject(with: Data(streamed.utf8)) is [String: Any])
        }
    }

    /// The canned report with a skipped file and `--compare-to`'s progress (keys added in issue 26).
    static func reviewedReport() -> LintReport {
        var r = CannedReport.report
        r.skipped = [SkippedPath(path: "ci/\"x\".yml", reason: .notAgencyData, keys: ["on", "jobs"])]
        var since = SinceReview(file: "earlier.json")
        var a = SinceReview.AgencySince()
        a.earlier = "old/" + r.agencies[0].name
        a.resolved = [
            .init(
                rule: "K001", severity: "error", message: Self.hostile, file: "f.yaml", line: 3, column: 4,
                entity: "TK-1")
        ]
        a.new = [0]
        a.stillOpen = 2
        since.agencies[r.agencies[0].name] = a
        since.agencies[r.agencies[1].name] = SinceReview.AgencySince()
        since.notChecked = ["gone"]
        r.since = since
        return r
    }

    @Test("a written JSON string is the oracle's quoting")
    func quoteMatches() {
        for s in [Self.hostile, "", "plain", "\u{2028}", "a\u{E2}", String(repeating: "x\n", count: 50_000)] {
            #expect(JSONValue.string(s).rendered() == Self.quote(s))
        }
    }

    /// A JSON string literal as the plain layout spells it, scalar by scalar (`\n`, `\r`, `\t`,
    /// other controls and U+2028/9 as `\uXXXX`).
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029 {
                    out += "\\u" + Hex.digits(UInt64(u.value), width: 4)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    @Test("a message worded on demand reads as the eager wording")
    func lazyWording() {
        let templates = [
            LocalizedText(id: "NIP {nip} di {unit} ({what})", en: "NIP {nip} in {unit} ({what})"),
            LocalizedText(id: "tanpa tempat", en: ""),
            LocalizedText(id: "{a}{b}{a}", en: "{b}"),
            LocalizedText(id: "terbuka {a", en: "}{ {} {a} {x} }"),
            LocalizedText(id: "{nip} {\(Self.hostile)}", en: "{}"),
            LocalizedText(id: "", en: ""),
        ]
        let argSets: [[String: String]] = [
            [:], ["nip": "1", "unit": "U", "what": "x", "what_id": "y"], ["a": "{b}", "b": "{a}", "": "kosong"],
            ["a_en": "A", "a": "a", Self.hostile: Self.hostile],
        ]
        for t in templates {
            for args in argSets {
                let eager = Wording.render(t, args)
                let lazy = LocalizedText(template: MessageTemplate(t), args: args)
                #expect(lazy.id == eager.id)
                #expect(lazy.en == eager.en)
                for lang in Language.allCases { #expect(lazy[lang] == eager[lang]) }
                // Equality and hashing are by what is kept: the worded texts for eager wording, the
                // template and its values for lazy wording (without wording it).
                #expect(LocalizedText(id: lazy.id, en: lazy.en) == eager)
                let again = LocalizedText(template: MessageTemplate(t), args: args)
                #expect(lazy == again && lazy.hashValue == again.hashValue)
                #expect(
                    lazy != LocalizedText(template: MessageTemplate(t), args: args.merging(["z": "z"]) { a, _ in a }))
                var changed = lazy
                changed.en = "baru"
                #expect(changed.id == eager.id && changed.en == "baru")
            }
        }
    }

    @Test("findings are sorted as the stable sort by Finding.ordered sorts them")
    func indexSort() {
        let files = ["b.yaml", "a.yaml"]
        var findings: [Finding] = []
        var rng = SystemRandomNumberGenerator()
        for i in 0..<400 {
            let loc = CannedReport.loc(
                files[i % 2], Int.random(in: 1...4, using: &rng), Int.random(in: 1...2, using: &rng))
            let code = ["R002", "T001"][Int.random(in: 0...1, using: &rng)]
            let msg = ["m1", "m2", "m1"][Int.random(in: 0...2, using: &rng)]
            findings.append(
                CannedReport.finding(code, .error, (msg, "\(i)"), loc, path: "\(i)", entity: ["e", "f"][i % 2]))
        }
        var sorted = findings
        Finding.sortOrdered(&sorted)
        let expected = findings.sorted(by: Finding.ordered)
        #expect(sorted.map(\.path) == expected.map(\.path))
        var again = sorted
        Finding.sortOrdered(&again)
        #expect(again.map(\.path) == expected.map(\.path))
    }

    @Test("--max-per-rule shows N findings of a rule per agency, then one line with the rest")
    func maxPerRule() {
        let f = "a.yaml"
        var findings = (1...5).map { i in
            CannedReport.finding(
                "R002", .error, ("pesan \(i)", "message \(i)"), CannedReport.loc(f, i, 1), path: "", entity: "\(i)")
        }
        findings.append(
            CannedReport.finding("T001", .error, ("tim", "team"), CannedReport.loc(f, 9, 1), path: "", entity: "t"))
        findings.append(
            CannedReport.finding(
                "T001", .error, ("tim", "team"), CannedReport.loc(f, 10, 1), path: "", entity: "u",
                status: .suppressed(reason: "r")))
        let report = LintReport(
            agencies: [
                AgencyResult(
                    name: "a", files: [f], packs: [], asOf: TestSupport.today, configFile: nil,
                    findings: findings, sources: [:])
            ], rules: CannedReport.rules)
        let text = TextReporter().render(report, ReportContext(language: .id, quiet: true, maxPerRule: 2))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("[R002]") }.count == 2)
        #expect(lines.filter { $0.contains("[T001]") }.count == 1)
        #expect(lines.contains("+ 3 lagi R002"))
        #expect(!lines.contains { $0.hasPrefix("+") && $0.contains("T001") })
        let en = TextReporter().render(report, ReportContext(language: .en, maxPerRule: 0))
        #expect(en.contains("+ 5 more R002\n+ 1 more T001\n"))
        #expect(en.contains("Summary: 6 errors"), "the summary still counts every finding")
        let all = TextReporter().render(report, ReportContext(language: .id, quiet: true))
        #expect(all.split(separator: "\n").filter { $0.contains("[R002]") }.count == 5)
        // JSON and SARIF keep every finding whatever the option says.
        let json = JSONReporter().render(report, ReportContext(maxPerRule: 1))
        #expect(json.components(separatedBy: "\"rule\" : \"R002\"").count == 6)
        #expect(TextReporter.grouped(49_990, .id) == "49.990")
        #expect(TextReporter.grouped(1_234_567, .en) == "1,234,567")
        #expect(TextReporter.grouped(999, .en) == "999")
        #expect(TextReporter.grouped(0, .id) == "0")
    }

    @Test("an atomic output file appears whole on finish, and a failed one is an error")
    func atomicFile() throws {
        let dir = NSTemporaryDirectory() + "lintas-output-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/report.json"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        let out = try ReportOutput(atomicallyWriting: path)
        let big = String(repeating: "0123456789abcdef", count: 10_000)  // several 64 KiB blocks
        out.write(big)
        #expect(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) == "old")
        try out.finish()
        #expect(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) == big)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["report.json"], "no temporary file left")
        #expect(throws: LintasError.self) { try ReportOutput(atomicallyWriting: dir + "/missing/report.json") }
        // A directory at the path is refused when the output is opened (before any check runs).
        try FileManager.default.createDirectory(atPath: dir + "/taken", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir + "/taken/x", withIntermediateDirectories: false)
        #expect(throws: LintasError.self) { try ReportOutput(atomicallyWriting: dir + "/taken") }
        // One that appears while the report is written: the rename fails, the temporary is removed.
        let blocked = try ReportOutput(atomicallyWriting: dir + "/late")
        try FileManager.default.createDirectory(atPath: dir + "/late", withIntermediateDirectories: false)
        try FileManager.default.createDirectory(atPath: dir + "/late/x", withIntermediateDirectories: false)
        blocked.write("x")
        #expect(throws: LintasError.self) { try blocked.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["late", "report.json", "taken"])
    }
}

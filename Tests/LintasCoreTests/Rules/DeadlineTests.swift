import Foundation
import Testing

@testable import LintasCore

/// D001-D003: the Pasal 25 deadline (promulgation of PermenPAN-RB 7/2022 plus one year).
@Suite("Pasal 25 deadline")
struct DeadlineTests {
    static func date(_ s: String) -> CivilDate { CivilDate(iso: s)! }

    /// An agency with only `instansi`; `sistemKerja` is the YAML of `sistem_kerja`'s entries.
    static func agency(sistemKerja: [String]? = nil) -> String {
        var text = """
            instansi:
              kode: PEMKAB-UJI
              nama: Pemerintah Kabupaten Uji
              jenis: pemerintah-kabupaten

            """
        if let sk = sistemKerja {
            text += "  sistem_kerja:\n    peraturan: Peraturan Bupati Uji Nomor 1 Tahun 2023\n"
            for line in sk { text += "    \(line)\n" }
        }
        return text
    }

    /// The D findings of linting `text` (as `agency.yaml` in a scratch directory).
    static func findings(_ text: String, config: String? = nil, _ configure: (inout LintOptions) -> Void = { _ in })
        throws -> [Finding]
    {
        let s = Scratch()
        s.write("agency.yaml", text)
        if let config { s.write(".lintas.yml", config) }
        return try s.lint(nil, configure).agencies.flatMap(\.findings).filter { $0.rule.hasPrefix("D") }
    }

    @Test("the deadline is the same calendar day a year later; 29 February becomes 28 February")
    func arithmetic() {
        #expect(Pasal25Deadline.deadline(Self.date("2022-02-16")) == Self.date("2023-02-16"))
        #expect(Pasal25Deadline.deadline(Self.date("2022-01-15")) == Self.date("2023-01-15"))
        #expect(Pasal25Deadline.deadline(Self.date("2024-02-29")) == Self.date("2025-02-28"))
        #expect(Pasal25Deadline.deadline(Self.date("2023-02-28")) == Self.date("2024-02-28"))
        #expect(Pasal25Deadline.deadline(Self.date("2023-12-31")) == Self.date("2024-12-31"))
    }

    @Test("a missing or malformed promulgation date gives no deadline")
    func badParam() {
        #expect(Pasal25Deadline(nil) == nil)
        #expect(Pasal25Deadline(PackParam(value: .string("2022-02-xx"), source: "x", verified: false)) == nil)
        #expect(Pasal25Deadline(PackParam(value: .int(2022), source: "x", verified: false)) == nil)
        #expect(Pasal25Deadline(PackParam(value: .null, source: nil, verified: nil)) == nil)
        let ok = Pasal25Deadline(PackParam(value: .string("2022-02-16"), source: "s", verified: false))
        #expect(ok?.deadline == Self.date("2023-02-16"))
        #expect(ok?.unverified == true)
        #expect(
            Pasal25Deadline(PackParam(value: .string("2022-02-16"), source: "s", verified: true))?.unverified == false)
    }

    @Test("D001 before, on and after the deadline (the pack's date 2022-02-16: deadline 2023-02-16)")
    func missingSystem() throws {
        let before = try Self.findings(Self.agency()) { $0.asOf = Self.date("2023-01-17") }
        #expect(before.map(\.rule) == ["D001"])
        #expect(before.first?.severity == .warning)
        #expect(before.first?.message.en.contains("2023-02-16, 30 days from now") == true)
        #expect(before.first?.location.line == 1)

        let onTheDay = try Self.findings(Self.agency()) { $0.asOf = Self.date("2023-02-16") }
        #expect(onTheDay.first?.severity == .warning, "the deadline day itself is not late")
        #expect(onTheDay.first?.message.en.contains("0 days from now") == true)

        let after = try Self.findings(Self.agency()) { $0.asOf = Self.date("2023-02-17") }
        #expect(after.map(\.rule) == ["D001"])
        #expect(after.first?.severity == .error)
        #expect(after.first?.message.en.contains("(2023-02-16) passed 1 days ago") == true)
        #expect(after.first?.message.id.contains("sudah lewat 1 hari") == true)
    }

    @Test("D002 and D003 compare ditetapkan and berlaku with the deadline, which is not late itself")
    func lateSystem() throws {
        let onTime = try Self.findings(Self.agency(sistemKerja: ["ditetapkan: 2023-02-16", "berlaku: 2023-02-16"]))
        #expect(onTime.isEmpty)

        // Set between the true deadline and the old assumed one (2023-03-31): late now.
        let late = try Self.findings(Self.agency(sistemKerja: ["ditetapkan: 2023-02-17", "berlaku: 2024-01-01"]))
        #expect(late.map(\.rule) == ["D002", "D003"])
        #expect(late.first?.severity == .error)
        #expect(late.first?.message.en.contains("enacted on 2023-02-17, 1 days after") == true)
        #expect(late.first?.location.line == 7)
        #expect(late.last?.severity == .warning)
        #expect(late.last?.message.en.contains("2024-01-01, 319 days after") == true)

        // Enacted in time, effective later: D003 only.
        let effective = try Self.findings(Self.agency(sistemKerja: ["ditetapkan: 2022-06-01", "berlaku: 2023-06-01"]))
        #expect(effective.map(\.rule) == ["D003"])
    }

    @Test(
        "the message is one sentence with the figures; the date's source is in a note, verified, with no repository path"
    )
    func sourceInNote() throws {
        let f = try #require(try Self.findings(Self.agency()).first)
        #expect(
            !f.message.en.contains("source") && !f.message.en.contains("--param") && !f.message.en.contains("docs/"))
        #expect(!f.message.id.contains("sumber") && !f.message.id.contains("--param"))
        let note = try #require(f.notes.first?.message)
        #expect(
            note.en.contains(
                "promulgation of PermenPAN-RB 7/2022 (2022-02-16) plus one year; source: official database record of peraturan.go.id"
            ))
        #expect(note.en.contains("Berita Negara 2022 No. 181"))
        #expect(note.id.contains("Berita Negara RI Tahun 2022 Nomor 181"))
        #expect(!note.en.contains("not verified") && !note.id.contains("belum terverifikasi"))
        #expect(!f.message.en.contains("{") && !f.message.id.contains("{") && !note.en.contains("{"))
    }

    @Test("a pack that marks its date unverified says so in the note, not in the message")
    func unverifiedNote() throws {
        let text = try #require(EmbeddedResources.packs["permenpanrb-7-2022.yaml"])
        #expect(text.contains("    verified: true\n"))
        let pack = try RuleCatalog.parsePack(
            Array(text.replacingOccurrences(of: "    verified: true\n", with: "    verified: false\n").utf8),
            file: "p.yaml")
        let catalog = RuleCatalog(packs: try TestSupport.catalog().packs.map { $0.id == pack.id ? pack : $0 })
        let s = Scratch()
        s.write("agency.yaml", Self.agency())
        let report = try Linter(catalog: catalog, options: LintOptions(today: TestSupport.today)).run(paths: [s.dir])
        let f = try #require(report.agencies.flatMap(\.findings).first { $0.rule == "D001" })
        #expect(f.notes.first?.message.en.hasSuffix("; this date is not verified against a primary copy") == true)
        #expect(f.notes.first?.message.id.hasSuffix("; tanggal ini belum terverifikasi dari salinan primer") == true)
        #expect(!f.message.en.contains("verified"))
    }

    @Test("--param overrides the promulgation date")
    func paramOverride() throws {
        let text = Self.agency(sistemKerja: ["ditetapkan: 2023-02-01"])
        #expect(try Self.findings(text).isEmpty)
        let f = try Self.findings(text) { $0.params["permenpanrb-7-2022.diundangkan"] = "2022-01-15" }
        #expect(f.map(\.rule) == ["D002"])
        let m = try #require(f.first?.message.en)
        #expect(m.contains("deadline of PermenPAN-RB 7/2022 (2023-01-15)"))
        #expect(m.contains("17 days after"))
        let note = try #require(f.first?.notes.first?.message.en)
        #expect(note.contains("(2022-01-15) plus one year; source: --param permenpanrb-7-2022.diundangkan"))
        #expect(!note.contains("not verified"))
    }

    @Test("the config's params override the promulgation date; --param wins over the config")
    func configOverride() throws {
        let config = "version: 1\nas_of: 2023-02-01\nparams:\n  permenpanrb-7-2022.diundangkan: 2022-01-15\n"
        let f = try Self.findings(Self.agency(), config: config)
        #expect(f.map(\.rule) == ["D001"])
        #expect(f.first?.severity == .error)
        let m = try #require(f.first?.message.en)
        #expect(m.contains("(2023-01-15) passed 17 days ago"))
        #expect(f.first?.notes.first?.message.en.contains("(2022-01-15) plus one year; source: config ") == true)

        let both = try Self.findings(Self.agency(), config: config) {
            $0.params["permenpanrb-7-2022.diundangkan"] = "2022-02-15"
        }
        #expect(both.first?.severity == .warning)
        #expect(both.first?.message.en.contains("2023-02-15, 14 days from now") == true)
    }
}

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
    static func findings(_ text: String, config: String? = nil, _ configure: (inout LintOptions) -> Void = { _ in }) throws -> [Finding] {
        let s = Scratch()
        s.write("agency.yaml", text)
        if let config { s.write(".lintas.yml", config) }
        return try s.lint(nil, configure).agencies.flatMap(\.findings).filter { $0.rule.hasPrefix("D") }
    }

    @Test("the deadline is the same calendar day a year later; 29 February becomes 28 February")
    func arithmetic() {
        #expect(Pasal25Deadline.deadline(Self.date("2022-03-31")) == Self.date("2023-03-31"))
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
        let ok = Pasal25Deadline(PackParam(value: .string("2022-03-31"), source: "s", verified: false))
        #expect(ok?.deadline == Self.date("2023-03-31"))
        #expect(ok?.unverified == true)
        #expect(Pasal25Deadline(PackParam(value: .string("2022-03-31"), source: "s", verified: true))?.unverified == false)
    }

    @Test("D001 before, on and after the deadline (the pack's default date: deadline 2023-03-31)")
    func missingSystem() throws {
        let before = try Self.findings(Self.agency()) { $0.asOf = Self.date("2023-03-01") }
        #expect(before.map(\.rule) == ["D001"])
        #expect(before.first?.severity == .warning)
        #expect(before.first?.message.en.contains("2023-03-31, 30 days from now") == true)
        #expect(before.first?.location.line == 1)

        let onTheDay = try Self.findings(Self.agency()) { $0.asOf = Self.date("2023-03-31") }
        #expect(onTheDay.first?.severity == .warning, "the deadline day itself is not late")
        #expect(onTheDay.first?.message.en.contains("0 days from now") == true)

        let after = try Self.findings(Self.agency()) { $0.asOf = Self.date("2023-04-01") }
        #expect(after.map(\.rule) == ["D001"])
        #expect(after.first?.severity == .error)
        #expect(after.first?.message.en.contains("(2023-03-31) passed 1 days ago") == true)
        #expect(after.first?.message.id.contains("sudah lewat 1 hari") == true)
    }

    @Test("D002 and D003 compare ditetapkan and berlaku with the deadline, which is not late itself")
    func lateSystem() throws {
        let onTime = try Self.findings(Self.agency(sistemKerja: ["ditetapkan: 2023-03-31", "berlaku: 2023-03-31"]))
        #expect(onTime.isEmpty)

        let late = try Self.findings(Self.agency(sistemKerja: ["ditetapkan: 2023-04-01", "berlaku: 2024-01-01"]))
        #expect(late.map(\.rule) == ["D002", "D003"])
        #expect(late.first?.severity == .error)
        #expect(late.first?.message.en.contains("enacted on 2023-04-01, 1 days after") == true)
        #expect(late.first?.location.line == 7)
        #expect(late.last?.severity == .warning)
        #expect(late.last?.message.en.contains("2024-01-01, 276 days after") == true)

        // Enacted in time, effective later: D003 only.
        let effective = try Self.findings(Self.agency(sistemKerja: ["ditetapkan: 2022-06-01", "berlaku: 2023-06-01"]))
        #expect(effective.map(\.rule) == ["D003"])
    }

    @Test("the default date is said to be unverified, with its source and how to override it")
    func unverifiedSaid() throws {
        let f = try #require(try Self.findings(Self.agency()).first)
        #expect(f.message.en.contains("promulgation date 2022-03-31"))
        #expect(f.message.en.contains("; this date is not verified against a primary copy)"))
        #expect(f.message.id.contains("; tanggal ini belum terverifikasi dari salinan primer)"))
        #expect(f.message.en.contains("docs/research/permenpanrb-7-2022-dates.md"))
        #expect(f.message.en.contains("--param permenpanrb-7-2022.diundangkan=YYYY-MM-DD"))
        #expect(f.message.en.contains("`permenpanrb-7-2022.diundangkan: YYYY-MM-DD` under `params` in .lintas.yml"))
        #expect(!f.message.en.contains("{") && !f.message.id.contains("{"))
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
        #expect(m.contains("promulgation date 2022-01-15 (source: --param permenpanrb-7-2022.diundangkan)"))
        #expect(!m.contains("not verified"))
    }

    @Test("the config's params override the promulgation date; --param wins over the config")
    func configOverride() throws {
        let config = "version: 1\nas_of: 2023-02-01\nparams:\n  permenpanrb-7-2022.diundangkan: 2022-01-15\n"
        let f = try Self.findings(Self.agency(), config: config)
        #expect(f.map(\.rule) == ["D001"])
        #expect(f.first?.severity == .error)
        let m = try #require(f.first?.message.en)
        #expect(m.contains("(2023-01-15) passed 17 days ago"))
        #expect(m.contains("promulgation date 2022-01-15 (source: config "))
        #expect(!m.contains("not verified"))

        let both = try Self.findings(Self.agency(), config: config) { $0.params["permenpanrb-7-2022.diundangkan"] = "2022-02-15" }
        #expect(both.first?.severity == .warning)
        #expect(both.first?.message.en.contains("2023-02-15, 14 days from now") == true)
    }
}

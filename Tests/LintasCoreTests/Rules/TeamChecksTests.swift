import Testing

@testable import LintasCore

/// The scope logic of T004 on small in-memory agencies.
@Suite("Team scope (T004)")
struct TeamChecksTests {
    static let here = SourceLocation(file: "mem.yaml", range: SourceRange(at: .start))
    static func at<T>(_ v: T) -> Located<T> { Located(v, at: here) }

    /// DINAS (jpt-pratama) with BIDANG-A (and SEKSI-A1 below it) and BIDANG-B; BADAN (jpt-pratama) with BIDANG-C.
    static func agency(
        people: [(nip: String, unit: String?, instansi: String?)], team: [String], ketua: String?,
        lingkup: Lingkup, teamUnit: String = "DINAS"
    ) -> Agency {
        var a = Agency(name: "mem", files: ["mem.yaml"])
        a.instansi = [
            Instansi(
                kode: at("PEMDA"), nama: at("Pemda"), jenis: at(.pemerintahProvinsi), sistemKerja: nil,
                keyLocation: here, location: here)
        ]
        func unit(_ kode: String, _ tingkat: UnitLevel, _ induk: String?) -> Unit {
            Unit(
                kode: at(kode), nama: at(kode), tingkat: at(tingkat), induk: induk.map { at($0) }, pimpinan: nil,
                mandiri: nil, location: here, path: "unit_organisasi[kode=\(kode)]")
        }
        a.units = [
            unit("DINAS", .jptPratama, nil), unit("BIDANG-A", .administrator, "DINAS"),
            unit("SEKSI-A1", .pengawas, "BIDANG-A"), unit("BIDANG-B", .administrator, "DINAS"),
            unit("BADAN", .jptPratama, nil), unit("BIDANG-C", .administrator, "BADAN"),
        ]
        a.employees = people.map { p in
            Employee(
                nip: at(p.nip), nama: at(p.nip), jabatan: at("Analis"), jenisJabatan: at(.fungsional),
                jenjang: at(.ahliMuda), unit: p.unit.map { at($0) }, instansi: p.instansi.map { at($0) },
                isExternal: p.instansi != nil, location: here, path: "pegawai[nip=\(p.nip)]")
        }
        a.teams = [
            Team(
                kode: at("TK"), nama: at("Tim"), unit: at(teamUnit), lingkup: at(lingkup), jenisPekerjaan: nil,
                penetapan: nil, periode: nil, ketua: ketua.map { at($0) }, anggota: team.map { at($0) },
                location: here, path: "tim_kerja[kode=TK]")
        ]
        return a
    }

    static func reading(_ a: Agency) -> TeamScopeCheck.Reading? {
        TeamScopeCheck.read(team: TeamID(0), AgencyIndex(a))
    }

    static func findings(_ a: Agency) throws -> [Diagnostic] {
        let catalog = try TestSupport.catalog()
        let packs = ["dasar", "permenpanrb-7-2022"]
        let rules = ActiveRules(
            packs: packs, rules: catalog.rules(enabling: packs), configuredSeverity: [], packParams: [:])
        let c = CheckContext(agency: a, index: AgencyIndex(a), rules: rules, asOf: TestSupport.today)
        TeamScopeCheck().check(c)
        return c.diagnostics
    }

    @Test("everyone in one bidang (a seksi below it included) is internal-bidang")
    func internalBidang() {
        let a = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "SEKSI-A1", nil)], team: ["2"], ketua: "1",
            lingkup: .internalBidang)
        #expect(Self.reading(a) == .init(actual: .internalBidang, units: ["BIDANG-A"], agencies: [], complete: true))
    }

    @Test("two bidang of the team's unit are lintas-bidang; the JPT Pratama unit itself is a sub-unit of its own")
    func lintasBidang() {
        let a = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-B", nil), ("3", "DINAS", nil)],
            team: ["2", "3"], ketua: "1", lingkup: .lintasBidang)
        #expect(Self.reading(a)?.actual == .lintasBidang)
        #expect(Self.reading(a)?.units == ["BIDANG-A", "BIDANG-B", "DINAS"])
        let b = Self.agency(
            people: [("1", "DINAS", nil), ("2", "DINAS", nil)], team: ["2"], ketua: "1", lingkup: .internalBidang)
        #expect(Self.reading(b)?.actual == .internalBidang)
    }

    @Test("people from two JPT Pratama units are lintas-perangkat-daerah")
    func lintasPerangkatDaerah() {
        let a = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-C", nil)], team: ["2"], ketua: "1",
            lingkup: .lintasPerangkatDaerah)
        #expect(
            Self.reading(a)
                == .init(actual: .lintasPerangkatDaerah, units: ["DINAS", "BADAN"], agencies: [], complete: true))
        // Everyone in another JPT Pratama unit than the team's: the team still crosses units.
        let b = Self.agency(
            people: [("1", "BIDANG-C", nil), ("2", "BADAN", nil)], team: ["2"], ketua: "1",
            lingkup: .lintasPerangkatDaerah)
        #expect(Self.reading(b)?.actual == .lintasPerangkatDaerah)
    }

    @Test("one external member makes the team lintas-instansi")
    func lintasInstansi() {
        let a = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "Dinas Kab. X", "PEMKAB-X")], team: ["2"], ketua: "1",
            lingkup: .lintasInstansi)
        #expect(
            Self.reading(a) == .init(actual: .lintasInstansi, units: ["DINAS"], agencies: ["PEMKAB-X"], complete: true))
        // An employee whose instansi is the agency's own code is not external.
        let b = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-A", "PEMDA")], team: ["2"], ketua: "1",
            lingkup: .internalBidang)
        #expect(Self.reading(b)?.actual == .internalBidang)
    }

    @Test("people who cannot be placed are skipped; nobody placed gives no reading")
    func unplaced() {
        let a = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", nil, nil), ("3", "NOWHERE", nil)],
            team: ["2", "3", "404"], ketua: "1", lingkup: .internalBidang)
        #expect(Self.reading(a) == .init(actual: .internalBidang, units: ["BIDANG-A"], agencies: [], complete: false))
        let b = Self.agency(people: [], team: ["404"], ketua: "405", lingkup: .internalBidang)
        #expect(Self.reading(b) == nil)
    }

    @Test("findings: a wrong scope is reported at `lingkup`; duplicates count once")
    func findings() throws {
        let wrong = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-B", nil)], team: ["2", "2"], ketua: "1",
            lingkup: .internalBidang)
        let d = try Self.findings(wrong)
        #expect(d.map(\.code) == ["T004"])
        #expect(d.first?.args["declared"] == "internal-bidang")
        #expect(d.first?.args["actual"] == "lintas-bidang")
        #expect(d.first?.args["units"] == "sub-unit \"BIDANG-A\" dan \"BIDANG-B\"")
        let right = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-B", nil)], team: ["2"], ketua: "1",
            lingkup: .lintasBidang)
        #expect(try Self.findings(right).isEmpty)
    }

    @Test("an unplaced member can widen the scope: a broader declaration is not reported, a narrower one is")
    func incompleteReading() throws {
        // The unknown member may be the external one: no finding.
        let broader = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-A", nil)], team: ["2", "404"], ketua: "1",
            lingkup: .lintasInstansi)
        #expect(try Self.findings(broader).isEmpty)
        // Already two bidang: internal-bidang is wrong whoever the unknown member is.
        let narrower = Self.agency(
            people: [("1", "BIDANG-A", nil), ("2", "BIDANG-B", nil)], team: ["2", "404"], ketua: "1",
            lingkup: .internalBidang)
        #expect(try Self.findings(narrower).map(\.code) == ["T004"])
    }

    @Test(
        "T008: the head of the team's unit or of a unit above it may sign; a bidang head or another unit's head may not"
    )
    func decreeSigner() throws {
        func run(_ signer: String) throws -> [String] {
            var a = Self.agency(
                people: [("S", "SETDA", nil), ("D", "DINAS", nil), ("B", "BIDANG-A", nil), ("X", "BADAN", nil)],
                team: ["B"], ketua: "D", lingkup: .internalBidang)
            a.units.insert(
                Unit(
                    kode: Self.at("SETDA"), nama: Self.at("Setda"), tingkat: Self.at(.jptMadya), induk: nil,
                    pimpinan: Self.at("S"), mandiri: nil, location: Self.here, path: "unit_organisasi[kode=SETDA]"),
                at: 0)
            let heads = ["DINAS": "D", "BIDANG-A": "B", "BADAN": "X"]
            for i in a.units.indices {
                if let k = a.units[i].kode?.value, let h = heads[k] { a.units[i].pimpinan = Self.at(h) }
                if a.units[i].kode?.value == "DINAS" { a.units[i].induk = Self.at("SETDA") }
            }
            a.teams[0].penetapan = Penetapan(
                nomor: Self.at("1"), tanggal: nil, oleh: Self.at(signer), keyLocation: Self.here)
            let catalog = try TestSupport.catalog()
            let packs = ["dasar", "permenpanrb-7-2022"]
            let rules = ActiveRules(
                packs: packs, rules: catalog.rules(enabling: packs), configuredSeverity: [], packParams: [:])
            let c = CheckContext(agency: a, index: AgencyIndex(a), rules: rules, asOf: TestSupport.today)
            DecreeSignerCheck().check(c)
            return c.diagnostics.map { "\($0.code):\($0.args["nip"] ?? "")" }
        }
        #expect(try run("D") == [])
        #expect(try run("S") == [])
        #expect(try run("B") == ["T008:B"])
        #expect(try run("X") == ["T008:X"])
        #expect(try run("unknown") == [])  // R002's
    }
}

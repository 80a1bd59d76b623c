import Foundation
import Testing

@testable import LintasCore

/// The index's resolved ids (team people, result holders and teams, placements, own employees)
/// against the name lookups they replace, on small seeded agencies full of what goes wrong:
/// repeated and unknown NIPs, a ketua among the members, other agencies' employees, unknown units
/// and teams, results four levels deep. The rules and the batch figures read these ids, so each
/// is checked against the string-keyed notion the rule's wording describes (``NameBasedNotions``).
@Suite("Agency index")
struct AgencyIndexTests {
    /// A deterministic generator (no clock, no system randomness).
    struct Seeded {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
    }

    /// An agency in YAML: units (two JPT Pratama units, bidang, a seksi, a cycle), employees (some
    /// NIPs twice, some of another agency, some in unknown units), teams whose people are known,
    /// unknown, repeated or the ketua again, and matrices with results up to four levels deep.
    static func agencyText(seed: UInt64) -> String {
        var g = Seeded(state: seed)
        let units: [(kode: String, tingkat: String, induk: String?)] = [
            ("DINAS", "jpt-pratama", nil), ("BID-A", "administrator", "DINAS"), ("SEK-A1", "pengawas", "BID-A"),
            ("BID-B", "administrator", "DINAS"), ("BADAN", "jpt-pratama", nil), ("BID-C", "administrator", "BADAN"),
            ("LOOP-1", "administrator", "LOOP-2"), ("LOOP-2", "administrator", "LOOP-1"),
        ]
        let nips = (0..<24).map { String(format: "1980010120050110%02d", $0) }
        let unknown = ["199912312020121999", "X-1", "nip baru"]
        func person() -> String {
            g.chance(15) ? unknown[g.next(unknown.count)] : nips[g.next(nips.count)]
        }
        var t = "versi: 1\ninstansi:\n  kode: PEMDA\n  nama: Pemda\n  jenis: pemerintah-provinsi\nunit_organisasi:\n"
        for u in units {
            t += "  - kode: \(u.kode)\n    nama: \(u.kode)\n    tingkat: \(u.tingkat)\n"
            if let i = u.induk { t += "    induk: \(i)\n" }
            if g.chance(70) { t += "    pimpinan: \"\(person())\"\n" }
        }
        t += "pegawai:\n"
        let placements = units.map(\.kode) + ["NOWHERE"]
        var records = nips
        for _ in 0..<4 { records.append(nips[g.next(nips.count)]) }  // repeated NIPs
        for nip in records {
            let jenis = ["fungsional", "pelaksana", "administrator", "pengawas"][g.next(4)]
            t += "  - nip: \"\(nip)\"\n    nama: P\(nip.suffix(2))\n    jabatan: Analis\n    jenis_jabatan: \(jenis)\n"
            if jenis == "fungsional" { t += "    jenjang: \(["ahli-pertama", "ahli-muda", "ahli-madya"][g.next(3)])\n" }
            if g.chance(90) { t += "    unit: \(placements[g.next(placements.count)])\n" }
            if g.chance(10) { t += "    instansi: \(g.chance(50) ? "PEMDA" : "LAIN")\n" }
        }
        t += "perjanjian_kinerja:\n"
        for u in ["DINAS", "BADAN"] {
            t +=
                "  - unit: \(u)\n    tahun: 2024\n    indikator:\n      - {kode: IKU-\(u)-1, uraian: Satu}\n      - {kode: IKU-\(u)-2, uraian: Dua}\n"
        }
        t += "tim_kerja:\n"
        let teamCount = 9
        for k in 0..<teamCount {
            let code = k == 8 ? "TK-0" : "TK-\(k)"  // TK-0 twice: the second is never resolved
            t +=
                "  - kode: \(code)\n    nama: Tim \(k)\n    unit: \(["DINAS", "BADAN", "BID-A", "NOWHERE"][g.next(4)])\n"
            t +=
                "    lingkup: \(Lingkup.allCases[g.next(Lingkup.allCases.count)].rawValue)\n    jenis_pekerjaan: administratif\n"
            let ketua = g.chance(85) ? person() : nil
            if let ketua { t += "    ketua: \"\(ketua)\"\n" }
            var members: [String] = []
            for _ in 0..<g.next(7) {
                if let ketua, g.chance(10) {
                    members.append(ketua)
                } else if let m = members.last, g.chance(15) {
                    members.append(m)
                } else {
                    members.append(person())
                }
            }
            t +=
                members.isEmpty
                ? "    anggota: []\n" : "    anggota:\n" + members.map { "      - \"\($0)\"\n" }.joined()
        }
        t += "matriks_peran_hasil:\n"
        func results(_ level: Int, _ indent: String, _ prefix: String) -> String {
            var out = ""
            for r in 0..<(level == 1 ? 5 : g.next(level > 3 ? 2 : 4)) {
                out +=
                    "\(indent)- kode: \(prefix)\(r)\n\(indent)  uraian: \(["Melaksanakan rapat", "Dokumen", "  Menyusun, laporan", "Data"][g.next(4)])\n"
                if g.chance(85) { out += "\(indent)  pelaksana: \"\(person())\"\n" }
                if level == 1 {
                    out += "\(indent)  indikator: IKU-DINAS-\(1 + g.next(2))\n"
                    if g.chance(80) {
                        out += "\(indent)  tim: \(g.chance(85) ? "TK-\(g.next(teamCount))" : "TK-UNKNOWN")\n"
                    }
                }
                if level < 4 && g.chance(level == 1 ? 80 : 25) {
                    out += "\(indent)  turunan:\n" + results(level + 1, indent + "    ", "\(prefix)\(r).")
                }
            }
            return out
        }
        for (u, mode) in [("DINAS", "dua-tingkat"), ("BADAN", "dua-tingkat"), ("DINAS", "satu-tingkat")] {
            t += "  - unit: \(u)\n    tahun: 2024\n    penyelarasan: \(mode)\n    hasil:\n" + results(1, "      ", "H")
        }
        return t
    }

    static func load(seed: UInt64) -> Agency {
        let name = "seed-\(seed).yaml"
        let input = AgencyInput(
            name: name, root: name, isDirectory: false, files: [name],
            contents: [name: Array(agencyText(seed: seed).utf8)])
        return AgencyLoader.load(input).agency
    }

    static let seeds: [UInt64] = Array(1...12)

    @Test("each employee record, unit and team: first occurrence, placement, JPT Pratama unit", arguments: seeds)
    func records(seed: UInt64) {
        let a = Self.load(seed: seed)
        let index = AgencyIndex(a)
        #expect(a.employees.count > 20 && a.teams.count == 9 && a.matrices.count == 3)
        for e in index.employeeIDs {
            let employee = a.employees[e]
            #expect(index.isFirst(e) == (employee.nip.map { index.employee(nip: $0.value) == e } ?? false))
            #expect(index.isExternal(e) == NameBasedNotions.isExternal(employee, a))
            #expect(index.placement(of: e) == NameBasedNotions.placement(employee, a, index))
            #expect(
                index.pratama(of: e)
                    == NameBasedNotions.placement(employee, a, index).flatMap { index.pratama(of: $0) })
        }
        for u in index.unitIDs {
            #expect(index.isFirst(u) == (a.units[u].kode.map { index.unit(code: $0.value) == u } ?? false))
        }
        for t in index.teamIDs {
            #expect(index.isFirst(t) == (a.teams[t].kode.map { index.team(code: $0.value) == t } ?? false))
            #expect(index.unit(of: t) == index.unit(code: a.teams[t].unit?.value))
        }
        // Own employees by JPT Pratama unit: what M012 and the figures count.
        let byPratama = NameBasedNotions.employeesByPratama(a, index)
        for u in index.unitIDs {
            #expect(Array(index.ownEmployees(ofPratama: u)) == byPratama[u] ?? [])
        }
    }

    @Test("each team's ketua and members: first record, repeats, the ketua again", arguments: seeds)
    func teamPeople(seed: UInt64) {
        let a = Self.load(seed: seed)
        let index = AgencyIndex(a)
        for t in index.teamIDs {
            let team = a.teams[t]
            #expect(index.ketua(of: t) == index.employee(nip: team.ketua?.value))
            let members = index.members(of: t)
            #expect(members.count == team.anggota.count)
            var firstAt: [String: Int] = [:]
            for (j, m) in team.anggota.enumerated() {
                let member = members[j]
                #expect(member.position == j)
                #expect(member.employee == index.employee(nip: m.value))
                let isKetua = m.value == team.ketua?.value
                let first = firstAt[m.value]
                if first == nil { firstAt[m.value] = j }
                #expect(member.flags.contains(.isKetua) == isKetua)
                #expect(member.flags.contains(.repeatsMember) == (first != nil))
                #expect(member.firstPosition == first)
            }
            // T005's count: distinct people, the ketua included.
            #expect(index.peopleCount(of: t) == Set(team.people.map(\.value)).count)
        }
    }

    @Test("the generated agencies hold every case the ids must tell apart")
    func coverage() {
        var repeats = 0
        var ketuaAgain = 0
        var unknownMembers = 0
        var unknownHolders = 0
        var deep = 0
        var external = 0
        for seed in Self.seeds {
            let a = Self.load(seed: seed)
            let index = AgencyIndex(a)
            for t in index.teamIDs {
                for member in index.members(of: t) {
                    if member.flags.contains(.repeatsMember) { repeats += 1 }
                    if member.flags.contains(.isKetua) { ketuaAgain += 1 }
                    if member.employee == nil { unknownMembers += 1 }
                }
            }
            for m in index.matrixIDs {
                for r in index.results(of: m) where index.holder(of: r) == nil { unknownHolders += 1 }
                deep += a.matrices[m].hasil.filter { Self.size($0) > 3 }.count
            }
            external += index.employeeIDs.filter { index.isExternal($0) }.count
        }
        #expect(repeats > 0 && ketuaAgain > 0 && unknownMembers > 0 && unknownHolders > 0 && deep > 0 && external > 0)
    }

    @Test("results in document order: holder and team ids, sibling ids", arguments: seeds)
    func results(seed: UInt64) {
        let a = Self.load(seed: seed)
        let index = AgencyIndex(a)
        var id = 0
        func visit(_ results: [MatrixResult], _ ids: SiblingResults) {
            #expect(Array(ids).count == results.count)
            for (r, rid) in zip(results, ids) {
                #expect(rid == ResultID(id))
                #expect(index.holder(of: rid) == index.employee(nip: r.pelaksana?.value))
                #expect(index.team(of: rid) == index.team(code: r.tim?.value))
                id += 1
                visit(r.turunan, index.children(of: rid))
            }
        }
        for m in index.matrixIDs {
            #expect(index.results(of: m).lowerBound == ResultID(id))
            visit(a.matrices[m].hasil, index.topResults(of: m))
            #expect(index.results(of: m).upperBound == ResultID(id))
        }
    }

    static func size(_ r: MatrixResult) -> Int { 1 + r.turunan.reduce(0) { $0 + size($1) } }

    @Test(
        "M011's members, M012's holders, T004's reading and K001's verdict by ids agree with the name-based notions",
        arguments: seeds)
    func sharedFacts(seed: UInt64) {
        let a = Self.load(seed: seed)
        let index = AgencyIndex(a)
        var coverage = MatrixCoverage(index)
        for m in index.matrixIDs {
            let matrix = a.matrices[m]
            var byIDs: [String] = []
            coverage.membersWithoutLevel2(in: m) { t, member in
                let entry = a.teams[t].anggota[member.position]
                byIDs.append("\(a.teams[t].kode?.value ?? "?")/\(entry.value)@\(entry.location.line)")
            }
            let byNames = NameBasedNotions.membersWithoutLevel2(matrix, index).map {
                "\($0.team)/\($0.member.value)@\($0.member.location.line)"
            }
            #expect(byIDs == byNames)
            let holders = NameBasedNotions.holders(matrix)
            for e in index.employeeIDs where index.isFirst(e) {
                #expect(coverage.holdsResult(e, in: m) == holders.contains(a.employees[e].nip!.value))
            }
        }
        var scan = TeamScopeCheck.Scan()
        for t in index.teamIDs {
            let team = a.teams[t]
            #expect(TeamScopeCheck.read(team: t, index) == NameBasedNotions.scope(team, index))
            #expect(TeamScopeCheck.mismatch(team: t, index, &scan) == NameBasedNotions.scopeMismatch(team, index))
            let allowed = ["fungsional", "pelaksana", "no-such-post"]
            #expect(
                KetuaPostCheck.verdict(team: t, index, allowed: KetuaPostCheck.allowedSet(allowed))
                    == NameBasedNotions.ketuaVerdict(team, index, allowed: Set(allowed)))
        }
    }

    @Test(
        "M014's first word: Unicode spaces end it, punctuation is trimmed (canonically equal too), compared in lowercase",
        arguments: [
            ("Melaksanakan rapat", "Melaksanakan"), ("  MELAKSANAKAN", "MELAKSANAKAN"),
            ("(Menyusun), laporan", "Menyusun"),
            ("\"Menyusun\"", "Menyusun"), ("Menyusun-", "Menyusun"), ("--", nil), ("", nil), ("   ", nil),
            ("\tMonitoring\r\nbulanan", "Monitoring"), ("Monitoring\u{00A0}bulanan", "Monitoring"),
            ("\u{00A0}Monitoring", "Monitoring"), ("\u{2003}Menyusun x", "Menyusun"), ("Menyusun\u{0301} x", nil),
            ("Me\u{0301}nyusun", nil), ("Koordinasi;", "Koordinasi"), ("Koordinasi\u{037E}", "Koordinasi"),
            ("–Koordinasi–", "Koordinasi"), ("koordinasi\r", "koordinasi"), ("fasilitasi.", "fasilitasi"),
            ("Fasilitasi...", "Fasilitasi"), ("Dokumen", nil), ("Data terpadu", nil),
            ("Menyusun" + String(repeating: "x", count: 60), nil),
        ] as [(String, String?)])
    func activityWord(_ text: String, _ expected: String?) {
        let verbs = MatrixResultCheck.ActivityVerbs([
            "melaksanakan", "menyusun", "monitoring", "koordinasi", "fasilitasi",
        ])
        #expect(verbs.firstWordIfVerb(text) == expected, "\(text.debugDescription)")
    }

    @Test("M014's verbs: canonically equal, case-folded and long verbs match as written")
    func activityVerbSets() {
        #expect(MatrixResultCheck.ActivityVerbs(["koordinasi\u{037E}"]).firstWordIfVerb("Koordinasi\u{037E}") == nil)
        #expect(MatrixResultCheck.ActivityVerbs(["kelvin"]).firstWordIfVerb("\u{212A}elvin x") == "\u{212A}elvin")
        #expect(
            MatrixResultCheck.ActivityVerbs(["me\u{0301}nyusun"]).firstWordIfVerb("Me\u{0301}nyusun x")
                == "Me\u{0301}nyusun")
        let long = String(repeating: "m", count: 70)
        #expect(MatrixResultCheck.ActivityVerbs([long]).firstWordIfVerb(long + " x") == long)
        #expect(MatrixResultCheck.ActivityVerbs(["a"]).firstWordIfVerb("A.") == "A")
    }
}

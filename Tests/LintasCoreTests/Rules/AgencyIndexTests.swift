import Foundation
import Testing

@testable import LintasCore

/// The index's resolved ids (team people, result holders and teams, placements, own employees)
/// against the name lookups they replace, on small seeded agencies full of what goes wrong:
/// repeated and unknown NIPs, a ketua among the members, other agencies' employees, unknown units
/// and teams, results four levels deep. The rules and the batch figures read these ids, so each
/// is checked against the string-keyed notion the rule's wording describes.
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
        let ix = AgencyIndex(a)
        #expect(a.employees.count > 20 && a.teams.count == 9 && a.matrices.count == 3)
        for (i, e) in a.employees.enumerated() {
            #expect(ix.isFirstEmployee[i] == (e.nip.map { ix.employeeByNIP[$0.value] == i } ?? false))
            #expect(ix.isExternalEmployee[i] == ix.isExternal(e))
            #expect(ix.placementOf[i] == ix.placement(e).map(Int32.init) ?? AgencyIndex.none)
            #expect(ix.pratamaUnit(ofRecord: i) == ix.pratamaUnit(of: e))
            #expect(ix.employeeIndex(e.nip?.value) == e.nip.flatMap { ix.employeeByNIP[$0.value] })
        }
        for (i, u) in a.units.enumerated() {
            #expect(ix.isFirstUnit[i] == (u.kode.map { ix.unitByCode[$0.value] == i } ?? false))
        }
        for (i, t) in a.teams.enumerated() {
            #expect(ix.isFirstTeam[i] == (t.kode.map { ix.teamByCode[$0.value] == i } ?? false))
            #expect(ix.teamUnit[i] == t.unit.flatMap { ix.unitByCode[$0.value] }.map(Int32.init) ?? AgencyIndex.none)
        }
        // Own employees by JPT Pratama unit: what M012 and the figures count.
        let byPratama = MatrixFacts.employeesByPratama(a, ix)
        for u in a.units.indices {
            #expect(ix.ownEmployees(ofPratama: u).map(Int.init) == byPratama[u] ?? [])
        }
    }

    @Test("each team's ketua and members: first record, repeats, the ketua again", arguments: seeds)
    func teamPeople(seed: UInt64) {
        let a = Self.load(seed: seed)
        let ix = AgencyIndex(a)
        for (t, team) in a.teams.enumerated() {
            #expect(
                ix.ketuaOf[t] == team.ketua.flatMap { ix.employeeByNIP[$0.value] }.map(Int32.init) ?? AgencyIndex.none)
            let range = ix.members(ofTeam: t)
            #expect(range.count == team.anggota.count)
            var firstAt: [String: Int] = [:]
            for (j, m) in team.anggota.enumerated() {
                let k = range.lowerBound + j
                #expect(ix.memberRecord[k] == ix.employeeByNIP[m.value].map(Int32.init) ?? AgencyIndex.none)
                let isKetua = m.value == team.ketua?.value
                let first = firstAt[m.value]
                if first == nil { firstAt[m.value] = j }
                #expect((ix.memberRepeat[k] & AgencyIndex.memberIsKetua != 0) == isKetua)
                #expect((ix.memberRepeat[k] & AgencyIndex.memberRepeatsMember != 0) == (first != nil))
                if let first { #expect(ix.memberFirst[k] == Int32(first)) }
            }
            // T005's count: distinct people, the ketua included.
            #expect(TeamSizeCheck.people(t, ix) == Set(team.people.map(\.value)).count)
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
            let ix = AgencyIndex(a)
            repeats += ix.memberRepeat.filter { $0 & AgencyIndex.memberRepeatsMember != 0 }.count
            ketuaAgain += ix.memberRepeat.filter { $0 & AgencyIndex.memberIsKetua != 0 }.count
            unknownMembers += ix.memberRecord.filter { $0 < 0 }.count
            unknownHolders += ix.resultHolder.filter { $0 < 0 }.count
            deep += ix.resultSize.filter { $0 > 3 }.count
            external += ix.isExternalEmployee.filter { $0 }.count
        }
        #expect(repeats > 0 && ketuaAgain > 0 && unknownMembers > 0 && unknownHolders > 0 && deep > 0 && external > 0)
    }

    @Test("results in document order: holder and team ids, subtree sizes and sibling ids", arguments: seeds)
    func results(seed: UInt64) {
        let a = Self.load(seed: seed)
        let ix = AgencyIndex(a)
        var id = 0
        func visit(_ results: [MatrixResult]) {
            for r in results {
                let mine = id
                #expect(
                    ix.resultHolder[mine] == r.pelaksana.flatMap { ix.employeeByNIP[$0.value] }.map(Int32.init)
                        ?? AgencyIndex.none)
                #expect(
                    ix.resultTeam[mine] == r.tim.flatMap { ix.teamByCode[$0.value] }.map(Int32.init) ?? AgencyIndex.none
                )
                id += 1
                if !r.turunan.isEmpty {
                    let children = ResultIDs(ix, childrenOf: mine, count: r.turunan.count)
                    var expected = id
                    for (k, c) in r.turunan.enumerated() {
                        #expect(children[k] == expected)
                        expected += Self.size(c)
                    }
                    visit(r.turunan)
                }
                #expect(Int(ix.resultSize[mine]) == id - mine)
            }
        }
        for (m, matrix) in a.matrices.enumerated() {
            #expect(ix.results(ofMatrix: m).lowerBound == id)
            let top = MatrixFacts.topIDs(m, ix)
            var expected = id
            for (k, r) in matrix.hasil.enumerated() {
                #expect(top[k] == expected)
                expected += Self.size(r)
            }
            visit(matrix.hasil)
            #expect(ix.results(ofMatrix: m).upperBound == id)
        }
    }

    static func size(_ r: MatrixResult) -> Int { 1 + r.turunan.reduce(0) { $0 + size($1) } }

    @Test(
        "M011's members, M012's holders and T004's reading by ids agree with the name-based notions", arguments: seeds)
    func sharedFacts(seed: UInt64) {
        let a = Self.load(seed: seed)
        let ix = AgencyIndex(a)
        var marks = RecordMarks(count: a.employees.count)
        for (m, matrix) in a.matrices.enumerated() {
            var byIDs: [String] = []
            MatrixFacts.membersWithoutLevel2(matrix: m, ix, &marks) { t, j in
                let member = a.teams[t].anggota[j - Int(ix.memberStart[t])]
                byIDs.append("\(a.teams[t].kode?.value ?? "?")/\(member.value)@\(member.location.line)")
            }
            let byNames = MatrixFacts.membersWithoutLevel2(matrix, ix).map {
                "\($0.team)/\($0.member.value)@\($0.member.location.line)"
            }
            #expect(byIDs == byNames)
            let holders = MatrixFacts.holders(matrix)
            MatrixFacts.markHolders(m, ix, &marks)
            for e in a.employees.indices where ix.isFirstEmployee[e] {
                #expect(marks.isMarked(Int32(e)) == holders.contains(a.employees[e].nip!.value))
            }
        }
        var scan = TeamScopeCheck.Scan()
        for (t, team) in a.teams.enumerated() {
            #expect(TeamScopeCheck.read(team: t, ix) == TeamScopeCheck.read(team, ix))
            #expect(TeamScopeCheck.mismatch(team: t, ix, &scan) == TeamScopeCheck.mismatch(team, ix))
            let allowed = ["fungsional", "pelaksana", "no-such-post"]
            #expect(
                KetuaPostCheck.verdict(team: t, ix, allowed: KetuaPostCheck.allowedSet(allowed))
                    == KetuaPostCheck.verdict(team, ix, allowed: Set(allowed)))
        }
    }

    /// M014's first word before the ASCII path: Unicode scalars and Characters throughout.
    static func referenceWord(_ text: String, _ verbs: Set<String>) -> String? {
        let punctuation: Set<Character> = [",", ".", ":", ";", "\"", "'", "(", ")", "-", "–"]
        let scalars = text.unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars[start...].firstIndex { $0.properties.isWhitespace } ?? scalars.endIndex
        var s = Substring(String(scalars[start..<end]))
        while let f = s.first, punctuation.contains(f) { s = s.dropFirst() }
        while let l = s.last, punctuation.contains(l) { s = s.dropLast() }
        let word = String(s)
        guard !word.isEmpty, verbs.contains(word.lowercased()) else { return nil }
        return word
    }

    @Test("M014's first word: the ASCII path agrees with Unicode scalars and Characters")
    func activityWord() {
        let texts = [
            "Melaksanakan rapat", "  MELAKSANAKAN", "melaksanakan", "(Menyusun), laporan", "\"Menyusun\"", "Menyusun-",
            "--", "", "   ", "\tMonitoring\r\nbulanan", "Monitoring\u{00A0}bulanan", "\u{00A0}Monitoring",
            "\u{2003}Menyusun x",
            "Menyusun\u{0301} x", "Me\u{0301}nyusun", "Koordinasi;", "Koordinasi\u{037E}", "–Koordinasi–", "Kelvin",
            "\u{212A}oordinasi", "koordinasi\r", "a", "fasilitasi.", "Fasilitasi...", "Dokumen", "Data terpadu",
            String(repeating: "m", count: 70), "Menyusun" + String(repeating: "x", count: 60),
        ]
        let verbSets: [Set<String>] = [
            ["melaksanakan", "menyusun", "monitoring", "koordinasi", "fasilitasi"],
            ["koordinasi\u{037E}", "kelvin"],
            ["\u{212A}oordinasi".lowercased(), "me\u{0301}nyusun"],
            [String(repeating: "m", count: 70)],
            ["a"],
        ]
        for verbs in verbSets {
            let v = MatrixResultCheck.ActivityVerbs(verbs)
            for text in texts {
                #expect(v.firstWordIfVerb(text) == Self.referenceWord(text, verbs), "\(verbs) \(text.debugDescription)")
            }
        }
    }
}

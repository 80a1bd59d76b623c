/// T rules. Each check reports only codes of its family.
let teamChecks: [any AgencyCheck] = [
    TeamDecreeCheck(), TeamUnitCheck(), StructuralMemberCheck(), TeamScopeCheck(), TeamSizeCheck(),
    DuplicateMemberCheck(), TeamDatesCheck(), DecreeSignerCheck(),
]

extension Team {
    /// The stable key of team findings: the team code (the path when the code is missing).
    var entity: String { kode?.value ?? path }
    /// Where a finding about the team as a whole goes: its `kode` value.
    var anchor: SourceLocation { kode?.location ?? location }
    var code: String { kode?.value ?? "?" }
}

/// T001: a team without `penetapan`, or one that lacks `nomor` or `tanggal` (absent or null).
struct TeamDecreeCheck: AgencyCheck {
    let codes = ["T001"]

    func check(_ c: CheckContext) {
        let teams = c.agency.teams
        for t in teams.indices {
            guard teams[t].penetapan != nil else {
                c.report(
                    Diagnostic(
                        "T001", variant: "missing", at: teams[t].anchor, path: "\(teams[t].path).kode",
                        entity: teams[t].entity,
                        args: ["team": teams[t].code]))
                continue
            }
            // A field written with an unusable value (a `tanggal` that is no date) is filled in: its
            // S finding says what is wrong with it.
            let noNomor = teams[t].penetapan?.nomorGiven == false
            let noTanggal = teams[t].penetapan?.tanggalGiven == false
            guard noNomor || noTanggal, let p = teams[t].penetapan else { continue }
            let missing = [noNomor ? "nomor" : nil, noTanggal ? "tanggal" : nil].compactMap { $0 }
            let quoted = missing.map { "`\($0)`" }
            c.report(
                Diagnostic(
                    "T001", variant: "incomplete", at: p.keyLocation, path: "\(teams[t].path).penetapan",
                    entity: teams[t].entity,
                    args: [
                        "team": teams[t].code, "fields": quoted.joined(separator: " dan "),
                        "fields_en": quoted.joined(separator: " and "),
                    ]))
        }
    }
}

/// T002: a team's `unit` exists but is not a JPT unit of any grade or an independent unit (unknown
/// units are R003's).
struct TeamUnitCheck: AgencyCheck {
    let codes = ["T002"]

    func check(_ c: CheckContext) {
        let teams = c.agency.teams
        let units = c.agency.units
        let teamUnit = c.index.teamUnit
        for t in teams.indices where teamUnit[t] >= 0 {
            let u = Int(teamUnit[t])
            guard !units[u].isJPTUnit, let level = units[u].tingkat?.value, let ref = teams[t].unit else { continue }
            c.report(
                Diagnostic(
                    "T002", at: ref.location, path: "\(teams[t].path).unit", entity: teams[t].entity,
                    args: ["team": teams[t].code, "unit": ref.value, "tingkat": level.rawValue]))
        }
    }
}

/// T003: a member (`anggota`) holding a JPT, administrator or pengawas post. The ketua is K001's.
struct StructuralMemberCheck: AgencyCheck {
    let codes = ["T003"]
    static let structural: Set<JenisJabatan> = [.jpt, .administrator, .pengawas]

    static func isStructural(_ j: JenisJabatan) -> Bool {
        switch j {
        case .jpt, .administrator, .pengawas: return true
        case .fungsional, .pelaksana: return false
        }
    }

    func check(_ c: CheckContext) {
        let ix = c.index
        let teams = c.agency.teams
        let employees = c.agency.employees
        for t in teams.indices {
            let base = Int(ix.memberStart[t])
            // Each member once (its first entry); unknown NIPs are R002's.
            for j in ix.members(ofTeam: t)
            where ix.memberRepeat[j] & AgencyIndex.memberRepeatsMember == 0 && ix.memberRecord[j] >= 0 {
                let e = Int(ix.memberRecord[j])
                guard let jenis = employees[e].jenisJabatan?.value, Self.isStructural(jenis) else { continue }
                let m = teams[t].anggota[j - base]
                c.report(
                    Diagnostic(
                        "T003", at: m.location, path: "\(teams[t].path).anggota",
                        entity: "\(teams[t].entity)/\(m.value)",
                        args: ["nip": m.value, "team": teams[t].code, "jenis": jenis.rawValue],
                        notes: [DiagnosticNote("employee", at: employees[e].location, args: ["nip": m.value])]))
            }
        }
    }
}

/// T004: the declared `lingkup` does not match where the ketua and members sit.
struct TeamScopeCheck: AgencyCheck {
    let codes = ["T004"]

    /// What the members' placement shows.
    struct Reading: Equatable {
        /// The narrowest scope that fits everyone who could be placed.
        var actual: Lingkup
        /// Sub-unit codes (internal/lintas-bidang), JPT Pratama unit codes (lintas-perangkat-daerah),
        /// and the other agencies' codes, in order of first appearance.
        var units: [String]
        var agencies: [String]
        /// False when someone could not be placed (unknown NIP, no unit, unit in a cycle).
        var complete: Bool
    }

    /// Where a team's people sit, in unit indices: filled one person at a time (each once), kept
    /// between teams so that its lists are allocated once per run.
    struct Scan {
        var agencies: [String] = []
        var pratamas: [Int] = []
        var subs: [Int] = []
        var complete = true
        var placed = 0

        mutating func reset() {
            agencies.removeAll(keepingCapacity: true)
            pratamas.removeAll(keepingCapacity: true)
            subs.removeAll(keepingCapacity: true)
            complete = true
            placed = 0
        }

        /// One person: the first record of their NIP (-1: unknown).
        mutating func add(_ record: Int32, _ ix: AgencyIndex) {
            guard record >= 0 else {
                complete = false
                return
            }
            let e = Int(record)
            if ix.isExternalEmployee[e] {
                let other = ix.agency.employees[e].instansi?.value ?? "?"
                if !agencies.contains(other) { agencies.append(other) }
                placed += 1
                return
            }
            let u = ix.placementOf[e]
            guard u >= 0, let pr = ix.pratamaOf[Int(u)], let sub = ix.subUnitOf[Int(u)] else {
                complete = false
                return
            }
            placed += 1
            if !pratamas.contains(pr) { pratamas.append(pr) }
            if !subs.contains(sub) { subs.append(sub) }
        }

        /// Everyone of team `t` (ketua first, each NIP once), from the index.
        mutating func add(team t: Int, _ ix: AgencyIndex) {
            if ix.agency.teams[t].ketua != nil { add(ix.ketuaOf[t], ix) }
            for j in ix.members(ofTeam: t) where ix.memberRepeat[j] == 0 { add(ix.memberRecord[j], ix) }
        }

        /// The narrowest scope that fits; nil when nobody could be placed.
        func actual(teamPratama: Int?) -> Lingkup? {
            guard placed > 0 else { return nil }
            if !agencies.isEmpty { return .lintasInstansi }
            // People from another JPT Pratama unit than the team's make the team cross units.
            if pratamas.count >= 2 || (teamPratama != nil && pratamas.contains { $0 != teamPratama }) {
                return .lintasPerangkatDaerah
            }
            return subs.count >= 2 ? .lintasBidang : .internalBidang
        }

        func reading(teamPratama: Int?, _ ix: AgencyIndex) -> Reading? {
            guard let actual = actual(teamPratama: teamPratama) else { return nil }
            let units = ix.agency.units
            func codes(_ l: [Int]) -> [String] { l.map { units[$0].kode?.value ?? units[$0].path } }
            switch actual {
            case .lintasInstansi:
                return Reading(actual: actual, units: codes(pratamas), agencies: agencies, complete: complete)
            case .lintasPerangkatDaerah:
                var involved = pratamas
                if let tp = teamPratama, !involved.contains(tp) { involved.insert(tp, at: 0) }
                return Reading(actual: actual, units: codes(involved), agencies: [], complete: complete)
            case .internalBidang, .lintasBidang:
                return Reading(actual: actual, units: codes(subs), agencies: [], complete: complete)
            }
        }
    }

    /// Broadness order of the scopes.
    static func breadth(_ l: Lingkup) -> Int {
        switch l {
        case .internalBidang: return 0
        case .lintasBidang: return 1
        case .lintasPerangkatDaerah: return 2
        case .lintasInstansi: return 3
        }
    }

    /// The JPT Pratama unit of team `t`'s unit.
    static func teamPratama(_ t: Int, _ ix: AgencyIndex) -> Int? {
        let u = ix.teamUnit[t]
        return u < 0 ? nil : ix.pratamaOf[Int(u)]
    }

    /// Reads where a team's people sit; nil when nobody can be placed. The team need not be one of
    /// the index's agency (its people are looked up by NIP).
    static func read(_ t: Team, _ ix: AgencyIndex) -> Reading? {
        let teamPratama = t.unit.flatMap { ix.unitByCode[$0.value] }.flatMap { ix.pratamaOf[$0] }
        var seen = Set<String>()
        var scan = Scan()
        for p in t.people where seen.insert(p.value).inserted {
            scan.add(ix.employeeByNIP[p.value].map { Int32($0) } ?? AgencyIndex.none, ix)
        }
        return scan.reading(teamPratama: teamPratama, ix)
    }

    /// Reads where the people of team `t` of the index's agency sit.
    static func read(team t: Int, _ ix: AgencyIndex) -> Reading? {
        var scan = Scan()
        scan.add(team: t, ix)
        return scan.reading(teamPratama: teamPratama(t, ix), ix)
    }

    /// "a", "a dan b", "a, b dan c".
    static func join(_ items: [String], _ and: String) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(and) " + last
    }

    /// How the reading is shown in the message, in Indonesian and English.
    static func describe(_ r: Reading) -> (id: String, en: String) {
        func list(_ items: [String], _ and: String) -> String {
            var q = items.prefix(5).map { "\"\($0)\"" }
            let more = items.count - q.count
            if more > 0 { q.append(and == "dan" ? "\(more) lainnya" : "\(more) more") }
            return Self.join(q, and)
        }
        var id: [String] = []
        var en: [String] = []
        if !r.units.isEmpty {
            switch r.actual {
            case .internalBidang, .lintasBidang:
                id.append("sub-unit \(list(r.units, "dan"))")
                en.append("sub-unit\(r.units.count > 1 ? "s" : "") \(list(r.units, "and"))")
            case .lintasPerangkatDaerah, .lintasInstansi:
                id.append("unit JPT Pratama \(list(r.units, "dan"))")
                en.append("JPT Pratama unit\(r.units.count > 1 ? "s" : "") \(list(r.units, "and"))")
            }
        }
        if !r.agencies.isEmpty {
            id.append("instansi lain \(list(r.agencies, "dan"))")
            en.append("another agency \(list(r.agencies, "and"))")
        }
        return (id.joined(separator: " serta "), en.joined(separator: "; "))
    }

    /// Whether T004 reports a reading as wrong for the declared scope.
    static func isMismatch(_ actual: Lingkup, complete: Bool, declared: Lingkup) -> Bool {
        guard actual != declared else { return false }
        // Someone who could not be placed might widen the scope: then only a too-narrow declaration is certain.
        return complete || breadth(actual) >= breadth(declared)
    }

    /// The reading of a team whose declared `lingkup` T004 reports as wrong; nil when it is right,
    /// not declared, or cannot be judged.
    static func mismatch(_ t: Team, _ ix: AgencyIndex) -> Reading? {
        guard let declared = t.lingkup, let r = read(t, ix),
            isMismatch(r.actual, complete: r.complete, declared: declared.value)
        else { return nil }
        return r
    }

    /// ``mismatch(_:_:)`` of team `t` of the index's agency; `scan` is scratch space.
    static func mismatch(team t: Int, _ ix: AgencyIndex, _ scan: inout Scan) -> Reading? {
        guard let declared = ix.agency.teams[t].lingkup?.value else { return nil }
        scan.reset()
        scan.add(team: t, ix)
        let tp = teamPratama(t, ix)
        guard let actual = scan.actual(teamPratama: tp), isMismatch(actual, complete: scan.complete, declared: declared)
        else { return nil }
        return scan.reading(teamPratama: tp, ix)
    }

    func check(_ c: CheckContext) {
        let teams = c.agency.teams
        let ix = c.index
        var scan = Scan()
        for t in teams.indices where teams[t].lingkup != nil {
            guard let r = Self.mismatch(team: t, ix, &scan), let declared = teams[t].lingkup else { continue }
            let shown = Self.describe(r)
            c.report(
                Diagnostic(
                    "T004", at: declared.location, path: "\(teams[t].path).lingkup", entity: teams[t].entity,
                    args: [
                        "team": teams[t].code, "declared": declared.value.rawValue, "actual": r.actual.rawValue,
                        "units": shown.id, "units_en": shown.en,
                    ]))
        }
    }
}

/// T005: fewer than `minimal_orang` distinct people, ketua included.
struct TeamSizeCheck: AgencyCheck {
    let codes = ["T005"]

    /// Distinct people of team `t` (the ketua and each member's NIP once).
    static func people(_ t: Int, _ ix: AgencyIndex) -> Int {
        var count = ix.agency.teams[t].ketua == nil ? 0 : 1
        for j in ix.members(ofTeam: t) where ix.memberRepeat[j] == 0 { count += 1 }
        return count
    }

    func check(_ c: CheckContext) {
        let minimum = c.param("T005", "minimal_orang")?.int ?? 2
        let teams = c.agency.teams
        let ix = c.index
        for t in teams.indices {
            let count = Self.people(t, ix)
            guard count < minimum else { continue }
            c.report(
                Diagnostic(
                    "T005", at: teams[t].anchor, path: "\(teams[t].path).kode", entity: teams[t].entity,
                    args: ["team": teams[t].code, "count": String(count), "minimum": String(minimum)]))
        }
    }
}

/// T006: the same person twice in one team; at the second occurrence, a note at the first.
struct DuplicateMemberCheck: AgencyCheck {
    let codes = ["T006"]

    func check(_ c: CheckContext) {
        let ix = c.index
        let teams = c.agency.teams
        for t in teams.indices {
            let base = Int(ix.memberStart[t])
            for j in ix.members(ofTeam: t) where ix.memberRepeat[j] != 0 {
                let m = teams[t].anggota[j - base]
                let isKetua = ix.memberRepeat[j] & AgencyIndex.memberIsKetua != 0
                let f: SourceLocation
                if isKetua, let k = teams[t].ketua {
                    f = k.location
                } else {
                    f = teams[t].anggota[Int(ix.memberFirst[j])].location
                }
                c.report(
                    Diagnostic(
                        "T006", variant: isKetua ? "ketua_in_anggota" : "default", at: m.location,
                        path: "\(teams[t].path).anggota", entity: "\(teams[t].entity)/\(m.value)",
                        args: ["nip": m.value, "team": teams[t].code],
                        notes: [DiagnosticNote("first", at: f, args: ["nip": m.value])]))
            }
        }
    }
}

/// T007: `periode.mulai` after `periode.selesai`, or the decree dated after the period ends.
struct TeamDatesCheck: AgencyCheck {
    let codes = ["T007"]

    func check(_ c: CheckContext) {
        let teams = c.agency.teams
        for t in teams.indices {
            guard let selesai = teams[t].periode?.selesai else { continue }
            if let mulai = teams[t].periode?.mulai, mulai.value > selesai.value {
                c.report(
                    Diagnostic(
                        "T007", variant: "period", at: mulai.location, path: "\(teams[t].path).periode.mulai",
                        entity: teams[t].entity,
                        args: [
                            "team": teams[t].code, "mulai": mulai.value.description,
                            "selesai": selesai.value.description,
                        ]))
            }
            if let tanggal = teams[t].penetapan?.tanggal, tanggal.value > selesai.value {
                c.report(
                    Diagnostic(
                        "T007", variant: "decree", at: tanggal.location, path: "\(teams[t].path).penetapan.tanggal",
                        entity: teams[t].entity,
                        args: [
                            "team": teams[t].code, "tanggal": tanggal.value.description,
                            "selesai": selesai.value.description,
                        ]))
            }
        }
    }
}

/// T008: the decree's `oleh` heads neither the team's unit nor a unit above it.
///
/// One walk down the unit tree keeps a count of the heads on the path from the top, and answers every
/// team at its unit: linear in units plus teams, however deep the tree. Units on an `induk` cycle are
/// never reached (R006 reports them).
struct DecreeSignerCheck: AgencyCheck {
    let codes = ["T008"]

    func check(_ c: CheckContext) {
        let ix = c.index
        let units = c.agency.units
        let teams = c.agency.teams
        // The teams at each unit whose signer is a known employee, and the signer's first record.
        var teamsAt = [[Int]](repeating: [], count: units.count)
        var signerOf = [Int32](repeating: AgencyIndex.none, count: teams.count)
        var any = false
        for t in teams.indices where ix.teamUnit[t] >= 0 {
            guard let oleh = teams[t].penetapan?.oleh?.value, let e = ix.employeeByNIP[oleh] else { continue }
            signerOf[t] = Int32(e)
            teamsAt[Int(ix.teamUnit[t])].append(t)
            any = true
        }
        guard any else { return }
        var children = [[Int]](repeating: [], count: units.count)
        var roots: [Int] = []
        for i in units.indices {
            if let p = ix.parent[i] { children[p].append(i) } else { roots.append(i) }
        }
        // A known signer heads a unit on the path exactly when a head's NIP is theirs, that is when
        // the head's first record is the signer's: heads are counted by record (unknown heads sign nothing).
        var onPath = [Int32](repeating: 0, count: c.agency.employees.count)
        let headRecord: [Int32] = units.map { u in
            u.pimpinan.flatMap { ix.employeeByNIP[$0.value] }.map(Int32.init) ?? AgencyIndex.none
        }
        var heads = 0
        var wrong: [Int] = []
        // (unit, entering): exit events undo the unit's head.
        var stack: [(Int, Bool)] = roots.reversed().map { ($0, true) }
        while let (u, entering) = stack.popLast() {
            let hasHead = units[u].pimpinan != nil
            let h = headRecord[u]
            guard entering else {
                if hasHead {
                    if h >= 0 { onPath[Int(h)] -= 1 }
                    heads -= 1
                }
                continue
            }
            if hasHead {
                if h >= 0 { onPath[Int(h)] += 1 }
                heads += 1
            }
            // No head anywhere above the team: nothing to compare with (O002 reports the units).
            if heads > 0 {
                for ti in teamsAt[u] where onPath[Int(signerOf[ti])] == 0 { wrong.append(ti) }
            }
            stack.append((u, false))
            for ch in children[u].reversed() { stack.append((ch, true)) }
        }
        for ti in wrong.sorted() {
            guard let oleh = teams[ti].penetapan?.oleh, let signer = ix.employeeByNIP[oleh.value],
                let ref = teams[ti].unit
            else { continue }
            c.report(
                Diagnostic(
                    "T008", at: oleh.location, path: "\(teams[ti].path).penetapan.oleh", entity: teams[ti].entity,
                    args: ["team": teams[ti].code, "nip": oleh.value, "unit": ref.value],
                    notes: [
                        DiagnosticNote("employee", at: c.agency.employees[signer].location, args: ["nip": oleh.value])
                    ]))
        }
    }
}

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
        for t in c.index.teamIDs {
            guard let u = c.index.unit(of: t), !units[u].isJPTUnit, let level = units[u].tingkat?.value,
                let ref = teams[t].unit
            else { continue }
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
        let index = c.index
        let teams = c.agency.teams
        let employees = c.agency.employees
        for t in index.teamIDs {
            // Each member once (its first entry); unknown NIPs are R002's.
            for member in index.members(of: t) where member.isFirstMention {
                guard let e = member.employee, let jenis = employees[e].jenisJabatan?.value, Self.isStructural(jenis)
                else { continue }
                let m = teams[t].anggota[member.position]
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
        var pratamas: [UnitID] = []
        var subs: [UnitID] = []
        var complete = true
        var placed = 0

        mutating func reset() {
            agencies.removeAll(keepingCapacity: true)
            pratamas.removeAll(keepingCapacity: true)
            subs.removeAll(keepingCapacity: true)
            complete = true
            placed = 0
        }

        /// One person: the first record of their NIP (nil: unknown).
        mutating func add(_ person: EmployeeID?, _ index: AgencyIndex) {
            guard let e = person else {
                complete = false
                return
            }
            if index.isExternal(e) {
                let other = index.agency.employees[e].instansi?.value ?? "?"
                if !agencies.contains(other) { agencies.append(other) }
                placed += 1
                return
            }
            guard let u = index.placement(of: e), let pr = index.pratama(of: u), let sub = index.subUnit(of: u) else {
                complete = false
                return
            }
            placed += 1
            if !pratamas.contains(pr) { pratamas.append(pr) }
            if !subs.contains(sub) { subs.append(sub) }
        }

        /// Everyone of team `t` (ketua first, each NIP once), from the index.
        mutating func add(team t: TeamID, _ index: AgencyIndex) {
            if index.agency.teams[t].ketua != nil { add(index.ketua(of: t), index) }
            for member in index.members(of: t) where member.isPlainMember { add(member.employee, index) }
        }

        /// The narrowest scope that fits; nil when nobody could be placed.
        func actual(teamPratama: UnitID?) -> Lingkup? {
            guard placed > 0 else { return nil }
            if !agencies.isEmpty { return .lintasInstansi }
            // People from another JPT Pratama unit than the team's make the team cross units.
            if pratamas.count >= 2 || (teamPratama != nil && pratamas.contains { $0 != teamPratama }) {
                return .lintasPerangkatDaerah
            }
            return subs.count >= 2 ? .lintasBidang : .internalBidang
        }

        func reading(teamPratama: UnitID?, _ index: AgencyIndex) -> Reading? {
            guard let actual = actual(teamPratama: teamPratama) else { return nil }
            let units = index.agency.units
            func codes(_ l: [UnitID]) -> [String] { l.map { units[$0].kode?.value ?? units[$0].path } }
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
    static func teamPratama(_ t: TeamID, _ index: AgencyIndex) -> UnitID? {
        index.unit(of: t).flatMap { index.pratama(of: $0) }
    }

    /// Reads where the people of team `t` of the index's agency sit; nil when nobody can be placed.
    static func read(team t: TeamID, _ index: AgencyIndex) -> Reading? {
        var scan = Scan()
        scan.add(team: t, index)
        return scan.reading(teamPratama: teamPratama(t, index), index)
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

    /// The reading of team `t` of the index's agency when T004 reports its declared `lingkup` as
    /// wrong; nil when it is right, not declared, or cannot be judged. `scan` is scratch space.
    static func mismatch(team t: TeamID, _ index: AgencyIndex, _ scan: inout Scan) -> Reading? {
        guard let declared = index.agency.teams[t].lingkup?.value else { return nil }
        scan.reset()
        scan.add(team: t, index)
        let tp = teamPratama(t, index)
        guard let actual = scan.actual(teamPratama: tp), isMismatch(actual, complete: scan.complete, declared: declared)
        else { return nil }
        return scan.reading(teamPratama: tp, index)
    }

    func check(_ c: CheckContext) {
        let teams = c.agency.teams
        let index = c.index
        var scan = Scan()
        for t in index.teamIDs where teams[t].lingkup != nil {
            guard let r = Self.mismatch(team: t, index, &scan), let declared = teams[t].lingkup else { continue }
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

    func check(_ c: CheckContext) {
        let minimum = c.param("T005", "minimal_orang")?.int ?? 2
        let teams = c.agency.teams
        let index = c.index
        for t in index.teamIDs {
            let count = index.peopleCount(of: t)
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
        let index = c.index
        let teams = c.agency.teams
        for t in index.teamIDs {
            for member in index.members(of: t) where !member.flags.isEmpty {
                let m = teams[t].anggota[member.position]
                let isKetua = member.flags.contains(.isKetua)
                let f: SourceLocation
                if isKetua, let k = teams[t].ketua {
                    f = k.location
                } else if let first = member.firstPosition {
                    f = teams[t].anggota[first].location
                } else {
                    continue
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
        let index = c.index
        let units = c.agency.units
        let teams = c.agency.teams
        // The teams at each unit whose signer is a known employee, and the signer's first record.
        var teamsAt = [[TeamID]](repeating: [], count: units.count)
        var signerOf = [EmployeeID?](repeating: nil, count: teams.count)
        for t in index.teamIDs {
            guard let u = index.unit(of: t), let signer = index.employee(nip: teams[t].penetapan?.oleh?.value) else {
                continue
            }
            signerOf[t.offset] = signer
            teamsAt[u.offset].append(t)
        }
        guard signerOf.contains(where: { $0 != nil }) else { return }
        var children = [[UnitID]](repeating: [], count: units.count)
        var roots: [UnitID] = []
        for u in index.unitIDs {
            if let p = index.parent(of: u) { children[p.offset].append(u) } else { roots.append(u) }
        }
        // A known signer heads a unit on the path exactly when a head's NIP is theirs, that is when
        // the head's first record is the signer's: heads are counted by record (unknown heads sign nothing).
        var onPath = [Int32](repeating: 0, count: c.agency.employees.count)
        var heads = 0
        var wrong: [TeamID] = []
        // (unit, entering): exit events undo the unit's head.
        var stack: [(UnitID, Bool)] = roots.reversed().map { ($0, true) }
        while let (u, entering) = stack.popLast() {
            let hasHead = units[u].pimpinan != nil
            let head = index.head(of: u)
            guard entering else {
                if hasHead {
                    if let head { onPath[head.offset] -= 1 }
                    heads -= 1
                }
                continue
            }
            if hasHead {
                if let head { onPath[head.offset] += 1 }
                heads += 1
            }
            // No head anywhere above the team: nothing to compare with (O002 reports the units).
            if heads > 0 {
                for t in teamsAt[u.offset] {
                    if let signer = signerOf[t.offset], onPath[signer.offset] == 0 { wrong.append(t) }
                }
            }
            stack.append((u, false))
            for child in children[u.offset].reversed() { stack.append((child, true)) }
        }
        for ti in wrong.sorted() {
            guard let oleh = teams[ti].penetapan?.oleh, let signer = index.employee(nip: oleh.value),
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

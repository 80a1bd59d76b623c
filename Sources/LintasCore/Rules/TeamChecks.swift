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

/// T001: a team without `penetapan`, or one that lacks `nomor` or `tanggal`.
struct TeamDecreeCheck: AgencyCheck {
    let codes = ["T001"]

    func check(_ c: CheckContext) {
        for t in c.agency.teams {
            guard let p = t.penetapan else {
                c.report(Diagnostic("T001", variant: "missing", at: t.anchor, path: "\(t.path).kode", entity: t.entity,
                                    args: ["team": t.code]))
                continue
            }
            let missing = [p.nomor == nil ? "nomor" : nil, p.tanggal == nil ? "tanggal" : nil].compactMap { $0 }
            guard !missing.isEmpty else { continue }
            let quoted = missing.map { "`\($0)`" }
            c.report(Diagnostic("T001", variant: "incomplete", at: p.keyLocation, path: "\(t.path).penetapan", entity: t.entity,
                                args: ["team": t.code, "fields": quoted.joined(separator: " dan "),
                                       "fields_en": quoted.joined(separator: " and ")]))
        }
    }
}

/// T002: a team's `unit` exists but is not a JPT Pratama unit (unknown units are R003's).
struct TeamUnitCheck: AgencyCheck {
    let codes = ["T002"]

    func check(_ c: CheckContext) {
        for t in c.agency.teams {
            guard let ref = t.unit, let u = c.index.unit(ref.value), !u.isJPTPratama,
                  let level = u.tingkat?.value else { continue }
            c.report(Diagnostic("T002", at: ref.location, path: "\(t.path).unit", entity: t.entity,
                                args: ["team": t.code, "unit": ref.value, "tingkat": level.rawValue]))
        }
    }
}

/// T003: a member (`anggota`) holding a JPT, administrator or pengawas post. The ketua is K001's.
struct StructuralMemberCheck: AgencyCheck {
    let codes = ["T003"]
    static let structural: Set<JenisJabatan> = [.jpt, .administrator, .pengawas]

    func check(_ c: CheckContext) {
        for t in c.agency.teams {
            var seen = Set<String>()
            for m in t.anggota where seen.insert(m.value).inserted {
                guard let e = c.index.employee(m.value), let jenis = e.jenisJabatan?.value,
                      Self.structural.contains(jenis) else { continue }
                c.report(Diagnostic("T003", at: m.location, path: "\(t.path).anggota", entity: "\(t.entity)/\(m.value)",
                                    args: ["nip": m.value, "team": t.code, "jenis": jenis.rawValue],
                                    notes: [DiagnosticNote("employee", at: e.location, args: ["nip": m.value])]))
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

    /// Broadness order of the scopes.
    static func breadth(_ l: Lingkup) -> Int {
        switch l {
        case .internalBidang: return 0
        case .lintasBidang: return 1
        case .lintasPerangkatDaerah: return 2
        case .lintasInstansi: return 3
        }
    }

    /// Reads where a team's people sit; nil when nobody can be placed.
    static func read(_ t: Team, _ ix: AgencyIndex) -> Reading? {
        let units = ix.agency.units
        let teamPratama = t.unit.flatMap { ix.unitByCode[$0.value] }.flatMap { ix.pratamaOf[$0] }
        var seen = Set<String>()
        var agencies: [String] = [], pratamas: [Int] = [], subs: [Int] = []
        var complete = true, placed = 0
        func add(_ list: inout [Int], _ v: Int) { if !list.contains(v) { list.append(v) } }
        for p in t.people where seen.insert(p.value).inserted {
            guard let e = ix.employee(p.value) else { complete = false; continue }
            if ix.isExternal(e) {
                let other = e.instansi?.value ?? "?"
                if !agencies.contains(other) { agencies.append(other) }
                placed += 1
                continue
            }
            guard let u = ix.placement(e), let pr = ix.pratamaOf[u], let sub = ix.subUnitOf[u] else {
                complete = false; continue
            }
            placed += 1
            add(&pratamas, pr)
            add(&subs, sub)
        }
        guard placed > 0 else { return nil }
        func codes(_ l: [Int]) -> [String] { l.map { units[$0].kode?.value ?? units[$0].path } }
        if !agencies.isEmpty {
            return Reading(actual: .lintasInstansi, units: codes(pratamas), agencies: agencies, complete: complete)
        }
        // People from another JPT Pratama unit than the team's make the team cross units.
        if pratamas.count >= 2 || (teamPratama != nil && pratamas.contains { $0 != teamPratama }) {
            var involved = pratamas
            if let tp = teamPratama, !involved.contains(tp) { involved.insert(tp, at: 0) }
            return Reading(actual: .lintasPerangkatDaerah, units: codes(involved), agencies: [], complete: complete)
        }
        return Reading(actual: subs.count >= 2 ? .lintasBidang : .internalBidang, units: codes(subs), agencies: [],
                       complete: complete)
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
        var id: [String] = [], en: [String] = []
        if !r.units.isEmpty {
            switch r.actual {
            case .internalBidang, .lintasBidang:
                id.append("sub-unit \(list(r.units, "dan"))"); en.append("sub-unit\(r.units.count > 1 ? "s" : "") \(list(r.units, "and"))")
            case .lintasPerangkatDaerah, .lintasInstansi:
                id.append("unit JPT Pratama \(list(r.units, "dan"))"); en.append("JPT Pratama unit\(r.units.count > 1 ? "s" : "") \(list(r.units, "and"))")
            }
        }
        if !r.agencies.isEmpty {
            id.append("instansi lain \(list(r.agencies, "dan"))"); en.append("another agency \(list(r.agencies, "and"))")
        }
        return (id.joined(separator: " serta "), en.joined(separator: "; "))
    }

    /// The reading of a team whose declared `lingkup` T004 reports as wrong; nil when it is right,
    /// not declared, or cannot be judged.
    static func mismatch(_ t: Team, _ ix: AgencyIndex) -> Reading? {
        guard let declared = t.lingkup, let r = read(t, ix), r.actual != declared.value else { return nil }
        // Someone who could not be placed might widen the scope: then only a too-narrow declaration is certain.
        if !r.complete && breadth(r.actual) < breadth(declared.value) { return nil }
        return r
    }

    func check(_ c: CheckContext) {
        for t in c.agency.teams {
            guard let declared = t.lingkup, let r = Self.mismatch(t, c.index) else { continue }
            let shown = Self.describe(r)
            c.report(Diagnostic("T004", at: declared.location, path: "\(t.path).lingkup", entity: t.entity,
                                args: ["team": t.code, "declared": declared.value.rawValue, "actual": r.actual.rawValue,
                                       "units": shown.id, "units_en": shown.en]))
        }
    }
}

/// T005: fewer than `minimal_orang` distinct people, ketua included.
struct TeamSizeCheck: AgencyCheck {
    let codes = ["T005"]

    func check(_ c: CheckContext) {
        let minimum = c.param("T005", "minimal_orang")?.int ?? 2
        for t in c.agency.teams {
            let count = Set(t.people.map(\.value)).count
            guard count < minimum else { continue }
            c.report(Diagnostic("T005", at: t.anchor, path: "\(t.path).kode", entity: t.entity,
                                args: ["team": t.code, "count": String(count), "minimum": String(minimum)]))
        }
    }
}

/// T006: the same person twice in one team; at the second occurrence, a note at the first.
struct DuplicateMemberCheck: AgencyCheck {
    let codes = ["T006"]

    func check(_ c: CheckContext) {
        for t in c.agency.teams {
            var first: [String: SourceLocation] = [:]
            if let k = t.ketua { first[k.value] = k.location }
            for m in t.anggota {
                guard let f = first[m.value] else { first[m.value] = m.location; continue }
                let isKetua = m.value == t.ketua?.value
                c.report(Diagnostic("T006", variant: isKetua ? "ketua_in_anggota" : "default", at: m.location,
                                    path: "\(t.path).anggota", entity: "\(t.entity)/\(m.value)",
                                    args: ["nip": m.value, "team": t.code],
                                    notes: [DiagnosticNote("first", at: f, args: ["nip": m.value])]))
            }
        }
    }
}

/// T007: `periode.mulai` after `periode.selesai`, or the decree dated after the period ends.
struct TeamDatesCheck: AgencyCheck {
    let codes = ["T007"]

    func check(_ c: CheckContext) {
        for t in c.agency.teams {
            guard let selesai = t.periode?.selesai else { continue }
            if let mulai = t.periode?.mulai, mulai.value > selesai.value {
                c.report(Diagnostic("T007", variant: "period", at: mulai.location, path: "\(t.path).periode.mulai",
                                    entity: t.entity,
                                    args: ["team": t.code, "mulai": mulai.value.description, "selesai": selesai.value.description]))
            }
            if let tanggal = t.penetapan?.tanggal, tanggal.value > selesai.value {
                c.report(Diagnostic("T007", variant: "decree", at: tanggal.location, path: "\(t.path).penetapan.tanggal",
                                    entity: t.entity,
                                    args: ["team": t.code, "tanggal": tanggal.value.description, "selesai": selesai.value.description]))
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
        var teamsAt: [Int: [Int]] = [:]
        for (i, t) in c.agency.teams.enumerated() {
            guard let oleh = t.penetapan?.oleh, ix.employeeByNIP[oleh.value] != nil,
                  let u = t.unit.flatMap({ ix.unitByCode[$0.value] }) else { continue }
            teamsAt[u, default: []].append(i)
        }
        guard !teamsAt.isEmpty else { return }
        var children = [[Int]](repeating: [], count: units.count)
        var roots: [Int] = []
        for i in units.indices {
            if let p = ix.parent[i] { children[p].append(i) } else { roots.append(i) }
        }
        var onPath: [String: Int] = [:]
        var heads = 0
        var wrong: [Int] = []
        // (unit, entering): exit events undo the unit's head.
        var stack: [(Int, Bool)] = roots.reversed().map { ($0, true) }
        while let (u, entering) = stack.popLast() {
            let head = units[u].pimpinan?.value
            guard entering else {
                if let h = head { onPath[h, default: 1] -= 1; heads -= 1 }
                continue
            }
            if let h = head { onPath[h, default: 0] += 1; heads += 1 }
            // No head anywhere above the team: nothing to compare with (O002 reports the units).
            for ti in teamsAt[u] ?? [] where heads > 0 {
                if let oleh = c.agency.teams[ti].penetapan?.oleh?.value, (onPath[oleh] ?? 0) == 0 { wrong.append(ti) }
            }
            stack.append((u, false))
            for ch in children[u].reversed() { stack.append((ch, true)) }
        }
        for ti in wrong.sorted() {
            let t = c.agency.teams[ti]
            guard let oleh = t.penetapan?.oleh, let signer = ix.employee(oleh.value), let ref = t.unit else { continue }
            c.report(Diagnostic("T008", at: oleh.location, path: "\(t.path).penetapan.oleh", entity: t.entity,
                                args: ["team": t.code, "nip": oleh.value, "unit": ref.value],
                                notes: [DiagnosticNote("employee", at: signer.location, args: ["nip": oleh.value])]))
        }
    }
}

/// K rules. Each check reports only codes of its family.
let ketuaChecks: [any AgencyCheck] = [
    KetuaPostCheck(), KetuaExternalCheck(), KetuaMinimumGradeCheck(), KetuaTeamCountCheck(),
    KetuaMissingForCascadeCheck(), KetuaGradeBelowMemberCheck(),
]

/// K001: the ketua's `jenis_jabatan` is not in param `jenis_jabatan_ketua`.
struct KetuaPostCheck: AgencyCheck {
    let codes = ["K001"]

    /// The post types K001 accepts for a ketua (param `jenis_jabatan_ketua`, after pack and config).
    static func allowedPosts(_ rules: ActiveRules) -> [String] {
        let v = rules.rule("K001")?.params["jenis_jabatan_ketua"]
        return (v == .null ? nil : v?.stringList) ?? ["fungsional", "pelaksana"]
    }

    /// What K001 makes of a team's ketua.
    enum Verdict: Equatable {
        /// No `ketua`, or one K001 cannot judge (not in the employee list, no `jenis_jabatan`).
        case noKetua, unknown
        /// A post type K001 accepts.
        case eligible
        /// A post type K001 flags.
        case flagged(JenisJabatan)
    }

    /// The post types of `allowed` (names that are no post type are never held).
    static func allowedSet(_ allowed: some Sequence<String>) -> Set<JenisJabatan> {
        Set(allowed.compactMap(JenisJabatan.init(rawValue:)))
    }

    /// What K001 makes of team `t`'s ketua; `allowed` from ``allowedSet(_:)``.
    static func verdict(team t: TeamID, _ index: AgencyIndex, allowed: Set<JenisJabatan>) -> Verdict {
        guard index.agency.teams[t].ketua != nil else { return .noKetua }
        guard let k = index.ketua(of: t), let jenis = index.agency.employees[k].jenisJabatan?.value else {
            return .unknown
        }
        return allowed.contains(jenis) ? .eligible : .flagged(jenis)
    }

    func check(_ c: CheckContext) {
        guard c.isEnabled("K001") else { return }
        let allowed = Self.allowedPosts(c.rules)
        let allowedSet = Self.allowedSet(allowed)
        let index = c.index
        let teams = c.agency.teams
        for t in index.teamIDs {
            guard case .flagged(let jenis) = Self.verdict(team: t, index, allowed: allowedSet),
                let k = teams[t].ketua, let e = index.ketua(of: t)
            else { continue }
            c.report(
                Diagnostic(
                    "K001", at: k.location, path: "\(teams[t].path).ketua", entity: teams[t].entity,
                    args: ["team": teams[t].code, "nip": k.value, "jenis": jenis.rawValue].merging(
                        MessageTemplate.listArguments("allowed", allowed)
                    ) { a, _ in a },
                    notes: [DiagnosticNote("employee", at: c.agency.employees[e].location, args: ["nip": k.value])]))
        }
    }
}

/// K002: the ketua is an employee of another agency.
struct KetuaExternalCheck: AgencyCheck {
    let codes = ["K002"]

    func check(_ c: CheckContext) {
        let index = c.index
        let teams = c.agency.teams
        let employees = c.agency.employees
        for t in index.teamIDs {
            guard let e = index.ketua(of: t), index.isExternal(e), let k = teams[t].ketua else { continue }
            c.report(
                Diagnostic(
                    "K002", at: k.location, path: "\(teams[t].path).ketua", entity: teams[t].entity,
                    args: ["team": teams[t].code, "nip": k.value, "instansi": employees[e].instansi?.value ?? "?"],
                    notes: [DiagnosticNote("employee", at: employees[e].location, args: ["nip": k.value])]))
        }
    }
}

/// K003: the ketua's jenjang is below param `jenjang_minimum` (same ladder only). Off until set.
struct KetuaMinimumGradeCheck: AgencyCheck {
    let codes = ["K003"]

    func check(_ c: CheckContext) {
        guard c.isEnabled("K003"), let text = c.param("K003", "jenjang_minimum")?.string,
            let minimum = Jenjang(rawValue: text)
        else { return }
        let index = c.index
        let teams = c.agency.teams
        let employees = c.agency.employees
        for t in index.teamIDs {
            guard let e = index.ketua(of: t), let j = employees[e].jenjang?.value, j.ladder == minimum.ladder,
                j.rank < minimum.rank,
                let k = teams[t].ketua
            else { continue }
            c.report(
                Diagnostic(
                    "K003", at: k.location, path: "\(teams[t].path).ketua", entity: teams[t].entity,
                    args: ["team": teams[t].code, "nip": k.value, "jenjang": j.rawValue, "minimum": minimum.rawValue],
                    notes: [DiagnosticNote("employee", at: employees[e].location, args: ["nip": k.value])]))
        }
    }
}

/// K004: a person leads more teams than param `maks_tim_dipimpin`. One finding at the `ketua` of each
/// team beyond the limit (file order), notes at the teams before it.
struct KetuaTeamCountCheck: AgencyCheck {
    let codes = ["K004"]
    /// At most this many team codes in the message and notes per finding.
    static let listed = 10

    func check(_ c: CheckContext) {
        guard c.isEnabled("K004"), let maximum = c.param("K004", "maks_tim_dipimpin")?.int, maximum >= 0 else { return }
        var led: [String: [Int]] = [:]
        var order: [String] = []
        let teams = c.agency.teams
        for i in teams.indices {
            guard let k = teams[i].ketua?.value else { continue }
            if led[k] == nil { order.append(k) }
            led[k, default: []].append(i)
        }
        for nip in order {
            guard let teams = led[nip], teams.count > maximum else { continue }
            let all = teams.map { c.agency.teams[$0] }
            // Bounded so that one person leading thousands of teams stays linear.
            let shown = all.prefix(Self.listed).map(\.code)
            let codes = shown.joined(separator: ", ") + (all.count > shown.count ? ", …" : "")
            for (n, t) in all.enumerated() where n >= maximum {
                guard let k = t.ketua else { continue }
                let notes = all[..<min(n, Self.listed)].map {
                    DiagnosticNote("team", at: $0.ketua?.location ?? $0.anchor, args: ["team": $0.code])
                }
                c.report(
                    Diagnostic(
                        "K004", at: k.location, path: "\(t.path).ketua", entity: "\(t.entity)/\(nip)",
                        args: ["nip": nip, "count": String(teams.count), "teams": codes, "maximum": String(maximum)],
                        notes: Array(notes)))
            }
        }
    }
}

/// K005: a level-1 result gives its team level-2 results (`turunan`) but the team has no ketua.
struct KetuaMissingForCascadeCheck: AgencyCheck {
    let codes = ["K005"]

    func check(_ c: CheckContext) {
        let index = c.index
        let matrices = c.agency.matrices
        let teams = c.agency.teams
        for mi in index.matrixIDs {
            let hasil = matrices[mi].hasil
            for (ri, id) in zip(hasil.indices, index.topResults(of: mi)) where !hasil[ri].turunan.isEmpty {
                guard let t = index.team(of: id), teams[t].ketua == nil, let ref = hasil[ri].tim else { continue }
                let m = matrices[mi]
                let r = hasil[ri]
                let unit = m.unit?.value ?? "?"
                let year = m.tahun.map { String($0.value) } ?? "?"
                c.report(
                    Diagnostic(
                        "K005", at: ref.location, path: "\(r.path).tim",
                        entity: "\(unit)/\(year)/\(r.kode?.value ?? r.path)",
                        args: ["result": r.kode?.value ?? "?", "unit": unit, "year": year, "team": ref.value],
                        notes: [DiagnosticNote("team", at: teams[t].anchor, args: ["team": ref.value])]))
            }
        }
    }
}

/// K006: a member's jenjang is above the ketua's on the same ladder (keahlian or keterampilan).
/// One finding per team, naming the most senior such member; notes at each such member's record.
struct KetuaGradeBelowMemberCheck: AgencyCheck {
    let codes = ["K006"]

    func check(_ c: CheckContext) {
        let index = c.index
        let teams = c.agency.teams
        let employees = c.agency.employees
        for t in index.teamIDs {
            guard let ketua = index.ketua(of: t), let kj = employees[ketua].jenjang?.value, kj.ladder != .jpt else {
                continue
            }
            var higher: [(nip: String, jenjang: Jenjang, record: SourceLocation)] = []
            // Each member once, the ketua left out.
            for member in index.members(of: t) where member.isPlainMember {
                guard let e = member.employee, let g = employees[e].jenjang?.value, g.ladder == kj.ladder,
                    g.rank > kj.rank
                else { continue }
                higher.append((teams[t].anggota[member.position].value, g, employees[e].location))
            }
            guard let top = higher.max(by: { $0.jenjang.rank < $1.jenjang.rank }), let k = teams[t].ketua else {
                continue
            }
            c.report(
                Diagnostic(
                    "K006", at: k.location, path: "\(teams[t].path).ketua", entity: teams[t].entity,
                    args: [
                        "team": teams[t].code, "nip": k.value, "jenjang": kj.rawValue,
                        "member": top.nip, "member_jenjang": top.jenjang.rawValue,
                    ],
                    notes: higher.map { DiagnosticNote("employee", at: $0.record, args: ["nip": $0.nip]) }))
        }
    }
}

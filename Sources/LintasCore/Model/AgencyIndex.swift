/// A unit and year: the key of PKs and matrices.
struct UnitYear: Hashable, Sendable {
    var unit: String
    var year: Int
}

/// Lookups over an agency, built once so every rule stays linear in the agency's size.
///
/// Besides the lookups by name it resolves, once, every name the rules follow (team people, result
/// holders and teams, placements) to typed ids (``EmployeeID``, ``TeamID``, ``UnitID``,
/// ``ResultID``...): the checks and the batch figures ask its queries (``members(of:)``,
/// ``ketua(of:)``, ``holder(of:)``, ``placement(of:)``...) instead of hashing the same strings
/// again and copying model values out of the agency. An id that names nothing (absent, unknown,
/// external) is `nil`. Inside, the answers are flat `Int32` arrays (`-1` for nothing), read only here.
struct AgencyIndex: Sendable {
    let agency: Agency
    /// First occurrence of each unit code / NIP / team code (duplicates are R001's).
    let unitByCode: [String: UnitID]
    let employeeByNIP: [String: EmployeeID]
    let teamByCode: [String: TeamID]
    /// Per unit: its parent (nil: top unit, unknown parent); its JPT Pratama unit (itself, or the
    /// nearest one above; nil: none, or in a cycle); its sub-unit of that JPT Pratama unit (the JPT
    /// Pratama unit itself for itself); its structural levels below it (0 for the JPT Pratama unit).
    private let parents: [UnitID?]
    private let pratamas: [UnitID?]
    private let subUnits: [UnitID?]
    private let depths: [Int?]
    /// Units on an `induk` cycle (R006).
    private let cycle: [Bool]
    private let agreementsByUnitYear: [UnitYear: [AgreementID]]
    private let matricesByUnitYear: [UnitYear: [MatrixID]]

    /// The index of nothing in the `Int32` arrays below.
    private static let none: Int32 = -1

    /// The agency code (``Agency/code``), read once.
    let agencyCode: String?
    /// Per employee record: whether it is the first with its NIP (the one ``employee(nip:)``
    /// gives); false for a record without NIP. Per unit / team: the same for its code.
    private let firstEmployee: [Bool]
    private let firstUnit: [Bool]
    private let firstTeam: [Bool]
    /// Per employee record: ``isExternal(_:)-(EmployeeID)``.
    private let externalEmployee: [Bool]
    /// Per employee record: its unit (-1: external, no unit, unknown unit).
    private let placements: [Int32]
    /// Per team: the first record of its ketua's NIP (-1: no ketua, unknown NIP), and its unit
    /// (-1: no unit, unknown unit).
    private let ketuas: [Int32]
    private let teamUnits: [Int32]
    /// The members (`anggota`) of team `t` are the entries `memberStart[t]..<memberStart[t + 1]`.
    private let memberStart: [Int32]
    private let memberEntries: [MemberEntry]
    /// The results of matrix `m`, every level in document order (pre-order), are the entries
    /// `resultStart[m]..<resultStart[m + 1]`: the first record of each result's `pelaksana` (-1:
    /// none, unknown) and its team (`tim`, -1: none, unknown).
    private let resultStart: [Int32]
    private let resultHolders: [Int32]
    private let resultTeams: [Int32]
    /// The number of results in each result's subtree, itself included: the next sibling of result
    /// `id` is `id + resultSizes[id]`, its first `turunan` is `id + 1`.
    private let resultSizes: [Int32]
    /// Own employees (first record of each NIP) by their JPT Pratama unit, in file order: those of
    /// unit `u` are `ownByPratama[ownByPratamaStart[u]..<ownByPratamaStart[u + 1]]`.
    private let ownByPratamaStart: [Int32]
    private let ownByPratama: [EmployeeID]

    init(_ agency: Agency) {
        self.agency = agency
        let unitList = agency.units
        let employeeList = agency.employees
        let teamList = agency.teams
        var units: [String: UnitID] = [:]
        var firstUnit = [Bool](repeating: false, count: unitList.count)
        units.reserveCapacity(unitList.count)
        for i in unitList.indices {
            if let k = unitList[i].kode?.value, AgencyIndex.insertFirst(&units, k, UnitID(i)) { firstUnit[i] = true }
        }
        unitByCode = units
        self.firstUnit = firstUnit
        var employees: [String: EmployeeID] = [:]
        employees.reserveCapacity(employeeList.count)
        var firstEmployee = [Bool](repeating: false, count: employeeList.count)
        for i in employeeList.indices {
            if let k = employeeList[i].nip?.value, AgencyIndex.insertFirst(&employees, k, EmployeeID(i)) {
                firstEmployee[i] = true
            }
        }
        employeeByNIP = employees
        self.firstEmployee = firstEmployee
        var teams: [String: TeamID] = [:]
        teams.reserveCapacity(teamList.count)
        var firstTeam = [Bool](repeating: false, count: teamList.count)
        for i in teamList.indices {
            if let k = teamList[i].kode?.value, AgencyIndex.insertFirst(&teams, k, TeamID(i)) { firstTeam[i] = true }
        }
        teamByCode = teams
        self.firstTeam = firstTeam
        let parent: [Int?] = unitList.map { u in u.induk.flatMap { units[$0.value]?.offset } }
        parents = parent.map { $0.map(UnitID.init) }

        let n = unitList.count
        var pratama = [Int?](repeating: nil, count: n)
        var sub = [Int?](repeating: nil, count: n)
        var depth = [Int?](repeating: nil, count: n)
        var cycle = [Bool](repeating: false, count: n)
        var done = [Bool](repeating: false, count: n)
        var onPath = [Bool](repeating: false, count: n)
        for start in 0..<n where !done[start] {
            // Walk up until a resolved unit, a JPT Pratama unit, a top unit or a cycle.
            var path: [Int] = []
            var cur: Int? = start
            while let c = cur, !done[c] {
                if onPath[c] {
                    if let at = path.firstIndex(of: c) { for k in path[at...] { cycle[k] = true } }
                    break
                }
                onPath[c] = true
                path.append(c)
                if unitList[c].isJPTPratama { break }
                cur = parent[c]
            }
            // Resolve from the top of the walked path down.
            for c in path.reversed() {
                onPath[c] = false
                done[c] = true
                if cycle[c] { continue }
                if unitList[c].isJPTPratama {
                    pratama[c] = c
                    sub[c] = c
                    depth[c] = 0
                } else if let p = parent[c], let pp = pratama[p], !cycle[p] {
                    pratama[c] = pp
                    sub[c] = sub[p] == pp ? c : sub[p]
                    depth[c] = (depth[p] ?? 0) + 1
                }
            }
        }
        // Cycles on the whole `induk` graph (the walk above stops at JPT Pratama units).
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on the current walk, 2 finished
        for start in 0..<n where state[start] == 0 {
            var path: [Int] = []
            var cur: Int? = start
            while let c = cur, state[c] != 2 {
                if state[c] == 1 {
                    if let at = path.firstIndex(of: c) { for k in path[at...] { cycle[k] = true } }
                    break
                }
                state[c] = 1
                path.append(c)
                cur = parent[c]
            }
            for c in path { state[c] = 2 }
        }
        for c in 0..<n where cycle[c] {
            pratama[c] = nil
            sub[c] = nil
            depth[c] = nil
        }
        pratamas = pratama.map { $0.map(UnitID.init) }
        subUnits = sub.map { $0.map(UnitID.init) }
        depths = depth
        self.cycle = cycle

        var pk: [UnitYear: [AgreementID]] = [:]
        for (i, a) in agency.agreements.enumerated() {
            if let u = a.unit?.value, let y = a.tahun?.value {
                pk[UnitYear(unit: u, year: y), default: []].append(AgreementID(i))
            }
        }
        agreementsByUnitYear = pk
        var mx: [UnitYear: [MatrixID]] = [:]
        for (i, m) in agency.matrices.enumerated() {
            if let u = m.unit?.value, let y = m.tahun?.value {
                mx[UnitYear(unit: u, year: y), default: []].append(MatrixID(i))
            }
        }
        matricesByUnitYear = mx

        // Employees: external or placed, and the own ones by JPT Pratama unit.
        let code = agency.instansi.first?.kode?.value
        agencyCode = code
        var external = [Bool](repeating: false, count: employeeList.count)
        var placement = [Int32](repeating: AgencyIndex.none, count: employeeList.count)
        var ownCount = [Int32](repeating: 0, count: n + 1)
        for i in employeeList.indices {
            if let other = employeeList[i].instansi?.value, other != code {
                external[i] = true
                continue
            }
            guard let u = employeeList[i].unit?.value, let ui = units[u]?.offset else { continue }
            placement[i] = Int32(ui)
            if firstEmployee[i], let p = pratama[ui] { ownCount[p + 1] += 1 }
        }
        externalEmployee = external
        placements = placement
        for u in 0..<n { ownCount[u + 1] += ownCount[u] }
        var own = [EmployeeID](repeating: EmployeeID(0), count: Int(ownCount[n]))
        var fill = ownCount
        for i in employeeList.indices where firstEmployee[i] && placement[i] >= 0 {
            guard let p = pratama[Int(placement[i])] else { continue }
            own[Int(fill[p])] = EmployeeID(i)
            fill[p] += 1
        }
        ownByPratamaStart = ownCount
        ownByPratama = own

        // Team people.
        func record(_ nip: String?) -> Int32 {
            guard let nip, let e = employees[nip] else { return AgencyIndex.none }
            return e.raw
        }
        var ketua = [Int32](repeating: AgencyIndex.none, count: teamList.count)
        var teamUnit = [Int32](repeating: AgencyIndex.none, count: teamList.count)
        var memberStart = [Int32](repeating: 0, count: teamList.count + 1)
        var memberCount = 0
        for t in teamList.indices {
            memberCount += teamList[t].anggota.count
            memberStart[t + 1] = Int32(memberCount)
        }
        var entries = [MemberEntry](
            repeating: MemberEntry(record: AgencyIndex.none, first: AgencyIndex.none, flags: []), count: memberCount)
        // The team and position where each record was last seen as a member.
        var seenIn = [Int32](repeating: AgencyIndex.none, count: employeeList.count)
        var seenAt = [Int32](repeating: 0, count: employeeList.count)
        for t in teamList.indices {
            let kv = teamList[t].ketua?.value
            let k = record(kv)
            ketua[t] = k
            if let u = teamList[t].unit?.value, let ui = units[u] { teamUnit[t] = ui.raw }
            let base = Int(memberStart[t])
            var unknown: [String: Int32]? = nil
            let anggota = teamList[t].anggota
            for j in anggota.indices {
                let value = anggota[j].value
                let r = record(value)
                entries[base + j].record = r
                var flags: MemberFlags = []
                if r >= 0 {
                    if k == r { flags.insert(.isKetua) }
                    if seenIn[Int(r)] == Int32(t) {
                        flags.insert(.repeatsMember)
                        entries[base + j].first = seenAt[Int(r)]
                    } else {
                        seenIn[Int(r)] = Int32(t)
                        seenAt[Int(r)] = Int32(j)
                    }
                } else {
                    // An unknown NIP: equal only to the same unknown text.
                    if k < 0, let kv, kv == value { flags.insert(.isKetua) }
                    if let f = unknown?[value] {
                        flags.insert(.repeatsMember)
                        entries[base + j].first = f
                    } else {
                        unknown = unknown ?? [:]
                        unknown![value] = Int32(j)
                    }
                }
                entries[base + j].flags = flags
            }
        }
        ketuas = ketua
        teamUnits = teamUnit
        self.memberStart = memberStart
        memberEntries = entries

        // Matrix results, pre-order.
        var resultStart = [Int32](repeating: 0, count: agency.matrices.count + 1)
        var holders: [Int32] = []
        var resultTeams: [Int32] = []
        var sizes: [Int32] = []
        func visit(_ results: [MatrixResult]) {
            for i in results.indices {
                let id = holders.count
                holders.append(record(results[i].pelaksana?.value))
                if let tim = results[i].tim?.value, let ti = teams[tim] {
                    resultTeams.append(ti.raw)
                } else {
                    resultTeams.append(AgencyIndex.none)
                }
                sizes.append(1)
                if !results[i].turunan.isEmpty {
                    visit(results[i].turunan)
                    sizes[id] = Int32(holders.count - id)
                }
            }
        }
        let matrixList = agency.matrices
        for m in matrixList.indices {
            visit(matrixList[m].hasil)
            resultStart[m + 1] = Int32(holders.count)
        }
        self.resultStart = resultStart
        resultHolders = holders
        self.resultTeams = resultTeams
        resultSizes = sizes
    }

    /// Inserts `key` with `value` unless it is there: true when it was inserted (one hash).
    @inline(__always)
    static func insertFirst<ID>(_ d: inout [String: ID], _ key: String, _ value: ID) -> Bool {
        let before = d.count
        touch(&d[key, default: value])
        return d.count != before
    }

    @inline(__always)
    private static func touch<ID>(_ v: inout ID) {}

    @inline(__always)
    private static func id<Model>(_ raw: Int32) -> ModelID<Model>? { raw < 0 ? nil : ModelID(Int(raw)) }
}

// MARK: - Lookups by name

extension AgencyIndex {
    /// The unit / first employee record / team a name gives (nil: no name, unknown).
    func unit(code: String?) -> UnitID? { code.flatMap { unitByCode[$0] } }
    func employee(nip: String?) -> EmployeeID? { nip.flatMap { employeeByNIP[$0] } }
    func team(code: String?) -> TeamID? { code.flatMap { teamByCode[$0] } }

    /// The unit / first employee record / team a name gives, as a value.
    func unit(_ code: String?) -> Unit? { unit(code: code).map { agency.units[$0] } }
    func employee(_ nip: String?) -> Employee? { employee(nip: nip).map { agency.employees[$0] } }
    func team(_ code: String?) -> Team? { team(code: code).map { agency.teams[$0] } }

    /// Every unit code / NIP / team code of the agency, once.
    var unitCodes: Dictionary<String, UnitID>.Keys { unitByCode.keys }
    var nips: Dictionary<String, EmployeeID>.Keys { employeeByNIP.keys }
    var teamCodes: Dictionary<String, TeamID>.Keys { teamByCode.keys }

    /// Every id of the agency's units / employee records / teams / PKs / matrices, in file order.
    var unitIDs: Range<UnitID> { UnitID(0)..<UnitID(agency.units.count) }
    var employeeIDs: Range<EmployeeID> { EmployeeID(0)..<EmployeeID(agency.employees.count) }
    var teamIDs: Range<TeamID> { TeamID(0)..<TeamID(agency.teams.count) }
    var agreementIDs: Range<AgreementID> { AgreementID(0)..<AgreementID(agency.agreements.count) }
    var matrixIDs: Range<MatrixID> { MatrixID(0)..<MatrixID(agency.matrices.count) }

    /// Whether a record is the first with its NIP / code (later ones are R001's duplicates).
    func isFirst(_ e: EmployeeID) -> Bool { firstEmployee[e.offset] }
    func isFirst(_ u: UnitID) -> Bool { firstUnit[u.offset] }
    func isFirst(_ t: TeamID) -> Bool { firstTeam[t.offset] }

    /// The PKs / matrices of a unit and year, in file order (empty: none).
    func agreements(of key: UnitYear) -> [AgreementID] { agreementsByUnitYear[key] ?? [] }
    func matrices(of key: UnitYear) -> [MatrixID] { matricesByUnitYear[key] ?? [] }
    /// Whether some PK / matrix has this unit and year.
    func hasAgreement(_ key: UnitYear) -> Bool { agreementsByUnitYear[key] != nil }
    func hasMatrix(_ key: UnitYear) -> Bool { matricesByUnitYear[key] != nil }
    /// Every unit and year some PK has.
    var agreementUnitYears: Dictionary<UnitYear, [AgreementID]>.Keys { agreementsByUnitYear.keys }

    /// Whether matrix `m` is the first for its unit and year (later ones are M013's). A matrix
    /// without unit or year counts as first.
    func isFirst(_ m: MatrixID) -> Bool {
        let matrix = agency.matrices[m]
        guard let u = matrix.unit?.value, let y = matrix.tahun?.value else { return true }
        return matricesByUnitYear[UnitYear(unit: u, year: y)]?.first == m
    }
}

// MARK: - Units

extension AgencyIndex {
    /// The unit's `induk` (nil: a top unit, or an unknown parent).
    func parent(of u: UnitID) -> UnitID? { parents[u.offset] }
    /// The unit's JPT Pratama unit: itself, or the nearest one above (nil: none, or on a cycle).
    func pratama(of u: UnitID) -> UnitID? { pratamas[u.offset] }
    /// The unit's sub-unit of its JPT Pratama unit (that unit itself for itself).
    func subUnit(of u: UnitID) -> UnitID? { subUnits[u.offset] }
    /// Structural levels below the unit's JPT Pratama unit (0 for that unit; nil: none).
    func depthBelowPratama(of u: UnitID) -> Int? { depths[u.offset] }
    /// Whether the unit is on an `induk` cycle (R006).
    func isOnCycle(_ u: UnitID) -> Bool { cycle[u.offset] }
    /// The first record of the unit head's NIP (nil: no `pimpinan`, unknown NIP).
    func head(of u: UnitID) -> EmployeeID? { employee(nip: agency.units[u].pimpinan?.value) }

    /// Own employees (first records) of JPT Pratama unit `u`, in file order.
    func ownEmployees(ofPratama u: UnitID) -> ArraySlice<EmployeeID> {
        ownByPratama[Int(ownByPratamaStart[u.offset])..<Int(ownByPratamaStart[u.offset + 1])]
    }
}

// MARK: - Employees

extension AgencyIndex {
    /// Whether the record belongs to another agency.
    func isExternal(_ e: EmployeeID) -> Bool { externalEmployee[e.offset] }

    /// Whether an employee belongs to another agency.
    func isExternal(_ e: Employee) -> Bool {
        guard let other = e.instansi?.value else { return false }
        return other != agencyCode
    }

    /// The unit an own employee is placed in (nil: external, no unit, unknown unit).
    func placement(of e: EmployeeID) -> UnitID? { AgencyIndex.id(placements[e.offset]) }

    /// The JPT Pratama unit an own employee belongs to (nil: external, not placed, none).
    func pratama(of e: EmployeeID) -> UnitID? { placement(of: e).flatMap { pratama(of: $0) } }
}

// MARK: - Teams

/// What an `anggota` entry is besides a member.
struct MemberFlags: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    /// The entry repeats an earlier member of the team (the same NIP, or the same unknown text).
    static let repeatsMember = MemberFlags(rawValue: 1)
    /// The entry is the team's ketua.
    static let isKetua = MemberFlags(rawValue: 2)
}

/// One `anggota` entry of a team, resolved.
struct TeamMember: Sendable, Hashable {
    /// The entry's position in ``Team/anggota``.
    let position: Int
    /// The first record of the entry's NIP (nil: unknown NIP).
    let employee: EmployeeID?
    let flags: MemberFlags
    /// For a repeat (``MemberFlags/repeatsMember``): the position of the first entry it repeats.
    let firstPosition: Int?

    /// Not a repeat: each member once, the ketua included when listed.
    var isFirstMention: Bool { !flags.contains(.repeatsMember) }
    /// Neither a repeat nor the ketua: each member once, the ketua left out.
    var isPlainMember: Bool { flags.isEmpty }
}

/// A team's `anggota` entries, resolved (``AgencyIndex/members(of:)``).
struct TeamMembers: RandomAccessCollection, Sendable {
    fileprivate let entries: ArraySlice<MemberEntry>

    var startIndex: Int { 0 }
    var endIndex: Int { entries.count }

    subscript(position: Int) -> TeamMember {
        let entry = entries[entries.startIndex + position]
        return TeamMember(
            position: position, employee: entry.record < 0 ? nil : EmployeeID(Int(entry.record)), flags: entry.flags,
            firstPosition: entry.first < 0 ? nil : Int(entry.first))
    }
}

/// The stored form of a ``TeamMember``: 12 bytes.
struct MemberEntry: Sendable {
    var record: Int32
    var first: Int32
    var flags: MemberFlags
}

extension AgencyIndex {
    /// The first record of the team's ketua's NIP (nil: no ketua, unknown NIP).
    func ketua(of t: TeamID) -> EmployeeID? { AgencyIndex.id(ketuas[t.offset]) }
    /// The team's unit (nil: no unit, unknown unit).
    func unit(of t: TeamID) -> UnitID? { AgencyIndex.id(teamUnits[t.offset]) }
    /// The team's `anggota` entries, in order.
    func members(of t: TeamID) -> TeamMembers {
        TeamMembers(entries: memberEntries[Int(memberStart[t.offset])..<Int(memberStart[t.offset + 1])])
    }
    /// Distinct people of the team: the ketua and each member's NIP once.
    func peopleCount(of t: TeamID) -> Int {
        var count = agency.teams[t].ketua == nil ? 0 : 1
        for member in members(of: t) where member.isPlainMember { count += 1 }
        return count
    }
}

// MARK: - Matrix results

/// Sibling results (a matrix's level-1 results, or a result's `turunan`), in order: found by the
/// subtree sizes, so they pair with the model's list of the same results.
struct SiblingResults: Sequence, Sendable {
    fileprivate let sizes: [Int32]
    fileprivate let start: Int
    fileprivate let end: Int

    struct Iterator: IteratorProtocol {
        fileprivate let sizes: [Int32]
        fileprivate var position: Int
        fileprivate let end: Int

        mutating func next() -> ResultID? {
            guard position < end else { return nil }
            let id = ResultID(position)
            position += Int(sizes[position])
            return id
        }
    }

    func makeIterator() -> Iterator { Iterator(sizes: sizes, position: start, end: end) }
}

extension AgencyIndex {
    /// Every result of the matrix, at every level, in document order.
    func results(of m: MatrixID) -> Range<ResultID> {
        ResultID(Int(resultStart[m.offset]))..<ResultID(Int(resultStart[m.offset + 1]))
    }
    /// The matrix's level-1 results (``Matrix/hasil``), in order.
    func topResults(of m: MatrixID) -> SiblingResults {
        SiblingResults(sizes: resultSizes, start: Int(resultStart[m.offset]), end: Int(resultStart[m.offset + 1]))
    }
    /// The result's `turunan`, in order.
    func children(of r: ResultID) -> SiblingResults {
        SiblingResults(sizes: resultSizes, start: r.offset + 1, end: r.offset + Int(resultSizes[r.offset]))
    }
    /// The first record of the result's `pelaksana` (nil: none, unknown NIP).
    func holder(of r: ResultID) -> EmployeeID? { AgencyIndex.id(resultHolders[r.offset]) }
    /// The result's team (`tim`; nil: none, unknown code).
    func team(of r: ResultID) -> TeamID? { AgencyIndex.id(resultTeams[r.offset]) }
}

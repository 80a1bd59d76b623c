/// A unit and year: the key of PKs and matrices.
public struct UnitYear: Hashable, Sendable {
    public var unit: String
    public var year: Int
}

/// Lookups over an agency, built once so every rule stays linear in the agency's size.
///
/// Besides the lookups by name it resolves, once, every name the rules follow (team people, result
/// holders and teams, placements) to indices: the checks and the batch figures then work on `Int32`
/// arrays instead of hashing the same strings again and copying model values out of the agency.
/// `-1` (``AgencyIndex/none``) is "names nothing" (absent, unknown, external).
public struct AgencyIndex: Sendable {
    public let agency: Agency
    /// First occurrence of each unit code / NIP / team code (duplicates are R001's).
    public let unitByCode: [String: Int]
    public let employeeByNIP: [String: Int]
    public let teamByCode: [String: Int]
    /// Parent unit index of each unit (nil: top unit, unknown parent).
    public let parent: [Int?]
    /// Each unit's JPT Pratama unit: itself, or the nearest one above (nil: none, or in a cycle).
    public let pratamaOf: [Int?]
    /// Each unit's sub-unit of its JPT Pratama unit (the JPT Pratama unit itself for itself).
    public let subUnitOf: [Int?]
    /// Structural levels below its JPT Pratama unit (0 for the JPT Pratama unit).
    public let depthBelowPratama: [Int?]
    /// Units on an `induk` cycle (R006).
    public let inCycle: [Bool]
    public let agreementsByUnitYear: [UnitYear: [Int]]
    public let matricesByUnitYear: [UnitYear: [Int]]
    /// Unit indices each NIP heads (`pimpinan`).
    public let unitsHeadedBy: [String: [Int]]

    /// The index of nothing in the `Int32` arrays below.
    public static let none: Int32 = -1

    /// The agency code (``Agency/code``), read once.
    public let agencyCode: String?
    /// Per employee record: whether it is the first with its NIP (the one ``employeeByNIP`` gives);
    /// false for a record without NIP.
    public let isFirstEmployee: [Bool]
    /// Per unit / team: whether it is the first with its code (false without code).
    public let isFirstUnit: [Bool]
    public let isFirstTeam: [Bool]
    /// Per employee record: ``isExternal(_:)``.
    public let isExternalEmployee: [Bool]
    /// Per employee record: ``placement(_:)`` (-1: external, no unit, unknown unit).
    public let placementOf: [Int32]
    /// Per team: the first record of its ketua's NIP (-1: no ketua, unknown NIP), and its unit's
    /// index (-1: no unit, unknown unit).
    public let ketuaOf: [Int32]
    public let teamUnit: [Int32]
    /// The members (`anggota`) of team `t` are the entries `memberStart[t]..<memberStart[t + 1]` of
    /// the member arrays: the first record of each member's NIP (-1: unknown), whether the entry
    /// repeats an earlier member of the team (``memberRepeatsMember``) or is the ketua
    /// (``memberIsKetua``), and for a repeat the position of the first entry in `anggota`.
    public let memberStart: [Int32]
    public let memberRecord: [Int32]
    public let memberRepeat: [UInt8]
    public let memberFirst: [Int32]
    public static let memberRepeatsMember: UInt8 = 1
    public static let memberIsKetua: UInt8 = 2
    /// The results of matrix `m`, every level in document order (pre-order), are the entries
    /// `resultStart[m]..<resultStart[m + 1]`: the first record of each result's `pelaksana` (-1:
    /// none, unknown) and its team (`tim`, -1: none, unknown).
    public let resultStart: [Int32]
    public let resultHolder: [Int32]
    public let resultTeam: [Int32]
    /// The number of results in each result's subtree, itself included: the next sibling of result
    /// `id` is `id + resultSize[id]`, its first `turunan` is `id + 1`.
    public let resultSize: [Int32]
    /// Own employees (first record of each NIP) by their JPT Pratama unit, in file order: those of
    /// unit `u` are `ownByPratama[ownByPratamaStart[u]..<ownByPratamaStart[u + 1]]`.
    public let ownByPratamaStart: [Int32]
    public let ownByPratama: [Int32]

    public init(_ agency: Agency) {
        self.agency = agency
        let unitList = agency.units
        let employeeList = agency.employees
        let teamList = agency.teams
        var units: [String: Int] = [:]
        var firstUnit = [Bool](repeating: false, count: unitList.count)
        units.reserveCapacity(unitList.count)
        for i in unitList.indices {
            if let k = unitList[i].kode?.value, AgencyIndex.insertFirst(&units, k, i) { firstUnit[i] = true }
        }
        unitByCode = units
        isFirstUnit = firstUnit
        var employees: [String: Int] = [:]
        employees.reserveCapacity(employeeList.count)
        var firstEmployee = [Bool](repeating: false, count: employeeList.count)
        for i in employeeList.indices {
            if let k = employeeList[i].nip?.value, AgencyIndex.insertFirst(&employees, k, i) { firstEmployee[i] = true }
        }
        employeeByNIP = employees
        isFirstEmployee = firstEmployee
        var teams: [String: Int] = [:]
        teams.reserveCapacity(teamList.count)
        var firstTeam = [Bool](repeating: false, count: teamList.count)
        for i in teamList.indices {
            if let k = teamList[i].kode?.value, AgencyIndex.insertFirst(&teams, k, i) { firstTeam[i] = true }
        }
        teamByCode = teams
        isFirstTeam = firstTeam
        let parent: [Int?] = unitList.map { u in u.induk.flatMap { units[$0.value] } }
        self.parent = parent

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
        pratamaOf = pratama
        subUnitOf = sub
        depthBelowPratama = depth
        inCycle = cycle

        var pk: [UnitYear: [Int]] = [:]
        for (i, a) in agency.agreements.enumerated() {
            if let u = a.unit?.value, let y = a.tahun?.value { pk[UnitYear(unit: u, year: y), default: []].append(i) }
        }
        agreementsByUnitYear = pk
        var mx: [UnitYear: [Int]] = [:]
        for (i, m) in agency.matrices.enumerated() {
            if let u = m.unit?.value, let y = m.tahun?.value { mx[UnitYear(unit: u, year: y), default: []].append(i) }
        }
        matricesByUnitYear = mx
        var heads: [String: [Int]] = [:]
        for i in unitList.indices {
            if let p = unitList[i].pimpinan?.value { heads[p, default: []].append(i) }
        }
        unitsHeadedBy = heads

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
            guard let u = employeeList[i].unit?.value, let ui = units[u] else { continue }
            placement[i] = Int32(ui)
            if firstEmployee[i], let p = pratama[ui] { ownCount[p + 1] += 1 }
        }
        isExternalEmployee = external
        placementOf = placement
        for u in 0..<n { ownCount[u + 1] += ownCount[u] }
        var own = [Int32](repeating: 0, count: Int(ownCount[n]))
        var fill = ownCount
        for i in employeeList.indices where firstEmployee[i] && placement[i] >= 0 {
            guard let p = pratama[Int(placement[i])] else { continue }
            own[Int(fill[p])] = Int32(i)
            fill[p] += 1
        }
        ownByPratamaStart = ownCount
        ownByPratama = own

        // Team people.
        func record(_ nip: String?) -> Int32 {
            guard let nip, let e = employees[nip] else { return AgencyIndex.none }
            return Int32(e)
        }
        var ketua = [Int32](repeating: AgencyIndex.none, count: teamList.count)
        var teamUnit = [Int32](repeating: AgencyIndex.none, count: teamList.count)
        var memberStart = [Int32](repeating: 0, count: teamList.count + 1)
        var memberCount = 0
        for t in teamList.indices {
            memberCount += teamList[t].anggota.count
            memberStart[t + 1] = Int32(memberCount)
        }
        var members = [Int32](repeating: AgencyIndex.none, count: memberCount)
        var repeats = [UInt8](repeating: 0, count: memberCount)
        var firsts = [Int32](repeating: AgencyIndex.none, count: memberCount)
        // The team and position where each record was last seen as a member.
        var seenIn = [Int32](repeating: AgencyIndex.none, count: employeeList.count)
        var seenAt = [Int32](repeating: 0, count: employeeList.count)
        for t in teamList.indices {
            let kv = teamList[t].ketua?.value
            let k = record(kv)
            ketua[t] = k
            if let u = teamList[t].unit?.value, let ui = units[u] { teamUnit[t] = Int32(ui) }
            let base = Int(memberStart[t])
            var unknown: [String: Int32]? = nil
            let anggota = teamList[t].anggota
            for j in anggota.indices {
                let value = anggota[j].value
                let r = record(value)
                members[base + j] = r
                var flags: UInt8 = 0
                if r >= 0 {
                    if k == r { flags |= AgencyIndex.memberIsKetua }
                    if seenIn[Int(r)] == Int32(t) {
                        flags |= AgencyIndex.memberRepeatsMember
                        firsts[base + j] = seenAt[Int(r)]
                    } else {
                        seenIn[Int(r)] = Int32(t)
                        seenAt[Int(r)] = Int32(j)
                    }
                } else {
                    // An unknown NIP: equal only to the same unknown text.
                    if k < 0, let kv, kv == value { flags |= AgencyIndex.memberIsKetua }
                    if let f = unknown?[value] {
                        flags |= AgencyIndex.memberRepeatsMember
                        firsts[base + j] = f
                    } else {
                        unknown = unknown ?? [:]
                        unknown![value] = Int32(j)
                    }
                }
                repeats[base + j] = flags
            }
        }
        ketuaOf = ketua
        self.teamUnit = teamUnit
        self.memberStart = memberStart
        memberRecord = members
        memberRepeat = repeats
        memberFirst = firsts

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
                    resultTeams.append(Int32(ti))
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
        resultHolder = holders
        resultTeam = resultTeams
        resultSize = sizes
    }

    /// Inserts `key` with `value` unless it is there: true when it was inserted (one hash).
    @inline(__always)
    static func insertFirst(_ d: inout [String: Int], _ key: String, _ value: Int) -> Bool {
        let before = d.count
        touch(&d[key, default: value])
        return d.count != before
    }

    @inline(__always)
    private static func touch(_ v: inout Int) {}

    public func unit(_ code: String?) -> Unit? {
        guard let c = code, let i = unitByCode[c] else { return nil }
        return agency.units[i]
    }

    public func employee(_ nip: String?) -> Employee? {
        guard let n = nip, let i = employeeByNIP[n] else { return nil }
        return agency.employees[i]
    }

    public func team(_ code: String?) -> Team? {
        guard let c = code, let i = teamByCode[c] else { return nil }
        return agency.teams[i]
    }

    /// The index of the unit / first employee record / team a name gives (no copy of the value).
    public func unitIndex(_ code: String?) -> Int? { code.flatMap { unitByCode[$0] } }
    public func employeeIndex(_ nip: String?) -> Int? { nip.flatMap { employeeByNIP[$0] } }
    public func teamIndex(_ code: String?) -> Int? { code.flatMap { teamByCode[$0] } }

    /// Whether an employee belongs to another agency.
    public func isExternal(_ e: Employee) -> Bool {
        guard let other = e.instansi?.value else { return false }
        return other != agencyCode
    }

    /// The unit index an own employee is placed in.
    public func placement(_ e: Employee) -> Int? {
        guard !isExternal(e), let u = e.unit?.value else { return nil }
        return unitByCode[u]
    }

    /// The JPT Pratama unit (index) an own employee belongs to.
    public func pratamaUnit(of e: Employee) -> Int? {
        placement(e).flatMap { pratamaOf[$0] }
    }

    /// The JPT Pratama unit (index) of employee record `e` (nil: external, not placed, none).
    public func pratamaUnit(ofRecord e: Int) -> Int? {
        let u = placementOf[e]
        return u < 0 ? nil : pratamaOf[Int(u)]
    }

    /// The members' entries of team `t` in the member arrays.
    public func members(ofTeam t: Int) -> Range<Int> { Int(memberStart[t])..<Int(memberStart[t + 1]) }

    /// The results' entries of matrix `m` in the result arrays.
    public func results(ofMatrix m: Int) -> Range<Int> { Int(resultStart[m])..<Int(resultStart[m + 1]) }

    /// Own employees (first records) of JPT Pratama unit `u`.
    public func ownEmployees(ofPratama u: Int) -> ArraySlice<Int32> {
        ownByPratama[Int(ownByPratamaStart[u])..<Int(ownByPratamaStart[u + 1])]
    }
}

/// The ids (``AgencyIndex/resultStart``) of a list of sibling results: consecutive when none of
/// them has `turunan` (the common case), otherwise found by the subtree sizes.
struct ResultIDs {
    let first: Int
    let ids: [Int32]?

    /// The `count` results whose subtrees take the ids `first..<first + span`.
    init(_ ix: AgencyIndex, first: Int, span: Int, count: Int) {
        self.first = first
        if span == count {
            ids = nil
        } else {
            var out: [Int32] = []
            out.reserveCapacity(count)
            var id = first
            for _ in 0..<count {
                out.append(Int32(id))
                id += Int(ix.resultSize[id])
            }
            ids = out
        }
    }

    /// The `count` results of the `turunan` of result `parent`.
    init(_ ix: AgencyIndex, childrenOf parent: Int, count: Int) {
        self.init(ix, first: parent + 1, span: Int(ix.resultSize[parent]) - 1, count: count)
    }

    subscript(i: Int) -> Int {
        if let ids { return Int(ids[i]) }
        return first + i
    }
}

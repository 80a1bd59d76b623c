/// A unit and year: the key of PKs and matrices.
public struct UnitYear: Hashable, Sendable {
    public var unit: String
    public var year: Int
}

/// Lookups over an agency, built once so every rule stays linear in the agency's size.
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

    public init(_ agency: Agency) {
        self.agency = agency
        var units: [String: Int] = [:]
        for (i, u) in agency.units.enumerated() {
            if let k = u.kode?.value, units[k] == nil { units[k] = i }
        }
        unitByCode = units
        var employees: [String: Int] = [:]
        employees.reserveCapacity(agency.employees.count)
        for (i, e) in agency.employees.enumerated() {
            if let k = e.nip?.value, employees[k] == nil { employees[k] = i }
        }
        employeeByNIP = employees
        var teams: [String: Int] = [:]
        for (i, t) in agency.teams.enumerated() {
            if let k = t.kode?.value, teams[k] == nil { teams[k] = i }
        }
        teamByCode = teams
        let parent: [Int?] = agency.units.map { u in u.induk.flatMap { units[$0.value] } }
        self.parent = parent

        let n = agency.units.count
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
                if agency.units[c].isJPTPratama { break }
                cur = parent[c]
            }
            // Resolve from the top of the walked path down.
            for c in path.reversed() {
                onPath[c] = false
                done[c] = true
                if cycle[c] { continue }
                if agency.units[c].isJPTPratama {
                    pratama[c] = c; sub[c] = c; depth[c] = 0
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
            pratama[c] = nil; sub[c] = nil; depth[c] = nil
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
        for (i, u) in agency.units.enumerated() {
            if let p = u.pimpinan?.value { heads[p, default: []].append(i) }
        }
        unitsHeadedBy = heads
    }

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

    /// Whether an employee belongs to another agency.
    public func isExternal(_ e: Employee) -> Bool {
        guard let other = e.instansi?.value else { return false }
        return other != agency.code
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
}

/// Who and what a matrix covers, asked from the index by the M rules (M008, M010-M012), the batch
/// figures and the HTML report, so that the findings, the figures and the pictures share one answer.
///
/// Each question is linear in the matrix and the teams it names; marks on employee records and
/// teams are kept between questions and cleared in O(1), so a run over many matrices allocates
/// them once.
struct MatrixCoverage {
    let index: AgencyIndex
    private var employeeMarks: Marks
    private var teamMarks: Marks
    /// What the marks hold: the holders of a matrix, the members of a team, or the teams holding
    /// a level-1 result of a matrix.
    private var marked: Marked?
    private var teamsMarkedFor: MatrixID?
    /// The unknown NIPs listed in `unknownMembersOf`'s `anggota`.
    private var unknownMembers: Set<String> = []
    private var unknownMembersOf: TeamID?

    private enum Marked: Equatable {
        case holders(MatrixID)
        case members(TeamID)
    }

    init(_ index: AgencyIndex) {
        self.index = index
        employeeMarks = Marks(count: index.agency.employees.count)
        teamMarks = Marks(count: index.agency.teams.count)
    }

    /// Whether employee record `e` is a member (`anggota`) of team `t` (M008). A first record is a
    /// member exactly when its NIP is.
    mutating func isMember(_ e: EmployeeID, of t: TeamID) -> Bool {
        if marked != .members(t) {
            employeeMarks.next()
            for member in index.members(of: t) {
                if let m = member.employee { employeeMarks.mark(m.offset) }
            }
            marked = .members(t)
        }
        return employeeMarks.isMarked(e.offset)
    }

    /// Whether `nip`, which names no employee, is listed in team `t`'s `anggota` (as the same text).
    mutating func isMember(unknownNIP nip: String, of t: TeamID) -> Bool {
        if unknownMembersOf != t {
            let anggota = index.agency.teams[t].anggota
            unknownMembers = []
            for member in index.members(of: t) where member.employee == nil {
                unknownMembers.insert(anggota[member.position].value)
            }
            unknownMembersOf = t
        }
        return unknownMembers.contains(nip)
    }

    /// Whether employee record `e` holds a result of matrix `m`, at any level (M012's "has a
    /// role"; a first record is a holder exactly when its NIP is).
    mutating func holdsResult(_ e: EmployeeID, in m: MatrixID) -> Bool {
        if marked != .holders(m) {
            employeeMarks.next()
            for r in index.results(of: m) {
                if let holder = index.holder(of: r) { employeeMarks.mark(holder.offset) }
            }
            marked = .holders(m)
        }
        return employeeMarks.isMarked(e.offset)
    }

    /// Whether team `t` holds a level-1 result of matrix `m` (M010).
    mutating func holdsLevel1Result(_ t: TeamID, in m: MatrixID) -> Bool {
        if teamsMarkedFor != m {
            teamMarks.next()
            for r in index.topResults(of: m) {
                if let team = index.team(of: r) { teamMarks.mark(team.offset) }
            }
            teamsMarkedFor = m
        }
        return teamMarks.isMarked(t.offset)
    }

    /// The own employees (first records) of JPT Pratama unit `u` that M012 expects to hold a
    /// result of matrix `m` and that hold none: the unit's head is not expected.
    mutating func employeesWithoutResult(in m: MatrixID, pratama u: UnitID) -> [EmployeeID] {
        let head = index.head(of: u)
        var out: [EmployeeID] = []
        for e in index.ownEmployees(ofPratama: u) where e != head && !holdsResult(e, in: m) { out.append(e) }
        return out
    }

    /// M011: in a two-level matrix, each member of a team holding a level-1 result who gets no
    /// level-2 result under that team's results: teams in first-seen order, each member once (its
    /// first entry), in `anggota` order.
    mutating func membersWithoutLevel2(in m: MatrixID, _ body: (TeamID, TeamMember) -> Void) {
        let matrix = index.agency.matrices[m]
        guard matrix.mode == .duaTingkat else { return }
        let hasil = matrix.hasil
        // Teams held, in first-seen order, with the holders of the level-2 results under them
        // (known ones by record, unknown ones by text).
        var slotOf: [TeamID: Int] = [:]
        var held: [(team: TeamID, holders: [EmployeeID], unknown: Set<String>)] = []
        for (position, id) in zip(hasil.indices, index.topResults(of: m)) {
            guard let t = index.team(of: id) else { continue }
            let slot: Int
            if let s = slotOf[t] {
                slot = s
            } else {
                slot = held.count
                slotOf[t] = slot
                held.append((t, [], []))
            }
            let turunan = hasil[position].turunan
            for (child, childID) in zip(turunan.indices, index.children(of: id)) {
                if let holder = index.holder(of: childID) {
                    held[slot].holders.append(holder)
                } else if let p = turunan[child].pelaksana?.value {
                    held[slot].unknown.insert(p)
                }
            }
        }
        marked = nil
        for (t, holders, unknown) in held {
            employeeMarks.next()
            for holder in holders { employeeMarks.mark(holder.offset) }
            let anggota = index.agency.teams[t].anggota
            for member in index.members(of: t) where member.isFirstMention {
                let got: Bool
                if let e = member.employee {
                    got = employeeMarks.isMarked(e.offset)
                } else {
                    got = unknown.contains(anggota[member.position].value)
                }
                if !got { body(t, member) }
            }
        }
    }
}

/// Marks on dense ids, cleared in O(1) by starting a new round.
private struct Marks {
    private var round: [Int32]
    private var current: Int32 = 0

    init(count: Int) { round = [Int32](repeating: 0, count: count) }

    /// Clears every mark.
    mutating func next() { current += 1 }
    mutating func mark(_ i: Int) { round[i] = current }
    func isMarked(_ i: Int) -> Bool { round[i] == current }
}

@testable import LintasCore

/// The rules' notions worded by names (NIPs, codes), as the rules' messages describe them: the
/// oracles the index's id-based answers are checked against (``AgencyIndexTests``). They look
/// values up by name at every step, so they are slow and obviously right; the product asks the
/// index instead.
enum NameBasedNotions {
    /// Whether an employee belongs to another agency than the agency's own code.
    static func isExternal(_ e: Employee, _ a: Agency) -> Bool {
        guard let other = e.instansi?.value else { return false }
        return other != a.instansi.first?.kode?.value
    }

    /// The unit an own employee is placed in.
    static func placement(_ e: Employee, _ a: Agency, _ index: AgencyIndex) -> UnitID? {
        guard !isExternal(e, a), let u = e.unit?.value else { return nil }
        return index.unit(code: u)
    }

    /// Own employees (first record of each NIP) by their JPT Pratama unit.
    static func employeesByPratama(_ a: Agency, _ index: AgencyIndex) -> [UnitID: [EmployeeID]] {
        var out: [UnitID: [EmployeeID]] = [:]
        for e in index.employeeIDs {
            let employee = a.employees[e]
            guard let nip = employee.nip?.value, index.employee(nip: nip) == e,
                let p = placement(employee, a, index).flatMap({ index.pratama(of: $0) })
            else { continue }
            out[p, default: []].append(e)
        }
        return out
    }

    /// Every NIP holding a result of the matrix, at any level (M012's notion of "has a role").
    static func holders(_ m: Matrix) -> Set<String> {
        var holders = Set<String>()
        var stack = m.hasil
        while let r = stack.popLast() {
            if let p = r.pelaksana?.value { holders.insert(p) }
            stack += r.turunan
        }
        return holders
    }

    /// M011's notion: in a two-level matrix, each member of a team holding a level-1 result who gets
    /// no level-2 result under that team's results (team code and the member's entry), teams in
    /// first-seen order, each member once.
    static func membersWithoutLevel2(_ m: Matrix, _ index: AgencyIndex) -> [(team: String, member: Located<String>)] {
        guard m.mode == .duaTingkat else { return [] }
        var teamsHeld: [String] = []
        var teamsHeldSet = Set<String>()
        var level2ByTeam: [String: Set<String>] = [:]
        for r in m.hasil {
            guard let tim = r.tim?.value else { continue }
            if teamsHeldSet.insert(tim).inserted { teamsHeld.append(tim) }
            for r2 in r.turunan {
                if let p = r2.pelaksana?.value { level2ByTeam[tim, default: []].insert(p) }
            }
        }
        var out: [(team: String, member: Located<String>)] = []
        for code in teamsHeld {
            guard let team = index.team(code) else { continue }
            let got = level2ByTeam[code] ?? []
            var seen = Set<String>()
            for member in team.anggota where seen.insert(member.value).inserted && !got.contains(member.value) {
                out.append((code, member))
            }
        }
        return out
    }

    /// T004's reading of a team, its people looked up by NIP (ketua first, each NIP once).
    static func scope(_ t: Team, _ index: AgencyIndex) -> TeamScopeCheck.Reading? {
        let teamPratama = index.unit(code: t.unit?.value).flatMap { index.pratama(of: $0) }
        var seen = Set<String>()
        var scan = TeamScopeCheck.Scan()
        for p in t.people where seen.insert(p.value).inserted { scan.add(index.employee(nip: p.value), index) }
        return scan.reading(teamPratama: teamPratama, index)
    }

    /// The reading of a team whose declared `lingkup` T004 reports as wrong.
    static func scopeMismatch(_ t: Team, _ index: AgencyIndex) -> TeamScopeCheck.Reading? {
        guard let declared = t.lingkup, let r = scope(t, index),
            TeamScopeCheck.isMismatch(r.actual, complete: r.complete, declared: declared.value)
        else { return nil }
        return r
    }

    /// K001's verdict on a team's ketua, looked up by NIP and compared by post-type name.
    static func ketuaVerdict(_ t: Team, _ index: AgencyIndex, allowed: Set<String>) -> KetuaPostCheck.Verdict {
        guard let k = t.ketua else { return .noKetua }
        guard let e = index.employee(k.value), let jenis = e.jenisJabatan?.value else { return .unknown }
        return allowed.contains(jenis.rawValue) ? .eligible : .flagged(jenis)
    }
}

/// M rules. Each check reports only codes of its family.
let matrixChecks: [any AgencyCheck] = [MatrixAnchorCheck(), MatrixResultCheck(), MatrixCoverageCheck()]

/// What the M checks share: keys, anchors and which matrix of a unit and year counts.
struct MatrixFacts {
    let agency: Agency
    let index: AgencyIndex

    init(_ c: CheckContext) {
        agency = c.agency
        index = c.index
    }

    init(_ agency: Agency, _ index: AgencyIndex) {
        self.agency = agency
        self.index = index
    }

    static func unitText(_ m: Matrix) -> String { m.unit?.value ?? "?" }
    static func yearText(_ m: Matrix) -> String { m.tahun.map { String($0.value) } ?? "?" }

    /// The stable key of a matrix finding: `<unit>/<tahun>`.
    static func entity(_ m: Matrix) -> String { "\(unitText(m))/\(yearText(m))" }

    /// The stable key of a result finding: `<unit>/<tahun>/<kode>`.
    static func entity(_ m: Matrix, _ r: MatrixResult) -> String { "\(entity(m))/\(r.kode?.value ?? r.path)" }

    static func code(_ r: MatrixResult) -> String { r.kode?.value ?? "?" }

    /// The unit and year of a matrix, when both are given.
    static func key(_ m: Matrix) -> UnitYear? {
        guard let u = m.unit?.value, let y = m.tahun?.value else { return nil }
        return UnitYear(unit: u, year: y)
    }

    /// Whether matrix `i` is the first for its unit and year (later ones are M013's). A matrix
    /// without unit or year counts as first.
    func isFirst(_ i: Int) -> Bool {
        guard let k = MatrixFacts.key(agency.matrices[i]) else { return true }
        return index.matricesByUnitYear[k]?.first == i
    }

    /// The PK indicator codes a matrix's level-1 results serve (M004's notion of "cascaded").
    static func servedIndicators(_ m: Matrix) -> Set<String> {
        Set(m.hasil.compactMap { $0.indikator?.value })
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
    static func membersWithoutLevel2(_ m: Matrix, _ ix: AgencyIndex) -> [(team: String, member: Located<String>)] {
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
            guard let team = ix.team(code) else { continue }
            let got = level2ByTeam[code] ?? []
            var seen = Set<String>()
            for member in team.anggota where seen.insert(member.value).inserted && !got.contains(member.value) {
                out.append((code, member))
            }
        }
        return out
    }

    /// Own employees (first record of each NIP) by their JPT Pratama unit's index.
    static func employeesByPratama(_ a: Agency, _ ix: AgencyIndex) -> [Int: [Int]] {
        var out: [Int: [Int]] = [:]
        for (e, emp) in a.employees.enumerated() {
            guard let nip = emp.nip?.value, ix.employeeByNIP[nip] == e, let p = ix.pratamaUnit(of: emp) else { continue }
            out[p, default: []].append(e)
        }
        return out
    }

    /// The employees M012 expects to hold a result in unit `u`'s matrix: its own employees, its head
    /// excepted (indices into `agency.employees`).
    static func expectedHolders(_ u: Int, _ a: Agency, _ byPratama: [Int: [Int]]) -> [Int] {
        let head = a.units[u].pimpinan?.value
        return (byPratama[u] ?? []).filter { a.employees[$0].nip?.value != head }
    }

    /// The indicator codes of the PKs of a unit and year, in file order, without repeats.
    func indicatorCodes(_ k: UnitYear) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for p in index.agreementsByUnitYear[k] ?? [] {
            for i in agency.agreements[p].indikator {
                if let code = i.kode?.value, seen.insert(code).inserted { out.append(code) }
            }
        }
        return out
    }
}

/// M001, M002, M013, M015: the matrix's unit and year, and matrices per unit and year.
struct MatrixAnchorCheck: AgencyCheck {
    let codes = ["M001", "M002", "M013", "M015"]

    func check(_ c: CheckContext) {
        let a = c.agency
        let ix = c.index
        let facts = MatrixFacts(c)
        for (i, m) in a.matrices.enumerated() {
            let unitText = MatrixFacts.unitText(m), yearText = MatrixFacts.yearText(m)
            // M001: a known unit that is not a JPT Pratama unit (unknown units are R003's).
            if let ref = m.unit, let u = ix.unit(ref.value), !u.isJPTPratama, let level = u.tingkat?.value {
                c.report(Diagnostic("M001", at: ref.location, path: "\(m.path).unit", entity: MatrixFacts.entity(m),
                                    args: ["unit": ref.value, "year": yearText, "tingkat": level.rawValue]))
            }
            guard let k = MatrixFacts.key(m), let tahun = m.tahun else { continue }
            let all = ix.matricesByUnitYear[k] ?? []
            // M013: the second and later matrix of a unit and year, with a note at the first.
            if let first = all.first, first != i {
                let f = a.matrices[first]
                c.report(Diagnostic("M013", at: m.unit?.location ?? m.location, path: "\(m.path).unit",
                                    entity: MatrixFacts.entity(m), args: ["unit": unitText, "year": yearText],
                                    notes: [DiagnosticNote("first", at: f.unit?.location ?? f.location)]))
                continue
            }
            // M002: no PK for the unit and year (only for a known unit; unknown ones are R003's).
            if facts.isFirst(i), ix.unitByCode[k.unit] != nil, ix.agreementsByUnitYear[k] == nil {
                c.report(Diagnostic("M002", at: tahun.location, path: "\(m.path).tahun", entity: MatrixFacts.entity(m),
                                    args: ["unit": unitText, "year": yearText]))
            }
        }
        // M015: a JPT Pratama unit with a PK for a year but no matrix for that year.
        var seen = Set<UnitYear>()
        for pk in a.agreements {
            guard let ref = pk.unit, let y = pk.tahun?.value, let u = ix.unit(ref.value), u.isJPTPratama else { continue }
            let k = UnitYear(unit: ref.value, year: y)
            guard ix.matricesByUnitYear[k] == nil, seen.insert(k).inserted else { continue }
            c.report(Diagnostic("M015", at: ref.location, path: "\(pk.path).unit", entity: "\(ref.value)/\(y)",
                                args: ["unit": ref.value, "year": String(y)]))
        }
    }
}

/// M003, M005-M009, M014: each result of each matrix, and M004: each PK indicator of a unit and
/// year whose (first) matrix serves it with no level-1 result.
struct MatrixResultCheck: AgencyCheck {
    let codes = ["M003", "M004", "M005", "M006", "M007", "M008", "M009", "M014"]

    func check(_ c: CheckContext) {
        let a = c.agency
        let ix = c.index
        let facts = MatrixFacts(c)
        // Where each indicator code first appears in any PK (for M003's note).
        var indicatorHome: [String: (pk: Int, at: SourceLocation)] = [:]
        for (p, pk) in a.agreements.enumerated() {
            for ind in pk.indikator {
                if let k = ind.kode, indicatorHome[k.value] == nil { indicatorHome[k.value] = (p, k.location) }
            }
        }
        let verbs = Set((c.param("M014", "kata_kerja_aktivitas")?.stringList ?? []).map { $0.lowercased() })

        for (i, m) in a.matrices.enumerated() {
            let unitText = MatrixFacts.unitText(m), yearText = MatrixFacts.yearText(m)
            let key = MatrixFacts.key(m)
            // The PK of the matrix's unit and year, when there is one (none is M002's).
            let pkCodes: [String]? = key.flatMap { k in ix.agreementsByUnitYear[k] == nil ? nil : facts.indicatorCodes(k) }
            let pkSet = Set(pkCodes ?? [])
            let served = MatrixFacts.servedIndicators(m)

            for r in m.hasil {
                // M003: an indicator of another unit's or year's PK (in no PK at all: R005).
                if let ind = r.indikator, let codes = pkCodes, !pkSet.contains(ind.value), let home = indicatorHome[ind.value] {
                    let pk = a.agreements[home.pk]
                    c.report(Diagnostic(
                        "M003", at: ind.location, path: "\(r.path).indikator", entity: MatrixFacts.entity(m, r),
                        args: ["result": MatrixFacts.code(r), "indicator": ind.value, "unit": unitText, "year": yearText,
                               "allowed": codes.isEmpty ? "-" : codes.joined(separator: ", ")],
                        notes: [DiagnosticNote("indicator", at: home.at, args: [
                            "indicator": ind.value, "unit": pk.unit?.value ?? "?",
                            "year": pk.tahun.map { String($0.value) } ?? "?"])]))
                }
                let team = r.tim.flatMap { ix.team($0.value) }
                // M007: a team's result held by someone other than its ketua (no ketua: K005's).
                if let team, let ketua = team.ketua, let p = r.pelaksana, p.value != ketua.value, let tim = r.tim {
                    c.report(Diagnostic(
                        "M007", at: p.location, path: "\(r.path).pelaksana", entity: MatrixFacts.entity(m, r),
                        args: ["result": MatrixFacts.code(r), "team": tim.value, "nip": p.value, "ketua": ketua.value],
                        notes: [DiagnosticNote("team", at: ketua.location, args: ["team": tim.value])]))
                }
                if !r.turunan.isEmpty, let key = r.turunanKey {
                    if m.mode == .satuTingkat {
                        // M006: level-2 results in a one-level matrix.
                        c.report(Diagnostic("M006", at: key, path: "\(r.path).turunan", entity: MatrixFacts.entity(m, r),
                                            args: ["result": MatrixFacts.code(r), "unit": unitText, "year": yearText]))
                    } else if r.tim == nil {
                        // M009: level-2 results under a result that names no team.
                        c.report(Diagnostic("M009", at: key, path: "\(r.path).turunan", entity: MatrixFacts.entity(m, r),
                                            args: ["result": MatrixFacts.code(r)]))
                    }
                }
                activity(c, m, r, verbs)
                var members: Set<String>?
                for r2 in r.turunan {
                    // M008: a level-2 holder who is not a member of the parent's team.
                    if let team, let tim = r.tim, let p = r2.pelaksana {
                        if members == nil { members = Set(team.anggota.map(\.value)) }
                        if members?.contains(p.value) == false {
                            c.report(Diagnostic(
                                "M008", at: p.location, path: "\(r2.path).pelaksana", entity: MatrixFacts.entity(m, r2),
                                args: ["result": MatrixFacts.code(r2), "nip": p.value, "team": tim.value,
                                       "parent": MatrixFacts.code(r)],
                                notes: [DiagnosticNote("team", at: team.kode?.location ?? team.location, args: ["team": tim.value])]))
                        }
                    }
                    activity(c, m, r2, verbs)
                    deeper(c, m, r2)
                }
            }
            // M004: PK indicators that no level-1 result of the (first) matrix serves.
            if pkCodes != nil, let k = key, facts.isFirst(i) {
                var reported = Set<String>()
                for p in ix.agreementsByUnitYear[k] ?? [] {
                    for ind in a.agreements[p].indikator {
                        guard let kode = ind.kode, !served.contains(kode.value), reported.insert(kode.value).inserted else { continue }
                        c.report(Diagnostic("M004", at: kode.location, path: "\(ind.path).kode",
                                            entity: "\(k.unit)/\(k.year)/\(kode.value)",
                                            args: ["indicator": kode.value, "unit": k.unit, "year": String(k.year)]))
                    }
                }
            }
        }
    }

    /// M014: a result (level 1 or 2) whose `uraian` starts with an activity verb.
    private func activity(_ c: CheckContext, _ m: Matrix, _ r: MatrixResult, _ verbs: Set<String>) {
        guard !verbs.isEmpty, let u = r.uraian else { return }
        // The first word, without splitting the whole text into grapheme clusters (hot on big agencies).
        let scalars = u.value.unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars[start...].firstIndex { $0.properties.isWhitespace } ?? scalars.endIndex
        let word = String(scalars[start..<end]).trimmed(MatrixResultCheck.punctuation)
        guard !word.isEmpty, verbs.contains(word.lowercased()) else { return }
        c.report(Diagnostic("M014", at: u.location, path: "\(r.path).uraian", entity: MatrixFacts.entity(m, r),
                            args: ["result": MatrixFacts.code(r), "verb": word]))
    }

    private static let punctuation: Set<Character> = [",", ".", ":", ";", "\"", "'", "(", ")", "-", "–"]

    /// M005: every `turunan` below level 2, reported at its first item (the item's `kode`, else
    /// the item), with a note at the result that holds it; nothing else is checked that deep.
    private func deeper(_ c: CheckContext, _ m: Matrix, _ r: MatrixResult) {
        var stack = [r]
        while let x = stack.popLast() {
            guard let first = x.turunan.first, x.turunanKey != nil else { continue }
            var args = ["result": MatrixFacts.code(x), "level": String(x.level), "depth": String(x.level + 1),
                        "child": "\"\(MatrixFacts.code(first))\"", "count": String(x.turunan.count)]
            if first.kode == nil { args["child_id"] = "tanpa kode"; args["child_en"] = "without a kode" }
            c.report(Diagnostic("M005", at: first.kode?.location ?? first.location, path: first.path, entity: MatrixFacts.entity(m, x),
                                args: args, notes: [DiagnosticNote("parent", at: x.kode?.location ?? x.location, args: args)]))
            stack += x.turunan.reversed()
        }
    }
}

extension String {
    fileprivate func trimmed(_ set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// M010-M012: coverage of a unit's teams, their members and its employees by the unit's (first)
/// matrix of a year. Units and years without a matrix are M015's.
struct MatrixCoverageCheck: AgencyCheck {
    let codes = ["M010", "M011", "M012"]

    func check(_ c: CheckContext) {
        let a = c.agency
        let ix = c.index
        let facts = MatrixFacts(c)
        var teamsByUnit: [String: [Int]] = [:]
        for (t, team) in a.teams.enumerated() {
            // First occurrence of each code only (duplicates are R001's).
            guard let u = team.unit?.value, let k = team.kode?.value, ix.teamByCode[k] == t else { continue }
            teamsByUnit[u, default: []].append(t)
        }
        let employeesByPratama = MatrixFacts.employeesByPratama(a, ix)

        for (i, m) in a.matrices.enumerated() where facts.isFirst(i) {
            guard let k = MatrixFacts.key(m) else { continue }
            let year = String(k.year)
            let holders = MatrixFacts.holders(m)  // pelaksana at any level
            let teamsHeldSet = Set(m.hasil.compactMap { $0.tim?.value })

            // M010: a team of the unit that holds no level-1 result in the matrix.
            for t in teamsByUnit[k.unit] ?? [] {
                let team = a.teams[t]
                guard let kode = team.kode, !teamsHeldSet.contains(kode.value), Self.activeIn(team, k.year) else { continue }
                c.report(Diagnostic("M010", at: kode.location, path: "\(team.path).kode", entity: kode.value,
                                    args: ["team": kode.value, "unit": k.unit, "year": year],
                                    notes: [DiagnosticNote("matrix", at: m.unit?.location ?? m.location,
                                                           args: ["unit": k.unit, "year": year])]))
            }

            // M011: a member of a team holding a level-1 result who gets no level-2 result in it.
            for (code, member) in MatrixFacts.membersWithoutLevel2(m, ix) {
                guard let team = ix.team(code) else { continue }
                var notes: [DiagnosticNote] = []
                if let e = ix.employee(member.value), let nip = e.nip {
                    notes.append(DiagnosticNote("employee", at: nip.location, args: ["nip": member.value]))
                }
                c.report(Diagnostic("M011", at: member.location, path: "\(team.path).anggota",
                                    entity: "\(code)/\(member.value)",
                                    args: ["nip": member.value, "team": code, "unit": k.unit, "year": year],
                                    notes: notes))
            }

            // M012: an own employee of the unit (its head excepted) who holds no result at all.
            if let u = ix.unitByCode[k.unit], a.units[u].isJPTPratama {
                for e in MatrixFacts.expectedHolders(u, a, employeesByPratama) {
                    let emp = a.employees[e]
                    guard let nip = emp.nip, !holders.contains(nip.value) else { continue }
                    c.report(Diagnostic("M012", at: nip.location, path: "\(emp.path).nip", entity: nip.value,
                                        args: ["nip": nip.value, "unit": k.unit, "year": year]))
                }
            }
        }
    }

    /// Whether a team's `periode`, when given, overlaps the year (a team set up for another year
    /// need not hold a result in this year's matrix).
    static func activeIn(_ team: Team, _ year: Int) -> Bool {
        if let start = team.periode?.mulai?.value, start.year > year { return false }
        if let end = team.periode?.selesai?.value, end.year < year { return false }
        return true
    }
}

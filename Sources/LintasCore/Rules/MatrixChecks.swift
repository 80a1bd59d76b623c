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

    /// The PK indicator codes a matrix's level-1 results serve (M004's notion of "cascaded").
    static func servedIndicators(_ m: Matrix) -> Set<String> {
        Set(m.hasil.compactMap { $0.indikator?.value })
    }

    /// The indicator codes of the PKs of a unit and year, in file order, without repeats.
    func indicatorCodes(_ k: UnitYear) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for p in index.agreements(of: k) {
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
        let index = c.index
        for i in index.matrixIDs {
            let m = a.matrices[i]
            let unitText = MatrixFacts.unitText(m)
            let yearText = MatrixFacts.yearText(m)
            // M001: a known unit that is not a JPT unit of any grade or an independent unit (unknown units are R003's).
            if let ref = m.unit, let ui = index.unit(code: ref.value), !a.units[ui].isJPTUnit,
                let level = a.units[ui].tingkat?.value
            {
                c.report(
                    Diagnostic(
                        "M001", at: ref.location, path: "\(m.path).unit", entity: MatrixFacts.entity(m),
                        args: ["unit": ref.value, "year": yearText, "tingkat": level.rawValue]))
            }
            guard let k = MatrixFacts.key(m), let tahun = m.tahun else { continue }
            let all = index.matrices(of: k)
            // M013: the second and later matrix of a unit and year, with a note at the first.
            if let first = all.first, first != i {
                let f = a.matrices[first]
                c.report(
                    Diagnostic(
                        "M013", at: m.unit?.location ?? m.location, path: "\(m.path).unit",
                        entity: MatrixFacts.entity(m), args: ["unit": unitText, "year": yearText],
                        notes: [DiagnosticNote("first", at: f.unit?.location ?? f.location)]))
                continue
            }
            // M002: no PK for the unit and year (only for a known unit; unknown ones are R003's).
            if index.isFirst(i), index.unit(code: k.unit) != nil, !index.hasAgreement(k) {
                c.report(
                    Diagnostic(
                        "M002", at: tahun.location, path: "\(m.path).tahun", entity: MatrixFacts.entity(m),
                        args: ["unit": unitText, "year": yearText]))
            }
        }
        // M015: a JPT Pratama unit with a PK for a year but no matrix for that year.
        var seen = Set<UnitYear>()
        for pk in a.agreements {
            guard let ref = pk.unit, let y = pk.tahun?.value, let u = index.unit(code: ref.value),
                a.units[u].isJPTPratama
            else { continue }
            let k = UnitYear(unit: ref.value, year: y)
            guard !index.hasMatrix(k), seen.insert(k).inserted else { continue }
            c.report(
                Diagnostic(
                    "M015", at: ref.location, path: "\(pk.path).unit", entity: "\(ref.value)/\(y)",
                    args: ["unit": ref.value, "year": String(y)]))
        }
    }
}

/// M003, M005-M009, M014: each result of each matrix, and M004: each PK indicator of a unit and
/// year whose (first) matrix serves it with no level-1 result. Results are visited in place with
/// the index's ids (holders and teams resolved once); a path is built only for a finding.
struct MatrixResultCheck: AgencyCheck {
    let codes = ["M003", "M004", "M005", "M006", "M007", "M008", "M009", "M014"]

    func check(_ c: CheckContext) {
        let a = c.agency
        let index = c.index
        let facts = MatrixFacts(c)
        // Where each indicator code first appears in any PK (for M003's note).
        var indicatorHome: [String: (pk: Int, at: SourceLocation)] = [:]
        let agreements = a.agreements
        for p in agreements.indices {
            let indikator = agreements[p].indikator
            for i in indikator.indices {
                if let k = indikator[i].kode, indicatorHome[k.value] == nil { indicatorHome[k.value] = (p, k.location) }
            }
        }
        let verbs = ActivityVerbs(
            Set((c.param("M014", "kata_kerja_aktivitas")?.stringList ?? []).map { $0.lowercased() }))
        let teams = a.teams
        let matrices = a.matrices
        // M008: the members of the team of the level-1 result at hand.
        var coverage = MatrixCoverage(index)

        for i in index.matrixIDs {
            let m = matrices[i]
            let unitText = MatrixFacts.unitText(m)
            let yearText = MatrixFacts.yearText(m)
            let key = MatrixFacts.key(m)
            // The PK of the matrix's unit and year, when there is one (none is M002's).
            let pkCodes: [String]? = key.flatMap { k in
                index.hasAgreement(k) ? facts.indicatorCodes(k) : nil
            }
            let pkSet = Set(pkCodes ?? [])
            let hasil = m.hasil

            // Values are read where they are (no copy of a result or of a located value) until
            // something is to be reported.
            for (ri, id) in zip(hasil.indices, index.topResults(of: i)) {
                // M003: an indicator of another unit's or year's PK (in no PK at all: R005).
                if let codes = pkCodes, let indicator = hasil[ri].indikator?.value, !pkSet.contains(indicator),
                    let home = indicatorHome[indicator], let ind = hasil[ri].indikator
                {
                    let r = hasil[ri]
                    let pk = a.agreements[home.pk]
                    c.report(
                        Diagnostic(
                            "M003", at: ind.location, path: "\(r.path).indikator", entity: MatrixFacts.entity(m, r),
                            args: [
                                "result": MatrixFacts.code(r), "indicator": ind.value, "unit": unitText,
                                "year": yearText,
                                "allowed": codes.isEmpty ? "-" : codes.joined(separator: ", "),
                            ],
                            notes: [
                                DiagnosticNote(
                                    "indicator", at: home.at,
                                    args: [
                                        "indicator": ind.value, "unit": pk.unit?.value ?? "?",
                                        "year": pk.tahun.map { String($0.value) } ?? "?",
                                    ])
                            ]))
                }
                let team = index.team(of: id)
                // M007: a team's result held by someone other than its ketua (no ketua: K005's). Two
                // known NIPs differ exactly when their records do.
                if let team {
                    let differs: Bool
                    if let holder = index.holder(of: id), let ketua = index.ketua(of: team) {
                        differs = holder != ketua
                    } else if let p = hasil[ri].pelaksana?.value, let k = teams[team].ketua?.value {
                        differs = p != k
                    } else {
                        differs = false
                    }
                    if differs, let ketua = teams[team].ketua, let p = hasil[ri].pelaksana, let tim = hasil[ri].tim {
                        let r = hasil[ri]
                        c.report(
                            Diagnostic(
                                "M007", at: p.location, path: "\(r.path).pelaksana", entity: MatrixFacts.entity(m, r),
                                args: [
                                    "result": MatrixFacts.code(r), "team": tim.value, "nip": p.value,
                                    "ketua": ketua.value,
                                ],
                                notes: [DiagnosticNote("team", at: ketua.location, args: ["team": tim.value])]))
                    }
                }
                let turunan = hasil[ri].turunan
                // M006: level-2 results in a one-level matrix; M009: under a result that names no team.
                if !turunan.isEmpty && (m.mode == .satuTingkat || (team == nil && hasil[ri].tim == nil)),
                    let turunanKey = hasil[ri].turunanKey
                {
                    let r = hasil[ri]
                    if m.mode == .satuTingkat {
                        c.report(
                            Diagnostic(
                                "M006", at: turunanKey, path: "\(r.path).turunan", entity: MatrixFacts.entity(m, r),
                                args: ["result": MatrixFacts.code(r), "unit": unitText, "year": yearText]))
                    } else {
                        c.report(
                            Diagnostic(
                                "M009", at: turunanKey, path: "\(r.path).turunan", entity: MatrixFacts.entity(m, r),
                                args: ["result": MatrixFacts.code(r)]))
                    }
                }
                if !verbs.isEmpty, let word = verbs.firstWordIfVerb(hasil[ri].uraian?.value) {
                    activity(c, m, hasil[ri], word)
                }
                guard !turunan.isEmpty else { continue }
                for (r2, childID) in zip(turunan.indices, index.children(of: id)) {
                    // M008: a level-2 holder who is not a member of the parent's team.
                    if let team {
                        var isMember = true
                        if let holder = index.holder(of: childID) {
                            isMember = coverage.isMember(holder, of: team)
                        } else if let p = turunan[r2].pelaksana?.value {
                            // An unknown NIP is a member only as the same unknown text.
                            isMember = coverage.isMember(unknownNIP: p, of: team)
                        }
                        if !isMember, let p = turunan[r2].pelaksana, let tim = hasil[ri].tim {
                            let r = hasil[ri]
                            let x = turunan[r2]
                            c.report(
                                Diagnostic(
                                    "M008", at: p.location, path: "\(x.path).pelaksana",
                                    entity: MatrixFacts.entity(m, x),
                                    args: [
                                        "result": MatrixFacts.code(x), "nip": p.value, "team": tim.value,
                                        "parent": MatrixFacts.code(r),
                                    ],
                                    notes: [
                                        DiagnosticNote(
                                            "team", at: teams[team].kode?.location ?? teams[team].location,
                                            args: ["team": tim.value])
                                    ]))
                        }
                    }
                    if !verbs.isEmpty, let word = verbs.firstWordIfVerb(turunan[r2].uraian?.value) {
                        activity(c, m, turunan[r2], word)
                    }
                    if !turunan[r2].turunan.isEmpty { deeper(c, m, turunan[r2]) }
                }
            }
            // M004: PK indicators that no level-1 result of the (first) matrix serves.
            if pkCodes != nil, let k = key, index.isFirst(i) {
                let served = MatrixFacts.servedIndicators(m)
                var reported = Set<String>()
                for p in index.agreements(of: k) {
                    let indikator = agreements[p].indikator
                    for j in indikator.indices {
                        guard let kode = indikator[j].kode, !served.contains(kode.value),
                            reported.insert(kode.value).inserted
                        else { continue }
                        c.report(
                            Diagnostic(
                                "M004", at: kode.location, path: "\(indikator[j].path).kode",
                                entity: "\(k.unit)/\(k.year)/\(kode.value)",
                                args: ["indicator": kode.value, "unit": k.unit, "year": String(k.year)]))
                    }
                }
            }
        }
    }

    /// M014's verbs, in lowercase.
    struct ActivityVerbs {
        let verbs: Set<String>

        init(_ verbs: Set<String>) { self.verbs = verbs }

        var isEmpty: Bool { verbs.isEmpty }

        /// The first word of `text` (up to a Unicode space, punctuation trimmed), as written, when
        /// it is one of the verbs (compared in lowercase).
        func firstWordIfVerb(_ text: String?) -> String? {
            guard let text else { return nil }
            // Unicode's White_Space, answered for ASCII without the property lookup (most texts).
            func space(_ s: Unicode.Scalar) -> Bool {
                s.isASCII ? s == " " || (s.value >= 0x09 && s.value <= 0x0D) : s.properties.isWhitespace
            }
            let scalars = text.unicodeScalars
            let start = scalars.firstIndex { !space($0) } ?? scalars.endIndex
            let end = scalars[start...].firstIndex(where: space) ?? scalars.endIndex
            let word = String(scalars[start..<end]).trimmed(MatrixResultCheck.punctuation)
            guard !word.isEmpty, verbs.contains(word.lowercased()) else { return nil }
            return word
        }
    }

    /// M014: a result (level 1 or 2) whose `uraian` starts with an activity verb.
    private func activity(_ c: CheckContext, _ m: Matrix, _ r: MatrixResult, _ word: String) {
        guard let u = r.uraian else { return }
        c.report(
            Diagnostic(
                "M014", at: u.location, path: "\(r.path).uraian", entity: MatrixFacts.entity(m, r),
                args: ["result": MatrixFacts.code(r), "verb": word]))
    }

    private static let punctuation: Set<Character> = [",", ".", ":", ";", "\"", "'", "(", ")", "-", "–"]

    /// M005: every `turunan` below level 2, reported at its first item (the item's `kode`, else
    /// the item), with a note at the result that holds it; nothing else is checked that deep.
    private func deeper(_ c: CheckContext, _ m: Matrix, _ r: MatrixResult) {
        var stack = [r]
        while let x = stack.popLast() {
            guard let first = x.turunan.first, x.turunanKey != nil else { continue }
            var args = [
                "result": MatrixFacts.code(x), "level": String(x.level), "depth": String(x.level + 1),
                "child": "\"\(MatrixFacts.code(first))\"", "count": String(x.turunan.count),
            ]
            if first.kode == nil {
                args["child_id"] = "tanpa kode"
                args["child_en"] = "without a kode"
            }
            c.report(
                Diagnostic(
                    "M005", at: first.kode?.location ?? first.location, path: first.path,
                    entity: MatrixFacts.entity(m, x),
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
        let index = c.index
        let teams = a.teams
        let employees = a.employees
        let matrices = a.matrices
        var teamsByUnit: [String: [TeamID]] = [:]
        // First occurrence of each code only (duplicates are R001's).
        for t in index.teamIDs where index.isFirst(t) {
            guard let u = teams[t].unit?.value else { continue }
            teamsByUnit[u, default: []].append(t)
        }
        var coverage = MatrixCoverage(index)

        for i in index.matrixIDs where index.isFirst(i) {
            let m = matrices[i]
            guard let k = MatrixFacts.key(m) else { continue }
            let year = String(k.year)

            // M010: a team of the unit that holds no level-1 result in the matrix (a first team
            // holds one exactly when a result's `tim` names its code).
            for t in teamsByUnit[k.unit] ?? [] {
                guard let kode = teams[t].kode, Self.activeIn(teams[t], k.year), !coverage.holdsLevel1Result(t, in: i)
                else { continue }
                c.report(
                    Diagnostic(
                        "M010", at: kode.location, path: "\(teams[t].path).kode", entity: kode.value,
                        args: ["team": kode.value, "unit": k.unit, "year": year],
                        notes: [
                            DiagnosticNote(
                                "matrix", at: m.unit?.location ?? m.location, args: ["unit": k.unit, "year": year])
                        ]))
            }

            // M011: a member of a team holding a level-1 result who gets no level-2 result in it.
            coverage.membersWithoutLevel2(in: i) { t, member in
                let entry = teams[t].anggota[member.position]
                let code = teams[t].kode?.value ?? "?"
                var notes: [DiagnosticNote] = []
                if let e = member.employee, let nip = employees[e].nip {
                    notes.append(DiagnosticNote("employee", at: nip.location, args: ["nip": entry.value]))
                }
                c.report(
                    Diagnostic(
                        "M011", at: entry.location, path: "\(teams[t].path).anggota",
                        entity: "\(code)/\(entry.value)",
                        args: ["nip": entry.value, "team": code, "unit": k.unit, "year": year],
                        notes: notes))
            }

            // M012: an own employee of the unit (its head excepted) who holds no result at all.
            if let u = index.unit(code: k.unit), a.units[u].isJPTPratama {
                for e in coverage.employeesWithoutResult(in: i, pratama: u) {
                    guard let nip = employees[e].nip else { continue }
                    c.report(
                        Diagnostic(
                            "M012", at: nip.location, path: "\(employees[e].path).nip", entity: nip.value,
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

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
            guard let nip = emp.nip?.value, ix.employeeByNIP[nip] == e, let p = ix.pratamaUnit(of: emp) else {
                continue
            }
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

extension MatrixFacts {
    /// The results of matrix `m` from the index: where its results are, and for each list of
    /// sibling results, their ids (see ``AgencyIndex/resultStart``).
    static func topIDs(_ m: Int, _ ix: AgencyIndex) -> ResultIDs {
        let range = ix.results(ofMatrix: m)
        return ResultIDs(ix, first: range.lowerBound, span: range.count, count: ix.agency.matrices[m].hasil.count)
    }

    /// Marks the first record of every holder of a result of matrix `m`, at any level (M012's
    /// notion of "has a role", ``holders(_:)``, for employees: a first record is a holder exactly
    /// when its NIP is).
    static func markHolders(_ m: Int, _ ix: AgencyIndex, _ marks: inout RecordMarks) {
        marks.next()
        for id in ix.results(ofMatrix: m) where ix.resultHolder[id] >= 0 { marks.mark(ix.resultHolder[id]) }
    }

    /// The first record of the head of unit `u` (-1: none, unknown), whom ``expectedHolders(_:_:_:)``
    /// leaves out: a first record has the head's NIP exactly when it is this record.
    static func headRecord(of u: Int, _ ix: AgencyIndex) -> Int32 {
        guard let head = ix.agency.units[u].pimpinan?.value, let e = ix.employeeByNIP[head] else {
            return AgencyIndex.none
        }
        return Int32(e)
    }

    /// ``membersWithoutLevel2(_:_:)`` of matrix `m` of the index's agency: per team (index, in
    /// first-seen order), each member's entry (index into the member arrays) who gets no level-2 result.
    static func membersWithoutLevel2(
        matrix mi: Int, _ ix: AgencyIndex, _ marks: inout RecordMarks,
        _ body: (_ team: Int, _ member: Int) -> Void
    ) {
        let m = ix.agency.matrices[mi]
        guard m.mode == .duaTingkat else { return }
        let hasil = m.hasil
        let ids = topIDs(mi, ix)
        // Teams held, in first-seen order, and the holders of level-2 results under them.
        var slotOf: [Int: Int32] = [:]
        var held: [Int32] = []
        var pairs: [(slot: Int32, record: Int32)] = []
        var unknown: [Int32: Set<String>] = [:]
        for i in hasil.indices {
            let id = ids[i]
            let t = ix.resultTeam[id]
            guard t >= 0 else { continue }
            let slot: Int32
            if let s = slotOf[Int(t)] {
                slot = s
            } else {
                slot = Int32(held.count)
                slotOf[Int(t)] = slot
                held.append(t)
            }
            let turunan = hasil[i].turunan
            guard !turunan.isEmpty else { continue }
            let children = ResultIDs(ix, childrenOf: id, count: turunan.count)
            for j in turunan.indices {
                let r = ix.resultHolder[children[j]]
                if r >= 0 {
                    pairs.append((slot, r))
                } else if let p = turunan[j].pelaksana?.value {
                    unknown[slot, default: []].insert(p)
                }
            }
        }
        guard !held.isEmpty else { return }
        // The holders by slot (a counting sort).
        var start = [Int32](repeating: 0, count: held.count + 1)
        for p in pairs { start[Int(p.slot) + 1] += 1 }
        for s in held.indices { start[s + 1] += start[s] }
        var bySlot = [Int32](repeating: 0, count: pairs.count)
        var fill = start
        for p in pairs {
            bySlot[Int(fill[Int(p.slot)])] = p.record
            fill[Int(p.slot)] += 1
        }
        let teams = ix.agency.teams
        for s in held.indices {
            let t = Int(held[s])
            marks.next()
            for k in Int(start[s])..<Int(start[s + 1]) { marks.mark(bySlot[k]) }
            let base = Int(ix.memberStart[t])
            for j in ix.members(ofTeam: t) where ix.memberRepeat[j] & AgencyIndex.memberRepeatsMember == 0 {
                let r = ix.memberRecord[j]
                let got =
                    r >= 0 ? marks.isMarked(r) : unknown[Int32(s)]?.contains(teams[t].anggota[j - base].value) == true
                if !got { body(t, j) }
            }
        }
    }
}

/// Marks on employee records (or any dense indices), cleared in O(1) by starting a new round.
struct RecordMarks {
    private var round: [Int32]
    private var current: Int32 = 0

    init(count: Int) { round = [Int32](repeating: 0, count: count) }

    /// Clears every mark.
    mutating func next() { current += 1 }
    mutating func mark(_ i: Int32) { round[Int(i)] = current }
    func isMarked(_ i: Int32) -> Bool { round[Int(i)] == current }
}

/// M001, M002, M013, M015: the matrix's unit and year, and matrices per unit and year.
struct MatrixAnchorCheck: AgencyCheck {
    let codes = ["M001", "M002", "M013", "M015"]

    func check(_ c: CheckContext) {
        let a = c.agency
        let ix = c.index
        let facts = MatrixFacts(c)
        for (i, m) in a.matrices.enumerated() {
            let unitText = MatrixFacts.unitText(m)
            let yearText = MatrixFacts.yearText(m)
            // M001: a known unit that is not a JPT unit of any grade or an independent unit (unknown units are R003's).
            if let ref = m.unit, let ui = ix.unitByCode[ref.value], !a.units[ui].isJPTUnit,
                let level = a.units[ui].tingkat?.value
            {
                c.report(
                    Diagnostic(
                        "M001", at: ref.location, path: "\(m.path).unit", entity: MatrixFacts.entity(m),
                        args: ["unit": ref.value, "year": yearText, "tingkat": level.rawValue]))
            }
            guard let k = MatrixFacts.key(m), let tahun = m.tahun else { continue }
            let all = ix.matricesByUnitYear[k] ?? []
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
            if facts.isFirst(i), ix.unitByCode[k.unit] != nil, ix.agreementsByUnitYear[k] == nil {
                c.report(
                    Diagnostic(
                        "M002", at: tahun.location, path: "\(m.path).tahun", entity: MatrixFacts.entity(m),
                        args: ["unit": unitText, "year": yearText]))
            }
        }
        // M015: a JPT Pratama unit with a PK for a year but no matrix for that year.
        var seen = Set<UnitYear>()
        for pk in a.agreements {
            guard let ref = pk.unit, let y = pk.tahun?.value, let u = ix.unitByCode[ref.value], a.units[u].isJPTPratama
            else { continue }
            let k = UnitYear(unit: ref.value, year: y)
            guard ix.matricesByUnitYear[k] == nil, seen.insert(k).inserted else { continue }
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
        let ix = c.index
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
        var members = RecordMarks(count: a.employees.count)

        for i in matrices.indices {
            let m = matrices[i]
            let unitText = MatrixFacts.unitText(m)
            let yearText = MatrixFacts.yearText(m)
            let key = MatrixFacts.key(m)
            // The PK of the matrix's unit and year, when there is one (none is M002's).
            let pkCodes: [String]? = key.flatMap { k in
                ix.agreementsByUnitYear[k] == nil ? nil : facts.indicatorCodes(k)
            }
            let pkSet = Set(pkCodes ?? [])
            let hasil = m.hasil
            let ids = MatrixFacts.topIDs(i, ix)

            // Values are read where they are (no copy of a result or of a located value) until
            // something is to be reported.
            for ri in hasil.indices {
                let id = ids[ri]
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
                let team = Int(ix.resultTeam[id])
                // M007: a team's result held by someone other than its ketua (no ketua: K005's). Two
                // known NIPs differ exactly when their records do.
                if team >= 0 {
                    let holder = ix.resultHolder[id]
                    let ketuaRecord = ix.ketuaOf[team]
                    let differs: Bool
                    if holder >= 0 && ketuaRecord >= 0 {
                        differs = holder != ketuaRecord
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
                if !turunan.isEmpty && (m.mode == .satuTingkat || (team < 0 && hasil[ri].tim == nil)),
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
                let children = ResultIDs(ix, childrenOf: id, count: turunan.count)
                var membersMarked = false
                var unknownMembers: Set<String>?
                for r2 in turunan.indices {
                    // M008: a level-2 holder who is not a member of the parent's team.
                    if team >= 0 {
                        let holder = ix.resultHolder[children[r2]]
                        var isMember = true
                        if holder >= 0 {
                            if !membersMarked {
                                members.next()
                                for j in ix.members(ofTeam: team) where ix.memberRecord[j] >= 0 {
                                    members.mark(ix.memberRecord[j])
                                }
                                membersMarked = true
                            }
                            isMember = members.isMarked(holder)
                        } else if let p = turunan[r2].pelaksana?.value {
                            // An unknown NIP is a member only as the same unknown text.
                            if unknownMembers == nil {
                                var set = Set<String>()
                                let anggota = teams[team].anggota
                                let base = Int(ix.memberStart[team])
                                for j in ix.members(ofTeam: team) where ix.memberRecord[j] < 0 {
                                    set.insert(anggota[j - base].value)
                                }
                                unknownMembers = set
                            }
                            isMember = unknownMembers?.contains(p) == true
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
            if pkCodes != nil, let k = key, facts.isFirst(i) {
                let served = MatrixFacts.servedIndicators(m)
                var reported = Set<String>()
                for p in ix.agreementsByUnitYear[k] ?? [] {
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

    /// M014's verbs (lowercase), with the byte lengths of those starting with each byte: an ASCII
    /// word whose first byte and length match no verb is no verb, without building or hashing it.
    struct ActivityVerbs {
        let verbs: Set<String>
        /// Bit `n` of `lengths[b]`: a verb of `n` bytes starts with byte `b` (`n` >= 63: bit 63).
        private let lengths: [UInt64]

        init(_ verbs: Set<String>) {
            self.verbs = verbs
            // A verb that is not ASCII could still equal an ASCII word (canonical equivalence, e.g.
            // U+037E and ";"): then every word is looked up.
            guard verbs.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else {
                lengths = [UInt64](repeating: .max, count: 256)
                return
            }
            var lengths = [UInt64](repeating: 0, count: 256)
            for v in verbs {
                guard let first = v.utf8.first else { continue }
                lengths[Int(first)] |= 1 << UInt64(min(v.utf8.count, 63))
            }
            self.lengths = lengths
        }

        var isEmpty: Bool { verbs.isEmpty }

        enum FastWord {
            case verb(String)
            case noVerb, notASCII
        }

        /// ``firstWordIfVerb(_:)`` on UTF-8 bytes, when what decides it is ASCII.
        private func fastWord(_ u: UnsafeBufferPointer<UInt8>) -> FastWord {
            func space(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
            func punctuation(_ b: UInt8) -> Bool {
                switch b {
                case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "\""),
                    UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "-"):
                    return true
                default: return false
                }
            }
            func lower(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b }
            var i = 0
            let n = u.count
            while i < n, space(u[i]) { i += 1 }
            var j = i
            while j < n, !space(u[j]) {
                // Not ASCII: a Unicode space may end the word, a mark may join a character.
                if u[j] >= 0x80 { return .notASCII }
                j += 1
            }
            while i < j, punctuation(u[i]) { i += 1 }
            while j > i, punctuation(u[j - 1]) { j -= 1 }
            guard i < j, lengths[Int(lower(u[i]))] & (1 << UInt64(min(j - i, 63))) != 0 else { return .noVerb }
            let word = UnsafeBufferPointer(rebasing: u[i..<j])
            let lowered = String(unsafeUninitializedCapacity: word.count) { out in
                for k in word.indices { out[k] = lower(word[k]) }
                return word.count
            }
            return verbs.contains(lowered) ? .verb(String(decoding: word, as: UTF8.self)) : .noVerb
        }

        /// The first word of `text` (punctuation trimmed), as written, when it is one of the verbs
        /// (compared in lowercase).
        func firstWordIfVerb(_ text: String?) -> String? {
            guard let text else { return nil }
            // ASCII text (nearly all): the word's bytes, without building Unicode scalars or Characters.
            switch text.utf8.withContiguousStorageIfAvailable({ fastWord($0) }) ?? .notASCII {
            case .verb(let word): return word
            case .noVerb: return nil
            case .notASCII: break
            }
            // The first word, without splitting the whole text into grapheme clusters.
            let scalars = text.unicodeScalars
            let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
            let end = scalars[start...].firstIndex { $0.properties.isWhitespace } ?? scalars.endIndex
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
        let ix = c.index
        let facts = MatrixFacts(c)
        let teams = a.teams
        let employees = a.employees
        let matrices = a.matrices
        var teamsByUnit: [String: [Int]] = [:]
        // First occurrence of each code only (duplicates are R001's).
        for t in teams.indices where ix.isFirstTeam[t] {
            guard let u = teams[t].unit?.value else { continue }
            teamsByUnit[u, default: []].append(t)
        }
        var holders = RecordMarks(count: employees.count)
        var scratch = RecordMarks(count: employees.count)
        var teamsHeld = RecordMarks(count: teams.count)

        for i in matrices.indices where facts.isFirst(i) {
            let m = matrices[i]
            guard let k = MatrixFacts.key(m) else { continue }
            let year = String(k.year)

            // M010: a team of the unit that holds no level-1 result in the matrix (a first team
            // holds one exactly when a result's `tim` names its code).
            if let unitTeams = teamsByUnit[k.unit] {
                teamsHeld.next()
                let ids = MatrixFacts.topIDs(i, ix)
                for ri in m.hasil.indices where ix.resultTeam[ids[ri]] >= 0 { teamsHeld.mark(ix.resultTeam[ids[ri]]) }
                for t in unitTeams {
                    guard let kode = teams[t].kode, !teamsHeld.isMarked(Int32(t)), Self.activeIn(teams[t], k.year)
                    else { continue }
                    c.report(
                        Diagnostic(
                            "M010", at: kode.location, path: "\(teams[t].path).kode", entity: kode.value,
                            args: ["team": kode.value, "unit": k.unit, "year": year],
                            notes: [
                                DiagnosticNote(
                                    "matrix", at: m.unit?.location ?? m.location,
                                    args: ["unit": k.unit, "year": year])
                            ]))
                }
            }

            // M011: a member of a team holding a level-1 result who gets no level-2 result in it.
            MatrixFacts.membersWithoutLevel2(matrix: i, ix, &scratch) { t, j in
                let member = teams[t].anggota[j - Int(ix.memberStart[t])]
                let code = teams[t].kode?.value ?? "?"
                var notes: [DiagnosticNote] = []
                let e = ix.memberRecord[j]
                if e >= 0, let nip = employees[Int(e)].nip {
                    notes.append(DiagnosticNote("employee", at: nip.location, args: ["nip": member.value]))
                }
                c.report(
                    Diagnostic(
                        "M011", at: member.location, path: "\(teams[t].path).anggota",
                        entity: "\(code)/\(member.value)",
                        args: ["nip": member.value, "team": code, "unit": k.unit, "year": year],
                        notes: notes))
            }

            // M012: an own employee of the unit (its head excepted) who holds no result at all.
            if let u = ix.unitByCode[k.unit], a.units[u].isJPTPratama {
                MatrixFacts.markHolders(i, ix, &holders)
                let head = MatrixFacts.headRecord(of: u, ix)
                for e in ix.ownEmployees(ofPratama: u) where e != head && !holders.isMarked(e) {
                    guard let nip = employees[Int(e)].nip else { continue }
                    c.report(
                        Diagnostic(
                            "M012", at: nip.location, path: "\(employees[Int(e)].path).nip", entity: nip.value,
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

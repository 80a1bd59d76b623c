import Foundation

/// Pack `dasar`: identity and references (R) and NIP layout (N).
let integrityChecks: [any AgencyCheck] = [
    DuplicateIdentifierCheck(), ReferenceCheck(), UnitCycleCheck(), NIPCheck(), NumberYearCheck(),
]

/// S009: the year in `sistem_kerja.peraturan` ("… Tahun 2021", "…/2021") differs from the year of
/// `ditetapkan`; the year in a team's `penetapan.nomor` (its last part "…/2024", or "Tahun 2024")
/// differs from the year of `penetapan.tanggal`. Numbers without a year are not judged.
struct NumberYearCheck: AgencyCheck {
    let codes = ["S009"]

    /// The year a regulation's title or a decree's number carries, with the words that show it:
    /// "Tahun YYYY" (first), else a last `/`-separated part of four digits. Nil when there is none.
    /// Words are separated by space, line feed and tab; "tahun" and "nomor" match in any case; the
    /// words shown are trimmed of `,.;` (a `/` number of `,.;()`).
    ///
    /// Read byte by byte: it runs for every team of the largest agencies, where splitting into
    /// `String`s, lowercasing and Foundation's trimming cost ~50,000 instructions a team (4.7 % of a
    /// 100k agency's check). Any text that is not plain ASCII, or holds a carriage return (a `\r\n`
    /// is one `Character`, so it separates no words), is read by the `Character` reading, which
    /// gives the same answer for every text (`NumberYearTests` compares the two).
    static func year(in text: String) -> (year: Int, shown: String)? {
        var text = text
        let fast = text.withUTF8 { bytes -> (year: Int, shown: String)?? in
            for b in bytes where b >= 0x80 || b == 0x0D { return .none }
            return .some(asciiYear(bytes))
        }
        if let fast { return fast }
        return characterYear(in: text)
    }

    /// `year(in:)` over ASCII without carriage returns.
    private static func asciiYear(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, shown: String)? {
        var words: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count, isSeparator(bytes[i]) { i += 1 }
            let start = i
            while i < bytes.count, !isSeparator(bytes[i]) { i += 1 }
            if i > start { words.append(start..<i) }
        }
        func lowered(_ r: Range<Int>, is word: StaticString) -> Bool {
            guard r.count == word.utf8CodeUnitCount else { return false }
            for (k, b) in zip(r, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
            where bytes[k] | 0x20 != b { return false }
            return true
        }
        func number(_ r: Range<Int>) -> Int? {
            guard r.count == 4, r.allSatisfy({ isDigit(bytes[$0]) }) else { return nil }
            let y = r.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) }
            return plausible(y) ? y : nil
        }
        func trimmed(_ r: Range<Int>, _ strip: (UInt8) -> Bool) -> Range<Int> {
            var lower = r.lowerBound
            var upper = r.upperBound
            while lower < upper, strip(bytes[lower]) { lower += 1 }
            while upper > lower, strip(bytes[upper - 1]) { upper -= 1 }
            return lower..<upper
        }
        func text(_ r: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
        }
        for (w, word) in words.enumerated() where w + 1 < words.count && lowered(word, is: "tahun") {
            let next = words[w + 1]
            let digits = next.lowerBound..<(next.firstIndex { !isDigit(bytes[$0]) } ?? next.upperBound)
            guard let y = number(digits) else { continue }
            let from = w >= 2 && lowered(words[w - 2], is: "nomor") ? w - 2 : w
            // The words joined by one space and trimmed of `,.;`: the span starts with "nomor" or
            // "tahun" and its last word with four digits, so only that word's end can be trimmed.
            var span = words[from...w].map(text)
            span.append(text(trimmed(next) { $0 == 0x2C || $0 == 0x2E || $0 == 0x3B }))
            return (y, span.joined(separator: " "))
        }
        for word in words.reversed() {
            let token = trimmed(word) { $0 == 0x2C || $0 == 0x2E || $0 == 0x3B || $0 == 0x28 || $0 == 0x29 }
            guard let slash = token.last(where: { bytes[$0] == 0x2F }),
                let y = number((slash + 1)..<token.upperBound)
            else { continue }
            return (y, text(token))
        }
        return nil
    }

    private static func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x09 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `year(in:)` by `Character`s: the reading for any text.
    static func characterYear(in text: String) -> (year: Int, shown: String)? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        for (i, w) in words.enumerated() where w.lowercased() == "tahun" && i + 1 < words.count {
            let digits = words[i + 1].prefix { $0.isASCII && $0.isNumber }
            if digits.count == 4, let y = Int(digits), plausible(y) {
                let from = i >= 2 && words[i - 2].lowercased() == "nomor" ? i - 2 : i
                return (
                    y,
                    words[from...(i + 1)].joined(separator: " ").trimmingCharacters(
                        in: CharacterSet(charactersIn: ",.;"))
                )
            }
        }
        // "800/012/Diskominfo/2024", "Pergub 1/2022": the number ends with "/YYYY".
        for w in words.reversed() {
            let token = w.trimmingCharacters(in: CharacterSet(charactersIn: ",.;()"))
            guard token.contains("/"), let last = token.split(separator: "/", omittingEmptySubsequences: false).last,
                last.count == 4, last.allSatisfy({ $0.isASCII && $0.isNumber }), let y = Int(last), plausible(y)
            else { continue }
            return (y, token)
        }
        return nil
    }

    static func plausible(_ y: Int) -> Bool { (1945...2199).contains(y) }

    func check(_ c: CheckContext) {
        guard c.isEnabled("S009") else { return }
        let entity = c.agency.instansi.first?.kode?.value ?? c.agency.name
        if let sk = c.agency.instansi.first?.sistemKerja, let p = sk.peraturan, let d = sk.ditetapkan,
            let found = Self.year(in: p.value), found.year != d.value.year
        {
            c.report(
                Diagnostic(
                    "S009", at: p.location, path: "instansi.sistem_kerja.peraturan", entity: entity,
                    args: [
                        "number": found.shown, "number_year": String(found.year), "date": d.value.description,
                        "date_year": String(d.value.year),
                    ],
                    notes: [DiagnosticNote("date", at: d.location, args: ["date": d.value.description])]))
        }
        for t in c.agency.teams {
            guard let p = t.penetapan, let n = p.nomor, let d = p.tanggal, let found = Self.year(in: n.value),
                found.year != d.value.year
            else { continue }
            c.report(
                Diagnostic(
                    "S009", variant: "team", at: n.location, path: "\(t.path).penetapan.nomor", entity: t.entity,
                    args: [
                        "team": t.code, "number": found.shown, "number_year": String(found.year),
                        "date": d.value.description, "date_year": String(d.value.year),
                    ],
                    notes: [DiagnosticNote("date", at: d.location, args: ["date": d.value.description])]))
        }
    }
}

/// R001: an identifier given twice; the finding is at the second, a note at the first.
/// Runs over every item of the largest agencies: items are visited in place and a path is built
/// only for a duplicate. NIPs, unit and team codes are the index's: it keeps the first of each, so a
/// later one is a duplicate without a table of its own.
struct DuplicateIdentifierCheck: AgencyCheck {
    let codes = ["R001"]

    /// First occurrences of one kind of identifier within one scope.
    struct Scanner {
        let context: CheckContext
        let kind: String
        let kindID: String
        let scope: String
        var first: [String: SourceLocation] = [:]

        mutating func see(_ v: Located<String>?, path: @autoclosure () -> String) {
            guard let v else { return }
            // One lookup: the entry is made when the value is new, and read when it is not.
            let before = first.count
            let f = Self.read(&first[v.value, default: v.location])
            if first.count == before { report(v, first: f, path: path()) }
        }

        private static func read(_ location: inout SourceLocation) -> SourceLocation { location }

        func report(_ v: Located<String>, first f: SourceLocation, path: String) {
            context.report(
                Diagnostic(
                    "R001", at: v.location, path: path, entity: scope + v.value,
                    args: ["value": v.value, "kind": kindID, "kind_en": kind],
                    notes: [DiagnosticNote("first", at: f, args: ["value": v.value])]))
        }
    }

    func check(_ c: CheckContext) {
        let a = c.agency
        let index = c.index
        // NIPs, unit codes and team codes: a record that is not the first with its value is a
        // duplicate of the index's first one.
        func later<Model>(
            _ ids: Range<ModelID<Model>>, first isFirst: (ModelID<Model>) -> Bool,
            _ byValue: (String) -> ModelID<Model>?, _ value: KeyPath<Model, Located<String>?>,
            _ location: KeyPath<Model, SourceLocation>, _ path: KeyPath<Model, String>, _ field: String,
            _ scanner: Scanner, _ items: [Model]
        ) {
            for i in ids where !isFirst(i) {
                guard let v = items[i][keyPath: value], let f = byValue(v.value) else { continue }
                scanner.report(
                    v, first: items[f][keyPath: value]?.location ?? items[f][keyPath: location],
                    path: items[i][keyPath: path] + "." + field)
            }
        }
        later(
            index.employeeIDs, first: index.isFirst, { index.employee(nip: $0) }, \.nip, \.location, \.path, "nip",
            Scanner(context: c, kind: "NIP", kindID: "NIP", scope: ""), a.employees)
        later(
            index.unitIDs, first: index.isFirst, { index.unit(code: $0) }, \.kode, \.location, \.path, "kode",
            Scanner(context: c, kind: "unit code", kindID: "kode unit", scope: ""), a.units)
        later(
            index.teamIDs, first: index.isFirst, { index.team(code: $0) }, \.kode, \.location, \.path, "kode",
            Scanner(context: c, kind: "team code", kindID: "kode tim", scope: ""), a.teams)
        let agreements = a.agreements
        for p in agreements.indices {
            let indikator = agreements[p].indikator
            guard indikator.count > 1 else { continue }
            let pk = agreements[p]
            let scope = "\(pk.unit?.value ?? "?")/\(pk.tahun.map { String($0.value) } ?? "?")/"
            var codes = Scanner(context: c, kind: "indicator code", kindID: "kode indikator", scope: scope)
            codes.first.reserveCapacity(indikator.count)
            for i in indikator.indices { codes.see(indikator[i].kode, path: "\(indikator[i].path).kode") }
        }
        let matrices = a.matrices
        for m in index.matrixIDs {
            let count = index.results(of: m).count
            guard count > 1 else { continue }
            let scope = "\(matrices[m].unit?.value ?? "?")/\(matrices[m].tahun.map { String($0.value) } ?? "?")/"
            var codes = Scanner(context: c, kind: "result code", kindID: "kode hasil", scope: scope)
            codes.first.reserveCapacity(count)
            // Every level in document order (pre-order); nesting is bounded by the loader's depth limit.
            func visit(_ results: [MatrixResult]) {
                for i in results.indices {
                    codes.see(results[i].kode, path: "\(results[i].path).kode")
                    if !results[i].turunan.isEmpty { visit(results[i].turunan) }
                }
            }
            visit(matrices[m].hasil)
        }
    }
}

/// R002-R005: references to employees, units, teams and PK indicators that do not exist.
/// Employees' units, team people and results' holders and teams are resolved by the index once;
/// a path is built only for a finding.
struct ReferenceCheck: AgencyCheck {
    let codes = ["R002", "R003", "R004", "R005"]

    func check(_ c: CheckContext) {
        let index = c.index
        let a = c.agency
        // Indexed on the first unknown reference: 20,000 of them against 5,000 codes stay linear.
        let unitSuggestions = SuggestIndex { Array(index.unitCodes) }
        let teamSuggestions = SuggestIndex { Array(index.teamCodes) }
        func unknownEmployee(_ v: Located<String>, _ path: @autoclosure () -> String, _ field: String) {
            c.report(
                Diagnostic(
                    "R002", at: v.location, path: path(), entity: v.value,
                    args: ["nip": v.value, "value": v.value, "field": field]))
        }
        func employee(_ v: Located<String>?, _ path: @autoclosure () -> String, _ field: String) {
            guard let v, index.employee(nip: v.value) == nil else { return }
            unknownEmployee(v, path(), field)
        }
        func unknownUnit(_ v: Located<String>, _ path: @autoclosure () -> String, _ field: String) {
            var args = ["unit": v.value, "value": v.value, "field": field]
            let suggestion = unitSuggestions.closest(to: v.value)
            if let s = suggestion { args["suggestion"] = s }
            c.report(
                Diagnostic(
                    "R003", variant: suggestion == nil ? "default" : "did_you_mean", at: v.location, path: path(),
                    entity: v.value, args: args))
        }
        func unit(_ v: Located<String>?, _ path: @autoclosure () -> String, _ field: String) {
            guard let v, index.unit(code: v.value) == nil else { return }
            unknownUnit(v, path(), field)
        }
        let units = a.units
        for u in index.unitIDs {
            if index.parent(of: u) == nil { unit(units[u].induk, "\(units[u].path).induk", "induk") }
            employee(units[u].pimpinan, "\(units[u].path).pimpinan", "pimpinan")
        }
        // An own employee's unit is unknown when the index could not place it.
        let employees = a.employees
        for e in index.employeeIDs where index.placement(of: e) == nil && !index.isExternal(e) {
            if let v = employees[e].unit { unknownUnit(v, "\(employees[e].path).unit", "unit") }
        }
        var indicatorCodes = Set<String>()
        let agreements = a.agreements
        for p in agreements.indices {
            unit(agreements[p].unit, "\(agreements[p].path).unit", "unit")
            employee(agreements[p].pejabat, "\(agreements[p].path).pejabat", "pejabat")
            let indikator = agreements[p].indikator
            for i in indikator.indices { if let k = indikator[i].kode?.value { indicatorCodes.insert(k) } }
        }
        let teams = a.teams
        for t in index.teamIDs {
            if index.unit(of: t) == nil, let v = teams[t].unit { unknownUnit(v, "\(teams[t].path).unit", "unit") }
            if index.ketua(of: t) == nil, let k = teams[t].ketua {
                unknownEmployee(k, "\(teams[t].path).ketua", "ketua")
            }
            for member in index.members(of: t) where member.employee == nil {
                unknownEmployee(teams[t].anggota[member.position], "\(teams[t].path).anggota", "anggota")
            }
            employee(teams[t].penetapan?.oleh, "\(teams[t].path).penetapan.oleh", "penetapan.oleh")
        }
        let matrices = a.matrices
        for m in index.matrixIDs {
            unit(matrices[m].unit, "\(matrices[m].path).unit", "unit")
            // Last result first, each followed by its turunan the same way (the order of a stack).
            func visit(_ results: [MatrixResult], ids: SiblingResults) {
                for (i, id) in zip(results.indices, ids).reversed() {
                    if index.holder(of: id) == nil, results[i].pelaksana != nil, let p = results[i].pelaksana {
                        unknownEmployee(p, "\(results[i].path).pelaksana", "pelaksana")
                    }
                    if index.team(of: id) == nil, results[i].tim != nil, let t = results[i].tim {
                        var args = ["team": t.value, "value": t.value]
                        let suggestion = teamSuggestions.closest(to: t.value)
                        if let s = suggestion { args["suggestion"] = s }
                        c.report(
                            Diagnostic(
                                "R004", variant: suggestion == nil ? "default" : "did_you_mean", at: t.location,
                                path: "\(results[i].path).tim", entity: t.value, args: args))
                    }
                    if let code = results[i].indikator?.value, !indicatorCodes.contains(code),
                        let ind = results[i].indikator
                    {
                        c.report(
                            Diagnostic(
                                "R005", at: ind.location, path: "\(results[i].path).indikator", entity: ind.value,
                                args: ["indicator": ind.value, "value": ind.value]))
                    }
                    if !results[i].turunan.isEmpty { visit(results[i].turunan, ids: index.children(of: id)) }
                }
            }
            visit(matrices[m].hasil, ids: index.topResults(of: m))
        }
    }
}

/// R006: units whose `induk` chain loops. One finding per cycle, at its first unit in file order.
struct UnitCycleCheck: AgencyCheck {
    let codes = ["R006"]

    func check(_ c: CheckContext) {
        let index = c.index
        var reported = Set<UnitID>()
        for i in index.unitIDs where index.isOnCycle(i) && !reported.contains(i) {
            let u = c.agency.units[i]
            // Collect the cycle through i.
            var members: [UnitID] = []
            var cur = i
            repeat {
                members.append(cur)
                guard let p = index.parent(of: cur) else { break }
                cur = p
            } while cur != i && members.count <= c.agency.units.count
            reported.formUnion(members)
            guard let induk = u.induk else { continue }
            let codes = members.compactMap { c.agency.units[$0].kode?.value }
            let notes = members.dropFirst().compactMap { m -> DiagnosticNote? in
                guard let l = c.agency.units[m].induk else { return nil }
                return DiagnosticNote("member", at: l.location, args: ["unit": c.agency.units[m].kode?.value ?? "?"])
            }
            c.report(
                Diagnostic(
                    "R006", at: induk.location, path: "\(u.path).induk", entity: u.kode?.value ?? u.path,
                    args: [
                        "unit": u.kode?.value ?? "?", "cycle": (codes + [codes.first ?? "?"]).joined(separator: " -> "),
                    ],
                    notes: notes))
        }
    }
}

/// N001-N005: the layout of each employee's NIP (birth date, TMT CPNS, sex, serial).
struct NIPCheck: AgencyCheck {
    let codes = ["N001", "N002", "N003", "N004", "N005"]

    func check(_ c: CheckContext) {
        let employees = c.agency.employees
        for e in employees.indices {
            guard let value = employees[e].nip?.value else { continue }
            let problems = NIPCheck.problems(value)
            guard !problems.isEmpty, let nip = employees[e].nip else { continue }
            for d in problems {
                var args = d.args
                if args["nip"] == nil { args["nip"] = nip.value }
                c.report(
                    Diagnostic(
                        d.code, variant: d.variant, at: nip.location, path: "\(employees[e].path).nip",
                        entity: nip.value,
                        args: args))
            }
        }
    }

    struct Problem {
        var code: String
        var variant = "default"
        var args: [String: String] = [:]
    }

    /// What is wrong with a NIP's layout (empty when nothing).
    static func problems(_ nip: String) -> [Problem] {
        // The NIP's bytes in place (a native string's are contiguous); a copy only otherwise.
        if let out = nip.utf8.withContiguousStorageIfAvailable({ problems(nip, $0) }) { return out }
        return Array(nip.utf8).withUnsafeBufferPointer { problems(nip, $0) }
    }

    private static func problems(_ nip: String, _ u: UnsafeBufferPointer<UInt8>) -> [Problem] {
        guard u.count == 18, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return [Problem(code: "N001", args: ["length": String(nip.count)])]
        }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        var out: [Problem] = []
        // All 18 are ASCII digits: the texts are byte ranges, made only for a finding.
        func text(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
        let birth = CivilDate(year: num(0..<4), month: num(4..<6), day: num(6..<8))
        if birth == nil { out.append(Problem(code: "N002", args: ["value": text(0..<8)])) }
        let tmtYear = num(8..<12)
        let tmtMonth = num(12..<14)
        if !(1...12).contains(tmtMonth) || tmtYear < 1900 {
            out.append(Problem(code: "N003", variant: "default", args: ["value": text(8..<14)]))
        } else if let b = birth, let tmt = CivilDate(year: tmtYear, month: tmtMonth, day: 1) {
            if tmtYear * 12 + tmtMonth < b.year * 12 + b.month {
                out.append(
                    Problem(
                        code: "N003", variant: "before_birth", args: ["value": text(8..<14), "birth": b.description]))
            } else if tmt < b.adding(years: 18) {
                let months = (tmtYear * 12 + tmtMonth) - (b.year * 12 + b.month)
                out.append(
                    Problem(
                        code: "N005", args: ["value": text(8..<14), "birth": b.description, "age": String(months / 12)])
                )
            }
        }
        let sex = u[14] - 48
        if sex != 1 && sex != 2 { out.append(Problem(code: "N004", args: ["value": String(sex)])) }
        return out
    }
}

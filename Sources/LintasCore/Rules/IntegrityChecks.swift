/// Pack `dasar`: identity and references (R) and NIP layout (N).
let integrityChecks: [any AgencyCheck] = [DuplicateIdentifierCheck(), ReferenceCheck(), UnitCycleCheck(), NIPCheck()]

/// R001: an identifier given twice; the finding is at the second, a note at the first.
/// Runs over every item of the largest agencies: items are visited in place and a path is built
/// only for a duplicate.
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
            if let f = first[v.value] {
                context.report(Diagnostic("R001", at: v.location, path: path(), entity: scope + v.value,
                                          args: ["value": v.value, "kind": kindID, "kind_en": kind],
                                          notes: [DiagnosticNote("first", at: f, args: ["value": v.value])]))
            } else {
                first[v.value] = v.location
            }
        }
    }

    func check(_ c: CheckContext) {
        let a = c.agency
        var nips = Scanner(context: c, kind: "NIP", kindID: "NIP", scope: "")
        nips.first.reserveCapacity(a.employees.count)
        for e in a.employees { nips.see(e.nip, path: "\(e.path).nip") }
        var units = Scanner(context: c, kind: "unit code", kindID: "kode unit", scope: "")
        for u in a.units { units.see(u.kode, path: "\(u.path).kode") }
        var teams = Scanner(context: c, kind: "team code", kindID: "kode tim", scope: "")
        for t in a.teams { teams.see(t.kode, path: "\(t.path).kode") }
        for pk in a.agreements {
            let scope = "\(pk.unit?.value ?? "?")/\(pk.tahun.map { String($0.value) } ?? "?")/"
            var codes = Scanner(context: c, kind: "indicator code", kindID: "kode indikator", scope: scope)
            for i in pk.indikator { codes.see(i.kode, path: "\(i.path).kode") }
        }
        for m in a.matrices {
            let scope = "\(m.unit?.value ?? "?")/\(m.tahun.map { String($0.value) } ?? "?")/"
            var codes = Scanner(context: c, kind: "result code", kindID: "kode hasil", scope: scope)
            // Every level in document order (pre-order); nesting is bounded by the loader's depth limit.
            func visit(_ results: [MatrixResult]) {
                for r in results {
                    codes.see(r.kode, path: "\(r.path).kode")
                    visit(r.turunan)
                }
            }
            visit(m.hasil)
        }
    }
}

/// R002-R005: references to employees, units, teams and PK indicators that do not exist.
struct ReferenceCheck: AgencyCheck {
    let codes = ["R002", "R003", "R004", "R005"]

    func check(_ c: CheckContext) {
        let ix = c.index
        let a = c.agency
        func employee(_ v: Located<String>?, _ path: String, _ field: String) {
            guard let v, ix.employeeByNIP[v.value] == nil else { return }
            c.report(Diagnostic("R002", at: v.location, path: path, entity: v.value, args: ["nip": v.value, "value": v.value, "field": field]))
        }
        func unit(_ v: Located<String>?, _ path: String, _ field: String) {
            guard let v, ix.unitByCode[v.value] == nil else { return }
            var args = ["unit": v.value, "value": v.value, "field": field]
            let suggestion = Suggest.closest(to: v.value, in: ix.unitByCode.keys)
            if let s = suggestion { args["suggestion"] = s }
            c.report(Diagnostic("R003", variant: suggestion == nil ? "default" : "did_you_mean", at: v.location, path: path, entity: v.value, args: args))
        }
        for u in a.units {
            unit(u.induk, "\(u.path).induk", "induk")
            employee(u.pimpinan, "\(u.path).pimpinan", "pimpinan")
        }
        for e in a.employees where !ix.isExternal(e) {
            unit(e.unit, "\(e.path).unit", "unit")
        }
        var indicatorCodes = Set<String>()
        for pk in a.agreements {
            unit(pk.unit, "\(pk.path).unit", "unit")
            employee(pk.pejabat, "\(pk.path).pejabat", "pejabat")
            for i in pk.indikator { if let k = i.kode?.value { indicatorCodes.insert(k) } }
        }
        for t in a.teams {
            unit(t.unit, "\(t.path).unit", "unit")
            employee(t.ketua, "\(t.path).ketua", "ketua")
            for m in t.anggota { employee(m, "\(t.path).anggota", "anggota") }
            employee(t.penetapan?.oleh, "\(t.path).penetapan.oleh", "penetapan.oleh")
        }
        for m in a.matrices {
            unit(m.unit, "\(m.path).unit", "unit")
            var stack = m.hasil
            while let r = stack.popLast() {
                employee(r.pelaksana, "\(r.path).pelaksana", "pelaksana")
                if let t = r.tim, ix.teamByCode[t.value] == nil {
                    var args = ["team": t.value, "value": t.value]
                    let suggestion = Suggest.closest(to: t.value, in: ix.teamByCode.keys)
                    if let s = suggestion { args["suggestion"] = s }
                    c.report(Diagnostic("R004", variant: suggestion == nil ? "default" : "did_you_mean", at: t.location, path: "\(r.path).tim", entity: t.value, args: args))
                }
                if let i = r.indikator, !indicatorCodes.contains(i.value) {
                    c.report(Diagnostic("R005", at: i.location, path: "\(r.path).indikator", entity: i.value,
                                        args: ["indicator": i.value, "value": i.value]))
                }
                stack += r.turunan
            }
        }
    }
}

/// R006: units whose `induk` chain loops. One finding per cycle, at its first unit in file order.
struct UnitCycleCheck: AgencyCheck {
    let codes = ["R006"]

    func check(_ c: CheckContext) {
        let ix = c.index
        var reported = Set<Int>()
        for (i, u) in c.agency.units.enumerated() where ix.inCycle[i] && !reported.contains(i) {
            // Collect the cycle through i.
            var members: [Int] = []
            var cur = i
            repeat {
                members.append(cur)
                guard let p = ix.parent[cur] else { break }
                cur = p
            } while cur != i && members.count <= c.agency.units.count
            reported.formUnion(members)
            guard let induk = u.induk else { continue }
            let codes = members.compactMap { c.agency.units[$0].kode?.value }
            let notes = members.dropFirst().compactMap { m -> DiagnosticNote? in
                guard let l = c.agency.units[m].induk else { return nil }
                return DiagnosticNote("member", at: l.location, args: ["unit": c.agency.units[m].kode?.value ?? "?"])
            }
            c.report(Diagnostic("R006", at: induk.location, path: "\(u.path).induk", entity: u.kode?.value ?? u.path,
                                args: ["unit": u.kode?.value ?? "?", "cycle": (codes + [codes.first ?? "?"]).joined(separator: " -> ")],
                                notes: notes))
        }
    }
}

/// N001-N005: the layout of each employee's NIP (birth date, TMT CPNS, sex, serial).
struct NIPCheck: AgencyCheck {
    let codes = ["N001", "N002", "N003", "N004", "N005"]

    func check(_ c: CheckContext) {
        for e in c.agency.employees {
            guard let nip = e.nip else { continue }
            for d in NIPCheck.problems(nip.value) {
                c.report(Diagnostic(d.code, variant: d.variant, at: nip.location, path: "\(e.path).nip", entity: nip.value,
                                    args: d.args.merging(["nip": nip.value]) { a, _ in a }))
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
        let u = Array(nip.utf8)
        guard u.count == 18, u.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return [Problem(code: "N001", args: ["length": String(nip.count)])]
        }
        func num(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        var out: [Problem] = []
        // All 18 are ASCII digits: the texts are byte ranges, made only for a finding.
        func text(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
        let birth = CivilDate(year: num(0..<4), month: num(4..<6), day: num(6..<8))
        if birth == nil { out.append(Problem(code: "N002", args: ["value": text(0..<8)])) }
        let tmtYear = num(8..<12), tmtMonth = num(12..<14)
        if !(1...12).contains(tmtMonth) || tmtYear < 1900 {
            out.append(Problem(code: "N003", variant: "default", args: ["value": text(8..<14)]))
        } else if let b = birth, let tmt = CivilDate(year: tmtYear, month: tmtMonth, day: 1) {
            let tmtText = text(8..<14)
            if tmtYear * 12 + tmtMonth < b.year * 12 + b.month {
                out.append(Problem(code: "N003", variant: "before_birth", args: ["value": tmtText, "birth": b.description]))
            } else if tmt < b.adding(years: 18) {
                let months = (tmtYear * 12 + tmtMonth) - (b.year * 12 + b.month)
                out.append(Problem(code: "N005", args: ["value": tmtText, "birth": b.description, "age": String(months / 12)]))
            }
        }
        let sex = u[14] - 48
        if sex != 1 && sex != 2 { out.append(Problem(code: "N004", args: ["value": String(sex)])) }
        return out
    }
}

/// The figures a batch comparison shows per agency: open findings by severity, the Pasal 25 status
/// and four shares, each computed with the notion of the rule it mirrors (K001, M004, M012, T004)
/// through the same helpers the rules use. A pure function of the agency, its rules and findings.
struct AgencyFigures: Sendable, Equatable {
    /// `n` of `m`; shown as "n/m (p%)", or "—" when `m` is 0.
    struct Share: Sendable, Equatable {
        var n: Int
        var m: Int

        init(_ n: Int, of m: Int) {
            self.n = n
            self.m = m
        }

        /// Whole percent, rounded, but never 100 unless n = m and never 0 unless n = 0; nil when m = 0.
        var percent: Int? {
            guard m > 0 else { return nil }
            var p = Int((Double(n) * 100 / Double(m)).rounded())
            if p == 100 && n < m { p = 99 }
            if p == 0 && n > 0 { p = 1 }
            return p
        }

        var ratio: Double? { m > 0 ? Double(n) / Double(m) : nil }

        var text: String { percent.map { "\(n)/\(m) (\($0)%)" } ?? "—" }
    }

    /// The agency's instrument against the Pasal 25 deadline (the D rules' computation).
    enum Pasal25: Sendable, Equatable {
        /// Dated on or before the deadline.
        case onTime
        /// The later of `ditetapkan` (D002) and `berlaku` (D003), this many days after the deadline.
        case late(days: Int)
        /// No `sistem_kerja` recorded (D001).
        case noRegulation
        /// `sistem_kerja` recorded without `ditetapkan` or `berlaku`.
        case undated
        /// No deadline in force (the pack is not on) or no `instansi`.
        case notAssessed

        var code: String {
            switch self {
            case .onTime: return "on-time"
            case .late: return "late"
            case .noRegulation: return "no-regulation"
            case .undated: return "undated"
            case .notAssessed: return "not-assessed"
            }
        }

        var lateDays: Int? { if case .late(let d) = self { return d } else { return nil } }

        var localized: LocalizedText {
            switch self {
            case .onTime: return UIText[.figuresPasal25OnTime]
            case .late(let d):
                return UIText[d == 1 ? .figuresPasal25LateOneDay : .figuresPasal25Late, ["days": String(d)]]
            case .noRegulation: return UIText[.figuresPasal25NoRegulation]
            case .undated: return UIText[.figuresPasal25Undated]
            case .notAssessed: return UIText[.figuresPasal25NotAssessed]
            }
        }

        /// Ordering for sorting: on time, late by fewer days, late by more, undated, none, not assessed.
        var sortKey: Double {
            switch self {
            case .onTime: return 0
            case .late(let d): return Double(d)
            case .undated: return 1e9
            case .noRegulation: return 2e9
            case .notAssessed: return 3e9
            }
        }
    }

    /// The agency's `instansi.kode` and `instansi.nama` (the first `instansi`), shown beside its path.
    var kode: String?
    var nama: String?
    var errors = 0
    var warnings = 0
    var infos = 0
    /// With `--compare-to`: open findings resolved, new and still open since the earlier review.
    var since: SinceCounts?
    var pasal25: Pasal25 = .notAssessed
    /// Teams whose ketua K001 accepts (in the employee list, with an allowed `jenis_jabatan`), of all teams.
    var eligibleKetua = Share(0, of: 0)
    /// PK indicators served by a level-1 result of their unit and year's (first) matrix (M004), of
    /// the indicators of PKs that need a matrix (a JPT Pratama unit's) or have one.
    var cascadedIndicators = Share(0, of: 0)
    /// Own employees of JPT Pratama units, heads excepted (M012's population), holding a result in
    /// their unit's matrix of its latest year; an employee of a unit without a matrix holds none.
    var employeesWithRole = Share(0, of: 0)
    /// Teams whose declared `lingkup` T004 finds wrong, of the teams that declare one.
    var scopeMismatch = Share(0, of: 0)
    /// The codes of those teams, in file order.
    var scopeMismatchTeams: [String] = []
    /// The agency's files that could not be read or parsed (a Y001, Y003, Y004 or Y005 finding at
    /// them, whatever its status: a baselined Y004 still leaves the file's data out), in finding
    /// order, each once. When there is any, the Pasal 25 status and the shares were computed from
    /// the other files only and are shown as incomplete.
    var unreadFiles: [String] = []

    /// The rules whose finding means the file's data did not reach the model.
    static let unreadRules: Set<String> = ["Y001", "Y003", "Y004", "Y005"]

    /// True when some file of the agency could not be read or parsed (``unreadFiles``).
    var isIncomplete: Bool { !unreadFiles.isEmpty }

    struct SinceCounts: Sendable, Equatable {
        var resolved: Int
        var new: Int
        var stillOpen: Int
        /// False when the agency was not in the earlier report.
        var reviewedBefore: Bool
    }

    /// Takes the code and name of the agency's first `instansi`.
    mutating func name(_ agency: Agency) {
        kode = agency.instansi.first?.kode?.value
        nama = agency.instansi.first?.nama?.value
    }

    /// The marker appended to the Pasal 25 status and the shares of an incomplete agency.
    static let incompleteMarker = UIText[.figuresIncomplete]

    init() {}

    /// Counts only (when the agency was not kept).
    init(findings: [Finding]) {
        var seen = Set<String>()
        for f in findings {
            if AgencyFigures.unreadRules.contains(f.rule), seen.insert(f.location.file).inserted {
                unreadFiles.append(f.location.file)
            }
            guard f.isOpen else { continue }
            switch f.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            }
        }
    }

    /// `index` is the agency's index when the caller has it (the linter's, built for the rules).
    static func compute(_ agency: Agency, index: AgencyIndex? = nil, rules: ActiveRules, findings: [Finding])
        -> AgencyFigures
    {
        var out = AgencyFigures(findings: findings)
        out.name(agency)
        let index = index ?? AgencyIndex(agency)

        // Pasal 25: the D rules' deadline and late dates.
        if let inst = agency.instansi.first,
            let d = Pasal25Deadline(rules.packParams["\(Pasal25Deadline.pack).\(Pasal25Deadline.param)"])
        {
            if let sk = inst.sistemKerja {
                if let worst = d.lateDates(sk).map(\.days).max() {
                    out.pasal25 = .late(days: worst)
                } else {
                    out.pasal25 = sk.ditetapkan == nil && sk.berlaku == nil ? .undated : .onTime
                }
            } else {
                out.pasal25 = .noRegulation
            }
        }

        // Ketua: K001's verdict with the agency's parameters.
        let allowed = KetuaPostCheck.allowedSet(KetuaPostCheck.allowedPosts(rules))
        let teams = agency.teams
        var eligible = 0
        for t in index.teamIDs where KetuaPostCheck.verdict(team: t, index, allowed: allowed) == .eligible {
            eligible += 1
        }
        out.eligibleKetua = Share(eligible, of: teams.count)

        // Cascade: M004's served indicators, per unit and year, over PKs that need or have a matrix.
        let facts = MatrixFacts(agency, index)
        let matrices = agency.matrices
        var served: [UnitYear: Set<String>] = [:]
        for i in index.matrixIDs {
            guard let k = MatrixFacts.key(matrices[i]), index.isFirst(i) else { continue }
            served[k] = MatrixFacts.servedIndicators(matrices[i])
        }
        var indicators = 0
        var cascaded = 0
        for k in index.agreementUnitYears {
            let hasMatrix = index.hasMatrix(k)
            guard hasMatrix || index.unit(code: k.unit).map({ agency.units[$0].isJPTPratama }) == true else {
                continue
            }
            let servedHere = served[k]
            for code in facts.indicatorCodes(k) {
                indicators += 1
                if servedHere?.contains(code) == true { cascaded += 1 }
            }
        }
        out.cascadedIndicators = Share(cascaded, of: indicators)

        // Roles: M012's population against the holders of the unit's latest matrix.
        var latest: [UnitID: (year: Int, matrix: MatrixID)] = [:]
        for i in index.matrixIDs {
            guard let k = MatrixFacts.key(matrices[i]), index.isFirst(i), let u = index.unit(code: k.unit),
                agency.units[u].isJPTPratama
            else { continue }
            if let l = latest[u], l.year >= k.year { continue }
            latest[u] = (k.year, i)
        }
        var coverage = MatrixCoverage(index)
        var expected = 0
        var holding = 0
        for u in index.unitIDs {
            let people = index.ownEmployees(ofPratama: u)
            guard !people.isEmpty else { continue }
            let l = latest[u]
            let head = index.head(of: u)
            for e in people where e != head {
                expected += 1
                if let l, coverage.holdsResult(e, in: l.matrix) { holding += 1 }
            }
        }
        out.employeesWithRole = Share(holding, of: expected)

        // Scope: T004's mismatch.
        var declared = 0
        var scan = TeamScopeCheck.Scan()
        for t in index.teamIDs where teams[t].lingkup != nil {
            declared += 1
            if TeamScopeCheck.mismatch(team: t, index, &scan) != nil { out.scopeMismatchTeams.append(teams[t].code) }
        }
        out.scopeMismatch = Share(out.scopeMismatchTeams.count, of: declared)
        return out
    }
}

extension AgencyResult {
    /// The figures of the comparison: as computed by the linter, or counts only.
    var comparisonFigures: AgencyFigures {
        if let figures { return figures }
        var f = AgencyFigures(findings: findings)
        if let agency { f.name(agency) }
        return f
    }
}

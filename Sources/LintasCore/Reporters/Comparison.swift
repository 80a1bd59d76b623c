/// The batch comparison: one row per agency with its ``AgencyFigures``, the columns every output
/// shares (text, csv, markdown, html), and `--sort`.

/// A column of the comparison, by its stable name (the csv header and the `--sort` key).
public enum ComparisonColumn: String, Sendable, CaseIterable {
    case agency, errors, warnings, infos
    case pasal25
    case pasal25LateDays = "pasal25_late_days"
    case ketua
    case ketuaEligible = "ketua_eligible"
    case teams
    case cascade
    case indicatorsCascaded = "indicators_cascaded"
    case indicators
    case roles
    case employeesWithRole = "employees_with_role"
    case employees
    case scope
    case scopeDiffers = "scope_differs"
    case scopeDeclared = "scope_declared"
    case scopeTeams = "scope_teams"
    /// How many of the agency's files could not be read or parsed (``AgencyFigures/unreadFiles``).
    case incompleteFiles = "incomplete_files"
    /// The agency's `instansi.kode` and `instansi.nama` (last in the csv, whose earlier columns keep their places).
    case agencyCode = "agency_code"
    case agencyName = "agency_name"
    /// With `--compare-to`: "−resolved +new =still open" (text, markdown, html), and the three
    /// counts (csv).
    case since
    case resolved
    case new
    case stillOpen = "still_open"

    /// The columns of the text, markdown and html tables for this report.
    static func shown(_ report: LintReport) -> [ComparisonColumn] {
        report.since == nil ? shown : shown + [.since]
    }

    /// The csv's columns: every column, the comparison's counts only when comparing.
    static func csv(_ report: LintReport) -> [ComparisonColumn] {
        allCases.filter { $0 != .since && (report.since != nil || ![.resolved, .new, .stillOpen].contains($0)) }
    }

    /// The columns of the text and html tables (the csv has them all).
    static let shown: [ComparisonColumn] = [
        .agency, .agencyCode, .agencyName, .errors, .warnings, .infos, .pasal25, .ketua, .cascade, .roles, .scope,
    ]

    var title: LocalizedText {
        switch self {
        case .agency: return UIText[.compareColumnAgency]
        case .errors: return UIText[.compareColumnErrors]
        case .warnings: return UIText[.compareColumnWarnings]
        case .infos: return UIText[.compareColumnInfos]
        case .pasal25: return UIText[.compareColumnPasal25]
        case .pasal25LateDays: return UIText[.compareColumnPasal25lateDays]
        case .ketua: return UIText[.compareColumnKetua]
        case .ketuaEligible: return UIText[.compareColumnKetuaEligible]
        case .teams: return UIText[.compareColumnTeams]
        case .cascade: return UIText[.compareColumnCascade]
        case .indicatorsCascaded: return UIText[.compareColumnIndicatorsCascaded]
        case .indicators: return UIText[.compareColumnIndicators]
        case .roles: return UIText[.compareColumnRoles]
        case .employeesWithRole: return UIText[.compareColumnEmployeesWithRole]
        case .employees: return UIText[.compareColumnEmployees]
        case .scope: return UIText[.compareColumnScope]
        case .scopeDiffers: return UIText[.compareColumnScopeDiffers]
        case .scopeDeclared: return UIText[.compareColumnScopeDeclared]
        case .scopeTeams: return UIText[.compareColumnScopeTeams]
        case .incompleteFiles: return UIText[.compareColumnIncompleteFiles]
        case .agencyCode: return UIText[.compareColumnAgencyCode]
        case .agencyName: return UIText[.compareColumnAgencyName]
        case .since: return UIText[.compareColumnSince]
        case .resolved: return UIText[.compareColumnResolved]
        case .new: return UIText[.compareColumnNew]
        case .stillOpen: return UIText[.compareColumnStillOpen]
        }
    }

    /// Numbers are right-aligned.
    var isNumeric: Bool { ![.agency, .agencyCode, .agencyName, .pasal25, .scopeTeams, .since].contains(self) }

    /// The columns computed from the agency's model: marked "(tidak lengkap)"/"(incomplete)" when a
    /// file of the agency could not be read or parsed.
    var dependsOnModel: Bool { [.pasal25, .ketua, .cascade, .roles, .scope].contains(self) }

    /// The cell's text; a model figure of an incomplete agency carries the marker.
    func text(_ name: String, _ f: AgencyFigures, _ lang: Language) -> String {
        let t = plainText(name, f, lang)
        return dependsOnModel && f.isIncomplete ? t + " (" + AgencyFigures.incompleteMarker[lang] + ")" : t
    }

    /// The cell's text without the incomplete marker.
    func plainText(_ name: String, _ f: AgencyFigures, _ lang: Language) -> String {
        switch self {
        case .agency: return name
        case .errors: return String(f.errors)
        case .warnings: return String(f.warnings)
        case .infos: return String(f.infos)
        case .pasal25: return f.pasal25.localized[lang]
        case .pasal25LateDays: return f.pasal25.lateDays.map(String.init) ?? ""
        case .ketua: return f.eligibleKetua.text
        case .ketuaEligible: return String(f.eligibleKetua.n)
        case .teams: return String(f.eligibleKetua.m)
        case .cascade: return f.cascadedIndicators.text
        case .indicatorsCascaded: return String(f.cascadedIndicators.n)
        case .indicators: return String(f.cascadedIndicators.m)
        case .roles: return f.employeesWithRole.text
        case .employeesWithRole: return String(f.employeesWithRole.n)
        case .employees: return String(f.employeesWithRole.m)
        case .scope: return f.scopeMismatch.text
        case .scopeDiffers: return String(f.scopeMismatch.n)
        case .scopeDeclared: return String(f.scopeMismatch.m)
        case .scopeTeams: return f.scopeMismatchTeams.joined(separator: " ")
        case .incompleteFiles: return String(f.unreadFiles.count)
        case .agencyCode: return f.kode ?? ""
        case .agencyName: return f.nama ?? ""
        case .since: return SinceReview.summary(f.since, lang)
        case .resolved: return f.since.map { String($0.resolved) } ?? ""
        case .new: return f.since.map { String($0.new) } ?? ""
        case .stillOpen: return f.since.map { String($0.stillOpen) } ?? ""
        }
    }

    /// What the column sorts by: a number (nil: no value, always last) or a text.
    enum Key: Sendable, Equatable {
        case number(Double?)
        case text(String)
    }

    func key(_ name: String, _ f: AgencyFigures) -> Key {
        switch self {
        case .agency: return .text(name)
        case .scopeTeams: return .text(f.scopeMismatchTeams.joined(separator: " "))
        case .agencyCode: return .text(f.kode ?? "")
        case .agencyName: return .text(f.nama ?? "")
        case .since, .new: return .number(f.since.map { Double($0.new) })
        case .resolved: return .number(f.since.map { Double($0.resolved) })
        case .stillOpen: return .number(f.since.map { Double($0.stillOpen) })
        case .errors: return .number(Double(f.errors))
        case .warnings: return .number(Double(f.warnings))
        case .infos: return .number(Double(f.infos))
        case .pasal25: return .number(f.pasal25.sortKey)
        case .pasal25LateDays: return .number(f.pasal25.lateDays.map(Double.init))
        case .ketua: return .number(f.eligibleKetua.ratio)
        case .cascade: return .number(f.cascadedIndicators.ratio)
        case .roles: return .number(f.employeesWithRole.ratio)
        case .scope: return .number(f.scopeMismatch.ratio)
        case .ketuaEligible, .teams, .indicatorsCascaded, .indicators, .employeesWithRole, .employees, .scopeDiffers,
            .scopeDeclared, .incompleteFiles:
            return .number(Double(plainText(name, f, .en)) ?? 0)
        }
    }
}

/// `--sort COLUMN` (ascending) or `--sort -COLUMN` (descending). Agencies without a value (a share
/// of nothing, "—") come last either way; ties keep the agency-name order.
public struct ComparisonSort: Sendable, Equatable {
    var column: ComparisonColumn
    var descending: Bool

    init(column: ComparisonColumn, descending: Bool = false) {
        self.column = column
        self.descending = descending
    }

    /// Parses `name` or `-name` (case-insensitive; `-` in a name may be written `_`).
    public init?(_ spec: String) {
        var s = Substring(spec.lowercased())
        var desc = false
        if s.hasPrefix("-") {
            desc = true
            s = s.dropFirst()
        } else if s.hasPrefix("+") {
            s = s.dropFirst()
        }
        guard let c = ComparisonColumn(rawValue: s.replacingOccurrences(of: "-", with: "_")) else { return nil }
        self.init(column: c, descending: desc)
    }

    /// The closest column name to a bad `--sort` value.
    public static func suggestion(for spec: String) -> String? {
        var s = spec.lowercased()
        if s.hasPrefix("-") || s.hasPrefix("+") { s.removeFirst() }
        return Suggest.closest(to: s, in: ComparisonColumn.allCases.map(\.rawValue))
    }

    func ordered(_ rows: [ComparisonRow]) -> [ComparisonRow] {
        let indexed = Array(rows.enumerated())
        return indexed.sorted { a, b in
            let ka = column.key(a.element.name, a.element.figures)
            let kb = column.key(b.element.name, b.element.figures)
            switch (ka, kb) {
            case (.number(let x), .number(let y)):
                switch (x, y) {
                case (nil, nil): break
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?) where x != y: return descending ? x > y : x < y
                default: break
                }
            case (.text(let x), .text(let y)) where x != y:
                return descending ? x > y : x < y
            default: break
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// One agency's row.
struct ComparisonRow: Sendable {
    var number: Int
    var name: String
    var figures: AgencyFigures
}

extension LintReport {
    /// The comparison rows, numbered in report order (1-based, the html anchors), then sorted.
    func comparison(sortedBy sort: ComparisonSort?) -> [ComparisonRow] {
        let rows = agencies.enumerated().map {
            ComparisonRow(number: $0.offset + 1, name: $0.element.name, figures: $0.element.comparisonFigures)
        }
        return sort?.ordered(rows) ?? rows
    }
}

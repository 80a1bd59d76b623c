/// How a report is presented. Reporters are pure functions of a report: they never invent wording.
public struct ReportContext: Sendable {
    var language: Language
    public var color: Bool
    /// `--statistics`: counts per rule instead of every finding (text only).
    var statistics: Bool
    /// `--quiet`: findings only, no summary.
    var quiet: Bool
    /// The lowest severity that fails the run (for summaries).
    var failOn: Severity
    /// `--sort`: the order of the batch comparison's rows (nil: agency name).
    var sort: ComparisonSort?
    /// The repository root that SARIF, GitLab and GitHub output anchor paths at (`--root`, else the
    /// git top level, else the working directory). Nil: paths as displayed, only normalised.
    var anchor: PathAnchor?
    /// `--max-per-rule N`: the text output shows at most N open findings of a rule per agency,
    /// then one line "+ K lagi CODE" ("+ K more CODE"). Other formats keep every finding.
    var maxPerRule: Int?

    public init(
        language: Language = .id, color: Bool = false, statistics: Bool = false, quiet: Bool = false,
        failOn: Severity = .error,
        anchor: PathAnchor? = nil, sort: ComparisonSort? = nil, maxPerRule: Int? = nil
    ) {
        self.language = language
        self.color = color
        self.statistics = statistics
        self.quiet = quiet
        self.failOn = failOn
        self.anchor = anchor
        self.sort = sort
        self.maxPerRule = maxPerRule
    }
}

public protocol Reporter: Sendable {
    func render(_ report: LintReport, _ context: ReportContext) -> String
    /// Writes the report to `out` as it goes (text, JSON and SARIF never hold the whole report as
    /// one string). The default writes ``render(_:_:)``.
    func write(_ report: LintReport, _ context: ReportContext, to out: ReportOutput)
}

extension Reporter {
    public func write(_ report: LintReport, _ context: ReportContext, to out: ReportOutput) {
        out.write(render(report, context))
    }
}

/// A reporter that writes as it goes (text, JSON, SARIF): ``render(_:_:)`` is what ``write(_:_:to:)``
/// writes into memory.
protocol StreamingReporter: Reporter {}

extension StreamingReporter {
    public func render(_ report: LintReport, _ context: ReportContext) -> String {
        let out = ReportOutput()
        write(report, context, to: out)
        return out.text
    }
}

/// Every output format, by its `--format` name. Adding a case is adding a format: the compiler then
/// asks for its reporter and file extension below; `--help` and the reporter goldens list
/// ``allCases``.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github, junit, gitlab, markdown, html, csv

    public var reporter: any Reporter {
        switch self {
        case .text: return TextReporter()
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter()
        case .github: return GitHubReporter()
        case .junit: return JUnitReporter()
        case .gitlab: return GitLabReporter()
        case .markdown: return MarkdownReporter()
        case .html: return HTMLReporter()
        case .csv: return CSVReporter()
        }
    }

    /// The usual file name extension of a report in this format (the reporter goldens' names).
    var fileExtension: String {
        switch self {
        case .text, .github: return "txt"
        case .json, .gitlab: return "json"
        case .sarif: return "sarif"
        case .junit: return "xml"
        case .markdown: return "md"
        case .html: return "html"
        case .csv: return "csv"
        }
    }

    /// The format names as `--help` lists them: "text, json, ..., csv".
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Summary wording shared by the human-readable reporters.
enum SummaryText {
    static func counts(_ report: LintReport, _ lang: Language) -> String {
        let e = report.count(.error)
        let w = report.count(.warning)
        let i = report.count(.info)
        let files = report.agencies.reduce(0) { $0 + $1.files.count }
        func counted(_ n: Int, _ one: UIKey, _ many: UIKey) -> String {
            UIText.t(n == 1 ? one : many, lang, ["count": String(n)])
        }
        let parts = [
            counted(e, .summaryError, .summaryErrors), counted(w, .summaryWarning, .summaryWarnings),
            counted(i, .summaryInfos, .summaryInfos),
        ]
        var tail: [String] = []
        for (status, word) in [
            ("suppressed", UIKey.reportStatusSuppressed), ("waived", .reportStatusWaived),
            ("baselined", .reportStatusInBaseline),
        ] {
            let n = report.count(status: status)
            if n > 0 { tail.append("\(n) \(UIText.t(word, lang))") }
        }
        let scope = UIText.t(
            .summaryScope, lang,
            [
                "agencies": counted(report.agencies.count, .summaryAgency, .summaryAgencies),
                "files": counted(files, .summaryFile, .summaryFiles),
            ])
        return parts.joined(separator: ", ") + " " + scope + (tail.isEmpty ? "" : "; " + tail.joined(separator: ", "))
    }
}

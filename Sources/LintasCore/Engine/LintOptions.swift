import Foundation

/// How a run is set up (from the command line). The clock is passed in: `today`.
public struct LintOptions: Sendable {
    public var configFile: String?
    public var extraPacks: [String] = []
    /// `--as-of`; wins over the config's `as_of`.
    public var asOf: CivilDate?
    var today: CivilDate
    /// `--param pack.name=value`.
    public var params: [String: String] = [:]
    public var inlineSuppressions = true
    public var jobs = 1
    public var limits = YAMLLimits()
    /// `--baseline FILE`; wins over the config's `baseline`.
    public var baselineFile: String?
    /// Where baseline keys are anchored (the repository root, as in SARIF); nil: paths as displayed.
    public var anchor: PathAnchor?
    /// Keep each agency's model in its result (``AgencyResult/agency``) for reporters that draw it
    /// (the single-file HTML report). Off: the model is released as soon as the agency's findings,
    /// figures and ``eachAgency`` are done, and so is the source text of its files without a
    /// finding (the text output shows lines only where a finding is), so a batch needs the memory
    /// of its largest agencies (one per job), not of the whole batch.
    public var keepModels = true
    /// With ``keepModels``: the most employees the kept models may hold over the whole run (nil: no
    /// bound). Past it no further model is kept and ``LintReport/modelsIncomplete`` is set.
    public var keptEmployeesLimit: Int?
    /// Called once per agency as soon as it is checked, with a report of that agency alone (its
    /// model and its rules), on the thread that checked it (several at once with `jobs` above 1).
    /// What it throws is kept; the run then throws the first error (by agency name) at the end.
    public var eachAgency: (@Sendable (LintReport) throws -> Void)?

    public init(today: CivilDate) {
        self.today = today
    }
}

import Foundation

/// A kind of input that is one agency but not YAML the loader reads: it claims its paths, may carry
/// its own settings, and checks itself into an ``AgencyResult`` with the run's rules, waivers and
/// baseline. The engine asks ``Linter/sources`` in order for every path given and every agency
/// discovery finds; what no source claims is YAML (a file, an agency directory, a batch), checked
/// by the engine itself. The engine knows nothing else about a source.
protocol AgencySource: Sendable {
    /// Whether `path`, as given on the command line, is one agency of this source (checked whole,
    /// never walked). A path that is not there may be claimed: ``check(_:_:)`` then says so.
    func claims(_ path: String) -> Bool

    /// Whether an agency that discovery found while walking a directory is this source's
    /// (its ``AgencyInput/root`` is then handed to ``check(_:_:)``).
    func claims(discovered input: AgencyInput) -> Bool

    /// The agency at a claimed `path` as `check --list-agencies` lists it.
    func listed(_ path: String) -> AgencyInput

    /// The source's own settings at a claimed `path`, as `.lintas.yml` text, and the name they are
    /// shown under (the report's config file); nil: the nearest `.lintas.yml`, as for YAML. Asked
    /// for a path given on the command line and for one found while walking a directory, only
    /// without `--config` (which wins). Settings that do not parse stop the run (exit 2), as a
    /// broken `.lintas.yml` does.
    func settings(_ path: String) -> (text: String, name: String)?

    /// Checks the agency at a claimed `path` (findings worded, waivers and baseline applied,
    /// sorted). Throws only when the run cannot be done (exit 2); input that is there but cannot
    /// be read is a finding of the agency, so the run's other agencies are still checked.
    func check(_ path: String, _ context: AgencySourceContext) throws -> AgencyResult
}

/// What the engine hands a source for one agency: the run's options and what is in force for it.
struct AgencySourceContext: Sendable {
    var options: LintOptions
    var config: Configuration
    var rules: ActiveRules
    /// The baseline in force (`--baseline`, else the config's), loaded; nil when none.
    var baseline: Baseline?
    var waivers: [WaiverEngine.Waiver]

    /// `--as-of`, else the config's `as_of`, else today.
    var asOf: CivilDate { options.asOf ?? config.asOf ?? options.today }
}

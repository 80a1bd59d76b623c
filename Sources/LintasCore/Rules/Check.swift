/// A rule check over a whole agency. Policy (severity, wording, parameters) is in the pack; the
/// check only decides what is wrong and where, and reports ``Diagnostic``s.
protocol AgencyCheck: Sendable {
    /// The rule codes this check reports.
    var codes: [String] { get }
    func check(_ context: CheckContext)
}

/// What a check sees: the agency, its index, the active rules' parameters and the assessment date.
/// One context per agency and run; not shared between threads.
final class CheckContext {
    let agency: Agency
    let index: AgencyIndex
    let rules: ActiveRules
    let asOf: CivilDate
    private(set) var diagnostics: [Diagnostic] = []
    /// When set (the linter's run), a reported diagnostic becomes a finding at once, so the
    /// diagnostics of a flood are never all held beside their findings.
    var words: Wording.Cache?
    private(set) var findings: [Finding] = []

    init(agency: Agency, index: AgencyIndex, rules: ActiveRules, asOf: CivilDate) {
        self.agency = agency
        self.index = index
        self.rules = rules
        self.asOf = asOf
    }

    func isEnabled(_ code: String) -> Bool { rules.isEnabled(code) }

    /// A rule parameter (after pack overrides and config).
    func param(_ code: String, _ name: String) -> ParamValue? {
        let v = rules.rule(code)?.params[name]
        return v == .null ? nil : v
    }

    /// A pack-level parameter (after config), e.g. `permenpanrb-7-2022.diundangkan`.
    func packParam(_ pack: String, _ name: String) -> PackParam? {
        rules.packParams["\(pack).\(name)"]
    }

    /// Hands the findings made so far over (the context keeps none).
    func takeFindings() -> [Finding] {
        var out: [Finding] = []
        swap(&out, &findings)
        return out
    }

    /// Records a finding when its rule is enabled.
    func report(_ d: Diagnostic) {
        if let words {
            // The cache has the rule only when it is enabled.
            if let f = Wording.finding(d, words: words) { findings.append(f) }
            return
        }
        guard rules.isEnabled(d.code) else { return }
        diagnostics.append(d)
    }
}

/// Every check lintas has, by family. Loader-produced codes are listed in ``producedCodes``.
enum CheckRegistry {
    static let checks: [any AgencyCheck] = integrityChecks + regulationChecks

    /// Codes reported outside ``AgencyCheck``s: by the loader, the model builder and the engine.
    static var producedCodes: [String] {
        YAMLLoader.codes + ModelBuilder.codes + AgencyLoader.codes + SuppressionEngine.codes + WaiverEngine.codes
            + WorkbookImporter.codes + NIPColumnCheck.codes
    }

    /// Every code lintas can report (asked for every suppression code and waiver: built once).
    static let allCodes: Set<String> = Set(producedCodes).union(checks.flatMap(\.codes))
}

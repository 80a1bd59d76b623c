/// One in-memory file checked as a single-file agency with every rule on: the libFuzzer target's
/// pipeline (fuzz/FuzzEntry.swift) and the replay of its findings in the tests use this one code.
enum InMemoryCheck {
    /// Every pack, every rule on (rules that are off by default become warnings), and the
    /// parameterised rules given values so their checks run.
    static func allRules(_ catalog: RuleCatalog) throws -> ActiveRules {
        var config = Configuration()
        config.packs = catalog.packs.map(\.id)
        let base = try config.activeRules(catalog: catalog, extraPacks: [], paramOverrides: [:])
        var rules = base.rules
        for (code, var r) in rules {
            if case .off = r.severity { r.severity = .on(.warning) }
            if code == "K003" { r.params["jenjang_minimum"] = .string("ahli-muda") }
            if code == "K004" { r.params["maks_tim_dipimpin"] = .int(1) }
            rules[code] = r
        }
        return ActiveRules(packs: base.packs, rules: rules, configuredSeverity: [], packParams: base.packParams)
    }

    /// Loader, model, index, every check, wording and suppressions over `bytes`; findings sorted.
    static func run(
        _ bytes: [UInt8], file: String = "fuzz.yaml", rules: ActiveRules, asOf: CivilDate,
        limits: YAMLLimits = YAMLLimits()
    ) -> [Finding] {
        let loaded = YAMLLoader.load(bytes: bytes, file: file, limits: limits)
        var agency = Agency(name: file, files: [file])
        var builder = ModelBuilder()
        for doc in loaded.documents { builder.add(document: doc, file: file, to: &agency) }
        var findings = Linter.findings(
            agency, loadDiagnostics: loaded.diagnostics + builder.diagnostics, rules: rules, asOf: asOf)
        _ = SuppressionEngine.apply(to: &findings, sources: [file: loaded.source], rules: rules)
        Finding.sortOrdered(&findings)
        // Show every finding's source line, as the text reporter does.
        for f in findings { _ = loaded.source.line(f.location.line) }
        return findings
    }
}

// libFuzzer entry for lintas: bytes -> YAMLLoader -> ModelBuilder -> AgencyIndex -> every check
// (all rules on, K003/K004 parameters set) -> Wording -> suppressions. Built by fuzz/run.sh together
// with the LintasCore sources (one module), so `internal` is visible here.

/// All packs, every rule on, the parameterised rules given values.
let fuzzRules: ActiveRules = {
    guard let catalog = try? RuleCatalog.builtIn() else { return ActiveRules(packs: [], rules: [:], configuredSeverity: [], packParams: [:]) }
    var config = Configuration()
    config.packs = catalog.packs.map(\.id)
    guard let base = try? config.activeRules(catalog: catalog, extraPacks: [], paramOverrides: [:]) else {
        return ActiveRules(packs: [], rules: [:], configuredSeverity: [], packParams: [:])
    }
    var rules = base.rules
    for (code, var r) in rules {
        if case .off = r.severity { r.severity = .on(.warning) }
        if code == "K003" { r.params["jenjang_minimum"] = .string("ahli-muda") }
        if code == "K004" { r.params["maks_tim_dipimpin"] = .int(1) }
        rules[code] = r
    }
    return ActiveRules(packs: base.packs, rules: rules, configuredSeverity: [], packParams: base.packParams)
}()

let fuzzToday = CivilDate(year: 2024, month: 6, day: 30) ?? CivilDate(dayNumber: 0)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file = "fuzz.yaml"
    var limits = YAMLLimits()
    limits.maxFileBytes = 1 << 20
    let loaded = YAMLLoader.load(bytes: bytes, file: file, limits: limits)
    var agency = Agency(name: "fuzz", files: [file])
    var builder = ModelBuilder()
    for doc in loaded.documents {
        builder.add(document: doc, file: file, to: &agency)
    }
    let index = AgencyIndex(agency)
    let context = CheckContext(agency: agency, index: index, rules: fuzzRules, asOf: fuzzToday)
    for d in loaded.diagnostics + builder.diagnostics { context.report(d) }
    for check in CheckRegistry.checks {
        check.check(context)
    }
    var findings = context.diagnostics.compactMap { Wording.finding($0, rules: fuzzRules) }
    _ = SuppressionEngine.apply(to: &findings, sources: [file: loaded.source], rules: fuzzRules)
    findings.sort(by: Finding.ordered)
    // Show every finding's source line, as the text reporter does.
    for f in findings { _ = loaded.source.line(f.location.line) }
    return 0
}

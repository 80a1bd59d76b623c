// libFuzzer entry for lintas: bytes -> YAMLLoader -> ModelBuilder -> AgencyIndex -> every check
// (all rules on, K003/K004 parameters set) -> Wording -> suppressions. Built by fuzz/run.sh together
// with the LintasCore sources (one module), so `internal` is visible here.

let fuzzRules: ActiveRules = {
    guard let catalog = try? RuleCatalog.builtIn(), let rules = try? InMemoryCheck.allRules(catalog) else {
        return ActiveRules(packs: [], rules: [:], configuredSeverity: [], packParams: [:])
    }
    return rules
}()

let fuzzToday = CivilDate(year: 2024, month: 6, day: 30) ?? CivilDate(dayNumber: 0)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var limits = YAMLLimits()
    limits.maxFileBytes = 1 << 20
    _ = InMemoryCheck.run(Array(UnsafeBufferPointer(start: data, count: size)), rules: fuzzRules, asOf: fuzzToday, limits: limits)
    return 0
}

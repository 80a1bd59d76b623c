// libFuzzer entry for lintas, built by fuzz/run.sh together with the LintasCore sources (one
// module), so `internal` is visible here. One binary, several targets, chosen by the environment
// variable LINTAS_FUZZ_TARGET (fuzz/run.sh runs each in turn with its own corpus):
//
// - `yaml` (default): bytes -> YAMLLoader -> ModelBuilder -> AgencyIndex -> every check (all rules
//   on, K003/K004 parameters set) -> Wording -> suppressions.
// - `config`: bytes as `.lintas.yml` -> Configuration.parse (strict keys, rule settings, params,
//   ignore bound, confined paths) -> activeRules; then the glob matcher: the input's lines as
//   patterns and paths, every pattern against every path, checked against a plain reference
//   matcher (a disagreement traps).
import Foundation

let fuzzRules: ActiveRules = {
    guard let catalog = try? RuleCatalog.builtIn(), let rules = try? InMemoryCheck.allRules(catalog) else {
        return ActiveRules(packs: [], rules: [:], configuredSeverity: [], packParams: [:])
    }
    return rules
}()

let fuzzCatalog: RuleCatalog = (try? RuleCatalog.builtIn()) ?? RuleCatalog(packs: [])

let fuzzToday = CivilDate(year: 2024, month: 6, day: 30) ?? CivilDate(dayNumber: 0)

let fuzzTarget = ProcessInfo.processInfo.environment["LINTAS_FUZZ_TARGET"] ?? "yaml"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch fuzzTarget {
    case "config": fuzzConfig(bytes)
    default:
        var limits = YAMLLimits()
        limits.maxFileBytes = 1 << 20
        _ = InMemoryCheck.run(bytes, rules: fuzzRules, asOf: fuzzToday, limits: limits)
    }
    return 0
}

func fuzzConfig(_ bytes: [UInt8]) {
    if let config = try? Configuration.parse(bytes, file: "fuzz/.lintas.yml", catalog: fuzzCatalog) {
        _ = try? config.activeRules(catalog: fuzzCatalog, extraPacks: [], paramOverrides: [:])
        for p in config.ignore { _ = Glob.matches(p, "a/b/c.yaml") }
    }
    // The glob matcher against a reference: lines alternate pattern, path.
    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).prefix(
        16
    ).map(String.init)
    for pattern in lines where pattern.utf8.count <= Glob.maxPatternBytes {
        for path in lines {
            let fast = Glob.matches(pattern, path)
            if pattern.utf8.count <= 48 && path.utf8.count <= 48, fast != Glob.reference(pattern, path) {
                fatalError("glob disagreement: \(pattern.debugDescription) ~ \(path.debugDescription): \(fast)")
            }
        }
    }
}

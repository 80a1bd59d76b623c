import Foundation
import Testing
@testable import LintasCore

/// Inputs the fuzzer found (Fixtures/fuzz), replayed through the fuzzer's pipeline and the linter.
@Suite("Fuzzer regressions")
struct FuzzRegressionTests {
    static let dir = "Tests/LintasCoreTests/Fixtures/fuzz"

    static let inputs: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestSupport.path(dir))) ?? [])
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }()

    /// Every pack, every rule on, the parameterised rules given values (as fuzz/FuzzEntry.swift).
    static func allRules() throws -> ActiveRules {
        let catalog = try TestSupport.catalog()
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

    /// The fuzzer's pipeline over one input.
    static func pipeline(_ bytes: [UInt8], rules: ActiveRules) -> [Finding] {
        let file = "fuzz.yaml"
        var limits = YAMLLimits()
        limits.maxFileBytes = 1 << 20
        let loaded = YAMLLoader.load(bytes: bytes, file: file, limits: limits)
        var agency = Agency(name: "fuzz", files: [file])
        var builder = ModelBuilder()
        for doc in loaded.documents { builder.add(document: doc, file: file, to: &agency) }
        let context = CheckContext(agency: agency, index: AgencyIndex(agency), rules: rules, asOf: TestSupport.today)
        for d in loaded.diagnostics + builder.diagnostics { context.report(d) }
        for check in CheckRegistry.checks { check.check(context) }
        var findings = context.diagnostics.compactMap { Wording.finding($0, rules: rules) }
        _ = SuppressionEngine.apply(to: &findings, sources: [file: loaded.source], rules: rules)
        for f in findings { _ = loaded.source.line(f.location.line) }
        return findings
    }

    @Test("fuzzer-found input runs without a crash", arguments: inputs)
    func replay(_ name: String) throws {
        let path = TestSupport.path("\(Self.dir)/\(name)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let rules = try Self.allRules()
        let clock = ContinuousClock()
        let start = clock.now
        _ = Self.pipeline(bytes, rules: rules)
        _ = try TestSupport.lint(["\(Self.dir)/\(name)"])
        #expect(clock.now - start < .seconds(10))
    }

    @Test("the pipeline runs on the seed examples (the harness itself works)")
    func harness() throws {
        let rules = try Self.allRules()
        let clean = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestSupport.path("Tests/LintasCoreTests/Fixtures/hostile/clean-agency.yaml"))))
        #expect(Self.pipeline(clean, rules: rules).allSatisfy { !$0.rule.hasPrefix("Y") && !$0.rule.hasPrefix("S") })
        #expect(Self.pipeline(Array("a: [".utf8), rules: rules).contains { $0.rule == "Y001" })
    }
}

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

    static func allRules() throws -> ActiveRules { try InMemoryCheck.allRules(TestSupport.catalog()) }

    /// The fuzzer's pipeline over one input (the same code as fuzz/FuzzEntry.swift).
    static func pipeline(_ bytes: [UInt8], rules: ActiveRules) -> [Finding] {
        var limits = YAMLLimits()
        limits.maxFileBytes = 1 << 20
        return InMemoryCheck.run(bytes, rules: rules, asOf: TestSupport.today, limits: limits)
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
        let clean = try [UInt8](
            Data(
                contentsOf: URL(
                    fileURLWithPath: TestSupport.path("Tests/LintasCoreTests/Fixtures/hostile/clean-agency.yaml"))))
        #expect(Self.pipeline(clean, rules: rules).allSatisfy { !$0.rule.hasPrefix("Y") && !$0.rule.hasPrefix("S") })
        #expect(Self.pipeline(Array("a: [".utf8), rules: rules).contains { $0.rule == "Y001" })
    }
}

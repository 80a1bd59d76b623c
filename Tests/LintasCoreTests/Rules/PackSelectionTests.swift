import Testing

@testable import LintasCore

/// The same agency under different packs (examples/packs-differ): the national pack gives only
/// warnings; with West Java's pack T001 becomes an error and J001 appears.
@Suite("Pack selection")
struct PackSelectionTests {
    static let example = "examples/packs-differ/agency.yaml"

    static func found(_ report: LintReport) -> [String] {
        report.allFindings.filter(\.isOpen).map { "\($0.location.line):\($0.rule):\($0.severity.rawValue)" }.sorted()
    }

    @Test("national pack: only warnings")
    func national() throws {
        let report = try TestSupport.lint([Self.example])
        #expect(Self.found(report) == ["60:T001:warning"])
        #expect(!report.allFindings.contains { $0.severity == .error })
        #expect(!(report.agencies.first?.packs.contains("pergub-jabar-181-2021") ?? true))
    }

    @Test("West Java pack: T001 raised to error, J001 added")
    func westJava() throws {
        let report = try TestSupport.lint([Self.example]) { $0.extraPacks = ["pergub-jabar-181-2021"] }
        #expect(Self.found(report) == ["40:J001:warning", "60:T001:error"])
        #expect(report.agencies.first?.packs.contains("pergub-jabar-181-2021") == true)
    }
}

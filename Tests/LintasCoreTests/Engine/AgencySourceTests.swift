import Foundation
import Testing

@testable import LintasCore

/// A source the engine has never heard of: a `*.fake` file (or a `*.fake` directory found while
/// walking, read as its `agency.yaml`) holds an agency's YAML, and every location is moved 1000
/// lines down, as a source maps its locations back to what its users see. Its settings are a
/// `FILE.settings` file beside it, shown as `FILE#settings`.
struct FakeSource: AgencySource {
    func claims(_ path: String) -> Bool { path.hasSuffix(".fake") }

    func claims(discovered input: AgencyInput) -> Bool { input.isDirectory && input.root.hasSuffix(".fake") }

    func listed(_ path: String) -> AgencyInput {
        let shown = AgencyDiscovery.display(path)
        return AgencyInput(name: shown, root: shown, isDirectory: false, files: [])
    }

    func settings(_ path: String) -> (text: String, name: String)? {
        FileManager.default.contents(atPath: path + ".settings").map {
            (String(decoding: $0, as: UTF8.self), AgencyDiscovery.display(path) + "#settings")
        }
    }

    func check(_ path: String, _ context: AgencySourceContext) throws -> AgencyResult {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let file = isDirectory.boolValue ? path + "/agency.yaml" : path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw LintasError("fake: no such file: \(path)")
        }
        let shown = AgencyDiscovery.display(path)
        let loaded = YAMLLoader.load(bytes: Array(data), file: shown)
        var agency = Agency(name: shown, files: [shown])
        var builder = ModelBuilder()
        for doc in loaded.documents { builder.add(document: doc, file: shown, to: &agency) }
        var findings = Linter.findings(
            agency, loadDiagnostics: loaded.diagnostics + builder.diagnostics, rules: context.rules,
            asOf: context.asOf)
        for i in findings.indices {
            let at = findings[i].location
            findings[i].location = SourceLocation(file: at.file, line: at.line + 1000, column: at.column)
        }
        findings.sort(by: Finding.ordered)
        return AgencyResult(
            name: shown, files: [shown], packs: context.rules.packs, asOf: context.asOf,
            configFile: context.config.file, findings: findings, sources: [:], agency: agency)
    }
}

@Suite("Engine: agency sources")
struct AgencySourceTests {
    static func linter(_ sources: [any AgencySource], _ configure: (inout LintOptions) -> Void = { _ in })
        throws -> Linter
    {
        var options = LintOptions(today: TestSupport.today)
        configure(&options)
        return Linter(catalog: try TestSupport.catalog(), options: options, sources: sources)
    }

    /// "CODE@line" of each finding.
    static func marks(_ result: AgencyResult, shift: Int = 0) -> [String] {
        result.findings.map { "\($0.rule)@\($0.location.line + shift)" }.sorted()
    }

    @Test("a source registered in a test is checked by the engine beside YAML: its findings, locations, settings")
    func customSource() throws {
        let s = Scratch()
        let fake = s.write("a.fake", agencyText())
        s.write("a.fake.settings", "as_of: 2025-01-02\n")
        let yaml = s.write("b.yaml", agencyText())
        let report = try Self.linter([FakeSource()] + Linter.builtInSources).run(paths: [fake, yaml])
        let byName = Dictionary(uniqueKeysWithValues: report.agencies.map { ($0.name, $0) })
        let a = try #require(byName[AgencyDiscovery.display(fake)])
        let b = try #require(byName[AgencyDiscovery.display(yaml)])
        #expect(Self.marks(a).contains { $0.hasPrefix("N002@") })
        #expect(Self.marks(a).contains { $0.hasPrefix("R003@") })
        // The same agency, every finding 1000 lines down: the engine took the source's result as it is.
        #expect(Self.marks(a) == Self.marks(b, shift: 1000))
        #expect(a.findings.allSatisfy { $0.location.file == AgencyDiscovery.display(fake) })
        // Its own settings were its config.
        #expect(a.configFile == AgencyDiscovery.display(fake) + "#settings")
        #expect(a.asOf == CivilDate(year: 2025, month: 1, day: 2))
        #expect(b.asOf == TestSupport.today)
        // The rules in force for it are in the report's rule table.
        #expect(report.rules["N002"] != nil)
    }

    @Test("--config wins over a source's own settings")
    func configWins() throws {
        let s = Scratch()
        let fake = s.write("a.fake", agencyText())
        s.write("a.fake.settings", "as_of: 2025-01-02\n")
        let config = s.write("other.yml", "as_of: 2023-03-04\n")
        let report = try Self.linter([FakeSource()]) { $0.configFile = config }.run(paths: [fake])
        #expect(report.agencies.map(\.configFile) == [config])
        #expect(report.agencies.map(\.asOf) == [CivilDate(year: 2023, month: 3, day: 4)])
    }

    @Test("an agency found while walking is handed to the source that claims it, with the nearest .lintas.yml")
    func discoveredAgency() throws {
        let s = Scratch()
        s.write("batch/c.fake/agency.yaml", agencyText())
        s.write("batch/d/agency.yaml", agencyText())
        s.write("batch/.lintas.yml", "as_of: 2024-01-31\n")
        let report = try Self.linter([FakeSource()]).run(paths: [s.dir + "/batch"])
        let names = report.agencies.map(\.name)
        #expect(names == [s.dir + "/batch/c.fake", s.dir + "/batch/d"].map(AgencyDiscovery.display))
        let c = report.agencies[0]
        let d = report.agencies[1]
        #expect(Self.marks(c) == Self.marks(d, shift: 1000))
        #expect(c.findings.allSatisfy { $0.location.file == c.name })
        #expect(c.configFile == d.configFile)
        #expect(c.configFile?.hasSuffix("/batch/.lintas.yml") == true)
        #expect(c.asOf == CivilDate(year: 2024, month: 1, day: 31))
    }

    @Test("a source's error is the run's (exit 2); --list-agencies lists what the source says")
    func errorsAndListing() throws {
        let s = Scratch()
        let missing = s.dir + "/gone.fake"
        #expect(throws: LintasError.self) { try Self.linter([FakeSource()]).run(paths: [missing]) }
        let layout = try Self.linter([FakeSource()]).discover(paths: [missing, missing])
        #expect(layout.agencies.map(\.name) == [AgencyDiscovery.display(missing)])
        #expect(layout.agencies.map(\.files) == [[]])
        // Without the source, the same path is a YAML file the engine discovers (and cannot find).
        #expect(throws: LintasError.self) { try Self.linter([]).discover(paths: [missing]) }
    }

    @Test("without a source registered, its inputs are nothing special to the engine: a workbook is read as YAML")
    func noSpecialCase() throws {
        let workbook = TestSupport.path("examples/rules/N006/fail.xlsx")
        let asWorkbook = try Self.linter(Linter.builtInSources).run(paths: [workbook])
        #expect(asWorkbook.agencies.count == 1)
        #expect(asWorkbook.allFindings.contains { $0.location.cell != nil })
        let asYAML = try Self.linter([]).run(paths: [workbook])
        #expect(asYAML.agencies.count == 1)
        #expect(!asYAML.allFindings.isEmpty)
        #expect(asYAML.allFindings.allSatisfy { $0.location.cell == nil })
        #expect(asYAML.allFindings.contains { $0.rule.hasPrefix("Y") })
    }
}

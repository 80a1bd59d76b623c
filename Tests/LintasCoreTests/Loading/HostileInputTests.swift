import Foundation
import Testing

@testable import LintasCore

/// Inputs that try to break the loader: the committed fixtures of Fixtures/hostile (their README
/// lists what each must give) and big inputs generated here. Every case must give its findings,
/// never crash, and finish well inside a wall-clock bound.
@Suite("Hostile input")
struct HostileInputTests {
    /// A generous bound: a case over it is hanging or quadratic, not merely slow. Under the heap
    /// checker (scripts/test-heapcheck.sh sets LINTAS_TEST_HEAPCHECK) every allocation is checked
    /// and all suites run at once on the machine's cores: a case that takes 0.65 s alone took 10.2 s
    /// there once (2026-12-06), so the bound is three times as long; the plain run keeps 10 s.
    static let bound = Duration.seconds(ProcessInfo.processInfo.environment["LINTAS_TEST_HEAPCHECK"] == nil ? 10 : 30)

    /// Codes compared exactly; regulation codes of other packs are not this suite's business.
    static func counted(_ code: String) -> Bool {
        ["Y", "S", "R", "N"].contains { code.hasPrefix($0) }
    }

    struct Fixture: Sendable, CustomStringConvertible {
        var file: String
        /// `alone`: the file is the agency; `extra`: beside a copy of clean-agency.yaml in one directory.
        var alone: Bool
        /// `CODE@line:col`, `CODE@line` or `CODE` (any position), for the fixture file.
        var expected: [String]
        var description: String { file }
    }

    /// The table of Fixtures/hostile/README.md.
    static let fixtures: [Fixture] = [
        Fixture(file: "clean-agency.yaml", alone: true, expected: []),
        Fixture(file: "alias-bomb.yaml", alone: false, expected: ["Y003@7:8"]),
        Fixture(file: "deep-nesting-200.yaml", alone: false, expected: ["Y003@1:129"]),
        Fixture(file: "deep-nesting-5000.yaml", alone: false, expected: ["Y003@1:137"]),
        Fixture(file: "deep-nesting-block-200.yaml", alone: false, expected: ["Y003@129:257"]),
        Fixture(file: "invalid-utf8-mid-line.yaml", alone: false, expected: ["Y004@3:15"]),
        Fixture(file: "lone-continuation-byte.yaml", alone: false, expected: ["Y004@3:16"]),
        Fixture(file: "overlong-encoding.yaml", alone: false, expected: ["Y004@3:24"]),
        Fixture(file: "utf8-surrogate.yaml", alone: false, expected: ["Y004@3:16"]),
        Fixture(file: "truncated-sequence-at-eof.yaml", alone: false, expected: ["Y004@2:11"]),
        Fixture(file: "utf16-bom.yaml", alone: false, expected: ["Y004@1:1"]),
        Fixture(file: "binary-junk.yaml", alone: false, expected: ["Y004@1:1"]),
        Fixture(file: "nul-byte.yaml", alone: false, expected: ["Y001@3:15"]),
        Fixture(file: "control-character.yaml", alone: false, expected: ["Y001@3:15"]),
        Fixture(file: "crlf-agency.yaml", alone: true, expected: []),
        Fixture(file: "utf8-bom-agency.yaml", alone: true, expected: []),
        Fixture(file: "multibyte-column.yaml", alone: false, expected: ["S004@2:125"]),
        Fixture(file: "nip-arabic-indic-digits.yaml", alone: false, expected: ["N001@2:10"]),
        Fixture(file: "empty.yaml", alone: false, expected: []),
        Fixture(file: "comments-only.yaml", alone: false, expected: []),
        Fixture(file: "whitespace-only.yaml", alone: false, expected: []),
        Fixture(file: "instansi-null.yaml", alone: true, expected: ["S007"]),
        Fixture(file: "tab-indentation.yaml", alone: false, expected: ["Y001@3:1"]),
        Fixture(file: "unterminated-quote.yaml", alone: false, expected: ["Y001@9:1"]),
        Fixture(file: "long-key-implicit.yaml", alone: false, expected: ["Y001@2:10241"]),
        Fixture(file: "long-key-explicit.yaml", alone: false, expected: ["S001@2:3"]),
        Fixture(file: "undefined-alias.yaml", alone: false, expected: ["Y001@8:11"]),
        Fixture(file: "merge-key-valid.yaml", alone: false, expected: []),
        Fixture(file: "merge-key-recursive.yaml", alone: false, expected: ["Y001@10:9"]),
        Fixture(file: "keys-are-maps.yaml", alone: false, expected: ["S003@2:3"]),
        Fixture(file: "keys-are-lists.yaml", alone: false, expected: ["S003@2:3"]),
        Fixture(file: "top-level-list.yaml", alone: false, expected: ["S003@1:1"]),
        Fixture(file: "top-level-scalar.yaml", alone: false, expected: ["S003@1:1"]),
        Fixture(file: "pegawai-map.yaml", alone: false, expected: ["S003@1:10"]),
        Fixture(file: "duplicate-keys-deep.yaml", alone: false, expected: ["Y002@9:5"]),
        Fixture(file: "multi-document-agency.yaml", alone: true, expected: []),
        Fixture(file: "invalid-date.yaml", alone: true, expected: ["S005@9:18"]),
        Fixture(file: "tahun-40-digits.yaml", alone: false, expected: ["S003@3:12"]),
        Fixture(file: "custom-tags.yaml", alone: false, expected: []),
    ]

    static let fixtureDir = "Tests/LintasCoreTests/Fixtures/hostile"

    // MARK: helpers

    /// Runs `body`, requiring it to finish inside ``bound``.
    static func timed<T>(_ what: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let r = try body()
        let took = clock.now - start
        #expect(took < bound, "\(what) took \(took)")
        return r
    }

    /// A fresh temporary directory.
    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("lintas-hostile-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Lints absolute paths with the default packs.
    static func lint(_ paths: [String], configure: (inout LintOptions) -> Void = { _ in }) throws -> LintReport {
        var options = LintOptions(today: TestSupport.today)
        configure(&options)
        return try Linter(catalog: TestSupport.catalog(), options: options).run(paths: paths)
    }

    /// Open findings as `file-name:CODE@line:col` (file name without directories).
    static func found(_ report: LintReport, counted: (String) -> Bool = counted) -> [String] {
        report.allFindings.filter { $0.isOpen && counted($0.rule) }.map {
            "\(($0.location.file as NSString).lastPathComponent):\($0.rule)@\($0.location.line):\($0.location.column)"
        }.sorted()
    }

    /// Whether `actual` (`CODE@l:c`) matches an expectation (`CODE@l:c`, `CODE@l` or `CODE`).
    static func matches(_ actual: String, _ expected: String) -> Bool {
        actual == expected || actual.hasPrefix(expected + (expected.contains("@") ? ":" : "@"))
    }

    // MARK: committed fixtures

    @Test("every fixture file is in the table")
    func tableIsComplete() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestSupport.path(Self.fixtureDir))
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == Self.fixtures.map(\.file).sorted())
    }

    @Test("fixture gives exactly its findings", arguments: fixtures)
    func fixture(_ f: Fixture) throws {
        let source = TestSupport.path("\(Self.fixtureDir)/\(f.file)")
        let report: LintReport
        if f.alone {
            report = try Self.timed(f.file) { try Self.lint([source]) }
        } else {
            let dir = try Self.tempDir(f.file)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try FileManager.default.copyItem(
                atPath: TestSupport.path("\(Self.fixtureDir)/clean-agency.yaml"),
                toPath: dir + "/clean-agency.yaml")
            try FileManager.default.copyItem(atPath: source, toPath: dir + "/" + f.file)
            report = try Self.timed(f.file) { try Self.lint([dir]) }
            #expect(report.agencies.count == 1)
        }
        let found = Self.found(report)
        // Nothing from the partner document.
        #expect(found.allSatisfy { $0.hasPrefix(f.file + ":") }, "\(found)")
        let actual = found.map { String($0.dropFirst(f.file.count + 1)) }
        #expect(actual.count == f.expected.count, "\(f.file): \(actual) vs \(f.expected)")
        for (a, e) in zip(actual, f.expected.sorted()) {
            #expect(Self.matches(a, e), "\(f.file): \(a) is not \(e)")
        }
    }

    // MARK: generated inputs

    /// Lints one generated file as an agency of its own.
    static func lintGenerated(_ name: String, _ bytes: [UInt8], configure: (inout LintOptions) -> Void = { _ in })
        throws -> [String]
    {
        let dir = try tempDir(name)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/" + name
        try write(bytes, to: file)
        let report = try timed(name) { try lint([file], configure: configure) }
        return found(report).map { String($0.dropFirst(name.count + 1)) }
    }

    @Test("a 12 x 12 alias bomb stops at the alias-node limit")
    func bigAliasBomb() throws {
        var lines = ["a: &a [" + Array(repeating: "\"lol\"", count: 12).joined(separator: ",") + "]"]
        let names = "abcdefghijklm".map(String.init)
        for k in 1..<12 {
            lines.append(
                "\(names[k]): &\(names[k]) [" + Array(repeating: "*\(names[k - 1])", count: 12).joined(separator: ",")
                    + "]")
        }
        let found = try Self.lintGenerated("bomb.yaml", Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(found.count == 1 && found.first?.hasPrefix("Y003@") == true, "\(found)")
    }

    @Test("100,000-deep flow nesting is Y003, fast")
    func deepFlow() throws {
        let n = 100_000
        let text = String(repeating: "[", count: n) + String(repeating: "]", count: n) + "\n"
        let found = try Self.lintGenerated("deep-flow.yaml", Array(text.utf8))
        #expect(found == ["Y003@1:129"])
    }

    @Test("100,000-deep block sequences are Y003, fast")
    func deepBlock() throws {
        let text = String(repeating: "- ", count: 100_000) + "x\n"
        let found = try Self.lintGenerated("deep-block.yaml", Array(text.utf8))
        #expect(found.count == 1 && found.first?.hasPrefix("Y003@1:") == true, "\(found)")
    }

    @Test("a 10 MB single-line scalar is Y005")
    func hugeScalar() throws {
        var bytes = Array("versi: 1\nnama: ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
        bytes.append(10)
        let found = try Self.lintGenerated("long-line.yaml", bytes)
        #expect(found == ["Y005@2:7"])
    }

    @Test("a scalar one byte over the limit is Y005; at the limit it is read")
    func scalarAtLimit() throws {
        let limit = YAMLLimits().maxScalarBytes
        let over = try Self.lintGenerated(
            "over.yaml", Array(("nama: " + String(repeating: "a", count: limit + 1) + "\n").utf8))
        #expect(over == ["Y005@1:7"])
        let at = YAMLLoader.load(
            bytes: Array(("nama: " + String(repeating: "a", count: limit) + "\n").utf8), file: "at.yaml")
        #expect(at.diagnostics.isEmpty)
        #expect(at.documents.count == 1)
    }

    @Test("a file over the size limit is Y005 at 1:1 and not parsed")
    func oversizeFile() throws {
        let clean = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: TestSupport.path("\(Self.fixtureDir)/clean-agency.yaml"))))
        #expect(clean.count > 1024)
        let found = try Self.lintGenerated("big.yaml", clean) { $0.limits.maxFileBytes = 1024 }
        #expect(found == ["Y005@1:1"])
        // The loader's own guard (for bytes that did not come from a file).
        var limits = YAMLLimits()
        limits.maxFileBytes = 1024
        let loaded = YAMLLoader.load(bytes: clean, file: "big.yaml", limits: limits)
        #expect(loaded.diagnostics.map(\.code) == ["Y005"])
        #expect(loaded.documents.isEmpty)
    }

    @Test("100,000 keys with a duplicate at the end: Y002 at the second key, in linear time")
    func manyKeys() throws {
        var text = "versi: 1\nlain:\n"
        text.reserveCapacity(2_000_000)
        for i in 0..<100_000 { text += "  k\(i): \(i)\n" }
        text += "  k77777: dup\n"
        let found = try Self.lintGenerated("keys.yaml", Array(text.utf8))
        // Line 2 + 100,000 keys + 1: the duplicate is on line 100,003; S001 for the unknown `lain`.
        #expect(found.contains("Y002@100003:3"), "\(found)")
        #expect(found.filter { $0.hasPrefix("Y") } == ["Y002@100003:3"])
    }

    @Test("invalid UTF-8 in the middle of a big file is Y004 at its line and column")
    func invalidUTF8InTheMiddle() throws {
        var text = "versi: 1\npegawai:\n"
        for i in 0..<5_000 { text += "  - nip: \"\(100_000_000_000_000_000 + i)\"\n    nama: Pegawai \(i)\n" }
        var bytes = Array(text.utf8)
        let line = 2 + 2 * 5_000 + 1
        bytes += Array("  - nip: \"199001012020011001\"\n    nama: Andr".utf8) + [0xE9] + Array(" é\n".utf8)
        bytes += Array(text.utf8.dropFirst("versi: 1\npegawai:\n".utf8.count))
        let found = try Self.lintGenerated("bad-utf8.yaml", bytes)
        #expect(found == ["Y004@\(line + 1):15"])
    }

    /// A complete agency file with one known finding: R001 (the second unit `U1`) at 10:11.
    static let duplicateUnit = """
        versi: 1
        instansi:
          kode: X
          nama: Instansi Uji
          jenis: pemerintah-provinsi
        unit_organisasi:
          - kode: U1
            nama: Unit Satu
            tingkat: jpt-pratama
          - kode: U1
            nama: Unit Dua
            tingkat: jpt-pratama

        """

    /// A small agency with findings on known lines, for the encoding variants.
    static let withFindings = """
        versi: 1
        instansi:
          kode: X
          nama: Instansi Uji
          jenis: pemerintah-provinsi
          sistem_kerja:
            peraturan: "Pergub 1/2022"
            ditetapkan: 2022-13-01
        unit_organisasi:
          - kode: U1
            nama: Unit Satu
            tingkat: jpt-pratam
          - kode: U1
            nama: Unit Dua
            tingkat: administrator
            induk: U9
        pegawai:
          - nip: "12345"
            nama: Pegawai "Café" ✓
            jabatn: Analis
            unit: U1

        """

    @Test("a UTF-8 BOM is accepted and not counted in columns")
    func bom() throws {
        let lf = try Self.lintGenerated("plain.yaml", Array(Self.withFindings.utf8))
        let bom = try Self.lintGenerated("plain.yaml", [0xEF, 0xBB, 0xBF] + Array(Self.withFindings.utf8))
        #expect(!lf.isEmpty)
        #expect(bom == lf)
        // A BOM on a valid agency gives nothing at all.
        let clean = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: TestSupport.path("\(Self.fixtureDir)/clean-agency.yaml"))))
        #expect(try Self.lintGenerated("bom-clean.yaml", [0xEF, 0xBB, 0xBF] + clean) == [])
    }

    @Test("CRLF line endings give the same findings and positions as LF")
    func crlf() throws {
        let lf = try Self.lintGenerated("agency.yaml", Array(Self.withFindings.utf8))
        let crlf = try Self.lintGenerated(
            "agency.yaml", Array(Self.withFindings.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(
            lf.contains { $0.hasPrefix("S005@8:") } && lf.contains { $0.hasPrefix("S004@12:") }
                && lf.contains { $0.hasPrefix("S001@20:") },
            "\(lf)")
        #expect(crlf == lf)
    }

    @Test("a broken file in an agency directory does not hide the other files' findings")
    func brokenFileInDirectory() throws {
        let dir = try Self.tempDir("broken-dir")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Array(Self.duplicateUnit.utf8), to: dir + "/a-good.yaml")
        try Self.write(Array("pegawai:\n  - nip: \"1\n    nama: [\n".utf8), to: dir + "/b-broken.yaml")
        try Self.write([0x70, 0x3A, 0x20, 0xFF, 0x0A], to: dir + "/c-binary.yaml")
        let report = try Self.timed("broken dir") { try Self.lint([dir]) }
        let found = Self.found(report)
        #expect(found.contains("a-good.yaml:R001@10:11"), "\(found)")
        #expect(found.contains { $0.hasPrefix("b-broken.yaml:Y001@") }, "\(found)")
        #expect(found.contains("c-binary.yaml:Y004@1:4"), "\(found)")
    }

    @Test("a document broken after its lists were read contributes nothing; the complete one does")
    func brokenSecondDocument() throws {
        let text =
            Self.duplicateUnit + """
                ---
                unit_organisasi:
                  - kode: U1
                    nama: Unit Tiga
                    tingkat: jpt-pratama
                pegawai:
                  - nip: "199001012020011001"
                    nama: Pegawai
                    unit: U1
                tim_kerja: [ {kode: T1
                """
        let found = try Self.lintGenerated("two-docs.yaml", Array(text.utf8))
        // R001 for the second U1 of the first document only; the broken document's U1 and
        // employee are not in the agency.
        #expect(found.filter { $0.hasPrefix("R001") } == ["R001@10:11"], "\(found)")
        #expect(found.contains { $0.hasPrefix("Y001@") }, "\(found)")
        #expect(!found.contains { $0.hasPrefix("N") || $0.hasPrefix("S") }, "\(found)")
    }

    @Test("limit findings give the limit as a number in their message")
    func limitWording() throws {
        var limits = YAMLLimits()
        limits.maxScalarBytes = 10
        let dir = try Self.tempDir("wording")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Array("nama: abcdefghijklmnop\n".utf8), to: dir + "/a.yaml")
        let report = try Self.lint([dir + "/a.yaml"]) { $0.limits = limits }
        let f = try #require(report.allFindings.first { $0.rule == "Y005" })
        #expect(f.message.en.contains("16 bytes") && f.message.en.contains("limit of 10 bytes"), "\(f.message.en)")
        #expect(!f.message.en.contains("bytes bytes") && !f.message.id.contains("bytes byte"), "\(f.message)")
    }

    @Test("every prefix of the clean agency loads without a crash")
    func truncations() throws {
        let clean = try [UInt8](
            Data(contentsOf: URL(fileURLWithPath: TestSupport.path("\(Self.fixtureDir)/clean-agency.yaml"))))
        let catalog = try TestSupport.catalog()
        let rules = try Configuration().activeRules(catalog: catalog, extraPacks: [], paramOverrides: [:])
        Self.timed("truncations") {
            for n in 0...clean.count {
                let loaded = YAMLLoader.load(bytes: Array(clean[0..<n]), file: "t.yaml")
                var agency = Agency(name: "t", files: ["t.yaml"])
                var builder = ModelBuilder()
                for d in loaded.documents { builder.add(document: d, file: "t.yaml", to: &agency) }
                let context = CheckContext(
                    agency: agency, index: AgencyIndex(agency), rules: rules, asOf: TestSupport.today)
                for check in CheckRegistry.checks { check.check(context) }
                _ = context.diagnostics.compactMap { Wording.finding($0, rules: rules) }
            }
        }
    }
}

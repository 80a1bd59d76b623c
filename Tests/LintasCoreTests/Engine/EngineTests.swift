import Foundation
import Testing

@testable import LintasCore

/// A scratch directory per test (tests run in parallel).
final class Scratch {
    let dir: String

    init() {
        dir = NSTemporaryDirectory() + "lintas-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = dir + "/" + name
        try? FileManager.default.createDirectory(
            atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    func lint(_ paths: [String]? = nil, _ configure: (inout LintOptions) -> Void = { _ in }) throws -> LintReport {
        var o = LintOptions(today: TestSupport.today)
        configure(&o)
        return try Linter(catalog: TestSupport.catalog(), options: o).run(paths: paths ?? [dir])
    }
}

/// A small agency with two integrity problems that do not depend on the regulation rules:
/// a NIP whose birth date is not a date (N002) and a reference to an unknown unit (R003).
func agencyText(padding: Int = 0, suppress: String = "") -> String {
    String(repeating: "# padding\n", count: padding) + """
        instansi:
          kode: PEMPROV-JABAR
          nama: Pemerintah Provinsi Jawa Barat
          jenis: pemerintah-provinsi
          sistem_kerja:
            peraturan: Peraturan Gubernur Jawa Barat Nomor 181 Tahun 2021
            ditetapkan: 2021-12-30
        unit_organisasi:
          - kode: DISKOMINFO
            nama: Dinas Komunikasi dan Informatika
            tingkat: jpt-pratama
        pegawai:
          - nip: "198013452005011001"\(suppress)
            nama: Budi
            jabatan: Pranata Komputer Ahli Muda
            jenis_jabatan: fungsional
            jenjang: ahli-muda
            unit: DISKOMINFOO

        """
}

@Suite("Engine: suppressions, waivers, baseline")
struct EngineTests {
    func open(_ r: LintReport) -> [String] { r.allFindings.filter(\.isOpen).map(\.rule).sorted() }

    @Test("findings of the integrity rules are found")
    func baselineCase() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText())
        let r = try s.lint { $0.extraPacks = [] }
        #expect(open(r).contains("N002"))
        #expect(open(r).contains("R003"))
    }

    @Test("a baseline matches by rule, file and entity, and survives a line-shifting edit")
    func baselineSurvivesEdits() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText())
        let before = try s.lint()
        let baselinePath = s.dir + "/baseline.json"
        _ = FileManager.default.createFile(atPath: baselinePath, contents: Data(Baseline.from(before).encoded().utf8))
        // Shift every line down by 7.
        s.write("agency.yaml", agencyText(padding: 7))
        let after = try s.lint { $0.baselineFile = baselinePath }
        #expect(open(after).filter { $0 == "N002" || $0 == "R003" } == [])
        #expect(after.count(status: "baselined") == before.allFindings.filter(\.isOpen).count)
        #expect(after.agencies.first?.fixedBaselineEntries == 0)
    }

    @Test("a baseline reports fixed entries when findings go away")
    func baselineFixed() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText())
        let baselinePath = s.dir + "/baseline.json"
        _ = FileManager.default.createFile(
            atPath: baselinePath, contents: Data(Baseline.from(try s.lint()).encoded().utf8))
        s.write("agency.yaml", agencyText().replacingOccurrences(of: "DISKOMINFOO", with: "DISKOMINFO"))
        let after = try s.lint { $0.baselineFile = baselinePath }
        #expect(after.agencies.first?.fixedBaselineEntries == 1)
    }

    @Test("an inline suppression with a reason suppresses; --no-inline-suppressions restores the finding")
    func suppression() throws {
        let s = Scratch()
        s.write(
            "agency.yaml",
            agencyText(suppress: "  # lintas-disable-line N002 -- data lama dari SIASN, sedang diperbaiki"))
        let r = try s.lint()
        #expect(!open(r).contains("N002"))
        #expect(r.count(status: "suppressed") == 1)
        let audit = try s.lint { $0.inlineSuppressions = false }
        #expect(open(audit).contains("N002"))
        #expect(audit.count(status: "suppressed") == 0)
    }

    @Test("a suppression without a reason does not suppress and is L001")
    func suppressionWithoutReason() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText(suppress: "  # lintas-disable-line N002"))
        let r = try s.lint()
        #expect(open(r).contains("N002"))
        #expect(open(r).contains("L001"))
    }

    @Test("a suppression that suppresses nothing is L002; an unknown code is L005")
    func unusedSuppression() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText(suppress: "  # lintas-disable-line N004, X999 -- tidak perlu"))
        let r = try s.lint()
        #expect(open(r).contains("L002"))
        #expect(open(r).contains("L005"))
    }

    @Test("a waiver waives until it expires; then the finding is back and L003 says so")
    func waiverExpiry() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText())
        s.write(
            "waivers.yml",
            """
            version: 1
            waivers:
              - rule: N002
                entity: "198013452005011001"
                justification: Menunggu koreksi NIP oleh BKN
                expires: 2024-12-31
            """)
        s.write(".lintas.yml", "version: 1\nwaivers: waivers.yml\n")
        let valid = try s.lint { $0.asOf = CivilDate(iso: "2024-06-30") }
        #expect(!open(valid).contains("N002"))
        #expect(valid.count(status: "waived") == 1)
        let expired = try s.lint { $0.asOf = CivilDate(iso: "2025-01-01") }
        #expect(open(expired).contains("N002"))
        #expect(open(expired).contains("L003"))
        #expect(expired.count(status: "waived") == 0)
    }

    @Test("a waiver that matches nothing is L004")
    func staleWaiver() throws {
        let s = Scratch()
        s.write("agency.yaml", agencyText())
        s.write(
            "waivers.yml",
            "version: 1\nwaivers:\n  - {rule: N004, entity: \"123\", justification: lama, expires: 2030-01-01}\n")
        s.write(".lintas.yml", "version: 1\nwaivers: waivers.yml\n")
        #expect(open(try s.lint()).contains("L004"))
    }

    @Test("a broken file does not stop the other files of the agency")
    func brokenFileIsolated() throws {
        let s = Scratch()
        s.write("a/agency.yaml", agencyText())
        s.write("a/broken.yaml", "pegawai: [\n  - nip: 1\n")
        let r = try s.lint([s.dir + "/a"])
        #expect(open(r).contains("Y001"))
        #expect(open(r).contains("N002"))
    }

    @Test("a batch directory: each subdirectory holding instansi is an agency")
    func batch() throws {
        let s = Scratch()
        s.write("batch/one/agency.yaml", agencyText())
        s.write("batch/two/instansi.yaml", String(agencyText().prefix(while: { $0 != "u" })))
        let r = try s.lint([s.dir + "/batch"])
        #expect(r.agencies.count == 2)
    }

    @Test("parallel runs give the same findings as a sequential run")
    func parallelDeterministic() throws {
        let s = Scratch()
        for i in 0..<6 { s.write("batch/a\(i)/agency.yaml", agencyText(padding: i)) }
        let one = try s.lint([s.dir + "/batch"]) { $0.jobs = 1 }
        let many = try s.lint([s.dir + "/batch"]) { $0.jobs = 4 }
        #expect(one.allFindings == many.allFindings)
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    func parse(_ text: String) throws -> Configuration {
        try Configuration.parse(Array(text.utf8), file: ".lintas.yml", catalog: TestSupport.catalog())
    }

    @Test("a valid config is read")
    func valid() throws {
        let c = try parse(
            """
            version: 1
            packs: [permenpanrb-7-2022, pergub-jabar-181-2021]
            as_of: 2024-06-30
            rules:
              K003: { severity: warning, params: { jenjang_minimum: ahli-muda } }
              M014: off
            params:
              permenpanrb-7-2022.diundangkan: 2022-02-14
            ignore: ["drafts/**"]
            """)
        #expect(c.packs == ["permenpanrb-7-2022", "pergub-jabar-181-2021"])
        #expect(c.asOf?.description == "2024-06-30")
        #expect(c.rules["M014"]?.level == .off)
        #expect(c.rules["K003"]?.params["jenjang_minimum"] == .string("ahli-muda"))
        let active = try c.activeRules(catalog: TestSupport.catalog(), extraPacks: [], paramOverrides: [:])
        #expect(active.isEnabled("K003"))
        #expect(!active.isEnabled("M014"))
        #expect(active.isEnabled("J001"))
        #expect(active.packParams["permenpanrb-7-2022.diundangkan"]?.value == .string("2022-02-14"))
    }

    func error(_ text: String) -> LintasError? {
        do {
            _ = try parse(text)
            return nil
        } catch let e as LintasError {
            return e
        } catch {
            return nil
        }
    }

    @Test("an unknown key is an error at its line and column with a did-you-mean")
    func unknownKey() throws {
        let e = try #require(error("version: 1\npaks: [dasar]\n"))
        #expect(e.location?.line == 2 && e.location?.column == 1)
        #expect(e.message.contains("packs"))
    }

    @Test("bad values are errors with their location")
    func badValues() throws {
        #expect(error("packs: [permenpanrb-7-2O22]\n")?.message.contains("permenpanrb-7-2022") == true)
        #expect(error("as_of: 2024-02-30\n")?.location?.line == 1)
        #expect(error("rules:\n  K999: off\n")?.location?.line == 2)
        #expect(error("rules:\n  K001: loud\n") != nil)
        #expect(
            error("rules:\n  K003: { params: { jenjang_minimun: ahli-muda } }\n")?.message.contains("jenjang_minimum")
                == true)
        #expect(error("params:\n  permenpanrb-7-2022.diundangkan: kemarin\n") != nil)
        #expect(error("version: 2\n") != nil)
    }

    @Test("the West Java pack brings the national pack with it and changes T001")
    func packRequires() throws {
        let catalog = try TestSupport.catalog()
        let packs = try catalog.resolvePacks(["pergub-jabar-181-2021"], extra: [])
        #expect(packs.contains("permenpanrb-7-2022") && packs.contains("dasar"))
        let national = try Configuration().activeRules(catalog: catalog, extraPacks: [], paramOverrides: [:])
        let jabar = try Configuration().activeRules(
            catalog: catalog, extraPacks: ["pergub-jabar-181-2021"], paramOverrides: [:])
        #expect(national.rule("T001")?.severity == .on(.warning))
        #expect(jabar.rule("T001")?.severity == .on(.error))
        #expect(!national.isEnabled("J001"))
        #expect(jabar.isEnabled("J001"))
    }
}

/// An invalid baseline is exit 2 with file:line:col and what is wrong, never a decoder dump.
@Suite("Baseline file errors")
struct BaselineFileTests {
    static func error(_ text: String) -> String? {
        do {
            _ = try Baseline.parse(Array(text.utf8), file: "b.json")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "each mistake is named at its line and column",
        arguments: [
            (
                "{\"version\": 1, \"entries\": [\n  {\"rule\": \"R001\", \"file\": \"a\", \"entity\": 3, \"count\": 1}\n]}",
                "b.json:2:43: invalid baseline: \"entity\" of entry 1 must be a string, found a number"
            ),
            ("{\"version\": 2, \"entries\": []}", "b.json:1:13: unsupported baseline version 2 (supported: 1)"),
            (
                "{\"version\": 1, \"entries\": [{\"rule\": \"R001\", \"fil\": \"a\"}]}",
                "b.json:1:45: invalid baseline: unknown key \"fil\" in entry 1; did you mean 'file'?"
            ),
            (
                "{\"version\": 1, \"entries\": [{\"rule\": \"R001\", \"file\": \"a\", \"entity\": \"e\"}]}",
                "b.json:1:28: invalid baseline: entry 1 has no \"count\""
            ),
            (
                "{\"version\": 1,\n \"entries\": [{\"rule\": \"R\", \"file\": \"a\", \"entity\": \"e\", \"count\": 0}]}",
                "b.json:2:65: invalid baseline: \"count\" of entry 1 must be at least 1, found 0"
            ),
            (
                "{\"version\": 1, \"entries\": [ ,] }",
                "b.json:1:29: invalid baseline: invalid JSON: expected a value"
            ),
            (
                "{\"version\": 1, \"entries\": [] } x",
                "b.json:1:32: invalid baseline: invalid JSON: unexpected text after the JSON value"
            ),
            (
                "{\"version\": 1, \"entries\": \"no\"}",
                "b.json:1:27: invalid baseline: \"entries\" must be an array, found a string"
            ),
            ("[1]", "b.json:1:1: invalid baseline: the baseline must be an object, found an array"),
            ("", "b.json:1:1: invalid baseline: invalid JSON: expected a value, found end of file"),
            ("{\"entries\": []}", "b.json:1:1: invalid baseline: the baseline has no \"version\""),
            (
                "{\"version\": 1.5, \"entries\": []}",
                "b.json:1:13: invalid baseline: \"version\" must be a whole number, found 1.5"
            ),
            (
                "{\"version\": 1, \"version\": 1}",
                "b.json:1:16: invalid baseline: invalid JSON: duplicate key \"version\""
            ),
            (
                "{\"version\": 1, \"tool\": \"é\", \"entries\": [\n\t{\"rule\": \"R001\" \"file\": 1}]}",
                "b.json:2:18: invalid baseline: invalid JSON: did not find expected ',' or '}'"
            ),
            (
                "{\"version\": 1, \"entries\": [\"unterminated]}",
                "b.json:1:43: invalid baseline: invalid JSON: unexpected end of file"
            ),
            // JSON is read as YAML; what YAML has beyond JSON is refused.
            (
                "{\"version\": 1, \"entries\": [], \"tool\": 'x'}",
                "b.json:1:39: invalid baseline: invalid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or an array)"
            ),
            (
                "{version: 1}",
                "b.json:1:2: invalid baseline: invalid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or an array)"
            ),
            // An escaped surrogate pair is read as its character; the columns after it are the file's.
            (
                "{\"version\": 1, \"tool\": \"\\ud83d\\ude00\", \"entries\": 3}",
                "b.json:1:51: invalid baseline: \"entries\" must be an array, found a number"
            ),
            (
                String(repeating: "[", count: 100_000),
                "b.json:1:129: invalid baseline: invalid JSON: nesting depth over 128 levels"
            ),
        ])
    func mistakes(_ input: String, _ expected: String) {
        #expect(Self.error(input) == expected)
    }

    @Test("what lintas writes reads back, escapes and non-ASCII included; a BOM is accepted")
    func roundTrip() throws {
        let b = Baseline(entries: [
            .init(rule: "R001", file: "a/é \"q\".yaml", entity: "U\\1/😀\t", count: 2),
            .init(rule: "K001", file: "b.yaml", entity: "TK-01", count: 1),
        ])
        let back = try Baseline.parse(Array(b.encoded().utf8), file: "b.json")
        #expect(back.entries == b.entries)
        let escaped = try Baseline.parse(
            Array(
                "\u{FEFF}{\"version\":1,\"tool\":\"x\",\"entries\":[{\"rule\":\"R\\u0030\",\"file\":\"\\ud83d\\ude00\\/\",\"entity\":\"\",\"count\":1}]}"
                    .utf8), file: "b.json")
        #expect(escaped.entries == [.init(rule: "R0", file: "😀/", entity: "", count: 1)])
        // JSON's whitespace includes tabs, also where YAML refuses them (starting a line).
        let tabs = try Baseline.parse(Array("\t{\"version\":\t1,\n\t\"entries\": []}\n\t\n".utf8), file: "b.json")
        #expect(tabs.entries.isEmpty)
    }
}

import Foundation
import LintasTestSupport
import Testing

/// Verdicts that follow the regulation as written (issue 19) and suppressions that only real
/// comments of a parsed file make (issue 20 §8, §20), end to end through the binary.
@Suite("lintas binary: regulation verdicts and suppressions")
struct RegulationCLITests {
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lintas-reg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func example(_ relative: String) throws -> String {
        String(
            decoding: try #require(FileManager.default.contents(atPath: CLITests.root + "/" + relative)), as: UTF8.self)
    }

    static func write(_ dir: String, _ name: String, _ text: String) throws {
        try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
    }

    /// The rule codes of the JSON report's findings that are open.
    static func openRules(_ json: String) throws -> [String] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let agencies = try #require(doc["agencies"] as? [[String: Any]])
        return agencies.flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
            .filter { ($0["status"] as? String ?? "open") == "open" }
            .compactMap { $0["rule"] as? String }
    }

    @Test("explain D001 shows the official date 2022-02-16 with its source, verified")
    func explainDate() throws {
        for lang in ["id", "en"] {
            let r = try CLITests.run(["explain", "D001", "--lang", lang])
            #expect(r.status == 0)
            #expect(r.stdout.contains("2022-02-16"))
            #expect(r.stdout.contains("peraturan.go.id"))
            #expect(r.stdout.contains("181"))
            #expect(!r.stdout.contains("2022-03-31"))
            #expect(
                !r.stdout.lowercased().contains("not verified")
                    && !r.stdout.lowercased().contains("belum terverifikasi"))
        }
    }

    @Test("an instrument set 2023-02-17 is D002 late by 1 day; one set 2023-02-16 is on time")
    func deadlineDay() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pass = try Self.example("examples/rules/D002/pass.yaml")
        #expect(pass.contains("ditetapkan: 2022-06-01"))
        try Self.write(
            dir, "late.yaml", pass.replacingOccurrences(of: "ditetapkan: 2022-06-01", with: "ditetapkan: 2023-02-17"))
        let late = try CLITests.run(["check", "--lang", "en", "--as-of", "2024-06-30", dir + "/late.yaml"])
        #expect(late.status == 1)
        #expect(
            late.stdout.contains(
                "error[D002]: the agency's work system was enacted on 2023-02-17, 1 days after the Pasal 25 deadline of PermenPAN-RB 7/2022 (2023-02-16)"
            ), "\(late.stdout)")
        try Self.write(
            dir, "ontime.yaml", pass.replacingOccurrences(of: "ditetapkan: 2022-06-01", with: "ditetapkan: 2023-02-16"))
        let onTime = try CLITests.run(["check", "--format", "json", "--as-of", "2024-06-30", dir + "/ontime.yaml"])
        #expect(try !Self.openRules(onTime.stdout).contains { $0.hasPrefix("D") })
    }

    @Test("a D finding's message names no repository path and no override hint; its note names the source")
    func dMessageShort() throws {
        let r = try CLITests.run(["check", "--lang", "en", "--as-of", "2024-06-30", "examples/rules/D001/fail.yaml"])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("error[D001]") })
        #expect(!line.contains("docs/") && !line.contains("--param") && !line.contains(".lintas.yml"))
        #expect(
            r.stdout.contains(
                "= note: deadline = promulgation of PermenPAN-RB 7/2022 (2022-02-16) plus one year; source: official database record of peraturan.go.id"
            ))
    }

    @Test(
        "K003 and K004 are active when .lintas.yml sets only their parameter",
        arguments: [
            ("K003", "jenjang_minimum: ahli-muda"), ("K004", "maks_tim_dipimpin: 1"),
        ])
    func parameterActivates(code: String, param: String) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(dir, ".lintas.yml", "version: 1\nrules:\n  \(code): { params: { \(param) } }\n")
        try Self.write(dir, "agency.yaml", try Self.example("examples/rules/\(code)/fail.yaml"))
        let r = try CLITests.run(["check", "--format", "json", dir])
        #expect(try Self.openRules(r.stdout).contains(code), "\(r.stdout.prefix(600))")
        // Without the parameter the rule stays off.
        try FileManager.default.removeItem(atPath: dir + "/.lintas.yml")
        #expect(try !Self.openRules(try CLITests.run(["check", "--format", "json", dir]).stdout).contains(code))
    }

    @Test("a team whose SK tanggal is not a date gets S005, not T001 'tanggal belum diisi' (YAML and workbook)")
    func invalidDecreeDate() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pass = try Self.example("examples/rules/D002/pass.yaml")
        let bad = pass.replacingOccurrences(of: "      tanggal: 2024-01-08", with: "      tanggal: 2024-13-45")
        #expect(bad != pass)
        try Self.write(dir, "agency.yaml", bad)
        let yaml = try CLITests.run(["check", "--format", "json", dir + "/agency.yaml"])
        let rules = try Self.openRules(yaml.stdout)
        #expect(rules.contains("S005"), "\(yaml.stdout.prefix(600))")
        #expect(!rules.contains("T001"))
        // The same agency as a workbook: the valid agency exported, then its team's `tanggal` cell
        // made the same invalid text with openpyxl.
        try Self.write(dir, "valid.yaml", pass)
        let xlsx = dir + "/agency.xlsx"
        let e = try CLITests.run(["export", dir + "/valid.yaml", "-o", xlsx])
        #expect(e.status == 0, "\(e.stdout)\(e.stderr)")
        let script = """
            import datetime, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            n = 0
            for ws in wb.worksheets:
                head = [str(c.value or '') for c in ws[1]]
                for row in ws.iter_rows(min_row=2):
                    for c in row:
                        if 'tanggal' in head[c.column - 1] and c.value in (datetime.datetime(2024, 1, 8), '2024-01-08'):
                            c.value = '2024-13-45'
                            n += 1
            wb.save(sys.argv[1])
            print(n)
            """
        let py = try Spawn.run("/usr/bin/env", ["python3", "-c", script, xlsx])
        let changed = py.stdoutText
        #expect(
            py.status == 0 && changed.trimmingCharacters(in: .whitespacesAndNewlines) != "0",
            "openpyxl changed \(changed)")
        let book = try Self.openRules(try CLITests.run(["check", "--format", "json", xlsx]).stdout)
        #expect(book.contains("S005"))
        #expect(!book.contains("T001"))
    }

    @Test("a lintas-disable directive inside a quoted value or a block scalar never suppresses; a real comment does")
    func directiveInData() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fail = try Self.example("examples/rules/R001/fail.yaml")
        let lines = fail.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.firstIndex { $0.contains("# expect: R001") })
        // The previous line is a key of the item before: the inserted key joins that mapping.
        let indent = String(lines[at - 1].prefix { $0 == " " })
        func with(_ inserted: [String]) -> String {
            var l = lines
            l.insert(contentsOf: inserted, at: at)
            return l.joined(separator: "\n")
        }
        // A quoted value on the line before (key at the same indentation in the same mapping).
        let cases: [(String, [String])] = [
            ("double", [indent + "catatan: \"x # lintas-disable-next-line R001 -- disembunyikan\""]),
            ("single", [indent + "catatan: 'x # lintas-disable-next-line R001 -- disembunyikan'"]),
            ("block", [indent + "catatan: |", indent + "  # lintas-disable-next-line R001 -- disembunyikan"]),
        ]
        for (name, inserted) in cases {
            try Self.write(dir, "\(name).yaml", with(inserted))
            let r = try CLITests.run(["check", "--format", "json", dir + "/\(name).yaml"])
            #expect(try Self.openRules(r.stdout).contains("R001"), "\(name): \(r.stdout.prefix(800))")
        }
        // A real comment on the line before suppresses (a comment line's indentation is free), also
        // right after a block scalar, less indented than its text.
        let item = String(lines[at].prefix { $0 == " " })
        for (name, inserted) in [
            ("comment", [indent + "# lintas-disable-next-line R001 -- diterima"]),
            (
                "after-block",
                [indent + "catatan: |", indent + "  teks", item + "# lintas-disable-next-line R001 -- diterima"]
            ),
        ] {
            try Self.write(dir, "\(name).yaml", with(inserted))
            let ok = try CLITests.run(["check", "--format", "json", dir + "/\(name).yaml"])
            #expect(try !Self.openRules(ok.stdout).contains("R001"), "\(name): \(ok.stdout.prefix(800))")
        }
    }

    @Test("a file that does not parse cannot suppress its own Y001")
    func brokenFileCannotSuppress() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(dir, "broken.yaml", "# lintas-disable-file Y001 -- x\ninstansi: {kode: A\n")
        let r = try CLITests.run(["check", "--format", "json", dir + "/broken.yaml"])
        #expect(r.status == 1)
        #expect(try Self.openRules(r.stdout).contains("Y001"), "\(r.stdout.prefix(600))")
    }

    @Test("100,000 comment-only lintas-disable-line lines are checked in linear time (< 10 s)")
    func manyDirectives() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = try Self.example("examples/rules/R001/pass.yaml")
        text += "\n" + String(repeating: "# lintas-disable-line R001 -- x\n", count: 100_000)
        try Self.write(dir, "agency.yaml", text)
        // L002 (each directive suppresses nothing) off: the time is the scanning, not 100,000 findings' output.
        try Self.write(dir, ".lintas.yml", "version: 1\nrules:\n  L002: off\n")
        let start = Date()
        let r = try CLITests.run(["check", "--format", "json", dir])
        let seconds = Date().timeIntervalSince(start)
        // Loose: a debug build beside the rest of the suite on two cores; the quadratic scan took hours.
        #expect(seconds < 30, "took \(seconds) s")
        #expect(r.status == 0, "\(r.stdout.prefix(400))")
    }
}

extension RegulationCLITests {
    @Test("M001 and T002 accept a JPT Madya unit as they accept a JPT Pratama one", arguments: ["M001", "T002"])
    func jptMadya(code: String) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pass = try Self.example("examples/rules/\(code)/pass.yaml")
        #expect(pass.contains("tingkat: jpt-pratama"))
        try Self.write(
            dir, "agency.yaml", pass.replacingOccurrences(of: "tingkat: jpt-pratama", with: "tingkat: jpt-madya"))
        let r = try CLITests.run(["check", "--format", "json", dir + "/agency.yaml"])
        #expect(try !Self.openRules(r.stdout).contains(code), "\(r.stdout.prefix(600))")
        // An administrator unit is still flagged.
        let fail = try CLITests.run(["check", "--format", "json", "examples/rules/\(code)/fail.yaml"])
        #expect(try Self.openRules(fail.stdout).contains(code))
    }
}

extension RegulationCLITests {
    @Test("an error speaks the chosen language, not both glued together")
    func errorLanguage() throws {
        let id = try CLITests.run(["check", "does/not/exist.yaml"])
        #expect(id.status == 2)
        #expect(id.stderr.contains("lintas: galat: jalur tidak ditemukan: does/not/exist.yaml"), "\(id.stderr)")
        #expect(!id.stderr.contains("path not found"))
        let en = try CLITests.run(["check", "--lang", "en", "does/not/exist.yaml"])
        #expect(en.stderr.contains("lintas: error: path not found: does/not/exist.yaml"), "\(en.stderr)")
        #expect(!en.stderr.contains("jalur"))
    }

    @Test("rules --lang id names severities and bases in Indonesian; the .lintas.yml of init names no repository path")
    func indonesianTable() throws {
        let r = try CLITests.run(["rules", "--lang", "id", "--pack", "permenpanrb-7-2022"])
        let k001 = try #require(r.stdout.split(separator: "\n").first { $0.contains("K001") })
        #expect(k001.contains("peringatan") && k001.contains("praktik"), "\(k001)")
        let o001 = try #require(r.stdout.split(separator: "\n").first { $0.contains("O001") })
        #expect(o001.contains("galat") && o001.contains("teks peraturan"), "\(o001)")
        // explain shows the national default, and West Java's raise on its own line.
        let k = try CLITests.run(["explain", "K001"]).stdout
        #expect(k.contains("\nTingkat bawaan: peringatan (warning)\nDasar: praktik (practice)\n"), "\(k.prefix(500))")
        #expect(k.contains("\nDiubah oleh paket pergub-jabar-181-2021: tingkat galat"))
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try CLITests.run(["init", dir]).status == 0)
        let config = try String(contentsOfFile: dir + "/.lintas.yml", encoding: .utf8)
        #expect(!config.contains("docs/"), "\(config)")
    }
}

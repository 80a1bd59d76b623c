import Foundation
import Testing

/// `lintas init --xlsx`, `import`, `export` and `check FILE.xlsx` through the binary.
@Suite("lintas binary: workbooks")
struct WorkbookCLITests {
    static func temp() -> String {
        let dir = NSTemporaryDirectory() + "lintas-cli-wb-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("init --xlsx writes a template that checks clean; import writes YAML that checks clean; --force guards")
    func templateImportCheck() throws {
        let dir = Self.temp()
        var r = try CLITests.run(["init", "--xlsx", "agency.xlsx"], cwd: dir)
        #expect(r.status == 0)
        r = try CLITests.run(["init", "--xlsx", "agency.xlsx"], cwd: dir)
        #expect(r.status == 2 && r.stderr.contains("--force"))
        r = try CLITests.run(["check", "agency.xlsx", "--as-of", "2025-06-30"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)")
        r = try CLITests.run(["import", "agency.xlsx", "-o", "agency"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout.contains("agency/pegawai.yaml"))
        r = try CLITests.run(["check", "agency", "--as-of", "2025-06-30"], cwd: dir)
        #expect(r.status == 0, "\(r.stdout)")
        r = try CLITests.run(["import", "agency.xlsx", "-o", "agency"], cwd: dir)
        #expect(r.status == 2)
    }

    @Test("check on a workbook reports at FILE.xlsx:SHEET!CELL; export then check gives the YAML's findings")
    func exportAndCheck() throws {
        let dir = Self.temp()
        var r = try CLITests.run([
            "export", CLITests.root + "/examples/review/jabar-diskominfo-draf", "-o", dir + "/draf.xlsx",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/review/jabar-diskominfo-draf/.lintas.yml", toPath: dir + "/.lintas.yml")
        r = try CLITests.run(["check", "draf.xlsx", "--as-of", "2024-06-30", "--format", "json"], cwd: dir)
        #expect(r.status == 1)
        let y = try CLITests.run([
            "check", "examples/review/jabar-diskominfo-draf", "--as-of", "2024-06-30", "--format", "json",
        ])
        func rules(_ json: String) throws -> [String] {
            let doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let agencies = doc?["agencies"] as? [[String: Any]] ?? []
            return agencies.flatMap {
                ($0["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"]!)|\($0["entity"]!)" }
            }.sorted()
        }
        #expect(try rules(r.stdout) == rules(y.stdout))
        #expect(r.stdout.contains("\"sheet\" : ") && r.stdout.contains("\"cell\" : "))
        r = try CLITests.run(["check", "draf.xlsx", "--as-of", "2024-06-30"], cwd: dir)
        #expect(
            r.stdout.range(of: #"draf\.xlsx:[a-z_]+![A-Z]+[0-9]+: "#, options: .regularExpression) != nil, "\(r.stdout)"
        )
    }

    @Test("import says on standard error what the YAML cannot carry, at the cell")
    func importReportsWorkbookFindings() throws {
        let dir = Self.temp()
        let r = try CLITests.run([
            "import", CLITests.root + "/examples/rules/N006/fail.xlsx", "-o", dir + "/out", "--lang", "en",
        ])
        #expect(r.status == 0)
        #expect(r.stderr.contains("fail.xlsx:pegawai!A6: error[N006]"), "\(r.stderr)")
        let yaml = try String(contentsOfFile: dir + "/out/pegawai.yaml", encoding: .utf8)
        #expect(yaml.contains("nip: \"1.99509302020121e+17\""))
    }

    @Test("a file that is not a workbook is Y001 in check (the other agencies still checked), exit 2 in import")
    func notAWorkbook() throws {
        let dir = Self.temp()
        try "kode,nama\n".write(toFile: dir + "/x.xlsx", atomically: true, encoding: .utf8)
        try "pegawai: []\n".write(toFile: dir + "/b.yaml", atomically: true, encoding: .utf8)
        let r = try CLITests.run(["check", "x.xlsx", "b.yaml"], cwd: dir)
        #expect(r.status == 1)
        #expect(
            r.stdout.contains("x.xlsx:1:1: galat[Y001]: berkas tidak dapat dibaca: bukan buku kerja"), "\(r.stdout)")
        #expect(r.stdout.contains("b.yaml:1:1: galat[S007]"), "\(r.stdout)")
        let en = try CLITests.run(["check", "--lang", "en", "x.xlsx"], cwd: dir)
        #expect(en.status == 1)
        #expect(en.stdout.contains("x.xlsx:1:1: error[Y001]: the file cannot be read: not a workbook"), "\(en.stdout)")
        let missing = try CLITests.run(["check", "absent.xlsx"], cwd: dir)
        #expect(missing.status == 2)
        let i = try CLITests.run(["import", "x.xlsx", "-o", "out"], cwd: dir)
        #expect(i.status == 2)
        #expect(i.stderr.contains("x.xlsx: not a workbook"))
    }
}

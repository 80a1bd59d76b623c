import Foundation
import Testing

/// The reviewer's desk (issue 26) through the binary: any folder of agencies is read by the rule of
/// docs/format.md, rows carry the agency's code and name, and a mistyped command gets a suggestion.
@Suite("lintas binary: a reviewer's folder")
struct ReviewerTests {
    static func tempDir(_ name: String) throws -> String {
        let d = NSTemporaryDirectory() + "lintas-reviewer-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func json(_ r: CLITests.Result) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "not JSON: \(r.stderr)")
    }

    static func agencies(_ doc: [String: Any]) -> [[String: Any]] { doc["agencies"] as? [[String: Any]] ?? [] }

    static func rules(_ agency: [String: Any]) -> [String] {
        (agency["findings"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "open" }.compactMap {
            $0["rule"] as? String
        }
    }

    /// A small agency whose instansi has `kode` and `nama`; `extra` is appended.
    static func agency(_ kode: String, _ nama: String, extra: String = "") -> String {
        """
        versi: 1
        instansi:
          kode: \(kode)
          nama: \(nama)
          jenis: pemerintah-kabupaten
        unit_organisasi:
          - kode: SETDA
            nama: Sekretariat Daerah
            tingkat: jpt-pratama
        \(extra)
        """
    }

    @Test("lintas check examples: every shipped agency is its own row, none merged, the CI files skipped with a note")
    func shippedExamples() throws {
        let r = try CLITests.run(["check", "examples", "--as-of", "2024-06-30", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let doc = try Self.json(r)
        let names = Self.agencies(doc).compactMap { $0["name"] as? String }
        for a in [
            "examples/agencies/jabar-diskominfo", "examples/agencies/kementerian-contoh",
            "examples/review/jabar-diskominfo-draf",
            "examples/packs-differ", "examples/rules/K001/fail.yaml", "examples/rules/K001/pass.yaml",
            "examples/rules/S007/fail",
            "examples/rules/Y001/fail", "examples/rules/Y007/pass.xlsx",
        ] {
            #expect(names.contains(a), "no row \(a)")
        }
        // No agency is merged with another: nothing says instansi twice but the S007 example itself.
        for a in Self.agencies(doc) where Self.rules(a).contains("S007") {
            #expect(a["name"] as? String == "examples/rules/S007/fail", "\(a["name"] ?? "")")
        }
        // The shipped agencies are clean; every passing example too.
        for a in Self.agencies(doc) {
            let name = a["name"] as? String ?? ""
            if name.hasPrefix("examples/agencies/") || name.contains("/pass") {
                #expect(Self.rules(a).isEmpty, "\(name): \(Self.rules(a))")
            }
        }
        let skipped = (doc["skipped"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(skipped == ["examples/ci/github-actions.yml", "examples/ci/gitlab-ci.yml"])
        #expect(!names.contains { $0.hasPrefix("examples/ci") })

        let text = try CLITests.run(["check", "examples", "--as-of", "2024-06-30", "--lang", "en"])
        #expect(
            text.stdout.contains(
                "examples/ci/github-actions.yml: note: skipped: outside every agency and holds no format-v1 section"))
    }

    @Test(
        "any depth: a directory holding instansi, a loose agency file beside agency folders, a folder of agency files, workbooks"
    )
    func anyDepth() throws {
        let dir = try Self.tempDir("depth")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let b = dir + "/kiriman"
        // An agency directory two levels down, with its employees in a subfolder without instansi.
        try Self.write(Self.agency("PEMPROV-A", "Pemerintah Provinsi A"), b + "/2024/provinsi/pemprov-a/instansi.yaml")
        try Self.write(
            "pegawai:\n  - nip: \"198001012005011002\"\n    nama: Budi\n    jabatan: Analis\n    jenis_jabatan: fungsional\n    unit: SETDA\n",
            b + "/2024/provinsi/pemprov-a/pegawai/setda.yaml")
        // A loose agency file beside it (one level up), and a CI workflow.
        try Self.write(Self.agency("PEMKAB-D", "Pemerintah Kabupaten D"), b + "/2024/pemkab-d.yaml")
        try Self.write("name: lint\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n", b + "/2024/ci.yml")
        // A folder of agency files: each is an agency.
        try Self.write(Self.agency("PEMKAB-E", "Pemerintah Kabupaten E"), b + "/kabupaten/e.yaml")
        try Self.write(Self.agency("PEMKAB-F", "Pemerintah Kabupaten F"), b + "/kabupaten/f.yml")
        // A workbook deep down.
        try FileManager.default.createDirectory(atPath: b + "/xlsx/masuk", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/Y007/pass.xlsx", toPath: b + "/xlsx/masuk/pemkot.xlsx")

        // An agency folder with a workbook in a subfolder without instansi: the workbook is an
        // agency of its own, the subfolder's YAML is the agency's.
        try Self.write(Self.agency("PEMKAB-J", "Pemerintah Kabupaten J"), b + "/lain/pemkab-j/instansi.yaml")
        try Self.write("pegawai: []\n", b + "/lain/pemkab-j/lampiran/pegawai.yaml")
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/Y007/pass.xlsx", toPath: b + "/lain/pemkab-j/lampiran/salinan.xlsx"
        )
        // A folder of CSV files (one per section).
        try Self.write(
            "versi,kode,nama,jenis\n1,PEMKOT-G,Pemerintah Kota G,pemerintah-kota\n", b + "/csv/pemkot-g/instansi.csv")
        let r = try CLITests.run(["check", b, "--as-of", "2024-06-30", "--format", "json"])
        let doc = try Self.json(r)
        let found = Self.agencies(doc).map {
            (
                ($0["name"] as? String ?? "").replacingOccurrences(of: b + "/", with: ""),
                ($0["instansi"] as? [String: Any])?["kode"] as? String ?? ""
            )
        }
        #expect(
            found.map(\.0) == [
                "2024/pemkab-d.yaml", "2024/provinsi/pemprov-a", "csv/pemkot-g", "kabupaten/e.yaml", "kabupaten/f.yml",
                "lain/pemkab-j", "lain/pemkab-j/lampiran/salinan.xlsx", "xlsx/masuk/pemkot.xlsx",
            ],
            "\(found)")
        #expect(found.map(\.1).prefix(5) == ["PEMKAB-D", "PEMPROV-A", "PEMKOT-G", "PEMKAB-E", "PEMKAB-F"])
        let a = try #require(Self.agencies(doc).first { ($0["name"] as? String ?? "").hasSuffix("pemprov-a") })
        #expect((a["files"] as? [String] ?? []).count == 2, "the pegawai subfolder belongs to the agency")
        for x in Self.agencies(doc) {
            #expect(
                !Self.rules(x).contains("S007") && !Self.rules(x).contains("R001"),
                "\(x["name"] ?? ""): \(Self.rules(x))")
        }
        let skipped = (doc["skipped"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(skipped == [b + "/2024/ci.yml"])

        // --list-agencies shows the same, without checking.
        let list = try CLITests.run(["check", b, "--list-agencies", "--lang", "en"])
        #expect(list.status == 0)
        #expect(
            list.stdout.contains("PEMPROV-A") && list.stdout.contains("Pemerintah Provinsi A")
                && list.stdout.contains("xlsx"))
        #expect(list.stdout.contains("ci.yml: note: skipped"))
        #expect(list.stdout.hasSuffix("8 agencies, 1 file skipped\n"), "\(list.stdout)")
    }

    @Test("inside an agency every YAML file is its data: unknown keys are S001, a broken file Y001, never skipped")
    func insideAnAgency() throws {
        let dir = try Self.tempDir("inside")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Self.agency("PEMKAB-G", "Pemerintah Kabupaten G"), dir + "/g/instansi.yaml")
        try Self.write("name: lint\njobs: {}\n", dir + "/g/workflow.yaml")
        try Self.write("pegawai: [\n", dir + "/g/rusak.yaml")
        let r = try CLITests.run(["check", dir + "/g", "--as-of", "2024-06-30", "--format", "json"])
        let doc = try Self.json(r)
        #expect(Self.agencies(doc).count == 1)
        let rules = Self.rules(Self.agencies(doc)[0])
        #expect(rules.filter { $0 == "S001" }.count == 2 && rules.contains("Y001"), "\(rules)")
        #expect(doc["skipped"] == nil)
    }

    @Test("instansi written in two files beside the agency's other documents stays one agency: S007")
    func duplicateInstansi() throws {
        let r = try CLITests.run(["check", "examples/rules/S007/fail", "--as-of", "2024-06-30", "--format", "json"])
        let doc = try Self.json(r)
        #expect(Self.agencies(doc).count == 1)
        #expect(Self.rules(Self.agencies(doc)[0]) == ["S007"])
    }

    @Test("rows carry the agency's code and name: text, csv, markdown")
    func namedRows() throws {
        let paths = ["examples/agencies", "examples/review/jabar-diskominfo-draf"]
        let text = try CLITests.run(["check", "--as-of", "2024-06-30", "--lang", "en"] + paths)
        let row = try #require(
            text.stdout.split(separator: "\n").first { $0.hasPrefix("  examples/agencies/kementerian-contoh ") })
        #expect(row.contains("KEMENTERIAN-CONTOH") && row.contains("Kementerian Contoh Tata Kelola"), "\(row)")
        let csv = try CLITests.run(["check", "--as-of", "2024-06-30", "--format", "csv"] + paths)
        let lines = csv.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first?.hasSuffix(",agency_code,agency_name") == true)
        #expect(
            lines.contains {
                $0.hasPrefix("examples/agencies/kementerian-contoh,")
                    && $0.hasSuffix(",KEMENTERIAN-CONTOH,Kementerian Contoh Tata Kelola Pemerintahan")
            })
        let md = try CLITests.run(["check", "--as-of", "2024-06-30", "--format", "markdown"] + paths)
        #expect(
            md.stdout.contains(
                "| examples/agencies/kementerian-contoh | KEMENTERIAN-CONTOH | Kementerian Contoh Tata Kelola Pemerintahan |"
            ))
    }

    @Test("a mistyped command suggests the closest one (exit 2); a path of that name is still checked")
    func mistypedCommand() throws {
        let r = try CLITests.run(["chek", "examples/agencies"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown command 'chek'; did you mean 'check'?"), "\(r.stderr)")
        let e = try CLITests.run(["explian", "K001"])
        #expect(e.status == 2 && e.stderr.contains("did you mean 'explain'?"))
        let dir = try Self.tempDir("chek")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.write(Self.agency("PEMKAB-H", "Pemerintah Kabupaten H"), dir + "/chek")
        let p = try CLITests.run(["chek", "--as-of", "2024-06-30"], cwd: dir)
        #expect(!p.stderr.contains("unknown command"), "\(p.stderr)")
    }

    @Test(
        "--compare-to: per agency resolved, new and still open since an earlier JSON report; a moved line is not new; a moved folder is matched by its code"
    )
    func compareTo() throws {
        let dir = try Self.tempDir("since")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir + "/2024", withIntermediateDirectories: true)
        try fm.copyItem(atPath: CLITests.root + "/examples/review/jabar-diskominfo-draf", toPath: dir + "/2024/draf")
        try fm.copyItem(
            atPath: CLITests.root + "/examples/agencies/kementerian-contoh", toPath: dir + "/2024/kementerian")
        let first = try CLITests.run(["check", "2024", "--as-of", "2024-06-30", "--format", "json"], cwd: dir)
        #expect(first.status == 1)
        try first.stdout.write(toFile: dir + "/review-1.json", atomically: true, encoding: .utf8)

        // Next time the folder is 2025: the draft fixed its T001 (a decree number) and gained two
        // lines at the top of tim_kerja.yaml (every later finding moves); the ministry gained an
        // unknown key.
        try fm.moveItem(atPath: dir + "/2024", toPath: dir + "/2025")
        let teams = dir + "/2025/draf/tim_kerja.yaml"
        var t = try String(contentsOfFile: teams, encoding: .utf8)
        let open = try #require(Self.agencies(try Self.json(first)).first { ($0["name"] as? String) == "2024/draf" })
        #expect(Self.rules(open).contains("T001"))
        t =
            "# diperbarui\n\n"
            + t.replacingOccurrences(
                of: "    penetapan:\n      tanggal:",
                with: "    penetapan:\n      nomor: 800.1.2.4/Kep.02-Diskominfo/2024\n      tanggal:")
        try t.write(toFile: teams, atomically: true, encoding: .utf8)
        let ministry = dir + "/2025/kementerian/kementerian.yaml"
        let m = try String(contentsOfFile: ministry, encoding: .utf8)
        try m.replacingOccurrences(of: "  - kode: TK-KLB-02\n", with: "  - kode: TK-KLB-02\n    keterangan: tim baru\n")
            .write(toFile: ministry, atomically: true, encoding: .utf8)

        let r = try CLITests.run(
            ["check", "2025", "--as-of", "2024-06-30", "--compare-to", "review-1.json", "--format", "json"], cwd: dir)
        let doc = try Self.json(r)
        #expect((doc["comparedTo"] as? [String: Any])?["file"] as? String == "review-1.json")
        func since(_ name: String) throws -> [String: Any] {
            let a = try #require(Self.agencies(doc).first { ($0["name"] as? String) == name })
            return try #require(a["since"] as? [String: Any])
        }
        let draf = try since("2025/draf")
        let kem = try since("2025/kementerian")
        let before = Self.rules(open).count
        #expect(draf["earlier"] as? String == "2024/draf")
        #expect(
            draf["resolved"] as? Int == 1 && draf["new"] as? Int == 0 && draf["stillOpen"] as? Int == before - 1,
            "\(draf)")
        #expect((draf["resolvedFindings"] as? [[String: Any]])?.first?["rule"] as? String == "T001")
        #expect(kem["resolved"] as? Int == 0 && kem["new"] as? Int == 1 && kem["stillOpen"] as? Int == 0, "\(kem)")

        let text = try CLITests.run(
            ["check", "2025", "--as-of", "2024-06-30", "--compare-to", "review-1.json", "--lang", "en"], cwd: dir)
        #expect(
            text.stdout.contains(
                "Since review-1.json:\n  2025/draf: 1 resolved, 0 new, \(before - 1) still open (was 2024/draf)\n"),
            "\(text.stdout.suffix(600))")
        #expect(text.stdout.contains("Since the last review"))
        let csv = try CLITests.run(
            ["check", "2025", "--as-of", "2024-06-30", "--compare-to", "review-1.json", "--format", "csv"], cwd: dir)
        let lines = csv.stdout.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first?.hasSuffix(",resolved,new,still_open") == true)
        #expect(lines.contains { $0.hasPrefix("2025/kementerian,") && $0.hasSuffix(",0,1,0") })
        let html = dir + "/r.html"
        _ = try CLITests.run(
            ["check", "2025", "--as-of", "2024-06-30", "--compare-to", "review-1.json", "--output", "html:\(html)"],
            cwd: dir)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("Sejak tinjauan lalu") && page.contains("<h3>Sejak tinjauan sebelumnya</h3>"))
        #expect(page.contains("1 selesai, 0 baru, \(before - 1) masih terbuka."))

        // Not a lintas report: exit 2, said.
        try "{}".write(toFile: dir + "/x.json", atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["check", "2025", "--compare-to", "x.json"], cwd: dir)
        #expect(bad.status == 2 && bad.stderr.contains("bukan laporan JSON lintas"), "\(bad.stderr)")
        let badEn = try CLITests.run(["check", "2025", "--compare-to", "x.json", "--lang", "en"], cwd: dir)
        #expect(badEn.status == 2 && badEn.stderr.contains("not a lintas JSON report"), "\(badEn.stderr)")
    }
}

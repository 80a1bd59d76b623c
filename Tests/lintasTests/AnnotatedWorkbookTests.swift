import Foundation
import LintasTestSupport
import Testing

/// `lintas check X.xlsx --output xlsx:Y.xlsx` and `lintas export --annotate`, verified the way a
/// person sees the result: openpyxl (a real spreadsheet library) reads the comments at the
/// finding cells and their fills and finds everything else as it was; LibreOffice opens and
/// renders it (when installed: .ci/run installs libreoffice-calc-nogui and poppler-utils); and
/// lintas reads the annotated copy back with the same findings at the same cells.
@Suite("lintas binary: annotated workbooks")
struct AnnotatedWorkbookTests {
    static func temp() -> String {
        let dir = NSTemporaryDirectory() + "lintas-annotated-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs a Python script; a missing openpyxl fails the test with how to install it.
    static func python(_ script: String, args: [String]) throws -> String {
        let dir = temp()
        let file = dir + "/script.py"
        try script.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLITests.runTool("/usr/bin/env", ["python3", file] + args)
        if r.status != 0 {
            Issue.record("python3 failed (pip install openpyxl, or run .ci/run): \(r.stderr)")
        }
        return r.stdout
    }

    /// The template, changed by openpyxl the way an agency's workbook is: a NIP typed as a number,
    /// an extra sheet with a name to escape, a sheet-scoped defined name, another active sheet.
    static let makeScript = """
        import sys, openpyxl
        from openpyxl.workbook.defined_name import DefinedName
        wb = openpyxl.load_workbook(sys.argv[1])
        p = wb["pegawai"]
        p["A3"] = 198506102010011004
        p["A3"].number_format = "0"
        extra = wb.create_sheet("catatan & <x>")
        extra["A1"] = "catatan"
        extra["B2"] = "=tidak dihitung"
        extra["B2"].data_type = "s"
        extra.column_dimensions["A"].width = 33
        p.defined_names["lokal"] = DefinedName("lokal", attr_text="pegawai!$A$2:$A$9")
        from openpyxl.workbook.views import BookView
        wb.views = [BookView()]
        wb.active = wb.sheetnames.index("pegawai")
        wb.save(sys.argv[2])
        """

    /// What openpyxl sees in a workbook: per sheet the cells (value, number format, fill), the
    /// comments, column widths, data validations; the sheet names, the active sheet, the defined
    /// names with the sheet they belong to.
    static let readScript = """
        import sys, json, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": wb.sheetnames, "active": wb.active.title, "cells": {}, "comments": {}, "fills": {},
               "widths": {}, "validations": {}, "names": {}, "links": {}}
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    key = ws.title + "!" + c.coordinate
                    if c.value is not None:
                        out["cells"][key] = [str(c.value), c.number_format, c.data_type]
                    if c.fill is not None and c.fill.fill_type == "solid":
                        out["fills"][key] = c.fill.fgColor.rgb
                    if c.comment is not None:
                        out["comments"][key] = c.comment.text
                    if c.hyperlink is not None and c.hyperlink.location:
                        out["links"][key] = c.hyperlink.location
            out["widths"][ws.title] = {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}
            out["validations"][ws.title] = sorted([str(v.sqref), v.type or "", v.formula1 or "", v.prompt or ""] for v in ws.data_validations.dataValidation)
            for name, d in ws.defined_names.items():
                out["names"][ws.title + ":" + name] = d.attr_text
        print(json.dumps(out, sort_keys=True))
        """

    static func read(_ path: String) throws -> [String: Any] {
        let json = try python(readScript, args: [path])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// Open findings as "RULE sheet!cell" from the JSON report.
    static func findings(_ json: String) throws -> [String] {
        let doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let agencies = doc?["agencies"] as? [[String: Any]] ?? []
        return agencies.flatMap {
            ($0["findings"] as? [[String: Any]] ?? []).map { f in
                "\(f["rule"]!) \(f["sheet"].map { "\($0)" } ?? "-")!\(f["cell"].map { "\($0)" } ?? "-")"
            }
        }.sorted()
    }

    /// The agency's workbook as openpyxl changed it, checked and annotated.
    static func annotatedAgencyWorkbook(lang: String = "id") throws -> (
        dir: String, original: String, annotated: String
    ) {
        let dir = temp()
        var r = try CLITests.run(["init", "--xlsx", dir + "/template.xlsx"])
        #expect(r.status == 0)
        _ = try python(makeScript, args: [dir + "/template.xlsx", dir + "/agency.xlsx"])
        r = try CLITests.run(
            ["check", "agency.xlsx", "--as-of", "2025-06-30", "--output", "xlsx:agency-temuan.xlsx", "--lang", lang],
            cwd: dir)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        return (dir, dir + "/agency.xlsx", dir + "/agency-temuan.xlsx")
    }

    @Test(
        "openpyxl reads a comment and a severity fill at every finding cell, a first Temuan sheet with links, and the rest as it was"
    )
    func commentsFillsAndTheRestKept() throws {
        let (dir, original, annotated) = try Self.annotatedAgencyWorkbook()
        let before = try Self.read(original)
        let after = try Self.read(annotated)
        let report = try CLITests.run(["check", "agency.xlsx", "--as-of", "2025-06-30", "--format", "json"], cwd: dir)
        let expected = try Self.findings(report.stdout)
        #expect(expected.contains("N006 pegawai!A3"), "\(expected)")
        #expect(expected.contains { $0.hasPrefix("Y007 catatan & <x>!") }, "\(expected)")

        // The findings sheet comes first; the active sheet and the sheet-scoped name still
        // belong to pegawai.
        let sheets = try #require(after["sheets"] as? [String])
        #expect(sheets == ["Temuan"] + (before["sheets"] as? [String] ?? []))
        #expect(before["active"] as? String == "pegawai")
        #expect(after["active"] as? String == "pegawai")
        #expect(after["names"] as? [String: String] == before["names"] as? [String: String])
        #expect((after["names"] as? [String: String])?["pegawai:lokal"] != nil)

        // A comment at each cell with a finding (several findings of a cell in one comment), and
        // a fill by the most severe of them; nowhere else.
        let comments = try #require(after["comments"] as? [String: String])
        let fills = try #require(after["fills"] as? [String: String])
        let cells = Set(expected.map { String($0.split(separator: " ", maxSplits: 1)[1]) })
        #expect(Set(comments.keys) == cells)
        for f in expected {
            let parts = f.split(separator: " ", maxSplits: 1)
            #expect(comments[String(parts[1])]?.contains(String(parts[0])) == true, "\(f)")
        }
        #expect(comments["pegawai!A3"]?.contains("Dasar: Peraturan BKN") == true)
        #expect(fills["pegawai!A3"] == "FFFFC8CE")
        let beforeFills = before["fills"] as? [String: String] ?? [:]
        for (cell, rgb) in fills where !cell.hasPrefix("Temuan!") && !cells.contains(cell) {
            #expect(beforeFills[cell] == rgb, "fill added at \(cell)")
        }

        // Values, number formats, widths and data validations of the agency's sheets unchanged
        // (the text that looks like a formula is still text).
        let cellsBefore = before["cells"] as? [String: [String]] ?? [:]
        let cellsAfter = (after["cells"] as? [String: [String]] ?? [:]).filter { !$0.key.hasPrefix("Temuan!") }
        #expect(cellsAfter == cellsBefore)
        #expect(cellsAfter["catatan & <x>!B2"] == ["=tidak dihitung", "General", "s"])
        var widths = after["widths"] as? [String: [String: Double]] ?? [:]
        widths["Temuan"] = nil
        #expect(widths == before["widths"] as? [String: [String: Double]])
        var validations = after["validations"] as? [String: [[String]]] ?? [:]
        validations["Temuan"] = nil
        #expect(validations == before["validations"] as? [String: [[String]]])
        #expect((validations["pegawai"] ?? []).contains { $0[1] == "list" })

        // The findings sheet: summary, legend, one row per finding linking to its cell.
        let links = try #require(after["links"] as? [String: String])
        #expect(
            Set(links.values)
                == Set(
                    cells.map { c -> String in
                        let bang = c.lastIndex(of: "!")!
                        return "'" + c[..<bang] + "'" + c[bang...]
                    }))
        let texts =
            cellsAfter.isEmpty
            ? []
            : (after["cells"] as? [String: [String]] ?? [:]).filter { $0.key.hasPrefix("Temuan!") }.map { $0.value[0] }
        #expect(texts.contains("Ringkasan") && texts.contains("Warna") && texts.contains("peringatan"))
        #expect(texts.contains("pegawai!A3"))
    }

    @Test("the annotated copy checked again gives the same findings at the same cells")
    func recheckGivesTheSameFindings() throws {
        let (dir, _, _) = try Self.annotatedAgencyWorkbook()
        let a = try CLITests.run(["check", "agency.xlsx", "--as-of", "2025-06-30", "--format", "json"], cwd: dir)
        let b = try CLITests.run(
            ["check", "agency-temuan.xlsx", "--as-of", "2025-06-30", "--format", "json"], cwd: dir)
        #expect(try Self.findings(a.stdout) == Self.findings(b.stdout))
        #expect(b.status == a.status)
        // And for the repository's example of N006 (two findings on one cell).
        let c = try CLITests.run([
            "check", CLITests.root + "/examples/rules/N006/fail.xlsx", "--as-of", "2025-06-30", "--output",
            "xlsx:\(dir)/n006.xlsx",
        ])
        let d = try CLITests.run(["check", dir + "/n006.xlsx", "--as-of", "2025-06-30", "--format", "json"])
        let e = try CLITests.run([
            "check", CLITests.root + "/examples/rules/N006/fail.xlsx", "--as-of", "2025-06-30", "--format", "json",
        ])
        #expect(c.status == 1)
        #expect(try Self.findings(d.stdout) == Self.findings(e.stdout))
        let comments = try #require(try Self.read(dir + "/n006.xlsx")["comments"] as? [String: String])
        #expect(comments["pegawai!A6"]?.contains("N001") == true && comments["pegawai!A6"]?.contains("N006") == true)
    }

    @Test("--lang en names the first sheet Findings")
    func english() throws {
        let (_, _, annotated) = try Self.annotatedAgencyWorkbook(lang: "en")
        let book = try Self.read(annotated)
        #expect((book["sheets"] as? [String])?.first == "Findings")
        let comments = book["comments"] as? [String: String] ?? [:]
        #expect(comments["pegawai!A3"]?.contains("Basis: ") == true)
    }

    @Test("LibreOffice opens the annotated workbook and renders the findings sheet and the data (when installed)")
    func libreOfficeRenders() throws {
        guard
            let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            }),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")
        else {
            print(
                "LibreOffice or pdftotext not installed: rendering not checked (.ci/run installs libreoffice-calc-nogui poppler-utils)"
            )
            return
        }
        let (dir, _, annotated) = try Self.annotatedAgencyWorkbook()
        let profile = "file://" + dir + "/lo-profile"
        let r = try CLITests.runTool(
            soffice,
            ["-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf", "--outdir", dir, annotated])
        #expect(r.status == 0, "\(r.stderr)")
        let pdf = dir + "/agency-temuan.pdf"
        #expect(FileManager.default.fileExists(atPath: pdf), "\(r.stdout)\(r.stderr)")
        let text = try CLITests.runTool("/usr/bin/pdftotext", ["-layout", pdf, "-"]).stdout
        #expect(text.contains("Temuan lintas"))
        #expect(text.contains("pegawai!A3"))
        #expect(text.contains("N006"))
        // The agency's own data is there too.
        #expect(
            text.contains("198506102010011004") || text.contains("1.98506102010011E+17")
                || text.contains("198506102010011000"))
        #expect(text.contains("197203152000031002"))

        // LibreOffice saves it as .xlsx again with the comments and fills it read: it understood them.
        let saved = dir + "/lo"
        let x = try CLITests.runTool(
            soffice,
            ["-env:UserInstallation=" + profile, "--headless", "--convert-to", "xlsx", "--outdir", saved, annotated])
        #expect(x.status == 0, "\(x.stderr)")
        let ours = try Self.read(annotated)
        let theirs = try Self.read(saved + "/agency-temuan.xlsx")
        let comments = ours["comments"] as? [String: String] ?? [:]
        #expect(!comments.isEmpty)
        #expect(Set((theirs["comments"] as? [String: String] ?? [:]).keys) == Set(comments.keys))
        let fills = theirs["fills"] as? [String: String] ?? [:]
        for cell in comments.keys { #expect(fills[cell] != nil, "\(cell) has no fill after LibreOffice saved it") }
        // The copy LibreOffice saved, checked and annotated again: one findings sheet, the same
        // findings at the same cells, a comment at each.
        try FileManager.default.copyItem(atPath: saved + "/agency-temuan.xlsx", toPath: dir + "/saved.xlsx")
        let again = try CLITests.run(
            ["check", "saved.xlsx", "--as-of", "2025-06-30", "--output", "xlsx:saved-temuan.xlsx", "--format", "json"],
            cwd: dir)
        let first = try CLITests.run(["check", "agency.xlsx", "--as-of", "2025-06-30", "--format", "json"], cwd: dir)
        #expect(try Self.findings(again.stdout) == Self.findings(first.stdout))
        let book = try Self.read(dir + "/saved-temuan.xlsx")
        #expect((book["sheets"] as? [String])?.filter { $0.hasPrefix("Temuan") } == ["Temuan"])
        #expect(Set((book["comments"] as? [String: String] ?? [:]).keys) == Set(comments.keys))
        for (cell, text) in book["comments"] as? [String: String] ?? [:] {
            #expect(
                text.components(separatedBy: "lintas").count == comments[cell]?.components(separatedBy: "lintas").count,
                "\(cell): \(text)")
        }
    }

    @Test("a CSV folder gets a workbook of its files, annotated")
    func csvFolder() throws {
        let dir = Self.temp()
        var r = try CLITests.run(["init", "--xlsx", dir + "/t.xlsx"])
        #expect(r.status == 0)
        // The template as CSV: openpyxl writes each sheet's values.
        _ = try Self.python(
            """
            import sys, csv, os, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            os.makedirs(sys.argv[2])
            for ws in wb.worksheets:
                if ws.title == "petunjuk": continue
                with open(os.path.join(sys.argv[2], ws.title + ".csv"), "w", newline="") as f:
                    w = csv.writer(f)
                    for row in ws.iter_rows(values_only=True):
                        w.writerow(["" if v is None else (v.date().isoformat() if hasattr(v, "date") else str(v)) for v in row])
            with open(os.path.join(sys.argv[2], "pegawai.csv"), "a", newline="") as f:
                csv.writer(f).writerow(["12345", "Tanpa NIP Benar", "Analis", "pelaksana", "", "DINAS", ""])
            """, args: [dir + "/t.xlsx", dir + "/csv"])
        r = try CLITests.run(
            ["check", "csv", "--as-of", "2025-06-30", "--output", "xlsx:csv-temuan.xlsx", "--format", "json"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        let expected = try Self.findings(r.stdout)
        #expect(expected.contains { $0.hasPrefix("N001 pegawai!A") }, "\(expected)")
        let book = try Self.read(dir + "/csv-temuan.xlsx")
        #expect((book["sheets"] as? [String])?.first == "Temuan")
        let comments = book["comments"] as? [String: String] ?? [:]
        #expect(Set(comments.keys) == Set(expected.map { String($0.split(separator: " ", maxSplits: 1)[1]) }))
        let cells = book["cells"] as? [String: [String]] ?? [:]
        #expect(cells["pegawai!A1"]?[0] == "nip")
    }

    @Test(
        "a batch needs a directory; a YAML agency is pointed to export --annotate; the checked workbook is never overwritten"
    )
    func targets() throws {
        let dir = Self.temp()
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: dir + "/batch", withIntermediateDirectories: true)
            let r = try CLITests.run(["init", "--xlsx", "\(dir)/batch/\(name).xlsx"])
            #expect(r.status == 0)
        }
        var r = try CLITests.run(
            ["check", "batch/a.xlsx", "batch/b.xlsx", "--as-of", "2025-06-30", "--output", "xlsx:one.xlsx"], cwd: dir)
        #expect(r.status == 2 && r.stderr.contains("xlsx:DIR/"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/one.xlsx"))
        r = try CLITests.run(
            ["check", "batch/a.xlsx", "batch/b.xlsx", "--as-of", "2025-06-30", "--output", "xlsx:out/"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: dir + "/out/a-temuan.xlsx")
                && FileManager.default.fileExists(atPath: dir + "/out/b-temuan.xlsx"))
        r = try CLITests.run([
            "check", CLITests.root + "/examples/review/jabar-diskominfo-draf", "--output", "xlsx:\(dir)/y.xlsx",
        ])
        #expect(r.status == 2 && r.stderr.contains("--annotate"), "\(r.stderr)")
        r = try CLITests.run(["check", "--lang", "en", "batch/a.xlsx", "--output", "xlsx:batch/a.xlsx"], cwd: dir)
        #expect(r.status == 2 && r.stderr.contains("checked workbook itself"), "\(r.stderr)")
        r = try CLITests.run(["check", "batch/a.xlsx", "--output", "xlsx:batch/a.xlsx"], cwd: dir)
        #expect(
            r.status == 2 && r.stderr.contains("xlsx:batch/a.xlsx: buku kerja yang diperiksa itu sendiri"),
            "\(r.stderr)")
    }

    @Test(
        "export --annotate: the template layout of a YAML agency with its findings, and its .lintas.yml as the pengaturan sheet"
    )
    func exportAnnotate() throws {
        let dir = Self.temp()
        let agency = CLITests.root + "/examples/review/jabar-diskominfo-draf"
        var r = try CLITests.run(["export", agency, "-o", dir + "/draf.xlsx", "--annotate", "--as-of", "2024-06-30"])
        #expect(r.status == 0, "\(r.stderr)")
        let book = try Self.read(dir + "/draf.xlsx")
        let sheets = book["sheets"] as? [String] ?? []
        #expect(sheets.first == "Temuan" && sheets.last == "pengaturan")
        let cells = book["cells"] as? [String: [String]] ?? [:]
        #expect(cells["pengaturan!A1"]?[0] == "kunci" && cells["pengaturan!B1"]?[0] == "nilai")
        #expect(
            cells["pengaturan!A3"]?[0] == "packs"
                && cells["pengaturan!B3"]?[0] == "[permenpanrb-7-2022, pergub-jabar-181-2021]")
        // The workbook's findings (with the agency's config) are in it, at their cells.
        r = try CLITests.run([
            "check", dir + "/draf.xlsx", "--as-of", "2024-06-30", "--config", agency + "/.lintas.yml", "--format",
            "json",
        ])
        let expected = try Self.findings(r.stdout).filter { !$0.hasSuffix("-!-") }
        let comments = book["comments"] as? [String: String] ?? [:]
        #expect(!expected.isEmpty)
        #expect(Set(comments.keys) == Set(expected.map { String($0.split(separator: " ", maxSplits: 1)[1]) }))
        r = try CLITests.run(["export", agency, "-o", dir + "/x.xlsx", "--as-of", "2024-06-30"])
        #expect(r.status == 2)
    }
}

/// Spreadsheet formats lintas does not read.
@Suite("lintas binary: .xls and .ods")
struct RefusedSpreadsheetTests {
    @Test(
        ".ods and .xls are refused with 'save as .xlsx' as the agency's Y001 at 1:1; the other agencies are still checked"
    )
    func refused() throws {
        let dir = AnnotatedWorkbookTests.temp()
        // An .ods is a ZIP archive too (read as YAML before, it printed binary bytes).
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0x01, 0x1B]).write(to: URL(fileURLWithPath: dir + "/dinas.ods"))
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).write(to: URL(fileURLWithPath: dir + "/badan.xls"))
        let r = try CLITests.run(
            [
                "check", "dinas.ods", "badan.xls", CLITests.root + "/examples/rules/R001/pass.yaml", "--lang", "en",
                "--as-of", "2025-06-30",
            ], cwd: dir)
        #expect(r.status == 1)
        #expect(
            r.stdout.contains(
                "dinas.ods:1:1: error[Y001]: the file cannot be read: an OpenDocument spreadsheet (.ods), not .xlsx: save it as .xlsx"
            ), "\(r.stdout)")
        #expect(
            r.stdout.contains(
                "badan.xls:1:1: error[Y001]: the file cannot be read: an old .xls workbook, not .xlsx: save it as .xlsx"
            ), "\(r.stdout)")
        #expect(r.stdout.contains("in 3 agencies"))
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0xFFFD })
        let id = try CLITests.run(["check", "dinas.ods"], cwd: dir)
        #expect(id.stdout.contains("simpan dulu sebagai .xlsx"))
    }
}

extension CLITests {
    /// Runs another program (python3, soffice, pdftotext) and collects its output.
    static func runTool(_ executable: String, _ args: [String], cwd: String = root) throws -> Result {
        try Binary.run(args, executable: executable, cwd: cwd)
    }
}

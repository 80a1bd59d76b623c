import Foundation
import Testing

/// Issue 20, what lintas writes into a workbook: characters a cell cannot hold (C0 controls) are
/// written as U+FFFD and said at the cell with the field they came from; a value longer than a
/// cell holds (32,767 characters) is refused with its cell and field, never written. For
/// `lintas export` (YAML -> workbook) and the annotated copy of `check --output xlsx:FILE` (a CSV
/// folder written as a workbook; the findings sheet's own texts). Through the binary, with a
/// loose time and memory bound.
@Suite("lintas binary: what export and the annotated copy write into a cell")
struct ExportHostileCLITests {
    static let example = CLITests.root + "/examples/agencies/kementerian-contoh/kementerian.yaml"
    static let field = "nama: Asisten Deputi Kelembagaan\n"

    /// A copy of the example agency with the first unit's `nama` replaced by `value` (a YAML
    /// double-quoted scalar's body), and where that value starts (`line:column`).
    static func agency(_ value: String, in dir: String) throws -> (file: String, place: String) {
        let text = try String(contentsOfFile: example, encoding: .utf8)
        let range = try #require(text.range(of: field))
        let changed = text.replacingCharacters(in: range, with: "nama: \"\(value)\"\n")
        let line = text[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        let lineStart = text[..<range.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let column = text.distance(from: lineStart, to: range.lowerBound) + "nama: ".count + 1
        let file = dir + "/agency.yaml"
        try changed.write(toFile: file, atomically: true, encoding: .utf8)
        return ("agency.yaml", "agency.yaml:\(line):\(column)")
    }

    static func temp() throws -> String {
        let d = NSTemporaryDirectory() + "lintas-export-hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    /// Every text cell of the workbook's sheets (openpyxl), as "sheet!A1" -> text.
    static func cells(_ path: String) throws -> [String: String] {
        let json = try AnnotatedWorkbookTests.python(
            """
            import sys, json, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str):
                            out[ws.title + "!" + c.coordinate] = c.value
            print(json.dumps(out))
            """, args: [path])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
    }

    @Test("export: control characters are U+FFFD, said at the cell with the field's file:line:col")
    func exportControlCharacters() throws {
        let dir = try Self.temp()
        let (file, place) = try Self.agency("Asisten\\x01Deputi\\x1BKelembagaan", in: dir)
        let r = try WorkbookHostileCLITests.measure(["export", file, "-o", "out.xlsx", "--lang", "en"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stderr.contains(
                "lintas: note: out.xlsx:unit_organisasi!B3: 2 control characters a spreadsheet cell cannot hold (U+0001, U+001B) written as U+FFFD; the value is at \(place)"
            ), "\(r.stderr)")
        #expect(r.seconds < 30 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let cells = try Self.cells(dir + "/out.xlsx")
        #expect(cells["unit_organisasi!B3"] == "Asisten\u{FFFD}Deputi\u{FFFD}Kelembagaan")

        // With --annotate the findings sheet says it too (Indonesian by default).
        let a = try WorkbookHostileCLITests.measure(["export", file, "-o", "annotated.xlsx", "--annotate"], cwd: dir)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(
            a.stderr.contains("lintas: catatan: annotated.xlsx:unit_organisasi!B3: 2 karakter kendali"), "\(a.stderr)")
        let annotated = try Self.cells(dir + "/annotated.xlsx")
        let note = annotated.first { $0.key.hasPrefix("Temuan!B") && $0.value.hasPrefix("unit_organisasi!B3:") }
        #expect(
            note?.value
                == "unit_organisasi!B3: 2 karakter kendali yang tidak dapat dimuat sel lembar kerja (U+0001, U+001B) ditulis sebagai U+FFFD; nilainya di \(place)",
            "\(annotated.filter { $0.key.hasPrefix("Temuan!") })")
    }

    @Test("export: a value of 40,000 characters is refused (exit 2) naming its cell and field; nothing is written")
    func exportTooLong() throws {
        let dir = try Self.temp()
        let (file, place) = try Self.agency(String(repeating: "x", count: 40_000), in: dir)
        let r = try WorkbookHostileCLITests.measure(["export", file, "-o", "out.xlsx", "--lang", "en"], cwd: dir)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "lintas: error: unit_organisasi!B3 (\(place)): a value of 40000 characters; a spreadsheet cell holds at most 32767, so the workbook was not written"
            ), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.xlsx"))
        #expect(r.seconds < 30 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        // Exactly the limit is written whole.
        let fits = try Self.agency(String(repeating: "x", count: 32_767), in: dir)
        let ok = try WorkbookHostileCLITests.measure(["export", fits.file, "-o", "fits.xlsx"], cwd: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try Self.cells(dir + "/fits.xlsx")["unit_organisasi!B3"]?.count == 32_767)
    }

    /// A CSV folder of one `pegawai.csv` whose second employee's `jabatan` is `jabatan`.
    static func csvFolder(jabatan: String) throws -> String {
        let dir = try Self.temp()
        try FileManager.default.createDirectory(atPath: dir + "/csv", withIntermediateDirectories: true)
        let text =
            "nip,nama,jabatan,jenis_jabatan,jenjang,unit,instansi\n"
            + "198506102010011004,Ani,Analis,pelaksana,,UNIT,\n"
            + "198506102010011005,Budi,\(jabatan),pelaksana,,UNIT,\n"
        try text.write(toFile: dir + "/csv/pegawai.csv", atomically: true, encoding: .utf8)
        return dir
    }

    @Test("check --output xlsx of a CSV folder: a control character is U+FFFD, said on stderr and the findings sheet")
    func annotatedCSVControlCharacter() throws {
        let dir = try Self.csvFolder(jabatan: "Analis\u{01}Data")
        let r = try WorkbookHostileCLITests.measure(
            ["check", "csv", "--lang", "en", "--as-of", "2024-06-30", "--output", "xlsx:out.xlsx"], cwd: dir)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let line =
            "pegawai!C3: 1 control character a spreadsheet cell cannot hold (U+0001) written as U+FFFD; the value is at csv:pegawai!C3"
        #expect(r.stderr.contains("lintas: note: out.xlsx:" + line), "\(r.stderr)")
        #expect(r.seconds < 30 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let cells = try Self.cells(dir + "/out.xlsx")
        #expect(cells["pegawai!C3"] == "Analis\u{FFFD}Data")
        #expect(cells.contains { $0.key.hasPrefix("Findings!B") && $0.value == line }, "\(cells)")
    }

    @Test("check --output xlsx of a CSV folder: a 40,000-character field is refused (exit 2), the report still written")
    func annotatedCSVTooLong() throws {
        let dir = try Self.csvFolder(jabatan: String(repeating: "y", count: 40_000))
        let r = try WorkbookHostileCLITests.measure(
            ["check", "csv", "--lang", "en", "--as-of", "2024-06-30", "--output", "xlsx:out.xlsx"], cwd: dir)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "lintas: error: pegawai!C3 (csv:pegawai!C3): a value of 40000 characters; a spreadsheet cell holds at most 32767"
            ), "\(r.stderr)")
        #expect(r.stdout.contains("Summary:"), "\(r.stdout.prefix(500))")
        #expect(!FileManager.default.fileExists(atPath: dir + "/out.xlsx"))
        #expect(r.seconds < 30 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
    }

    @Test("check --output xlsx: a finding's message over 32,767 characters is cut on the findings sheet, and says so")
    func annotatedLongMessage() throws {
        let dir = try Self.csvFolder(jabatan: "Analis")
        // The unit of the first employee: 40,000 characters, quoted whole in R003's message.
        let text = try String(contentsOfFile: dir + "/csv/pegawai.csv", encoding: .utf8)
        try text.replacingOccurrences(
            of: "Ani,Analis,pelaksana,,UNIT,", with: "Ani,Analis,pelaksana,,\(String(repeating: "U", count: 40_000)),"
        )
        .write(toFile: dir + "/csv/pegawai.csv", atomically: true, encoding: .utf8)
        // The CSV folder itself cannot be written as a workbook (F2 is too long): convert it with
        // openpyxl, which writes what it is given, and annotate that workbook.
        _ = try AnnotatedWorkbookTests.python(
            """
            import sys, csv, openpyxl
            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "pegawai"
            for row in csv.reader(open(sys.argv[1], newline="")):
                ws.append(row)
            wb.save(sys.argv[2])
            """, args: [dir + "/csv/pegawai.csv", dir + "/book.xlsx"])
        let r = try WorkbookHostileCLITests.measure(
            ["check", "book.xlsx", "--lang", "en", "--as-of", "2024-06-30", "--output", "xlsx:out.xlsx"], cwd: dir)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.seconds < 30 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let cells = try Self.cells(dir + "/out.xlsx")
        let findings = cells.filter { $0.key.hasPrefix("Findings!") }
        #expect(findings.allSatisfy { $0.value.utf16.count <= 32_767 }, "\(findings.map { ($0.key, $0.value.count) })")
        #expect(
            findings.contains {
                $0.value.hasSuffix(" … [cut: over 32767 characters]") && $0.value.utf16.count == 32_767
            })
    }
}

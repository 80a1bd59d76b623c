import Foundation
import Testing

@testable import LintasCore

/// The XLSX reader on hand-written parts: every cell type, styles, merged cells, and hostile archives.
@Suite("Workbook reader")
struct WorkbookReaderTests {
    static let main = XLSXWriter.main

    /// A workbook from raw parts: sheets (name, `<sheetData>` content, extra XML after it).
    static func book(
        _ sheets: [(String, String, String)], shared: [String]? = nil, styles: String? = nil,
        date1904: Bool = false, replace: [String: String] = [:]
    ) -> [(String, Data)] {
        var wb = "<?xml version=\"1.0\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(XLSXWriter.rel)\">"
        wb += date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>"
        wb += "<sheets>"
        var rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"\(XLSXWriter.pkg)\">"
        var parts: [(String, String)] = []
        for (i, s) in sheets.enumerated() {
            wb += "<sheet name=\"\(s.0)\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
            rels +=
                "<Relationship Id=\"rId\(i + 1)\" Type=\"\(XLSXWriter.rel)/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
            parts.append(
                ("xl/worksheets/sheet\(i + 1).xml", WorkbookSupport.rawSheet(name: s.0, sheetData: s.1, extra: s.2)))
        }
        wb += "</sheets></workbook>"
        if shared != nil {
            rels += "<Relationship Id=\"rS\" Type=\"\(XLSXWriter.rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        }
        if styles != nil {
            rels += "<Relationship Id=\"rT\" Type=\"\(XLSXWriter.rel)/styles\" Target=\"/xl/styles.xml\"/>"
        }
        rels += "</Relationships>"
        let root =
            "<?xml version=\"1.0\"?><Relationships xmlns=\"\(XLSXWriter.pkg)\"><Relationship Id=\"rId1\" Type=\"\(XLSXWriter.rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        var all: [(String, String)] =
            [("_rels/.rels", root), ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", rels)] + parts
        if let shared {
            all.append(
                ("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"\(main)\">" + shared.joined() + "</sst>"))
        }
        if let styles { all.append(("xl/styles.xml", styles)) }
        return all.map { ($0.0, Data((replace[$0.0] ?? $0.1).utf8)) }
    }

    static func file(_ parts: [(String, Data)]) throws -> String {
        let path = WorkbookSupport.tempDir() + "/book.xlsx"
        try WorkbookSupport.zip(parts, to: path)
        return path
    }

    static func yaml(_ path: String, _ section: String) throws -> (String, ImportedWorkbook) {
        let imported = WorkbookImporter.importWorkbook(try WorkbookInput.read(path))
        return (imported.files.first { $0.name == section + ".yaml" }?.text ?? "", imported)
    }

    static func inline(_ ref: String, _ s: String) -> String {
        "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(s)</t></is></c>"
    }

    static func header(_ names: [String], row: Int = 1) -> String {
        "<row r=\"\(row)\">"
            + names.enumerated().map { inline(CellReference.letters($0.offset + 1) + String(row), $0.element) }.joined()
            + "</row>"
    }

    @Test("shared strings with rich-text runs (phonetic runs left out), inline and formula strings, numbers")
    func strings() throws {
        let shared = [
            "<si><t>nip</t></si>",
            "<si><r><t>na</t></r><r><rPr><b/></rPr><t>ma</t></r><rPh sb=\"0\" eb=\"1\"><t>ナ</t></rPh></si>",
            "<si><t>197203152000031002</t></si>",
            "<si><r><t xml:space=\"preserve\">Kepala </t></r><r><t>Dinas &amp; Co</t></r></si>",
        ]
        let data =
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
            + Self.inline("C1", "jabatan") + Self.inline("D1", "jenis_jabatan") + Self.inline("E1", "unit") + "</row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\"><v>3</v></c><c r=\"C2\" t=\"str\"><f>UPPER(\"a\")</f><v>Analis</v></c>"
            + Self.inline("D2", "pelaksana") + "<c r=\"E2\"><v>12</v></c></row>"
        let (y, imported) = try Self.yaml(try Self.file(Self.book([("pegawai", data, "")], shared: shared)), "pegawai")
        #expect(imported.diagnostics.isEmpty)
        #expect(
            y.contains(
                "- nip: \"197203152000031002\"\n    nama: \"Kepala Dinas & Co\"\n    jabatan: \"Analis\"\n    jenis_jabatan: \"pelaksana\"\n    unit: \"12\"\n"
            ))
    }

    static let styles = """
        <?xml version="1.0"?><styleSheet xmlns="\(main)"><numFmts count="2"><numFmt numFmtId="165" formatCode="dd/mm/yyyy;@"/>\
        <numFmt numFmtId="166" formatCode="&quot;Rp&quot;#,##0.00"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>
        """

    @Test(
        "dates: built-in and custom date formats, the 1900 leap-year bug, the 1904 system; booleans; other number formats stay numbers"
    )
    func datesAndBooleans() throws {
        let head = Self.header([
            "kode", "nama", "jenis", "sistem_kerja.peraturan", "sistem_kerja.ditetapkan", "sistem_kerja.diundangkan",
            "sistem_kerja.berlaku", "versi",
        ])
        let row =
            "<row r=\"2\">" + Self.inline("A2", "X") + Self.inline("B2", "X") + Self.inline("C2", "lembaga")
            + Self.inline("D2", "P")
            + "<c r=\"E2\" s=\"1\"><v>44713</v></c><c r=\"F2\" s=\"2\"><v>44713</v></c><c r=\"G2\" s=\"1\"><v>60</v></c><c r=\"H2\" s=\"3\"><v>1</v></c></row>"
        let (y, _) = try Self.yaml(
            try Self.file(Self.book([("instansi", head + row, "")], styles: Self.styles)), "instansi")
        #expect(y.contains("ditetapkan: 2022-06-01\n    diundangkan: 2022-06-01\n    berlaku: \"1900-02-29\"\n"))
        #expect(y.contains("versi: 1\n"))
        let (y1904, _) = try Self.yaml(
            try Self.file(
                Self.book(
                    [("instansi", head + row.replacingOccurrences(of: "44713", with: "43251"), "")],
                    styles: Self.styles, date1904: true)), "instansi")
        #expect(y1904.contains("ditetapkan: 2022-06-01\n"))
        #expect(SpreadsheetDate.date(serial: 1, date1904: false)?.description == "1900-01-01")
        #expect(SpreadsheetDate.date(serial: 59, date1904: false)?.description == "1900-02-28")
        #expect(SpreadsheetDate.date(serial: 61, date1904: false)?.description == "1900-03-01")
        #expect(SpreadsheetDate.date(serial: 60, date1904: false) == nil)
        #expect(SpreadsheetDate.date(serial: 0, date1904: true)?.description == "1904-01-01")
        #expect(SpreadsheetDate.serial(CivilDate(year: 2022, month: 6, day: 1)!) == 44713)
        let units =
            Self.header(["kode", "nama", "tingkat", "mandiri"]) + "<row r=\"2\">" + Self.inline("A2", "U")
            + Self.inline("B2", "U")
            + Self.inline("C2", "jpt-pratama") + "<c r=\"D2\" t=\"b\"><v>1</v></c></row><row r=\"3\">"
            + Self.inline("A3", "V")
            + "<c r=\"D3\" t=\"b\"><v>0</v></c></row>"
        let (u, _) = try Self.yaml(try Self.file(Self.book([("unit_organisasi", units, "")])), "unit_organisasi")
        #expect(u.contains("mandiri: true\n") && u.contains("mandiri: false\n"))
    }

    @Test(
        "merged header cells make a two-row header; a merged team cell covers its member rows; empty cells are absent")
    func mergedCells() throws {
        let data =
            "<row r=\"1\">" + Self.inline("A1", "kode") + Self.inline("B1", "nama") + Self.inline("C1", "unit")
            + Self.inline("D1", "lingkup")
            + Self.inline("E1", "penetapan") + Self.inline("H1", "ketua") + Self.inline("I1", "anggota") + "</row>"
            + "<row r=\"2\">" + Self.inline("E2", "nomor") + Self.inline("F2", "tanggal") + Self.inline("G2", "oleh")
            + "</row>"
            + "<row r=\"3\">" + Self.inline("A3", "TK-1") + Self.inline("B3", "Tim") + Self.inline("C3", "U")
            + Self.inline("D3", "internal-bidang")
            + Self.inline("E3", "SK-1") + "<c r=\"F3\"/>" + Self.inline("G3", "197203152000031002")
            + Self.inline("I3", "199204252019032005") + "</row>"
            + "<row r=\"4\">" + Self.inline("I4", "199509302020121006") + "</row>"
        let merges =
            "<mergeCells count=\"3\"><mergeCell ref=\"E1:G1\"/><mergeCell ref=\"A3:A4\"/><mergeCell ref=\"B3:B4\"/></mergeCells>"
        let (y, imported) = try Self.yaml(try Self.file(Self.book([("tim_kerja", data, merges)])), "tim_kerja")
        #expect(imported.diagnostics.isEmpty, "\(imported.diagnostics.map(\.variant))")
        #expect(y.contains("    penetapan:\n      nomor: \"SK-1\"\n      oleh: \"197203152000031002\"\n"))
        #expect(
            y.contains(
                "    anggota:\n      # baris 3\n      - \"199204252019032005\"\n      # baris 4\n      - \"199509302020121006\"\n"
            ))
        #expect(!y.contains("TK-1\"\n  # baris 4"))
    }

    @Test("error values, malformed cell references and rows out of order are Y007 at their cells")
    func badCells() throws {
        let data =
            Self.header(["nip", "nama", "jabatan", "jenis_jabatan"])
            + "<row r=\"2\"><c r=\"A2\" t=\"e\"><v>#N/A</v></c>" + Self.inline("B2", "N")
            + "<c r=\"ZZZZZ2\"><v>1</v></c><c r=\"A0\"><v>1</v></c></row>"
            + "<row r=\"3\"><c r=\"A3\" t=\"str\"><f>CONCAT(\"19\",\"72\")</f></c>" + Self.inline("B3", "N") + "</row>"
            + "<row r=\"1048577\"><c><v>1</v></c></row>"
        let path = try Self.file(Self.book([("pegawai", data, "")]))
        let report = try WorkbookSupport.check(path)
        let y006 = report.allFindings.filter { $0.rule == "Y007" }
        // A2: #N/A, ZZZZZ2 (beyond XFD), A0; A3: the uncomputed formula, and row 1048577 (beyond the sheet) after row 3.
        #expect(
            y006.map { $0.location.cell!.description }.sorted() == [
                "pegawai!A2", "pegawai!A2", "pegawai!A2", "pegawai!A3", "pegawai!A3",
            ])
        #expect(
            y006.contains {
                $0.location.cell?.row == 3
                    && $0.message.en.contains("=CONCAT(\"19\",\"72\") whose result was never saved")
            })
        #expect(Set(y006.map { $0.message.en.prefix(20) }).count >= 2)
        #expect(y006.contains { $0.message.en.contains("#N/A") })
        #expect(y006.contains { $0.message.en.contains("\"ZZZZZ2\"") })
    }

    // MARK: hostile archives

    static func expectError(_ path: String, limits: WorkbookLimits = WorkbookLimits(), _ contains: String) {
        do {
            _ = try XLSXReader.read(path, displayed: "book.xlsx", limits: limits)
            Issue.record("expected an error containing \(contains)")
        } catch let e as LintasError {
            #expect(e.description.contains(contains), "\(e.description)")
        } catch {
            Issue.record("not a LintasError: \(error)")
        }
    }

    static let pegawai = [("pegawai", Self.header(["nip", "nama"]), "")]

    @Test("not a zip, an old .xls, a truncated archive: a clear error")
    func notAZip() throws {
        let dir = WorkbookSupport.tempDir()
        try Data("nip,nama\n1,2\n".utf8).write(to: URL(fileURLWithPath: dir + "/a.xlsx"))
        Self.expectError(dir + "/a.xlsx", "not a workbook")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).write(
            to: URL(fileURLWithPath: dir + "/b.xlsx"))
        Self.expectError(dir + "/b.xlsx", ".xls")
        let good = try Data(contentsOf: URL(fileURLWithPath: try Self.file(Self.book(Self.pegawai))))
        for cut in [30, 200, good.count - 30] {
            try good.prefix(cut).write(to: URL(fileURLWithPath: dir + "/c.xlsx"))
            Self.expectError(dir + "/c.xlsx", "book.xlsx")
        }
        try Data().write(to: URL(fileURLWithPath: dir + "/d.xlsx"))
        Self.expectError(dir + "/d.xlsx", "not a workbook")
    }

    @Test("zip bomb: inflation is counted per part and in all, whatever sizes the archive declares")
    func zipBomb() throws {
        let big = WorkbookSupport.rawSheet(
            name: "pegawai", sheetData: Self.header(["nip"]) + String(repeating: " ", count: 3 << 20))
        var limits = WorkbookLimits()
        limits.maxEntryBytes = 1 << 20
        let path = try Self.file(Self.book(Self.pegawai, replace: ["xl/worksheets/sheet1.xml": big]))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count < 64 << 10)
        Self.expectError(path, limits: limits, "zip bomb")
        limits = WorkbookLimits()
        limits.maxTotalBytes = 2 << 20
        Self.expectError(path, limits: limits, "in all (zip bomb")
        // The same archive claiming the part is 100 bytes (local and central headers patched).
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        func patch(signature: [UInt8], sizeOffset: Int, nameOffset: Int) {
            var i = 0
            while i + nameOffset + name.count < bytes.count {
                if Array(bytes[i..<i + 4]) == signature
                    && Array(bytes[(i + nameOffset)..<(i + nameOffset + name.count)]) == name
                {
                    bytes[i + sizeOffset] = 100
                    bytes[i + sizeOffset + 1] = 0
                    bytes[i + sizeOffset + 2] = 0
                    bytes[i + sizeOffset + 3] = 0
                }
                i += 1
            }
        }
        patch(signature: [0x50, 0x4B, 0x03, 0x04], sizeOffset: 22, nameOffset: 30)
        patch(signature: [0x50, 0x4B, 0x01, 0x02], sizeOffset: 24, nameOffset: 46)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        limits = WorkbookLimits()
        limits.maxEntryBytes = 1 << 20
        do {
            let wb = try XLSXReader.read(path, displayed: "book.xlsx", limits: limits)
            // If the archive library stops at the declared size, what it gave is within the limit.
            #expect(wb.sheets.count <= 1)
        } catch let e as LintasError {
            #expect(e.description.contains("book.xlsx"))
        }
    }

    @Test("an entity bomb (or any DOCTYPE) in a part is refused; libxml2 does not expand it either")
    func entityBomb() throws {
        var dtd = "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
        for i in 1...9 {
            dtd += "<!ENTITY a\(i) \"" + String(repeating: "&a\(i == 1 ? "" : String(i - 1));", count: 10) + "\">"
        }
        dtd += "]>"
        let sheet =
            "<?xml version=\"1.0\"?>" + dtd
            + "<worksheet xmlns=\"\(Self.main)\"><sheetData><row r=\"1\">\(Self.inline("A1", "&a9;"))</row></sheetData></worksheet>"
        Self.expectError(
            try Self.file(Self.book(Self.pegawai, replace: ["xl/worksheets/sheet1.xml": sheet])),
            "document type declaration")
        let sst =
            "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst xmlns=\"\(Self.main)\"><si><t>&x;</t></si></sst>"
        Self.expectError(
            try Self.file(Self.book(Self.pegawai, shared: [], replace: ["xl/sharedStrings.xml": sst])),
            "document type declaration")
    }

    @Test("missing workbook or sheet part, broken XML, too many cells, huge merged range: a clear error")
    func brokenParts() throws {
        Self.expectError(
            try Self.file(Self.book(Self.pegawai).filter { $0.0 != "xl/worksheets/sheet1.xml" }), "missing")
        Self.expectError(
            try Self.file(Self.book(Self.pegawai).filter { $0.0 != "xl/workbook.xml" }), "no workbook part")
        Self.expectError(
            try Self.file(
                Self.book(Self.pegawai, replace: ["xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"])),
            "not well-formed")
        var limits = WorkbookLimits()
        limits.maxCells = 10
        let many = Self.header((1...20).map { "c\($0)" })
        Self.expectError(try Self.file(Self.book([("pegawai", many, "")])), limits: limits, "more than 10 cells")
        let merged = "<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>"
        Self.expectError(try Self.file(Self.book([("pegawai", Self.header(["nip"]), merged)])), "merged ranges")
    }

    @Test("a directory of CSV files: ';' and ',' delimiters, BOM, quoted line breaks; NIP in exponent notation is N006")
    func csvDirectory() throws {
        let dir = WorkbookSupport.tempDir()
        try "\u{FEFF}versi,kode,nama,jenis\n1,X,\"Dinas, Contoh\",lembaga\n".write(
            toFile: dir + "/instansi.csv", atomically: true, encoding: .utf8)
        try "kode;nama;tingkat\nU;\"Unit\nSatu\";jpt-pratama\n".write(
            toFile: dir + "/unit_organisasi.csv", atomically: true, encoding: .utf8)
        try
            "nip;nama;jabatan;jenis_jabatan;unit\n1,98506E+17;A;J;pelaksana;U\n\"199204252019032005\";\"B \"\"b\"\"\";J;pelaksanaa;U\n"
            .write(toFile: dir + "/pegawai.csv", atomically: true, encoding: .utf8)
        #expect(WorkbookInput.isWorkbook(dir))
        let report = try WorkbookSupport.check(dir)
        let got = report.allFindings.filter { ["N006", "S004"].contains($0.rule) }.map {
            "\($0.rule) \($0.location.cell!.description)"
        }.sorted()
        #expect(got == ["N006 pegawai!A2", "S004 pegawai!D3"])
        let (y, _) = try Self.yaml(dir, "unit_organisasi")
        #expect(y.contains("nama: \"Unit\\nSatu\""))
        let (i, _) = try Self.yaml(dir, "instansi")
        #expect(i.contains("versi: 1\n") && i.contains("nama: \"Dinas, Contoh\""))
    }

    @Test("a 20,000-row sheet is read and a problem on its last row is found at that row")
    func largeSheet() throws {
        var sheets = WorkbookExporter.sheets(WorkbookExporter.starterAgency())
        let p = sheets.firstIndex { $0.name == "pegawai" }!
        for i in 0..<20_000 {
            sheets[p].rows.append([
                .text(String(format: "1990010120150110%02d", i % 100)), .text("P\(i)"), .text("J"), .text("pelaksana"),
                nil, .text("BIDANG-LAYANAN"), nil,
            ])
        }
        sheets[p].rows[sheets[p].rows.count - 1][3] = .text("bukan")
        let path = WorkbookSupport.tempDir() + "/big.xlsx"
        try XLSXWriter.write(sheets, to: path)
        let report = try WorkbookSupport.check(path)
        let s004 = report.allFindings.filter { $0.rule == "S004" }
        #expect(s004.map { $0.location.cell!.description } == ["pegawai!D\(20_000 + 6)"])
    }
}

@Suite("Workbook reader: special files")
struct WorkbookSpecialFileTests {
    @Test("a FIFO named *.xlsx or *.csv is refused at once, not opened")
    func fifo() throws {
        let dir = WorkbookSupport.tempDir()
        #expect(mkfifo(dir + "/a.xlsx", 0o600) == 0)
        #expect(throws: LintasError.self) { try WorkbookInput.read(dir + "/a.xlsx") }
        let csv = WorkbookSupport.tempDir()
        #expect(mkfifo(csv + "/pegawai.csv", 0o600) == 0)
        #expect(throws: LintasError.self) { try WorkbookInput.read(csv) }
    }
}

import Foundation
import Testing
import ZIPFoundation

@testable import LintasCore

/// ``WorkbookAnnotator`` on workbooks no spreadsheet program of ours wrote: a prefixed namespace,
/// rows and cells without references, no styles part, an empty sheet, a sheet with its own
/// comments, defined names and an active tab; hostile names and texts.
@Suite("Workbook annotator")
struct WorkbookAnnotatorTests {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A hand-written workbook: sheets "data" (rows and cells without `r`), "kosong" (empty
    /// sheetData), "catatan" (with a comment of its own), under the `x:` prefix, no styles.
    static func handMade() -> [(String, Data)] {
        // The parent folder inside the archive (spelled so: the repository's paths are checked).
        let up = String(repeating: ".", count: 2)
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        func d(_ s: String) -> Data { Data((head + s).utf8) }
        let types =
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + (1...3).map {
                "<Override PartName=\"/xl/worksheets/s\($0).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            }.joined()
            + "<Override PartName=\"/xl/comments1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml\"/>"
            + "</Types>"
        let root =
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        let wb =
            "<x:workbook xmlns:x=\"\(main)\" xmlns:r=\"\(rel)\"><x:bookViews><x:workbookView activeTab=\"1\"/></x:bookViews><x:sheets>"
            + "<x:sheet name=\"data\" sheetId=\"4\" r:id=\"rId1\"/><x:sheet name=\"kosong\" sheetId=\"5\" r:id=\"rId2\"/><x:sheet name=\"catatan\" sheetId=\"6\" r:id=\"rId3\"/>"
            + "</x:sheets><x:definedNames><x:definedName name=\"a\" localSheetId=\"1\">kosong!$A$1</x:definedName><x:definedName name=\"b\">data!$A$1</x:definedName></x:definedNames></x:workbook>"
        let wbRels =
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + (1...3).map {
                "<Relationship Id=\"rId\($0)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/s\($0).xml\"/>"
            }.joined() + "</Relationships>"
        func cell(_ t: String) -> String { "<x:c t=\"inlineStr\"><x:is><x:t>\(t)</x:t></x:is></x:c>" }
        let data =
            "<x:worksheet xmlns:x=\"\(main)\"><x:cols><x:col min=\"1\" max=\"3\" width=\"30\" customWidth=\"1\"/></x:cols><x:sheetData>"
            + "<x:row>" + cell("nip") + cell("nama") + "</x:row>"
            + "<x:row>" + cell("=1+2") + cell("Budi &amp; Ani") + "</x:row>"
            + "<x:row r=\"7\"><x:c r=\"B7\"><x:v>42</x:v></x:c></x:row>"
            + "</x:sheetData><x:pageMargins left=\"1\" right=\"1\" top=\"1\" bottom=\"1\" header=\"0.5\" footer=\"0.5\"/></x:worksheet>"
        let empty = "<x:worksheet xmlns:x=\"\(main)\"><x:sheetData/></x:worksheet>"
        let notes =
            "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData><legacyDrawing r:id=\"rId2\"/></worksheet>"
        let notesRels =
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(rel)/comments\" Target=\"\(up)/comments1.xml\"/><Relationship Id=\"rId2\" Type=\"\(rel)/vmlDrawing\" Target=\"\(up)/drawings/vmlDrawing1.vml\"/></Relationships>"
        let comments =
            "<comments xmlns=\"\(main)\"><authors><author>Ani</author></authors><commentList><comment ref=\"A1\" authorId=\"0\"><text><t>catatan Ani</t></text></comment></commentList></comments>"
        let vml =
            "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"1\"/></o:shapelayout>"
            + "<v:shape id=\"_x0000_s1025\" type=\"#_x0000_t202\" style=\"visibility:hidden\"><x:ClientData ObjectType=\"Note\"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>"
        return [
            ("[Content_Types].xml", d(types)), ("_rels/.rels", d(root)), ("xl/workbook.xml", d(wb)),
            ("xl/_rels/workbook.xml.rels", d(wbRels)),
            ("xl/worksheets/s1.xml", d(data)), ("xl/worksheets/s2.xml", d(empty)), ("xl/worksheets/s3.xml", d(notes)),
            ("xl/worksheets/_rels/s3.xml.rels", d(notesRels)), ("xl/comments1.xml", d(comments)),
            ("xl/drawings/vmlDrawing1.vml", Data(vml.utf8)),
        ]
    }

    static func finding(
        _ rule: String, _ severity: Severity, _ at: LintasCore.SourceLocation,
        _ message: String = "pesan <&> \"x\" \u{1}"
    ) -> Finding {
        Finding(
            rule: rule, ruleName: "r", severity: severity, message: LocalizedText(id: message, en: message),
            location: at, path: "", entity: "",
            notes: [], citation: LocalizedText(id: "dasar", en: "basis"), basis: .text)
    }

    static func result(_ file: String, _ findings: [Finding]) -> AgencyResult {
        AgencyResult(
            name: file, files: [file], packs: [], asOf: CivilDate(year: 2025, month: 6, day: 30)!, configFile: nil,
            findings: findings, sources: [:])
    }

    @Test("an unusual workbook is patched: comments and fills where the findings are, everything else kept")
    func handMadeWorkbook() throws {
        let dir = WorkbookSupport.tempDir()
        let original = dir + "/hand.xlsx"
        try WorkbookSupport.zip(Self.handMade(), to: original)
        func at(_ sheet: String, _ row: Int, _ column: Int) -> LintasCore.SourceLocation {
            LintasCore.SourceLocation(file: "hand.xlsx", cell: CellReference(sheet: sheet, row: row, column: column))
        }
        var findings: [Finding] = []
        findings.append(Self.finding("A001", .warning, at("data", 2, 1)))  // a cell written without `r`
        findings.append(Self.finding("A002", .error, at("data", 2, 1)))  // the same cell: one comment, the error's fill
        findings.append(Self.finding("A003", .info, at("data", 5, 4)))  // a row that is not there
        findings.append(Self.finding("A004", .error, at("data", 7, 3)))  // after the last cell of a row
        findings.append(Self.finding("A005", .warning, at("kosong", 1, 1)))  // an empty sheetData
        findings.append(Self.finding("A006", .error, at("catatan", 1, 1)))  // a sheet with comments of its own
        findings.append(Self.finding("A007", .error, at("hilang", 1, 1)))  // a sheet that does not exist
        findings.append(Self.finding("A008", .info, LintasCore.SourceLocation(file: "hand.xlsx", line: 1, column: 1)))
        let bytes = try WorkbookAnnotator.annotate(
            path: original, result: Self.result("hand.xlsx", findings), lang: .id)
        let annotated = dir + "/hand-temuan.xlsx"
        try bytes.write(to: URL(fileURLWithPath: annotated))
        // Deterministic.
        #expect(
            try WorkbookAnnotator.annotate(path: original, result: Self.result("hand.xlsx", findings), lang: .id)
                == bytes)

        let json = try WorkbookSupport.python(Self.readScript, args: [annotated])
        let book = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        try Self.checkFirstAnnotation(book)

        // The patched sheet in the schema's order: rows by number, cells by column, the drawing
        // after the page margins; references written where the original had none.
        let archive = try Archive(url: URL(fileURLWithPath: annotated), accessMode: .read)
        var sheetXML = Data()
        _ = try archive.extract(try #require(archive["xl/worksheets/s1.xml"])) { sheetXML.append($0) }
        let xml = String(decoding: sheetXML, as: UTF8.self)
        let rows = xml.components(separatedBy: "<x:row r=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(rows == ["1", "2", "5", "7"], "\(xml)")
        #expect(
            xml.contains("<x:c t=\"inlineStr\" r=\"A2\" s=\"")
                && xml.contains("<x:c r=\"B7\"><x:v>42</x:v></x:c><x:c r=\"C7\" s=\""), "\(xml)")
        let margins = try #require(xml.range(of: "<x:pageMargins"))
        let drawing = try #require(xml.range(of: "<x:legacyDrawing"))
        #expect(margins.lowerBound < drawing.lowerBound && xml.hasSuffix("/></x:worksheet>"))

        // lintas reads the annotated copy with the same cells in the original sheets.
        let before = try WorkbookInput.read(original)
        let after = try WorkbookInput.read(annotated)
        #expect(after.sheets.map(\.name) == ["Temuan"] + before.sheets.map(\.name))
        for (a, b) in zip(before.sheets, after.sheets.dropFirst()) {
            #expect(
                a.rows.flatMap { $0 }.map { "\($0.row),\($0.column),\($0.value)" }
                    == b.rows.flatMap { $0 }.map { "\($0.row),\($0.column),\($0.value)" })
        }

        // Annotated again (as after fixing data!A2), directly and after a spreadsheet program
        // saved the copy (openpyxl renames every part and relationship): one findings sheet,
        // lintas's old comments and fills gone, the new ones there, the sheet's own comment kept.
        let again = [findings[2], findings[5]]
        try Data(try WorkbookAnnotator.annotate(path: annotated, result: Self.result("hand.xlsx", again), lang: .id))
            .write(to: URL(fileURLWithPath: dir + "/again.xlsx"))
        _ = try WorkbookSupport.python(
            "import sys, openpyxl\nopenpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])",
            args: [annotated, dir + "/saved.xlsx"])
        try Data(
            try WorkbookAnnotator.annotate(
                path: dir + "/saved.xlsx", result: Self.result("hand.xlsx", again), lang: .id)
        ).write(to: URL(fileURLWithPath: dir + "/saved-again.xlsx"))
        for path in [dir + "/again.xlsx", dir + "/saved-again.xlsx"] {
            let json = try WorkbookSupport.python(Self.readScript, args: [path])
            let book = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(book["sheets"] as? [String] == ["Temuan", "data", "kosong", "catatan"], "\(path)")
            #expect(book["active"] as? String == "kosong", "\(path)")
            #expect(book["names"] as? [String: String] == ["kosong:a": "kosong!$A$1", "b": "data!$A$1"], "\(path)")
            let comments = book["comments"] as? [String: String] ?? [:]
            #expect(Set(comments.keys) == ["data!D5", "catatan!A1"], "\(path): \(comments)")
            #expect(comments["data!D5"]?.contains("A003") == true)
            let note = comments["catatan!A1"] ?? ""
            #expect(
                note.hasPrefix("catatan Ani") && note.contains("A006")
                    && note.components(separatedBy: "A006").count == 2, "\(path): \(note)")
            let fills = book["fills"] as? [String: String] ?? [:]
            #expect(
                fills["data!A2"] == nil && fills["data!C7"] == nil && fills["kosong!A1"] == nil, "\(path): \(fills)")
            #expect(fills["data!D5"] == "FFE4E4F4" && fills["catatan!A1"] == "FFFFC8CE", "\(path): \(fills)")
            let cells = book["cells"] as? [String: [String]] ?? [:]
            #expect(cells["data!A2"] == ["=1+2", "s"] && cells["data!B2"] == ["Budi & Ani", "s"])
            #expect(!cells.values.contains { $0[0] == "A001" })
            let lintas = try WorkbookInput.read(path)
            #expect(lintas.sheets.map(\.name) == ["Temuan"] + before.sheets.map(\.name))
        }
    }

    static let readScript = """
        import sys, json, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": wb.sheetnames, "active": wb.active.title, "cells": {}, "comments": {}, "fills": {}, "names": {}, "links": [], "widths": {}}
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    k = ws.title + "!" + c.coordinate
                    if c.value is not None: out["cells"][k] = [str(c.value), c.data_type]
                    if c.comment is not None: out["comments"][k] = c.comment.text
                    if c.fill is not None and c.fill.fill_type == "solid": out["fills"][k] = c.fill.fgColor.rgb
                    if c.hyperlink is not None and c.hyperlink.location: out["links"].append(c.hyperlink.location)
            for name, d in ws.defined_names.items(): out["names"][ws.title + ":" + name] = d.attr_text
            out["widths"][ws.title] = {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth}
        for name, d in wb.defined_names.items(): out["names"][name] = d.attr_text
        print(json.dumps(out, sort_keys=True))
        """

    static func checkFirstAnnotation(_ book: [String: Any]) throws {
        #expect(book["sheets"] as? [String] == ["Temuan", "data", "kosong", "catatan"])
        #expect(book["active"] as? String == "kosong")
        #expect(book["names"] as? [String: String] == ["kosong:a": "kosong!$A$1", "b": "data!$A$1"])
        let comments = try #require(book["comments"] as? [String: String])
        #expect(comments["data!A2"]?.contains("A001") == true && comments["data!A2"]?.contains("A002") == true)
        #expect(comments["data!A2"]?.contains("pesan <&> \"x\" \u{FFFD}") == true)
        #expect(comments["data!D5"]?.contains("A003") == true)
        #expect(comments["data!C7"]?.contains("A004") == true)
        #expect(comments["kosong!A1"]?.contains("A005") == true)
        // The sheet's own comment stays, lintas's text after it.
        #expect(
            comments["catatan!A1"]?.hasPrefix("catatan Ani\n\nlintas\nA006") == true, "\(comments["catatan!A1"] ?? "")")
        let fills = try #require(book["fills"] as? [String: String])
        #expect(fills["data!A2"] == "FFFFC8CE" && fills["data!D5"] == "FFE4E4F4" && fills["data!C7"] == "FFFFC8CE")
        #expect(fills["kosong!A1"] == "FFFFEB9B" && fills["catatan!A1"] == "FFFFC8CE")
        let cells = try #require(book["cells"] as? [String: [String]])
        #expect(cells["data!A1"] == ["nip", "s"] && cells["data!B1"] == ["nama", "s"])
        #expect(
            cells["data!A2"] == ["=1+2", "s"] && cells["data!B2"] == ["Budi & Ani", "s"]
                && cells["data!B7"] == ["42", "n"])
        #expect(
            cells.keys.filter { $0.hasPrefix("data!") }.sorted() == [
                "data!A1", "data!A2", "data!B1", "data!B2", "data!B7",
            ])
        #expect((book["widths"] as? [String: [String: Double]])?["data"]?["A"] == 30)
        let texts = cells.filter { $0.key.hasPrefix("Temuan!") }.map { $0.value[0] }
        for rule in ["A001", "A002", "A003", "A004", "A005", "A006", "A007", "A008"] { #expect(texts.contains(rule)) }
        #expect(
            Set(book["links"] as? [String] ?? []) == [
                "'data'!A2", "'data'!D5", "'data'!C7", "'kosong'!A1", "'catatan'!A1",
            ])
    }

    @Test("what is not a workbook, or a broken one, is a clear error, never a crash")
    func refusals() throws {
        let r = Self.result("x.xlsx", [])
        #expect(throws: LintasError.self) {
            try WorkbookAnnotator.annotate(workbook: Data("not a zip".utf8), result: r, lang: .id)
        }
        let dir = WorkbookSupport.tempDir()
        var parts = Self.handMade()
        parts[2].1 = Data("<x:workbook xmlns:x=\"a\"><x:sheets><x:sheet name=\"data\" ".utf8)
        try WorkbookSupport.zip(parts, to: dir + "/broken.xlsx")
        #expect(throws: LintasError.self) {
            try WorkbookAnnotator.annotate(path: dir + "/broken.xlsx", result: r, lang: .id)
        }
        parts = Self.handMade().filter { $0.0 != "xl/workbook.xml" }
        try WorkbookSupport.zip(parts, to: dir + "/none.xlsx")
        #expect(throws: LintasError.self) {
            try WorkbookAnnotator.annotate(path: dir + "/none.xlsx", result: r, lang: .id)
        }
        var small = WorkbookLimits()
        small.maxEntryBytes = 100
        try WorkbookSupport.zip(Self.handMade(), to: dir + "/big.xlsx")
        #expect(throws: LintasError.self) {
            try WorkbookAnnotator.annotate(path: dir + "/big.xlsx", result: r, lang: .id, limits: small)
        }
    }

    @Test(
        "the pengaturan sheet holds each .lintas.yml key with its value as flow YAML, which reads back as the same settings"
    )
    func settingsSheet() throws {
        let dir = WorkbookSupport.tempDir()
        let file = dir + "/.lintas.yml"
        try """
        # komentar
        version: 1
        packs:
          - permenpanrb-7-2022
          - pergub-jabar-181-2021
        as_of: 2024-06-30
        rules:
          T004: warning
          K001: { severity: info }
        ignore: ["**/draf/*.yaml", 'a: b']
        params:
          permenpanrb-7-2022.diundangkan: "2022-03-31"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let sheet = try WorkbookExporter.settingsSheet(config: file)
        #expect(sheet.name == "pengaturan" && sheet.columns.map(\.header) == ["kunci", "nilai"])
        let rows = sheet.rows.map { row in
            row.map { c -> String in if case .text(let t)? = c { return t } else { return "?" } }
        }
        #expect(rows.map { $0[0] } == ["version", "packs", "as_of", "rules", "ignore", "params"])
        #expect(rows[1][1] == "[permenpanrb-7-2022, pergub-jabar-181-2021]")
        #expect(rows[3][1] == "{T004: warning, K001: {severity: info}}")
        #expect(rows[4][1] == "[\"**/draf/*.yaml\", \"a: b\"]")
        // Read back: `kunci: nilai` lines are the same configuration.
        let text = rows.map { "\($0[0]): \($0[1])" }.joined(separator: "\n")
        let catalog = try RuleCatalog.builtIn()
        let a = try Configuration.load(file, catalog: catalog)
        let b = try Configuration.parse(Array(text.utf8), file: file, catalog: catalog)
        #expect(a.packs == b.packs && a.asOf == b.asOf && a.ignore == b.ignore && a.rules == b.rules)
        #expect(b.ignore == ["**/draf/*.yaml", "a: b"])
        #expect(a.params.keys.sorted() == b.params.keys.sorted())
    }
}

import Foundation
import ZIPFoundation

/// A value to write into a cell.
enum OutCell: Sendable, Hashable {
    case text(String)
    case number(String)
    case bool(Bool)
    case date(CivilDate)
    /// A value with the place it came from (a YAML field, a CSV cell), named when writing it
    /// changes it (``XLSXWriter/Note``) or cannot write it whole.
    indirect case located(OutCell, SourceLocation)

    /// The value without the place it came from.
    var withoutPlace: OutCell {
        if case .located(let inner, _) = self { return inner.withoutPlace }
        return self
    }
}

/// A sheet to write: a header row, a note and allowed values per column (shown as the input
/// message of a data validation when a cell of the column is selected; a dropdown list when the
/// values are few), and the rows.
public struct OutSheet: Sendable {
    struct Column: Sendable {
        var header: String
        var width: Int
        /// Text-formatted (`@`): what is typed stays text (NIPs, codes).
        var textFormat: Bool
        var dateFormat: Bool
        var promptTitle: String
        var prompt: String
        var list: [String]
    }

    var name: String
    var columns: [Column]
    var rows: [[OutCell?]]
}

/// Writes a minimal Office Open XML workbook: inline strings, a text style for NIP and code
/// columns, a `yyyy-mm-dd` date style, a frozen header row and data validations. Deterministic:
/// the same sheets give the same bytes.
public enum XLSXWriter {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// Excel's most characters in one cell (UTF-16 code units, as Excel counts them): a longer
    /// value cannot be opened whole, so it is never written (docs/limits.md).
    static let maxCellCharacters = 32_767

    /// A value that writing changed: characters XML 1.0 cannot carry (C0 controls other than
    /// tab and line breaks, U+FFFE, U+FFFF) are written as U+FFFD, and said at the cell.
    public struct Note: Sendable, Hashable {
        /// The cell of the written workbook.
        var cell: CellReference
        /// Where the value came from, when known.
        var origin: SourceLocation?
        /// How many characters were replaced, and the first few of them.
        var count: Int
        var first: [UInt32]

        /// One line: `WORKBOOK:sheet!B3: 2 characters ... (U+0001, U+001B) written as U+FFFD; ...`.
        func message(_ lang: Language, workbook: String? = nil) -> String {
            let place = (workbook.map { $0 + ":" } ?? "") + cell.description
            let codes =
                first.map { "U+" + String(format: "%04X", $0) }.joined(separator: ", ")
                + (count > first.count ? ", …" : "")
            let from =
                origin.map { UIText.t(.workbookNoteValueAt, lang, ["place": $0.displayed]) } ?? ""
            return UIText.t(
                count == 1 ? .workbookNoteControlCharacter : .workbookNoteControlCharacters, lang,
                ["place": place, "count": String(count), "codes": codes, "from": from])
        }
    }

    /// The notes as lines, at most `limit` of them, then one saying how many more cells have one.
    /// `terminal`: control characters of the names in them shown as U+FFFD, as in text output.
    public static func lines(
        _ notes: [Note], _ lang: Language, workbook: String? = nil, terminal: Bool = false, limit: Int = 100
    ) -> [String] {
        var out = notes.prefix(limit).map {
            terminal
                ? TextReporter.printable($0.message(lang, workbook: workbook)) : $0.message(lang, workbook: workbook)
        }
        if notes.count > limit {
            let more = notes.count - limit
            out.append(UIText.t(.workbookNoteMoreCells, lang, ["count": String(more)]))
        }
        return out
    }

    /// A text of lintas's own (a message on the findings sheet) cut to fit one cell, saying so.
    static func fitted(_ text: String, _ lang: Language) -> String {
        guard text.utf16.count > maxCellCharacters else { return text }
        let marker = UIText.t(.workbookCellCut, lang, ["limit": String(maxCellCharacters)])
        var out = ""
        var units = 0
        for character in text {
            let width = character.utf16.count
            if units + width > maxCellCharacters - marker.utf16.count { break }
            out.append(character)
            units += width
        }
        return out + marker
    }

    /// A cell's value as XML text, said in `notes` when characters were replaced; a value longer
    /// than ``maxCellCharacters`` is refused with its cell and origin.
    static func cellText(_ s: String, at cell: CellReference, origin: SourceLocation?, notes: inout [Note]) throws
        -> String
    {
        let length = s.utf16.count
        if length > maxCellCharacters {
            let place = cell.description + (origin.map { " (\($0.displayed))" } ?? "")
            throw LintasError(
                "\(place): a value of \(length) characters; a spreadsheet cell holds at most \(maxCellCharacters), so the workbook was not written"
                    + " / nilai \(length) karakter; sel lembar kerja memuat paling banyak \(maxCellCharacters), jadi buku kerja tidak ditulis"
            )
        }
        var replaced: [UInt32] = []
        let text = Escape.xml(s, for: .workbook, replaced: &replaced)
        if !replaced.isEmpty {
            notes.append(Note(cell: cell, origin: origin, count: replaced.count, first: Array(replaced.prefix(3))))
        }
        return text
    }

    static func sheetXML(_ sheet: OutSheet, notes: inout [Note]) throws -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(rel)\">"
        x +=
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        x += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            x += "<cols>"
            for (i, c) in sheet.columns.enumerated() {
                let style = c.textFormat ? " style=\"3\"" : (c.dateFormat ? " style=\"2\"" : "")
                x += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(c.width)\" customWidth=\"1\"\(style)/>"
            }
            x += "</cols>"
        }
        x += "<sheetData>"
        var rowNumber = 1
        func cellXML(_ v: OutCell, _ at: CellReference, header: Bool, text: Bool, origin: SourceLocation? = nil)
            throws -> String
        {
            let ref = at.ref
            switch v {
            case .text(let s):
                let style = header ? " s=\"1\"" : (text ? " s=\"3\"" : "")
                let body = try cellText(s, at: at, origin: origin, notes: &notes)
                return "<c r=\"\(ref)\" t=\"inlineStr\"\(style)><is><t xml:space=\"preserve\">\(body)</t></is></c>"
            case .number(let n):
                return "<c r=\"\(ref)\"><v>\(try cellText(n, at: at, origin: origin, notes: &notes))</v></c>"
            case .bool(let b): return "<c r=\"\(ref)\" t=\"b\"><v>\(b ? 1 : 0)</v></c>"
            case .date(let d): return "<c r=\"\(ref)\" s=\"2\"><v>\(SpreadsheetDate.serial(d))</v></c>"
            case .located(let inner, let place):
                return try cellXML(inner, at, header: header, text: text, origin: place)
            }
        }
        x += "<row r=\"1\">"
        for (i, c) in sheet.columns.enumerated() {
            x += try cellXML(
                .text(c.header), CellReference(sheet: sheet.name, row: 1, column: i + 1), header: true, text: true)
        }
        x += "</row>"
        for row in sheet.rows {
            rowNumber += 1
            x += "<row r=\"\(rowNumber)\">"
            for (i, v) in row.enumerated() {
                guard let v else { continue }
                let text = i < sheet.columns.count && sheet.columns[i].textFormat
                x += try cellXML(
                    v, CellReference(sheet: sheet.name, row: rowNumber, column: i + 1), header: false, text: text)
            }
            x += "</row>"
        }
        x += "</sheetData>"
        let validated = sheet.columns.enumerated().filter { !$0.element.prompt.isEmpty || !$0.element.list.isEmpty }
        if !validated.isEmpty {
            x += "<dataValidations count=\"\(validated.count)\">"
            for (i, c) in validated {
                let letters = CellReference.letters(i + 1)
                let range = "\(letters)2:\(letters)\(WorkbookLimits.excelRows)"
                let title = String(c.promptTitle.prefix(32))
                let prompt = String(c.prompt.prefix(255))
                let list = c.list.joined(separator: ",")
                if !c.list.isEmpty && list.count <= 250 {
                    x +=
                        "<dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\""
                    x +=
                        " promptTitle=\"\(Escape.xml(title, for: .workbook))\" prompt=\"\(Escape.xml(prompt, for: .workbook))\" sqref=\"\(range)\"><formula1>\"\(Escape.xml(list, for: .workbook))\"</formula1></dataValidation>"
                } else {
                    x +=
                        "<dataValidation allowBlank=\"1\" showInputMessage=\"1\" promptTitle=\"\(Escape.xml(title, for: .workbook))\" prompt=\"\(Escape.xml(prompt, for: .workbook))\" sqref=\"\(range)\"/>"
                }
            }
            x += "</dataValidations>"
        }
        x += "</worksheet>"
        return x
    }

    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(main)"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """

    /// The parts of the workbook, in the order they are stored.
    static func parts(_ sheets: [OutSheet], notes: inout [Note]) throws -> [(String, String)] {
        var types =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        types +=
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        types += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        types +=
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        types +=
            "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        var wb =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><workbookPr/><sheets>"
        var rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(pkg)\">"
        var out: [(String, String)] = []
        for (i, s) in sheets.enumerated() {
            let n = i + 1
            types +=
                "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            wb += "<sheet name=\"\(Escape.xml(s.name, for: .workbook))\" sheetId=\"\(n)\" r:id=\"rId\(n)\"/>"
            rels += "<Relationship Id=\"rId\(n)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
            out.append(("xl/worksheets/sheet\(n).xml", try sheetXML(s, notes: &notes)))
        }
        rels +=
            "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(rel)/styles\" Target=\"styles.xml\"/></Relationships>"
        wb += "</sheets></workbook>"
        types += "</Types>"
        let root =
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        return [
            ("[Content_Types].xml", types), ("_rels/.rels", root), ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/styles.xml", styles),
        ] + out
    }

    /// The workbook's bytes and what writing changed (``Note``); a ``LintasError`` for a value
    /// that no cell can hold (longer than ``maxCellCharacters``).
    static func render(_ sheets: [OutSheet]) throws -> (data: Data, notes: [Note]) {
        do {
            var notes: [Note] = []
            let archive = try Archive(data: Data(), accessMode: .create)
            try add(parts(sheets, notes: &notes), to: archive)
            guard let data = archive.data else {
                throw LintasError("cannot write the workbook / buku kerja tidak dapat ditulis")
            }
            return (data, notes)
        } catch let e as LintasError {
            throw e
        } catch {
            throw LintasError("cannot write the workbook / buku kerja tidak dapat ditulis (\(error))")
        }
    }

    static func add(_ parts: [(String, String)], to archive: Archive) throws {
        try add(parts.map { ($0.0, Data($0.1.utf8)) }, to: archive)
    }

    /// Adds the parts, deflated, in order.
    static func add(_ parts: [(String, Data)], to archive: Archive) throws {
        // A fixed time stamp: the same workbook gives the same bytes.
        let stamp = Date(timeIntervalSince1970: 1_735_689_600)
        for (name, data) in parts {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// Writes the workbook to `path`: built in memory, then written by ``SafeWrite`` (an exclusive
    /// temporary file beside it, renamed into place; a FIFO or device written in place).
    /// Returns what writing changed (``Note``), for the caller to say.
    @discardableResult
    public static func write(_ sheets: [OutSheet], to path: String) throws -> [Note] {
        let written = try render(sheets)
        try SafeWrite.write([UInt8](written.data), to: path)
        return written.notes
    }
}

import Foundation

/// A cell of a workbook sheet (or of a CSV file, whose "sheet" is the file's section name).
struct CellReference: Hashable, Sendable, Comparable, Codable {
    var sheet: String
    /// 1-based row.
    var row: Int
    /// 1-based column (A = 1).
    var column: Int

    init(sheet: String, row: Int, column: Int) {
        self.sheet = sheet
        self.row = row
        self.column = column
    }

    /// The column's letters: 1 = A, 27 = AA.
    static func letters(_ column: Int) -> String {
        var n = max(1, column)
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// `B12`.
    var ref: String { CellReference.letters(column) + String(row) }

    /// `pegawai!B12`; a sheet name with other than letters, digits and `_` is quoted as spreadsheets do.
    var description: String {
        let plain =
            !sheet.isEmpty && sheet.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "_" }
        let name = plain ? sheet : "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
        return "\(name)!\(ref)"
    }

    /// Parses `B12` (column letters then row digits); nil when malformed or beyond the limits.
    static func parse(
        _ text: String, maxRow: Int = WorkbookLimits.excelRows, maxColumn: Int = WorkbookLimits.excelColumns
    ) -> (row: Int, column: Int)? {
        var col = 0
        var row = 0
        var sawDigit = false
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !sawDigit else { return nil }
                let v = Int((b | 0x20) - UInt8(ascii: "a")) + 1
                col = col * 26 + v
                if col > maxColumn { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                row = row * 10 + Int(b - UInt8(ascii: "0"))
                if row > maxRow { return nil }
            case UInt8(ascii: "$"):
                continue
            default:
                return nil
            }
        }
        guard col >= 1, row >= 1 else { return nil }
        return (row, col)
    }

    static func < (a: CellReference, b: CellReference) -> Bool {
        a.sheet != b.sheet ? a.sheet < b.sheet : (a.row != b.row ? a.row < b.row : a.column < b.column)
    }
}

extension SourceLocation {
    /// A location in a workbook: the file is the workbook, line and column are the cell's row and
    /// column, and `cell` says which sheet.
    init(file: String, cell: CellReference) {
        self.init(file: file, line: cell.row, column: cell.column)
        self.cell = cell
    }

    /// `FILE.xlsx:pegawai!B12` for a cell, `file:line:col` otherwise.
    public var displayed: String {
        if let cell { return "\(file):\(cell.description)" }
        return "\(file):\(line):\(column)"
    }
}

/// What a cell holds, as the spreadsheet typed it.
enum CellValue: Sendable, Hashable {
    /// A text cell (shared string, inline string, formula string), or any CSV field.
    case text(String)
    /// A number, as written in the file (`2025`, `1.98001E+17`), so nothing is lost by conversion.
    case number(String)
    case bool(Bool)
    /// A number whose cell format is a date; the serial and the date system it was read with.
    case date(serial: Double, date1904: Bool)
    /// An error value such as `#N/A`.
    case error(String)
    /// A formula whose result was never stored (written by a program that does not calculate,
    /// such as a script): there is no value to read.
    case uncomputedFormula(String)
}

struct Cell: Sendable, Hashable {
    var row: Int
    var column: Int
    var value: CellValue
    /// Where the value was written, when it was copied over a merged range (the range's first cell).
    var origin: (row: Int, column: Int)? {
        get { originRow > 0 ? (originRow, originColumn) : nil }
        set {
            originRow = newValue?.row ?? 0
            originColumn = newValue?.column ?? 0
        }
    }
    var originRow = 0
    var originColumn = 0

    init(row: Int, column: Int, value: CellValue) {
        self.row = row
        self.column = column
        self.value = value
    }
}

/// One sheet: its cells row by row (sparse, sorted by row then column), and its merged ranges.
struct Sheet: Sendable {
    var name: String
    var rows: [[Cell]] = []
    /// Cell references that could not be read (malformed or beyond the sheet's limits), with the
    /// row they were found in (0 when unknown).
    var badReferences: [(text: String, row: Int)] = []
    /// `<mergeCell ref>` values that are no range (`B2:A1`, `A0`): reported, not merged.
    var badMerges: [String] = []
    /// Cells whose value is longer than the limit (left out, reported at the cell as Y005).
    var oversized: [(row: Int, column: Int, bytes: Int)] = []
    /// Other problems of reading the sheet, reported as Y007 at their cell (a CSV file that is
    /// not UTF-8, a quote that never closes).
    var problems: [SheetProblem] = []
    /// The limit `oversized` was measured against.
    var maxValueBytes = 1 << 20

    init(name: String, rows: [[Cell]] = []) {
        self.name = name
        self.rows = rows
    }
}

/// A problem of reading a sheet: a Y007 variant at a cell, with its message's arguments.
struct SheetProblem: Sendable {
    var variant: String
    var row: Int
    var column: Int
    var args: [String: String]
}

/// A workbook read into sheets, in the workbook's order.
struct Workbook: Sendable {
    /// The file as displayed.
    var file: String
    var sheets: [Sheet]
    /// True for a directory of CSV files (every value is text).
    var isCSV = false

    init(file: String, sheets: [Sheet], isCSV: Bool = false) {
        self.file = file
        self.sheets = sheets
        self.isCSV = isCSV
    }
}

/// Safe limits for reading workbooks: crossing one is an exit-2 error naming the limit (docs/limits.md).
public struct WorkbookLimits: Sendable, Hashable {
    static let excelRows = 1_048_576
    static let excelColumns = 16_384
    /// Largest workbook file on disk.
    var maxFileBytes: Int = 256 << 20
    /// Most entries in the archive.
    public var maxEntries: Int = 10_000
    /// Largest uncompressed part, counted while inflating (the declared size is not trusted).
    public var maxEntryBytes: Int = 256 << 20
    /// Most uncompressed bytes read from all parts together.
    public var maxTotalBytes: Int = 512 << 20
    /// Most non-empty cells in the workbook, counted as they are read: the largest workbook under
    /// it (2 million distinct strings, a finding on most rows) is checked in under 1 GiB.
    public var maxCells: Int = 2_000_000
    /// Most cells the merged ranges of a sheet may cover (the value is copied to each), charged
    /// as each range is read.
    var maxMergedCells: Int = 100_000
    /// Most sheets in a workbook (a lintas workbook has seven).
    var maxSheets: Int = 1_000
    /// Longest value of one cell, in bytes (as YAML's longest scalar): a longer one is Y005 at its cell.
    var maxValueBytes: Int = 1 << 20
    /// Most value bytes of all cells together, a shared string or a merged value counted at each
    /// cell that shows it (the reading stops there).
    var maxTotalValueBytes: Int = 256 << 20
    /// Longest number format code in styles.xml, in characters (Excel's own limit is 255).
    var maxNumberFormatChars: Int = 1_000
    /// Most cell formats (`<xf>` in `cellXfs`) in styles.xml (Excel's own limit is 64,000).
    var maxStyles: Int = 65_536

    public init() {}
}

/// Date serials of spreadsheets.
enum SpreadsheetDate {
    /// The day a serial names, or nil when it has a time part or is out of range. In the 1900
    /// system serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year bug, kept
    /// by Excel): it has no date and is returned as nil with `isPhantomLeapDay`.
    static func date(serial: Double, date1904: Bool) -> CivilDate? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000, serial == serial.rounded(.down) else { return nil }
        let s = Int(serial)
        if date1904 {
            return CivilDate(dayNumber: CivilDate(year: 1904, month: 1, day: 1)!.dayNumber + s)
        }
        if s == 0 || s == 60 { return nil }
        // Serial 1 is 1900-01-01; from 61 on, the phantom 1900-02-29 shifts the count by one.
        let base = CivilDate(year: 1899, month: 12, day: 31)!.dayNumber
        return CivilDate(dayNumber: base + (s < 60 ? s : s - 1))
    }

    static func isPhantomLeapDay(serial: Double, date1904: Bool) -> Bool { !date1904 && serial == 60 }

    /// The serial of a day in the 1900 system (for writing workbooks).
    static func serial(_ date: CivilDate) -> Int {
        let s = date.dayNumber - CivilDate(year: 1899, month: 12, day: 31)!.dayNumber
        return s >= 60 ? s + 1 : s
    }
}

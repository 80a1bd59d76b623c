/// A position in a source file: 1-based line and column (columns count Unicode scalars).
struct SourcePosition: Hashable, Sendable, Comparable, Codable {
    var line: Int32
    var column: Int32

    init(line: Int, column: Int) {
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }

    static let start = SourcePosition(line: 1, column: 1)
}

/// A span of a source file: start and end (end is exclusive, as libyaml reports it).
struct SourceRange: Hashable, Sendable, Codable {
    var start: SourcePosition
    var end: SourcePosition

    init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end < start ? start : end
    }

    init(at position: SourcePosition) {
        self.start = position
        self.end = position
    }
}

/// A place in an agency: the file (as displayed, relative to the working directory) and a range.
///
/// A plain value of 24 bytes: the file is one shared reference (``SourceFileID``), not a
/// `String`, so the locations of a file (about a million in a 100k-employee agency) share it.
public struct SourceLocation: Hashable, Sendable, Comparable {
    /// The file (and, for a workbook cell, its sheet).
    var fileID: SourceFileID
    var range: SourceRange

    /// The file as displayed.
    var file: String {
        get { fileID.name }
        set { fileID = SourceFileID(newValue, sheet: fileID.sheet) }
    }

    /// For a workbook: the cell (then `file` is the workbook and line/column are the cell's
    /// row/column). Nil for YAML files.
    var cell: CellReference? {
        get { fileID.sheet.map { CellReference(sheet: $0, row: line, column: column) } }
        set {
            fileID = SourceFileID(fileID.name, sheet: newValue?.sheet)
            if let c = newValue { range = SourceRange(at: SourcePosition(line: c.row, column: c.column)) }
        }
    }

    init(fileID: SourceFileID, range: SourceRange) {
        self.fileID = fileID
        self.range = range
    }

    init(file: String, range: SourceRange) {
        self.fileID = SourceFileID(file)
        self.range = range
    }

    init(file: String, line: Int, column: Int) {
        self.fileID = SourceFileID(file)
        self.range = SourceRange(at: SourcePosition(line: line, column: column))
    }

    var line: Int { Int(range.start.line) }
    var column: Int { Int(range.start.column) }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID {
            let fa = a.fileID.name
            let fb = b.fileID.name
            if fa != fb { return fa < fb }
        }
        return a.range.start < b.range.start
    }
}

/// A file name (and, for a workbook cell, the sheet), shared by every location in the file.
///
/// One reference to an immutable name: a loader makes one per file and each of the file's
/// locations (about a million in a 100k-employee agency) copies the reference, not the strings.
/// Names live as long as the locations that use them; nothing is kept for the life of the process.
struct SourceFileID: Hashable, Sendable {
    private final class Name: Sendable {
        let name: String
        let sheet: String?

        init(_ name: String, _ sheet: String?) {
            self.name = name
            self.sheet = sheet
        }
    }

    private let storage: Name

    init(_ name: String, sheet: String? = nil) {
        storage = Name(name, sheet)
    }

    var name: String { storage.name }
    var sheet: String? { storage.sheet }

    static func == (a: SourceFileID, b: SourceFileID) -> Bool {
        a.storage === b.storage || (a.storage.name == b.storage.name && a.storage.sheet == b.storage.sheet)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(storage.name)
        hasher.combine(storage.sheet)
    }
}

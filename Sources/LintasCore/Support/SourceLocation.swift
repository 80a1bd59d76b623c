/// A position in a source file: 1-based line and column (columns count Unicode scalars).
public struct SourcePosition: Hashable, Sendable, Comparable, Codable {
    public var line: Int32
    public var column: Int32

    public init(line: Int, column: Int) {
        self.line = Int32(clamping: line)
        self.column = Int32(clamping: column)
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        a.line != b.line ? a.line < b.line : a.column < b.column
    }

    public static let start = SourcePosition(line: 1, column: 1)
}

/// A span of a source file: start and end (end is exclusive, as libyaml reports it).
public struct SourceRange: Hashable, Sendable, Codable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end < start ? start : end
    }

    public init(at position: SourcePosition) {
        self.start = position
        self.end = position
    }
}

/// A place in an agency: the file (as displayed, relative to the working directory) and a range.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var file: String
    public var range: SourceRange
    /// For a workbook: the cell (then `file` is the workbook and line/column are the cell's
    /// row/column). Nil for YAML files.
    public var cell: CellReference? {
        get { cellBox?.cell }
        set { cellBox = newValue.map(CellBox.init) }
    }

    /// The cell out of line: a location is in every located value of a model (hundreds of
    /// thousands in a large agency), and a YAML location then costs 8 bytes for it, not 40.
    private var cellBox: CellBox? = nil

    final class CellBox: Sendable {
        let cell: CellReference
        init(_ cell: CellReference) { self.cell = cell }
    }

    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.file == b.file && a.range == b.range && a.cell == b.cell
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(range)
        hasher.combine(cell)
    }

    public init(file: String, range: SourceRange) {
        self.file = file
        self.range = range
    }

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.range = SourceRange(at: SourcePosition(line: line, column: column))
    }

    public var line: Int { Int(range.start.line) }
    public var column: Int { Int(range.start.column) }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        a.file != b.file ? a.file < b.file : a.range.start < b.range.start
    }
}

import Foundation

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
///
/// A plain value of 20 bytes: the file is an id into a process-wide table of file names
/// (``SourceFileID``), not a `String`. A location is in every located value of a model (about a
/// million in a 100k-employee agency), and copying one then costs no reference counting.
public struct SourceLocation: Hashable, Sendable, Comparable {
    /// The file (and, for a workbook cell, its sheet).
    public var fileID: SourceFileID
    public var range: SourceRange

    /// The file as displayed.
    public var file: String {
        get { fileID.name }
        set { fileID = SourceFileID(newValue, sheet: fileID.sheet) }
    }

    /// For a workbook: the cell (then `file` is the workbook and line/column are the cell's
    /// row/column). Nil for YAML files.
    public var cell: CellReference? {
        get { fileID.sheet.map { CellReference(sheet: $0, row: line, column: column) } }
        set {
            fileID = SourceFileID(fileID.name, sheet: newValue?.sheet)
            if let c = newValue { range = SourceRange(at: SourcePosition(line: c.row, column: c.column)) }
        }
    }

    public init(fileID: SourceFileID, range: SourceRange) {
        self.fileID = fileID
        self.range = range
    }

    public init(file: String, range: SourceRange) {
        self.fileID = SourceFileID(file)
        self.range = range
    }

    public init(file: String, line: Int, column: Int) {
        self.fileID = SourceFileID(file)
        self.range = SourceRange(at: SourcePosition(line: line, column: column))
    }

    public var line: Int { Int(range.start.line) }
    public var column: Int { Int(range.start.column) }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID {
            let fa = a.fileID.name
            let fb = b.fileID.name
            if fa != fb { return fa < fb }
        }
        return a.range.start < b.range.start
    }
}

/// A file name (and for a workbook cell, the sheet) as a 32-bit id. Ids are given out once per
/// distinct name and sheet for the life of the process (a run names a few thousand files at most),
/// so equal ids are equal names and sheets.
public struct SourceFileID: Hashable, Sendable {
    let raw: UInt32

    /// The id of `name` (and `sheet`), registered on first use.
    public init(_ name: String, sheet: String? = nil) {
        raw = SourceFileTable.shared.id(name, sheet: sheet)
    }

    public var name: String { SourceFileTable.shared.entry(raw).name }
    public var sheet: String? { SourceFileTable.shared.entry(raw).sheet }
}

/// The names behind ``SourceFileID``s. Append-only: entries live in chunks that never move, so
/// an id's entry (written under the lock before the id is handed out) is read without the lock;
/// finding an id by name takes the lock (once per file and loader, not once per location).
final class SourceFileTable: @unchecked Sendable {
    static let shared = SourceFileTable()

    struct Key: Hashable {
        var name: String
        var sheet: String?
    }

    static let chunkBits = 10
    static let chunkSize = 1 << chunkBits
    /// 64 M distinct file names (and sheets): far beyond any run; the chunk table is 512 KiB of
    /// address space, touched only as chunks are made.
    static let maxChunks = 1 << 16

    private let lock = NSLock()
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<Key>?>
    private var count = 0
    private var ids: [Key: UInt32] = [:]

    private init() {
        chunks = .allocate(capacity: SourceFileTable.maxChunks)
        chunks.initialize(repeating: nil, count: SourceFileTable.maxChunks)
        _ = id("", sheet: nil)
    }

    func id(_ name: String, sheet: String?) -> UInt32 {
        let key = Key(name: name, sheet: sheet)
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[key] { return id }
        let id = count
        let chunk = id >> SourceFileTable.chunkBits
        precondition(chunk < SourceFileTable.maxChunks, "more than 64 M distinct file names")
        if chunks[chunk] == nil { chunks[chunk] = .allocate(capacity: SourceFileTable.chunkSize) }
        (chunks[chunk]! + (id & (SourceFileTable.chunkSize - 1))).initialize(to: key)
        count += 1
        ids[key] = UInt32(id)
        return UInt32(id)
    }

    @inline(__always)
    func entry(_ id: UInt32) -> Key {
        let i = Int(id)
        return chunks[i >> SourceFileTable.chunkBits]![i & (SourceFileTable.chunkSize - 1)]
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A source file's lines, for showing the offending line and for suppression comments.
///
/// Two kinds: bytes held in memory (standard input, workbooks converted to YAML, small files,
/// tests), and a large file read in chunks that is not held at all (``YAMLLoader`` streams it):
/// then what it was is remembered (path, identity, size, modification time, line count, and a
/// checksum of each 256 KiB chunk) and its lines are read again when asked for, through the same
/// safe reading, each chunk checked against what was read; if the file changed, no line is given
/// rather than a wrong one.
/// Either way the line index is built on first use: most files of a large clean run never need it.
final class SourceText: @unchecked Sendable {
    /// What a streamed file was when it was read.
    struct FileSnapshot: Sendable {
        var path: String
        var identity: FileIdentity
        var size: Int
        var modified: SafeFile.FileTime
        var chunkBytes: Int
        /// The checksum of each chunk.
        var sums: [UInt64]
        var lineCount: Int
        var bom: Bool
    }

    /// A line that mentions `lintas-disable`, and the next line that is not blank and not only a
    /// comment (the target of `lintas-disable-next-line`).
    struct MarkedLine: Sendable, Equatable {
        var number: Int
        var text: String
        var nextContentLine: Int
    }

    private enum Storage {
        case memory([UInt8])
        case file(FileSnapshot)
    }

    private let storage: Storage
    private let lock = NSLock()
    /// Byte offset of each line's start (32 bits: files are limited to far less than 4 GiB).
    /// Guarded by `lock`.
    private var index: [UInt32]?
    /// The marked lines: given by the loader for a streamed file, found on first use in memory.
    private var marked: [MarkedLine]?
    /// A streamed file that is no longer what was read (or cannot be read): no lines.
    private var unavailable = false
    /// A streamed file's reader (it keeps the chunks read last: findings come in line order).
    private var reader: VerifiedChunkReader?
    /// The spans of the scalars (quoted, block or plain values and keys) that cover a marked line,
    /// as the parser reported them: a directive inside one is data, not a comment. Guarded by `lock`.
    private var markedScalarSpans: [SourceRange] = []
    /// False when the file did not parse (Y001, Y003, Y004, Y005): such a file suppresses nothing
    /// in itself. Guarded by `lock`.
    private var parsed = true

    init(bytes: [UInt8]) {
        storage = .memory(bytes)
    }

    /// A streamed file's lines, read again on demand; its marked lines as the loader found them.
    init(snapshot: FileSnapshot, marked: [MarkedLine], changed: Bool = false) {
        storage = .file(snapshot)
        self.marked = marked
        unavailable = changed
    }

    /// The bytes, when they are held (not for a streamed file).
    var bytesInMemory: [UInt8]? {
        if case .memory(let b) = storage { return b }
        return nil
    }

    /// Whether the file's lines are read from disk on demand rather than held.
    var isStreamed: Bool {
        if case .file = storage { return true }
        return false
    }

    static func lineIndex(_ bytes: [UInt8]) -> [UInt32] {
        var starts: [UInt32] = [0]
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // Lines average a few dozen bytes; memchr finds each break.
            starts.reserveCapacity(raw.count / 32 + 1)
            appendLineStarts(base, raw.count, at: 0, to: &starts)
        }
        return starts
    }

    /// Appends the offset after each `\n` of `p[0..<n]` (at file offset `offset`).
    static func appendLineStarts(_ p: UnsafeRawPointer, _ n: Int, at offset: Int, to starts: inout [UInt32]) {
        var i = 0
        while i < n, let hit = memchr(p + i, 10, n - i) {
            let at = p.distance(to: UnsafeRawPointer(hit))
            starts.append(UInt32(truncatingIfNeeded: offset + at + 1))
            i = at + 1
        }
    }

    var lineCount: Int {
        switch storage {
        case .memory(let bytes):
            lock.lock()
            defer { lock.unlock() }
            return memoryIndex(bytes).count
        case .file(let f):
            return f.lineCount
        }
    }

    /// Guarded by `lock`.
    private func memoryIndex(_ bytes: [UInt8]) -> [UInt32] {
        if let index { return index }
        let built = SourceText.lineIndex(bytes)
        index = built
        return built
    }

    /// The text of a 1-based line without its line break (invalid UTF-8 is replaced). Nil when
    /// there is no such line, or when a streamed file changed since it was read.
    func line(_ number: Int) -> String? {
        lock.lock()
        defer { lock.unlock() }
        switch storage {
        case .memory(let bytes):
            let lineStarts = memoryIndex(bytes)
            guard number >= 1, number <= lineStarts.count else { return nil }
            let start = Int(lineStarts[number - 1])
            let end = number < lineStarts.count ? Int(lineStarts[number]) - 1 : bytes.count
            let bom = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
            return SourceText.text(bytes[start..<end], first: number == 1, bom: bom)
        case .file(let f):
            guard number >= 1, number <= f.lineCount, !unavailable, let lineStarts = fileIndex(f) else { return nil }
            let start = Int(lineStarts[number - 1])
            let end = number < lineStarts.count ? Int(lineStarts[number]) - 1 : f.size
            if reader == nil { reader = SourceText.reader(f) }
            guard let bytes = reader!.bytes(start, end) else {
                unavailable = true
                return nil
            }
            return SourceText.text(bytes, first: number == 1, bom: f.bom)
        }
    }

    /// A line's text from its bytes: without a final CR, without the BOM on line 1.
    static func text(_ bytes: ArraySlice<UInt8>, first: Bool, bom: Bool) -> String {
        var s = bytes.startIndex
        var end = bytes.endIndex
        if end > s, bytes[end - 1] == 13 { end -= 1 }
        if first && bom { s += 3 }
        guard s <= end else { return "" }
        return String(decoding: bytes[s..<end], as: UTF8.self)
    }

    /// Each line's text with its 1-based number.
    func lines() -> [(number: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        let count = lineCount
        out.reserveCapacity(count)
        for n in 1...count {
            out.append((n, Substring(line(n) ?? "")))
        }
        return out
    }

    /// The lines that mention `lintas-disable` (the only ones a suppression can be on).
    /// Linear in the file's size: the line of each hit is counted on from the previous hit, and
    /// each line is looked at once for the targets (``nextContentLines(_:count:markText:between:)``).
    var markedLines: [MarkedLine] {
        lock.lock()
        if let marked {
            lock.unlock()
            return marked
        }
        lock.unlock()
        guard case .memory(let bytes) = storage else { return [] }
        var numbers: [Int] = []
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var line = 1
            var counted = 0
            ByteScan.markers(base, raw.count) { at in
                // The line of the hit: the line breaks since the previous hit, added on.
                line += ByteScan.newlines(base + counted, at - counted)
                counted = at
                if numbers.last != line { numbers.append(line) }
            }
        }
        let texts = numbers.map { line($0) }
        let count = lineCount
        let targets = SourceText.nextContentLines(numbers, count: count, markText: texts) { _, k in line(k) }
        let found = numbers.indices.map { i in
            MarkedLine(number: numbers[i], text: texts[i] ?? "", nextContentLine: targets[i])
        }
        lock.lock()
        marked = found
        lock.unlock()
        return found
    }

    /// Records what the parser found: the spans of the scalars that cover a marked line, and
    /// whether the file parsed.
    func setParseFacts(markedScalarSpans spans: [SourceRange], parsed: Bool) {
        lock.lock()
        markedScalarSpans = spans
        self.parsed = parsed
        lock.unlock()
    }

    /// Whether a suppression directive may be honoured in this file at all (it parsed).
    var canSuppress: Bool {
        lock.lock()
        defer { lock.unlock() }
        return parsed
    }

    /// Whether a position (1-based line and column in characters) lies inside a scalar, where a
    /// `#` is data and not a comment.
    func isInsideScalar(line: Int, column: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let p = SourcePosition(line: line, column: column)
        return markedScalarSpans.contains { $0.start <= p && p < $0.end }
    }

    /// Whether a line holds content: not blank and not only a comment.
    static func isContent(_ text: String) -> Bool {
        let s = text.trimmingCharacters(in: .whitespaces)
        return !s.isEmpty && !s.hasPrefix("#")
    }

    /// For each marked line (ascending `marks`, their texts in `markText`), the next line after it
    /// that is not blank and not only a comment (`mark + 1` when none). Each line is looked at once:
    /// `between(i, k)` gives the text of line `k`, asked for in order from `marks[i] + 1` up to the
    /// next mark (exclusive) and no further than the first line with content; a run of marked
    /// comment lines shares one target. Nil from `between` ends the search (the file changed).
    static func nextContentLines(_ marks: [Int], count: Int, markText: [String?], between: (Int, Int) -> String?)
        -> [Int]
    {
        var out = marks.map { $0 + 1 }
        var pending: [Int] = []
        var i = 0
        var stopped = false
        while i < marks.count && !stopped {
            pending.append(i)
            let limit = i + 1 < marks.count ? marks[i + 1] : count + 1
            var found: Int?
            var k = marks[i] + 1
            while k < limit && k <= count {
                guard let t = between(i, k) else {
                    stopped = true
                    break
                }
                if isContent(t) {
                    found = k
                    break
                }
                k += 1
            }
            if found == nil && !stopped && i + 1 < marks.count, let t = markText[i + 1], isContent(t) {
                found = marks[i + 1]
            }
            if let f = found {
                for p in pending { out[p] = f }
                pending.removeAll(keepingCapacity: true)
            }
            i += 1
        }
        return out
    }

    // MARK: streamed files

    /// Reads a streamed file's chunks again: each read reopens the file (a run may show lines of
    /// thousands of files: none is kept open) and checks it is still the file that was read.
    static func reader(_ f: FileSnapshot) -> VerifiedChunkReader {
        VerifiedChunkReader(size: f.size, chunkBytes: f.chunkBytes, sums: f.sums) { offset, buffer in
            guard case .success(let file) = SafeFile.open(f.path) else { return nil }
            defer { file.close() }
            guard file.matches(identity: f.identity, size: f.size, modified: f.modified),
                case .success(let n) = SafeFile.readFully(file.fd, at: offset, into: buffer)
            else { return nil }
            return n
        }
    }

    /// The line index of a streamed file, built on first use from a full reading that must give
    /// the chunk checksums and line count of the first (else the file changed: nil from then on).
    /// Guarded by `lock`.
    private func fileIndex(_ f: FileSnapshot) -> [UInt32]? {
        if let index { return index }
        guard !unavailable else { return nil }
        guard let built = SourceText.verifiedIndex(f) else {
            unavailable = true
            return nil
        }
        index = built
        return built
    }

    static func verifiedIndex(_ f: FileSnapshot) -> [UInt32]? {
        guard case .success(let file) = SafeFile.open(f.path) else { return nil }
        defer { file.close() }
        guard file.matches(identity: f.identity, size: f.size, modified: f.modified) else { return nil }
        // Never more than the size it had + 1 byte (a file that grew is a changed file).
        let chunks = ChunkedFile(fd: file.fd, limit: f.size, chunkBytes: f.chunkBytes)
        var starts: [UInt32] = [0]
        starts.reserveCapacity(f.lineCount)
        while let chunk = chunks.read(), let base = chunk.baseAddress {
            appendLineStarts(base, chunk.count, at: chunks.current.start, to: &starts)
        }
        guard chunks.failure == nil, chunks.atEnd, chunks.total == f.size, chunks.sums == f.sums,
            starts.count == f.lineCount
        else { return nil }
        return starts
    }
}

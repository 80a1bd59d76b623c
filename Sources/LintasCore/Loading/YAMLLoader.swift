import CYaml
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Safe limits for reading YAML. Crossing one is a finding (Y003, Y005), never a crash.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest file read, in bytes (Y005).
    public var maxFileBytes: Int = 256 << 20
    /// Deepest nesting of collections (Y003). Agencies need about 8.
    var maxDepth: Int = 128
    /// Most nodes that aliases may add by expansion, per document (Y003, "billion laughs").
    var maxAliasNodes: Int = 100_000
    /// Longest scalar (a key or a value), in bytes (Y005).
    var maxScalarBytes: Int = 1 << 20
    /// Files larger than this are read in chunks and never held whole in memory (their source
    /// lines are read again when a reporter asks); smaller ones are read at once and kept. 1 MiB:
    /// below it the bytes cost less than the process itself, and one read beats two passes and a
    /// re-read (a batch of thousands of small agencies stays on the simple path); above it the
    /// bytes start to matter beside the model (a 37 MB agency would hold 37 MB for the whole run).
    var streamAboveBytes: Int = 1 << 20
    /// Chunk size of streamed reading (at least 64 KiB: libyaml reports a reader error at most its
    /// 16 KiB buffer behind what it was given, and the last two chunks are kept to place it).
    var chunkBytes: Int = 256 << 10

    public init() {}
}

/// One YAML file, read into located nodes.
struct LoadedFile: Sendable {
    /// The file as displayed (relative to the working directory).
    var file: String
    /// The roots of the documents that were read completely, in order.
    var documents: [YAMLNode]
    /// Y findings (and nothing else).
    var diagnostics: [Diagnostic]
    var source: SourceText
}

/// Receives documents as they are read, and the items of chosen top-level lists one by one, so
/// that a large file never exists as one node tree (see ``YAMLLoader/load(bytes:file:limits:into:)``).
protocol YAMLDocumentSink {
    /// Top-level keys whose list items are handed over one at a time.
    var streamedSections: Set<String> { get }
    /// A document starts: forget items of a document that was not completed.
    mutating func beginDocument()
    /// One item of a streamed list (`section`), 0-based `index` in that list: the tape's node 0
    /// (the tape is the loader's, reused for the next item: read it before returning).
    mutating func item(_ tape: NodeTape, index: Int, section: String, file: String)
    /// A streamed list ended (its items were all handed over).
    mutating func endSection(_ section: String)
    /// A document was read completely. Its streamed lists are empty sequences in `root`.
    mutating func endDocument(_ root: YAMLNode, file: String)
}

/// Reads YAML through libyaml's event parser into ``YAMLNode`` trees without recursion, keeping a
/// source position on every node. Reports syntax errors (Y001), duplicate keys (Y002, at the second
/// key), alias bombs and deep nesting (Y003), invalid UTF-8 (Y004) and oversize values (Y005).
enum YAMLLoader {
    static let codes = ["Y001", "Y002", "Y003", "Y004", "Y005"]

    static func load(bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) -> LoadedFile {
        var none = NoSink()
        return load(bytes: bytes, file: file, limits: limits, sink: &none)
    }

    /// Like ``load(bytes:file:limits:)``, but hands each document to `sink` as soon as it is
    /// complete, and the items of its streamed sections one by one as they are read; such items
    /// are not kept in the tree, and the documents are not kept in the result.
    static func load<S: YAMLDocumentSink>(
        bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits(), into sink: inout S
    ) -> LoadedFile {
        load(bytes: bytes, file: file, limits: limits, sink: &sink)
    }

    private static func load<S: YAMLDocumentSink>(bytes: [UInt8], file: String, limits: YAMLLimits, sink: inout S)
        -> LoadedFile
    {
        let source = SourceText(bytes: bytes)
        var result = LoadedFile(file: file, documents: [], diagnostics: [], source: source)
        if bytes.count > limits.maxFileBytes {
            result.diagnostics.append(
                Diagnostic(
                    "Y005", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file,
                    args: [
                        "what": "file", "what_id": "berkas", "limit": "\(limits.maxFileBytes)",
                        "size": "\(bytes.count)",
                    ]))
            source.setParseFacts(markedScalarSpans: [], parsed: false)
            return result
        }
        if let bad = UTF8Check.firstInvalid(bytes) {
            result.diagnostics.append(
                invalidUTF8(file: file, byte: bytes[bad], offset: bad, at: UTF8Check.position(ofByte: bad, in: bytes)))
            source.setParseFacts(markedScalarSpans: [], parsed: false)
            return result
        }
        if bytes.isEmpty { return result }
        var builder = TreeBuilder(file: file, limits: limits, sink: sink)
        builder.markLines = source.markedLines.map(\.number)
        bytes.withUnsafeBufferPointer { buffer in
            // libyaml skips a BOM only when it detects the encoding itself; the encoding is set
            // (the bytes are known to be UTF-8), so a UTF-8 BOM is skipped here. Line 1's columns
            // then start after it, as they should.
            let bom = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            builder.run(.memory(buffer, skip: bom ? 3 : 0))
        }
        sink = builder.sink
        result.documents = builder.documents
        result.diagnostics = builder.diagnostics
        source.setParseFacts(markedScalarSpans: builder.markedSpans, parsed: !YAMLLoader.unparsed(builder.diagnostics))
        return result
    }

    /// Codes that mean a file was not read through: it then suppresses nothing in itself.
    static let unparsedCodes: Set<String> = ["Y001", "Y003", "Y004", "Y005"]

    static func unparsed(_ diagnostics: [Diagnostic]) -> Bool {
        diagnostics.contains { unparsedCodes.contains($0.code) }
    }

    static func invalidUTF8(file: String, byte: UInt8, offset: Int, at pos: SourcePosition) -> Diagnostic {
        Diagnostic(
            "Y004", at: SourceLocation(file: file, range: SourceRange(at: pos)), path: "", entity: file,
            args: ["byte": "0x" + String(byte, radix: 16, uppercase: true), "offset": "\(offset)"])
    }

    /// A regular file read in chunks from its descriptor (which stays the caller's): the bytes are
    /// never held whole. A first pass validates UTF-8 (a file with invalid UTF-8 gives Y004 at the
    /// first bad byte and no document, as in memory), and notes the line count, a checksum of each
    /// chunk, and the lines that mention `lintas-disable` (read then, for the suppressions); a
    /// second pass feeds libyaml. The result's ``SourceText`` reads lines again on demand. A
    /// failure (a read error, or more than the size limit, in the first pass) means nothing was
    /// given to the sink.
    static func load<S: YAMLDocumentSink>(
        opened: SafeFile.OpenedFile, path: String, file: String, limits: YAMLLimits,
        into sink: inout S
    ) -> Result<LoadedFile, ReadProblem> {
        let chunkBytes = max(limits.chunkBytes, 64 << 10)
        // Pass 1: validate, count, find the marked lines.
        let scan = ChunkedFile(fd: opened.fd, limit: limits.maxFileBytes, chunkBytes: chunkBytes)
        var utf8 = UTF8Stream()
        var invalid: Diagnostic?
        var marks: [(line: Int, lineStart: Int)] = []
        var tail: [UInt8] = []
        let m = ByteScan.marker.count
        while true {
            guard let chunk = scan.read() else { return .failure(scan.failure ?? .failed("read failed")) }
            guard let base = chunk.baseAddress else { break }
            let at = scan.current.start
            if invalid == nil, let bad = utf8.feed(base, chunk.count, base: at) {
                invalid = invalidUTF8(file: file, byte: scan.byte(at: bad), offset: bad, at: scan.position(ofByte: bad))
            }
            // A marker that starts in the previous chunk and ends in this one is on this chunk's
            // first line (it holds no line break).
            if !tail.isEmpty {
                let window = tail + UnsafeRawBufferPointer(rebasing: chunk[0..<min(m - 1, chunk.count)])
                window.withUnsafeBytes { w in
                    ByteScan.markers(w.baseAddress!, w.count) { i in
                        if i < tail.count && (marks.last?.line != scan.current.line) {
                            marks.append((scan.current.line, scan.current.lineStart))
                        }
                    }
                }
            }
            // Each hit's line counted on from the previous hit's (linear in the chunk).
            var cursor = (rel: 0, line: scan.current.line, lineStart: scan.current.lineStart)
            ByteScan.markers(base, chunk.count) { i in
                let l = scan.line(ofChunkOffset: i, from: cursor)
                cursor = (i, l.line, l.lineStart)
                if marks.last?.line != l.line { marks.append(l) }
            }
            tail = Array(UnsafeRawBufferPointer(rebasing: chunk[max(0, chunk.count - (m - 1))...]))
        }
        if invalid == nil, let bad = utf8.finish() {
            invalid = invalidUTF8(file: file, byte: scan.byte(at: bad), offset: bad, at: scan.position(ofByte: bad))
        }
        let snapshot = SourceText.FileSnapshot(
            path: path, identity: opened.identity, size: scan.total, modified: opened.modified,
            chunkBytes: chunkBytes, sums: scan.sums, lineCount: scan.lineCount, bom: scan.bom)
        let marked = markedLines(marks, fd: opened.fd, snapshot: snapshot)
        var result = LoadedFile(
            file: file, documents: [], diagnostics: [], source: SourceText(snapshot: snapshot, marked: marked))
        if let invalid {
            result.diagnostics.append(invalid)
            result.source.setParseFacts(markedScalarSpans: [], parsed: false)
            return .success(result)
        }
        if scan.total == 0 { return .success(result) }
        // Pass 2: parse, from the start again.
        guard lseek(opened.fd, 0, SEEK_SET) == 0 else { return .failure(.system(errno)) }
        let feeder = StreamFeeder(
            ChunkedFile(fd: opened.fd, limit: limits.maxFileBytes, chunkBytes: chunkBytes, replay: scan.chunks))
        var builder = TreeBuilder(file: file, limits: limits, sink: sink)
        builder.markLines = marked.map(\.number)
        builder.run(.stream(feeder))
        sink = builder.sink
        result.documents = builder.documents
        result.diagnostics = builder.diagnostics
        result.source.setParseFacts(
            markedScalarSpans: builder.markedSpans, parsed: !YAMLLoader.unparsed(builder.diagnostics))
        let read = feeder.file
        if read.atEnd && read.sums != snapshot.sums {
            // Not the bytes that were validated: say so, and show none of its lines.
            result.diagnostics.append(
                Diagnostic(
                    "Y001", variant: "unreadable", at: SourceLocation(file: file, line: 1, column: 1), path: "",
                    entity: file,
                    args: [
                        "problem": "it changed while it was being read",
                        "problem_id": "berkas berubah saat sedang dibaca",
                    ]))
            result.source = SourceText(snapshot: snapshot, marked: [], changed: true)
        }
        return .success(result)
    }

    /// The texts of the marked lines (at the given line starts), and the line after each that
    /// holds content, read from the open file right after the pass that found them.
    static func markedLines(_ marks: [(line: Int, lineStart: Int)], fd: Int32, snapshot: SourceText.FileSnapshot)
        -> [SourceText.MarkedLine]
    {
        guard !marks.isEmpty else { return [] }
        var reader = VerifiedChunkReader(size: snapshot.size, chunkBytes: snapshot.chunkBytes, sums: snapshot.sums) {
            offset, buffer in
            guard case .success(let n) = SafeFile.readFully(fd, at: offset, into: buffer) else { return nil }
            return n
        }
        // The marked lines' texts, and where the line after each starts.
        var numbers: [Int] = []
        var texts: [String?] = []
        var after: [Int] = []
        for mark in marks {
            guard let line = reader.line(at: mark.lineStart) else { continue }
            numbers.append(mark.line)
            texts.append(SourceText.text(line.bytes[...], first: mark.line == 1, bom: snapshot.bom))
            after.append(line.next)
        }
        // The lines between them, read in order once (see ``SourceText/nextContentLines``).
        var following = 0
        let targets = SourceText.nextContentLines(numbers, count: snapshot.lineCount, markText: texts) { i, k in
            if k == numbers[i] + 1 { following = after[i] }
            guard let l = reader.line(at: following) else { return nil }
            following = l.next
            return SourceText.text(l.bytes[...], first: false, bom: false)
        }
        return numbers.indices.map {
            SourceText.MarkedLine(number: numbers[$0], text: texts[$0] ?? "", nextContentLine: targets[$0])
        }
    }
}

/// The sink of the plain API: nothing streamed, documents kept.
struct NoSink: YAMLDocumentSink {
    var streamedSections: Set<String> { [] }
    mutating func beginDocument() {}
    mutating func item(_ tape: NodeTape, index: Int, section: String, file: String) {}
    mutating func endSection(_ section: String) {}
    mutating func endDocument(_ root: YAMLNode, file: String) {}
}

/// UTF-8 validation with the position of the first bad byte.
enum UTF8Check {
    /// Offset of the first byte that is not part of a valid UTF-8 sequence, or nil.
    static func firstInvalid(_ b: [UInt8]) -> Int? {
        b.withUnsafeBytes { p -> Int? in
            guard let base = p.baseAddress else { return nil }
            var v = UTF8Stream()
            return v.feed(base, p.count, base: 0) ?? v.finish()
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(ofByte offset: Int, in b: [UInt8]) -> SourcePosition {
        b.withUnsafeBufferPointer { position(ofByte: offset, in: $0) }
    }

    static func position(ofByte offset: Int, in b: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        guard let base = b.baseAddress, offset > 0 else { return .start }
        let end = min(offset, b.count)
        let raw = UnsafeRawPointer(base)
        let line = 1 + ByteScan.newlines(raw, end)
        let last = ByteScan.lastNewline(raw, end)
        var from = last + 1
        if last < 0, b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { from = min(3, end) }
        return SourcePosition(line: line, column: 1 + ByteScan.characters(raw, from, end))
    }
}

/// Hands a ``ChunkedFile`` to libyaml chunk by chunk (its read handler), skipping a UTF-8 BOM.
final class StreamFeeder {
    let file: ChunkedFile
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    private var used = 0
    /// Bytes skipped at the start (a BOM): libyaml's offsets are after them.
    private(set) var skipped = 0

    init(_ file: ChunkedFile) { self.file = file }

    /// Fills libyaml's buffer; false on a failure (``ChunkedFile/failure``).
    func fill(_ buffer: UnsafeMutablePointer<UInt8>, _ size: Int, _ sizeRead: UnsafeMutablePointer<Int>) -> Bool {
        while used == chunk.count {
            guard let next = file.read() else {
                sizeRead.pointee = 0
                return false
            }
            guard next.baseAddress != nil else {
                sizeRead.pointee = 0  // the end
                return true
            }
            chunk = next
            used = 0
            if file.current.start == 0 && file.bom {
                used = 3
                skipped = 3
            }
        }
        let n = min(size, chunk.count - used)
        UnsafeMutableRawPointer(buffer).copyMemory(from: chunk.baseAddress! + used, byteCount: n)
        used += n
        sizeRead.pointee = n
        return true
    }
}

/// libyaml's read handler for a ``StreamFeeder``.
private func streamRead(
    _ data: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int,
    _ sizeRead: UnsafeMutablePointer<Int>?
) -> Int32 {
    guard let data, let buffer, let sizeRead else { return 0 }
    return Unmanaged<StreamFeeder>.fromOpaque(data).takeUnretainedValue().fill(buffer, size, sizeRead) ? 1 : 0
}

/// Where libyaml's bytes come from: a buffer (and how many BOM bytes to skip), or a file.
enum ParserInput {
    case memory(UnsafeBufferPointer<UInt8>, skip: Int)
    case stream(StreamFeeder)
}

/// A key's text, compared cheaply: up to 16 ASCII bytes exactly (as two words and the length),
/// longer ASCII texts by two hashes (then the texts are compared too). Nil for a key that is not
/// ASCII: such keys are compared as Strings (canonical equivalence: "é" written two ways, or the
/// Kelvin sign and "K", are one key).
struct KeyPrint: Hashable {
    var a: UInt64
    var b: UInt64
    /// The byte count, with the top bit set when `a` and `b` are hashes.
    var meta: UInt64

    var isExact: Bool { meta >> 63 == 0 }

    init?(_ p: UnsafeRawBufferPointer) {
        let n = p.count
        if n <= 16 {
            var words: (UInt64, UInt64) = (0, 0)
            if n > 0 { withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: p) } }
            guard (words.0 | words.1) & 0x8080_8080_8080_8080 == 0 else { return nil }
            a = words.0
            b = words.1
            meta = UInt64(n)
            return
        }
        let base = p.baseAddress!
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= n {
            high |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            high |= UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: n)
        a = TextInterner.hash(bytes)
        b = TextInterner.hash(bytes, seed: 0xC2B2_AE3D_27D4_EB4F)
        meta = UInt64(n) | (1 << 63)
    }

    init?(_ text: String) {
        var t = text
        if let p = t.withUTF8({ KeyPrint(UnsafeRawBufferPointer($0)) }) { self = p } else { return nil }
    }
}

/// Builds node trees from libyaml events with explicit stacks.
///
/// The collections being read are frames: the innermost one (`top`) is a stored property, the
/// others wait in `frames`. Their pairs, items and pending keys are not arrays of their own but
/// stretches of three scratch stacks shared by all frames (an inner collection's are above its
/// parent's); a collection that ends moves its stretch out into an array of exactly its size.
/// So a mapping costs one allocation, and no node is copied on its way into its parent.
private struct TreeBuilder<Sink: YAMLDocumentSink> {
    struct Frame {
        var isMapping = false
        var start = SourcePosition.start
        /// Where this collection's pairs (or items) start on the scratch stack.
        var base = 0
        /// Where this mapping's key prints start on `prints`.
        var printBase = 0
        /// Nodes in this collection, itself included (for alias expansion).
        var count = 1
        /// A key was read and waits for its value (on top of `keys`).
        var hasKey = false
        var keyIsScalar = false
        var keyIsMerge = false
        var keyPrint: KeyPrint?
        var keyMode = KeyMode.scan
        /// This frame's ``Extra`` in `extras`, or -1.
        var extra: Int32 = -1
        /// Items handed to the sink (a streamed list).
        var streamed = 0
        /// On the tape (inside a streamed item): pairs or items so far, and the pending key's node.
        var children: Int32 = 0
        var keyIndex: Int32 = -1
    }

    /// How a mapping finds a key given before: by scanning its prints, by a table of prints
    /// (from 16 keys on), or by a table of texts (once a key is not ASCII, or two long texts
    /// hash alike).
    enum KeyMode: UInt8 { case scan, hashed, text }

    /// What few frames need.
    struct Extra {
        var anchor: String?
        var merges: [YAMLNode] = []
        /// For a top-level list whose items go to the sink: its section.
        var streamSection: String?
        var printIndex: [KeyPrint: Int32] = [:]
        var textIndex: [String: SourcePosition] = [:]
    }

    struct PrintEntry {
        var print: KeyPrint
        /// The pair's index on `pairs`.
        var pair: Int32
    }

    /// How a node that becomes a key was written, when the caller knows it.
    struct KeyInfo {
        var isScalar: Bool
        var isMerge: Bool
        var print: KeyPrint?
    }

    let file: String
    let limits: YAMLLimits
    var documents: [YAMLNode] = []
    var diagnostics: [Diagnostic] = []
    var top = Frame()
    var frames: [Frame] = []
    var depth = 0
    var extras: [Extra] = []
    let pairs = ScratchStack<YAMLPair>()
    let items = ScratchStack<YAMLNode>()
    let keys = ScratchStack<YAMLNode>()
    var prints: [PrintEntry] = []
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var expanded = 0
    var root: YAMLNode?
    var fatal = false
    var input: ParserInput?
    /// Scalar texts of 16 to 128 bytes already made (smaller ones are stored inline in a String).
    var interned = TextInterner()
    /// The short texts (up to 15 bytes, stored inline in a String) made last, by their bytes.
    let shortTexts = ShortTextCache()

    /// The lines that mention `lintas-disable` (ascending), and the spans of the scalars that
    /// cover one of them: a directive inside a scalar is data, not a comment.
    var markLines: [Int] = []
    var markedSpans: [SourceRange] = []

    var sink: Sink
    /// The item of a streamed list being read, as a tape (see ``NodeTape``).
    let tape = NodeTape()
    /// The depth of the streamed list being read (its items go to the tape), or 0.
    var streamDepth = 0
    let streamedSections: Set<String>
    /// Whether documents go to the sink (then they are not kept in ``documents``).
    let streaming: Bool

    init(file: String, limits: YAMLLimits, sink: Sink) {
        self.file = file
        self.limits = limits
        self.sink = sink
        self.streamedSections = sink.streamedSections
        self.streaming = !(sink is NoSink)
    }

    func location(_ p: SourcePosition) -> SourceLocation {
        SourceLocation(file: file, range: SourceRange(at: p))
    }

    mutating func report(
        _ code: String, variant: String = "default", at p: SourcePosition, args: [String: String],
        notes: [DiagnosticNote] = []
    ) {
        diagnostics.append(
            Diagnostic(code, variant: variant, at: location(p), path: "", entity: file, args: args, notes: notes))
    }

    @inline(__always) static func position(_ m: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    mutating func run(_ input: ParserInput) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            report(
                "Y001", at: .start,
                args: LibYAMLMessages.arguments(
                    problem: "parser could not be initialised (out of memory)", context: nil
                ).args)
            return
        }
        defer { yaml_parser_delete(&parser) }
        self.input = input
        defer { self.input = nil }
        switch input {
        case .memory(let buffer, let skip):
            yaml_parser_set_input_string(&parser, buffer.baseAddress! + skip, buffer.count - skip)
        case .stream(let feeder):
            yaml_parser_set_input(&parser, streamRead, Unmanaged.passUnretained(feeder).toOpaque())
        }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var event = yaml_event_t()
        while !fatal {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser)
                return
            }
            let done = handle(event)
            yaml_event_delete(&event)
            if done { return }
        }
    }

    mutating func reportParserError(_ parser: yaml_parser_t) {
        if parser.error == YAML_READER_ERROR, case .stream(let feeder)? = input, let failure = feeder.file.failure {
            // The file could not be read on (an I/O error, or it grew over the limit).
            diagnostics.append(AgencyLoader.diagnostic(failure, file: file, limits: limits))
            return
        }
        var problem =
            TreeBuilder<Sink>.string(
                UnsafeMutablePointer(mutating: parser.problem).map {
                    UnsafeMutableRawPointer($0).assumingMemoryBound(to: yaml_char_t.self)
                }) ?? "unknown error"
        if parser.error == YAML_MEMORY_ERROR { problem = "out of memory" }
        // libyaml's English, translated where it is one of its known texts; the English stays
        // in a note.
        let (args, known) = LibYAMLMessages.arguments(
            problem: problem, context: parser.context.map { String(cString: $0) })
        var pos = TreeBuilder<Sink>.position(parser.problem_mark)
        if parser.error == YAML_READER_ERROR {
            // Reader errors (control characters, NUL) carry a byte offset, not a mark.
            switch input {
            case .memory(let buffer, let skip)?:
                pos = UTF8Check.position(ofByte: min(parser.problem_offset + skip, buffer.count), in: buffer)
            case .stream(let feeder)?:
                pos = feeder.file.position(ofByte: parser.problem_offset + feeder.skipped)
            case nil:
                break
            }
        }
        if pos.line < 1 { pos = .start }
        var notes: [DiagnosticNote] = []
        if parser.context != nil {
            let cpos = TreeBuilder<Sink>.position(parser.context_mark)
            if cpos != pos { notes.append(DiagnosticNote("context", at: location(cpos), args: args)) }
        }
        notes.append(DiagnosticNote("original", at: location(pos), args: args))
        report("Y001", variant: known ? "default" : "untranslated", at: pos, args: args, notes: notes)
    }

    /// Handles one event; returns true at the end of the stream or on a fatal limit.
    mutating func handle(_ event: yaml_event_t) -> Bool {
        switch event.type {
        case YAML_SCALAR_EVENT:
            return scalar(event)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            end(TreeBuilder<Sink>.position(event.end_mark))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            return start(event)
        case YAML_ALIAS_EVENT:
            return alias(event)
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
            expanded = 0
            root = nil
            if streaming { sink.beginDocument() }
        case YAML_DOCUMENT_END_EVENT:
            if let r = root {
                if streaming { sink.endDocument(r, file: file) } else { documents.append(r) }
            }
            root = nil
        default:
            break
        }
        return false
    }

    /// Keeps the span of a scalar that covers a marked line (few files have any).
    mutating func noteMarkedSpan(_ event: yaml_event_t) {
        let first = Int(event.start_mark.line) + 1
        let last = Int(event.end_mark.line) + 1
        // The first marked line at or after the scalar's start.
        var lo = 0
        var hi = markLines.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if markLines[mid] < first { lo = mid + 1 } else { hi = mid }
        }
        guard lo < markLines.count, markLines[lo] <= last else { return }
        markedSpans.append(
            SourceRange(
                start: TreeBuilder<Sink>.position(event.start_mark), end: TreeBuilder<Sink>.position(event.end_mark)))
    }

    mutating func scalar(_ event: yaml_event_t) -> Bool {
        if !markLines.isEmpty { noteMarkedSpan(event) }
        let start = TreeBuilder<Sink>.position(event.start_mark)
        let s = event.data.scalar
        if s.length > limits.maxScalarBytes {
            report(
                "Y005", variant: "scalar", at: start,
                args: [
                    "what": "value", "what_id": "nilai", "limit": "\(limits.maxScalarBytes)", "size": "\(s.length)",
                ])
            fatal = true
            return true
        }
        let bytes = UnsafeRawBufferPointer(start: s.value, count: s.value == nil ? 0 : s.length)
        let text: String
        if bytes.count <= 15 && !bytes.isEmpty {
            // Keys and short values repeat all the time: one String each, found by their bytes.
            text = shortTexts.text(bytes)
        } else if bytes.count > 15 && bytes.count <= 128 {
            // Longer texts (NIPs, names, posts) repeat across an agency: keep one copy each,
            // found by its bytes before a String is made.
            text = interned.text(bytes.assumingMemoryBound(to: UInt8.self))
        } else if bytes.isEmpty {
            text = ""
        } else {
            text = String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        }
        let style: YAMLScalar.Style
        switch s.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        var info: KeyInfo?
        if depth > 0 && top.isMapping && !top.hasKey {
            let merge =
                style == .plain && s.tag == nil && bytes.count == 2 && bytes[0] == UInt8(ascii: "<")
                && bytes[1] == UInt8(ascii: "<")
            info = KeyInfo(isScalar: true, isMerge: merge, print: KeyPrint(bytes))
        }
        let range = SourceRange(start: start, end: TreeBuilder<Sink>.position(event.end_mark))
        // The text, the scalar and the node are moved (`consume`) into each other: without it
        // the optimiser retains the text twice and releases it three times per scalar. Most
        // scalars have neither a tag nor an anchor: no optional String to release either.
        if s.tag == nil && s.anchor == nil {
            let value = YAMLScalar(text: consume text, style: style, tagCode: .none)
            if streamDepth > 0 {
                completeOnTape(tape.append(scalar: value, range: range), count: 1, anchor: nil, key: info)
                return false
            }
            complete(YAMLNode(kind: .scalar(consume value), range: range), count: 1, anchor: nil, key: info)
            return false
        }
        var tagCode = YAMLScalar.TagCode.none
        var otherTag: String?
        if let t = s.tag {
            let tag = TreeBuilder<Sink>.string(t)!
            if tag == "!" {
                tagCode = .str
            } else if let code = YAMLScalar.code(ofTag: tag) {
                tagCode = code
            } else {
                otherTag = tag
            }
        }
        let anchor = s.anchor == nil ? nil : TreeBuilder<Sink>.string(s.anchor)
        let value: YAMLScalar
        if let otherTag {
            value = YAMLScalar(text: consume text, style: style, tag: otherTag)
        } else {
            value = YAMLScalar(text: consume text, style: style, tagCode: tagCode)
        }
        if streamDepth > 0 {
            completeOnTape(tape.append(scalar: value, range: range), count: 1, anchor: anchor, key: info)
            return false
        }
        let node = YAMLNode(kind: .scalar(consume value), range: range)
        complete(consume node, count: 1, anchor: anchor, key: info)
        return false
    }

    mutating func alias(_ event: yaml_event_t) -> Bool {
        let start = TreeBuilder<Sink>.position(event.start_mark)
        let name = TreeBuilder<Sink>.string(event.data.alias.anchor) ?? ""
        guard let target = anchors[name] else {
            report(
                "Y001", variant: "undefined_alias", at: start,
                args: ["problem": "undefined alias *\(name)", "alias": name])
            // A merge of an undefined alias: the finding above says it all.
            if depth > 0, top.isMapping, top.hasKey, top.keyIsMerge {
                top.hasKey = false
                if streamDepth > 0 { tape.truncate(to: Int(top.keyIndex)) } else { _ = keys.pop() }
                return false
            }
            let end = TreeBuilder<Sink>.position(event.end_mark)
            let empty = YAMLNode(kind: .scalar(YAMLScalar(text: "")), range: SourceRange(start: start, end: end))
            if streamDepth > 0 {
                completeOnTape(tape.append(empty), count: 1, anchor: nil)
                return false
            }
            complete(empty, count: 1, anchor: nil)
            return false
        }
        expanded += target.count
        if expanded > limits.maxAliasNodes {
            report(
                "Y003", variant: "aliases", at: start,
                args: [
                    "alias": name, "limit": "\(limits.maxAliasNodes)", "what": "alias expansion",
                    "what_id": "ekspansi alias",
                ])
            fatal = true
            return true
        }
        if streamDepth > 0 {
            completeOnTape(tape.append(target.node), count: target.count, anchor: nil)
            return false
        }
        complete(target.node, count: target.count, anchor: nil)
        return false
    }

    mutating func start(_ event: yaml_event_t) -> Bool {
        let start = TreeBuilder<Sink>.position(event.start_mark)
        if depth >= limits.maxDepth {
            report(
                "Y003", variant: "depth", at: start,
                args: [
                    "limit": "\(limits.maxDepth)", "what": "nesting depth", "what_id": "kedalaman bersarang",
                ])
            fatal = true
            return true
        }
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let anchorText = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
        var extra: Extra?
        if anchorText != nil { extra = Extra(anchor: TreeBuilder<Sink>.string(anchorText)) }
        var streamed = false
        var frame: Frame
        if streamDepth > 0 {
            // Inside a streamed item: the collection's node goes on the tape, its children after it.
            frame = Frame(
                isMapping: isMapping, start: start, base: tape.open(isMapping ? .mapping : .sequence, start: start),
                printBase: prints.count)
        } else {
            // A list that is the value of a streamed top-level key (given once) goes item by item.
            if !isMapping, depth == 1, top.isMapping, top.hasKey, top.keyIsScalar {
                let key = keys.top
                if let k = key.scalar, k.isPlain, streamedSections.contains(k.text), !givenBefore(k.text) {
                    if extra == nil { extra = Extra() }
                    extra!.streamSection = k.text
                    streamed = true
                }
            }
            frame = Frame(
                isMapping: isMapping, start: start, base: isMapping ? pairs.count : items.count,
                printBase: prints.count)
        }
        if let extra {
            frame.extra = Int32(extras.count)
            extras.append(extra)
        }
        if depth > 0 { frames.append(top) }
        top = frame
        depth += 1
        if streamed { streamDepth = depth }
        return false
    }

    /// Whether the top mapping already has a pair with this key (scanned: only asked at the top
    /// level, which has a handful of keys).
    func givenBefore(_ text: String) -> Bool {
        for i in top.base..<pairs.count where pairs[i].key.hasScalarText(text) { return true }
        return false
    }

    mutating func end(_ end: SourcePosition) {
        guard depth > 0 else { return }
        if streamDepth > 0 {
            if depth > streamDepth {
                endOnTape(end)
                return
            }
            streamDepth = 0  // the streamed list itself ends
        }
        let frame = top
        depth -= 1
        if depth > 0 { top = frames.removeLast() } else { top = Frame() }
        var extra: Extra?
        if frame.extra >= 0 { extra = extras.removeLast() }
        if let section = extra?.streamSection { sink.endSection(section) }
        let range = SourceRange(start: frame.start, end: end)
        let node: YAMLNode
        if frame.isMapping {
            if frame.hasKey {
                // Cannot happen with a well-formed event stream; keep the key with a null value.
                let k = keys.pop()
                let at = k.range.end
                pairs.push(
                    YAMLPair(key: k, value: YAMLNode(kind: .scalar(YAMLScalar(text: "")), range: SourceRange(at: at))))
            }
            prints.removeSubrange(frame.printBase...)
            var list = pairs.take(from: frame.base)
            if let merges = extra?.merges, !merges.isEmpty { applyMerges(&list, merges) }
            node = YAMLNode(kind: .mapping(list), range: range)
        } else {
            node = YAMLNode(kind: .sequence(items.take(from: frame.base)), range: range)
        }
        complete(node, count: frame.count, anchor: extra?.anchor)
    }

    /// Attaches a finished node to its parent (or makes it the document root).
    mutating func complete(_ node: consuming YAMLNode, count: Int, anchor: String?, key info: KeyInfo? = nil) {
        if let anchor { anchors[anchor] = (node, count) }
        guard depth > 0 else {
            root = node
            return
        }
        top.count += count
        if !top.isMapping {
            items.push(node)
            return
        }
        guard top.hasKey else {
            // Not `info ?? keyInfo(node)`: the autoclosure would capture (and copy) the node.
            let k: KeyInfo
            if let info { k = info } else { k = TreeBuilder<Sink>.keyInfo(node) }
            top.hasKey = true
            top.keyIsScalar = k.isScalar
            top.keyIsMerge = k.isMerge
            top.keyPrint = k.print
            keys.push(node)
            return
        }
        top.hasKey = false
        let key = keys.pop()
        if top.keyIsMerge {
            extraIndex()
            extras[Int(top.extra)].merges.append(node)
            return
        }
        if top.keyIsScalar,
            let first = firstPosition(
                pendingText: { key.scalar?.text ?? "" }, pendingStart: key.range.start, newPair: Int32(pairs.count))
        {
            let text = key.scalar?.text ?? ""
            report(
                "Y002", at: key.range.start, args: ["key": text],
                notes: [
                    DiagnosticNote("first", at: location(first), args: ["key": text])
                ])
            return
        }
        pairs.push(YAMLPair(key: consume key, value: node))
    }

    /// ``complete(_:count:anchor:key:)`` for a node written on the tape at `index`: inside a
    /// streamed item, or the item itself (then handed to the sink, and the tape emptied).
    mutating func completeOnTape(_ index: Int, count: Int, anchor: String?, key info: KeyInfo? = nil) {
        if let anchor { anchors[anchor] = (tape.node(index), count) }
        top.count += count
        if depth == streamDepth {
            let section = extras[Int(top.extra)].streamSection ?? ""
            sink.item(tape, index: top.streamed, section: section, file: file)
            top.streamed += 1
            tape.removeAll()
            return
        }
        if !top.isMapping {
            top.children += 1
            return
        }
        guard top.hasKey else {
            let k: KeyInfo
            if let info {
                k = info
            } else if let s = tape.scalar(index) {
                k = KeyInfo(isScalar: true, isMerge: s.isPlain && s.text == "<<", print: KeyPrint(s.text))
            } else {
                k = KeyInfo(isScalar: false, isMerge: false, print: nil)
            }
            top.hasKey = true
            top.keyIsScalar = k.isScalar
            top.keyIsMerge = k.isMerge
            top.keyPrint = k.print
            top.keyIndex = Int32(truncatingIfNeeded: index)
            return
        }
        top.hasKey = false
        let key = Int(top.keyIndex)
        if top.keyIsMerge {
            extraIndex()
            extras[Int(top.extra)].merges.append(tape.node(index))
            tape.truncate(to: key)
            return
        }
        let tape = self.tape
        if top.keyIsScalar,
            let first = firstPosition(
                pendingText: { tape.text(key) }, pendingStart: tape.range(key).start, newPair: Int32(key))
        {
            let text = tape.text(key)
            report(
                "Y002", at: tape.range(key).start, args: ["key": text],
                notes: [
                    DiagnosticNote("first", at: location(first), args: ["key": text])
                ])
            tape.truncate(to: key)
            return
        }
        top.children += 1
    }

    /// ``end(_:)`` of a collection inside a streamed item: its node on the tape is finished.
    mutating func endOnTape(_ end: SourcePosition) {
        var frame = top
        depth -= 1
        top = frames.removeLast()
        var extra: Extra?
        if frame.extra >= 0 { extra = extras.removeLast() }
        if frame.isMapping {
            if frame.hasKey {
                // Cannot happen with a well-formed event stream; keep the key with a null value.
                let at = tape.range(Int(frame.keyIndex)).end
                tape.append(scalar: YAMLScalar(text: ""), range: SourceRange(at: at))
                frame.children += 1
            }
            prints.removeSubrange(frame.printBase...)
            if let merges = extra?.merges, !merges.isEmpty {
                frame.children += Int32(truncatingIfNeeded: applyMergesOnTape(frame, merges))
            }
        }
        tape.close(frame.base, end: end, count: Int(frame.children))
        completeOnTape(frame.base, count: frame.count, anchor: extra?.anchor)
    }

    /// ``applyMerges(_:_:)`` for the mapping of `frame` on the tape (it is the tape's last node
    /// tree, so merged pairs go after its own). Returns the number of pairs added.
    mutating func applyMergesOnTape(_ frame: Frame, _ merges: [YAMLNode]) -> Int {
        var present = Set<String>()
        var k = frame.base + 1
        for _ in 0..<frame.children {
            let v = tape.end(k)
            if tape.isScalar(k) { present.insert(tape.text(k)) }
            k = tape.end(v)
        }
        var added = 0
        let tape = self.tape
        forEachMergedPair(merges) { p in
            guard let t = p.key.scalar?.text, present.insert(t).inserted else { return }
            tape.append(p.key)
            tape.append(p.value)
            added += 1
        }
        return added
    }

    /// The pairs that merge keys bring, in order (a merge of a non-mapping is Y001).
    mutating func forEachMergedPair(_ merges: [YAMLNode], _ body: (YAMLPair) -> Void) {
        for m in merges {
            let sources: [YAMLNode] = m.items ?? [m]
            for src in sources {
                guard let merged = src.pairs else {
                    report(
                        "Y001", variant: "merge", at: src.range.start,
                        args: ["problem": "merge key '<<' needs a mapping or a list of mappings"])
                    continue
                }
                for p in merged { body(p) }
            }
        }
    }

    /// How a node given as a key (an alias, a collection) was written.
    static func keyInfo(_ node: borrowing YAMLNode) -> KeyInfo {
        guard case .scalar(let s) = node.kind else { return KeyInfo(isScalar: false, isMerge: false, print: nil) }
        let text = s.text
        return KeyInfo(isScalar: true, isMerge: s.isPlain && text == "<<", print: KeyPrint(text))
    }

    /// Gives the top frame an ``Extra`` when it has none.
    mutating func extraIndex() {
        guard top.extra < 0 else { return }
        top.extra = Int32(extras.count)
        extras.append(Extra())
    }

    /// Where the pending scalar key was first given in the top mapping; records it when new (as
    /// `newPair`: the index of the pair about to be pushed, or on the tape the key's node).
    /// `pendingText` and `pendingStart` are the pending key's.
    mutating func firstPosition(pendingText: () -> String, pendingStart: SourcePosition, newPair pair: Int32)
        -> SourcePosition?
    {
        guard top.keyMode != .text, let p = top.keyPrint else {
            return firstPositionByText(pendingText(), pendingStart)
        }
        var earlier: Int32 = -1
        if top.keyMode == .scan {
            var i = top.printBase
            let n = prints.count
            while i < n {
                if prints[i].print == p {
                    earlier = prints[i].pair
                    break
                }
                i += 1
            }
            if earlier < 0 {
                prints.append(PrintEntry(print: p, pair: pair))
                if n + 1 - top.printBase > 16 {
                    // Many keys: a table from now on.
                    extraIndex()
                    var table: [KeyPrint: Int32] = [:]
                    table.reserveCapacity(64)
                    for e in prints[top.printBase...] { table[e.print] = e.pair }
                    extras[Int(top.extra)].printIndex = table
                    top.keyMode = .hashed
                }
                return nil
            }
        } else {
            let e = Int(top.extra)
            if let found = extras[e].printIndex[p] {
                earlier = found
            } else {
                extras[e].printIndex[p] = pair
                return nil
            }
        }
        let first = Int(earlier)
        if p.isExact || pairKeyText(first) == pendingText() { return pairKeyStart(first) }
        // Two different long keys with one print: compare texts from now on.
        return firstPositionByText(pendingText(), pendingStart)
    }

    /// The text of the key of pair `i` (on the tape: of the key's node `i`); nil when not a scalar.
    func pairKeyText(_ i: Int) -> String? {
        if streamDepth > 0 { return tape.isScalar(i) ? tape.text(i) : nil }
        return pairs[i].key.scalar?.text
    }

    func pairKeyStart(_ i: Int) -> SourcePosition {
        streamDepth > 0 ? tape.range(i).start : pairs[i].key.range.start
    }

    /// Like ``firstPosition(pendingText:pendingStart:newPair:)``, with the keys' texts as Strings.
    mutating func firstPositionByText(_ text: String, _ start: SourcePosition) -> SourcePosition? {
        extraIndex()
        let e = Int(top.extra)
        if top.keyMode != .text {
            var index: [String: SourcePosition] = [:]
            if streamDepth > 0 {
                var k = top.base + 1
                for _ in 0..<top.children {
                    let v = tape.end(k)
                    if tape.isScalar(k), index[tape.text(k)] == nil { index[tape.text(k)] = tape.range(k).start }
                    k = tape.end(v)
                }
            } else {
                for i in top.base..<pairs.count {
                    if let t = pairs[i].key.scalar?.text, index[t] == nil { index[t] = pairs[i].key.range.start }
                }
            }
            extras[e].textIndex = index
            extras[e].printIndex = [:]
            top.keyMode = .text
        }
        if let p = extras[e].textIndex[text] { return p }
        extras[e].textIndex[text] = start
        return nil
    }

    /// YAML merge keys (`<<: *base`): keys written in the mapping win over merged ones.
    mutating func applyMerges(_ pairs: inout [YAMLPair], _ merges: [YAMLNode]) {
        var present = Set(pairs.compactMap { $0.key.scalar?.text })
        var added: [YAMLPair] = []
        forEachMergedPair(merges) { p in
            guard let t = p.key.scalar?.text, present.insert(t).inserted else { return }
            added.append(p)
        }
        pairs += added
    }
}

/// A stack of values in one buffer, from which a stretch at the top is moved out into an exactly
/// sized array (no value is copied or released on the way).
final class ScratchStack<T> {
    private var base: UnsafeMutablePointer<T>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always) func push(_ value: consuming T) {
        if count == capacity { grow() }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(never) private func grow() {
        let bigger = UnsafeMutablePointer<T>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always) func pop() -> T {
        count -= 1
        return (base + count).move()
    }

    @inline(__always) var top: T { base[count - 1] }

    @inline(__always) subscript(i: Int) -> T { base[i] }

    /// The values from `start` up, moved out in order. (Appended one by one to a reserved array:
    /// `Array(unsafeUninitializedCapacity:)` goes through an unspecialised allocation in the
    /// standard library, several times dearer.)
    @inline(__always) func take(from start: Int) -> [T] {
        let n = count - start
        guard n > 0 else { return [] }
        var out: [T] = []
        out.reserveCapacity(n)
        for i in start..<count { out.append((base + i).move()) }
        count = start
        return out
    }
}

/// Short texts (up to 15 bytes, which a String holds inline) by their bytes, in a table where a
/// text replaces the one in its slot: a text seen before costs a load and a compare instead of
/// the validation and making of a String.
final class ShortTextCache {
    private struct Slot {
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        /// The byte count; 0: empty.
        var count: UInt64 = 0
        var text = ""
    }

    private static let bits = 10
    private let slots: UnsafeMutablePointer<Slot>

    init() {
        slots = .allocate(capacity: 1 << ShortTextCache.bits)
        slots.initialize(repeating: Slot(), count: 1 << ShortTextCache.bits)
    }

    deinit {
        slots.deinitialize(count: 1 << ShortTextCache.bits)
        slots.deallocate()
    }

    /// The String of 1 to 15 bytes.
    func text(_ bytes: UnsafeRawBufferPointer) -> String {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        let n = UInt64(bytes.count)
        let h = (words.0 &* 0x9E37_79B9_7F4A_7C15) ^ (words.1 &* 0xC2B2_AE3D_27D4_EB4F) ^ n
        let slot = slots + Int(truncatingIfNeeded: (h &* 0xFF51_AFD7_ED55_8CCD) >> UInt64(64 - ShortTextCache.bits))
        if slot.pointee.count == n && slot.pointee.w0 == words.0 && slot.pointee.w1 == words.1 {
            return slot.pointee.text
        }
        let t = String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        slot.pointee = Slot(w0: words.0, w1: words.1, count: n, text: t)
        return t
    }
}

/// One String per distinct text, looked up by the text's bytes (an open-addressing table with a
/// cheap hash): a text seen before costs a hash and a compare, and makes no String.
struct TextInterner {
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 10)
    private var hashes: [UInt64] = []
    private var texts: [String] = []

    static func hash(_ b: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
        var h: UInt64 = seed ^ UInt64(b.count)
        let raw = UnsafeRawPointer(b.baseAddress!)
        var i = 0
        while i + 8 <= b.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
            i += 8
        }
        while i < b.count {
            h = (h ^ UInt64(b[i])) &* 0x0000_0100_0000_01B3
            i += 1
        }
        return h ^ (h >> 32)
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let h = TextInterner.hash(bytes)
        var mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 {
            let k = Int(slots[i])
            if hashes[k] == h, texts[k].utf8.count == bytes.count,
                texts[k].utf8.withContiguousStorageIfAvailable({
                    memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0
                }) == true
            {
                return texts[k]
            }
            i = (i + 1) & mask
        }
        let s = String(decoding: bytes, as: UTF8.self)
        slots[i] = Int32(texts.count)
        hashes.append(h)
        texts.append(s)
        if texts.count * 2 > slots.count {
            // Grow at half full: probes stay short.
            slots = Array(repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (k, hk) in hashes.enumerated() {
                var j = Int(truncatingIfNeeded: hk) & mask
                while slots[j] >= 0 { j = (j + 1) & mask }
                slots[j] = Int32(k)
            }
        }
        return s
    }
}

import CYaml
import Foundation

/// Safe limits for reading YAML. Crossing one is a finding (Y003, Y005), never a crash.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest file read, in bytes (Y005).
    public var maxFileBytes: Int = 256 << 20
    /// Deepest nesting of collections (Y003). Agencies need about 8.
    public var maxDepth: Int = 128
    /// Most nodes that aliases may add by expansion, per document (Y003, "billion laughs").
    public var maxAliasNodes: Int = 100_000
    /// Longest scalar (a key or a value), in bytes (Y005).
    public var maxScalarBytes: Int = 1 << 20

    public init() {}
}

/// One YAML file, read into located nodes.
public struct LoadedFile: Sendable {
    /// The file as displayed (relative to the working directory).
    public var file: String
    /// The roots of the documents that were read completely, in order.
    public var documents: [YAMLNode]
    /// Y findings (and nothing else).
    public var diagnostics: [Diagnostic]
    public var source: SourceText
}

/// Receives documents as they are read, and the items of chosen top-level lists one by one, so
/// that a large file never exists as one node tree (see ``YAMLLoader/load(bytes:file:limits:into:)``).
public protocol YAMLDocumentSink {
    /// Top-level keys whose list items are handed over one at a time.
    var streamedSections: Set<String> { get }
    /// A document starts: forget items of a document that was not completed.
    mutating func beginDocument()
    /// One item of a streamed list (`section`), 0-based `index` in that list.
    mutating func item(_ node: YAMLNode, index: Int, section: String, file: String)
    /// A streamed list ended (its items were all handed over).
    mutating func endSection(_ section: String)
    /// A document was read completely. Its streamed lists are empty sequences in `root`.
    mutating func endDocument(_ root: YAMLNode, file: String)
}

/// Reads YAML through libyaml's event parser into ``YAMLNode`` trees without recursion, keeping a
/// source position on every node. Reports syntax errors (Y001), duplicate keys (Y002, at the second
/// key), alias bombs and deep nesting (Y003), invalid UTF-8 (Y004) and oversize values (Y005).
public enum YAMLLoader {
    public static let codes = ["Y001", "Y002", "Y003", "Y004", "Y005"]

    public static func load(bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits()) -> LoadedFile {
        var none = NoSink()
        return load(bytes: bytes, file: file, limits: limits, sink: &none)
    }

    /// Like ``load(bytes:file:limits:)``, but hands each document to `sink` as soon as it is
    /// complete, and the items of its streamed sections one by one as they are read; such items
    /// are not kept in the tree, and the documents are not kept in the result.
    public static func load<S: YAMLDocumentSink>(bytes: [UInt8], file: String, limits: YAMLLimits = YAMLLimits(), into sink: inout S) -> LoadedFile {
        load(bytes: bytes, file: file, limits: limits, sink: &sink)
    }

    private static func load<S: YAMLDocumentSink>(bytes: [UInt8], file: String, limits: YAMLLimits, sink: inout S) -> LoadedFile {
        let source = SourceText(bytes: bytes)
        var result = LoadedFile(file: file, documents: [], diagnostics: [], source: source)
        if bytes.count > limits.maxFileBytes {
            result.diagnostics.append(Diagnostic(
                "Y005", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file,
                args: ["what": "file", "what_id": "berkas", "limit": "\(limits.maxFileBytes)", "size": "\(bytes.count)"]))
            return result
        }
        if let bad = UTF8Check.firstInvalid(bytes) {
            let pos = UTF8Check.position(ofByte: bad, in: bytes)
            result.diagnostics.append(Diagnostic(
                "Y004", at: SourceLocation(file: file, range: SourceRange(at: pos)), path: "", entity: file,
                args: ["byte": "0x" + String(bytes[bad], radix: 16, uppercase: true), "offset": "\(bad)"]))
            return result
        }
        if bytes.isEmpty { return result }
        var builder = TreeBuilder(file: file, limits: limits, sink: sink)
        bytes.withUnsafeBufferPointer { buffer in
            builder.run(buffer)
        }
        sink = builder.sink
        result.documents = builder.documents
        result.diagnostics = builder.diagnostics
        return result
    }
}

/// The sink of the plain API: nothing streamed, documents kept.
struct NoSink: YAMLDocumentSink {
    var streamedSections: Set<String> { [] }
    mutating func beginDocument() {}
    mutating func item(_ node: YAMLNode, index: Int, section: String, file: String) {}
    mutating func endSection(_ section: String) {}
    mutating func endDocument(_ root: YAMLNode, file: String) {}
}

/// UTF-8 validation with the position of the first bad byte.
enum UTF8Check {
    /// Offset of the first byte that is not part of a valid UTF-8 sequence, or nil.
    static func firstInvalid(_ b: [UInt8]) -> Int? {
        b.withUnsafeBufferPointer { p -> Int? in
            let n = p.count
            var i = 0
            while i < n {
                let c = p[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var minCode: UInt32 = 0
                var code: UInt32 = 0
                if c >= 0xC2 && c <= 0xDF { need = 1; code = UInt32(c & 0x1F); minCode = 0x80 }
                else if c >= 0xE0 && c <= 0xEF { need = 2; code = UInt32(c & 0x0F); minCode = 0x800 }
                else if c >= 0xF0 && c <= 0xF4 { need = 3; code = UInt32(c & 0x07); minCode = 0x10000 }
                else { return i }
                if i + need >= n { return i }
                for k in 1...need {
                    let cc = p[i + k]
                    guard cc & 0xC0 == 0x80 else { return i }
                    code = (code << 6) | UInt32(cc & 0x3F)
                }
                if code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) { return i }
                i += need + 1
            }
            return nil
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(ofByte offset: Int, in b: [UInt8]) -> SourcePosition {
        b.withUnsafeBufferPointer { position(ofByte: offset, in: $0) }
    }

    static func position(ofByte offset: Int, in b: UnsafeBufferPointer<UInt8>) -> SourcePosition {
        var line = 1
        var lineStart = 0
        for i in 0..<min(offset, b.count) where b[i] == 10 {
            line += 1
            lineStart = i + 1
        }
        var column = 1
        var i = lineStart
        if line == 1, b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        while i < offset {
            if b[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(line: line, column: column)
    }
}

/// Builds node trees from libyaml events with an explicit stack.
private struct TreeBuilder<Sink: YAMLDocumentSink> {
    struct Frame {
        var isMapping: Bool
        var start: SourcePosition
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var count = 1
        var keyIndex: [String: SourcePosition]?
        var merges: [YAMLNode] = []
        /// For a top-level list whose items go to the sink: the section, and items handed over.
        var streamSection: String?
        var streamed = 0
    }

    let file: String
    let limits: YAMLLimits
    var documents: [YAMLNode] = []
    var diagnostics: [Diagnostic] = []
    var stack: [Frame] = []
    var anchors: [String: (node: YAMLNode, count: Int)] = [:]
    var expanded = 0
    var root: YAMLNode?
    var fatal = false
    /// The whole input (valid only during ``run(_:)``) and how many BOM bytes were skipped.
    var input: UnsafeBufferPointer<UInt8>?
    var inputOffset = 0
    /// Scalar texts of 16 to 128 bytes already made (smaller ones are stored inline in a String).
    var interned = TextInterner()

    var sink: Sink
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

    mutating func report(_ code: String, variant: String = "default", at p: SourcePosition, args: [String: String], notes: [DiagnosticNote] = []) {
        diagnostics.append(Diagnostic(code, variant: variant, at: location(p), path: "", entity: file, args: args, notes: notes))
    }

    static func position(_ m: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            report("Y001", at: .start, args: LibYAMLMessages.arguments(problem: "parser could not be initialised (out of memory)", context: nil).args)
            return
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml skips a BOM only when it detects the encoding itself; the encoding is set (the
        // bytes are known to be UTF-8), so skip a UTF-8 BOM here. Line 1's columns then start
        // after it, as they should.
        var input = buffer
        if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
            input = UnsafeBufferPointer(rebasing: buffer[3...])
            inputOffset = 3
        }
        self.input = buffer
        defer { self.input = nil }
        yaml_parser_set_input_string(&parser, input.baseAddress, input.count)
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
        var problem = TreeBuilder<Sink>.string(UnsafeMutablePointer(mutating: parser.problem).map {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: yaml_char_t.self)
        }) ?? "unknown error"
        if parser.error == YAML_MEMORY_ERROR { problem = "out of memory" }
        // libyaml's English, translated where it is one of its known texts; the English stays
        // in a note.
        let (args, known) = LibYAMLMessages.arguments(problem: problem, context: parser.context.map { String(cString: $0) })
        var pos = TreeBuilder<Sink>.position(parser.problem_mark)
        if parser.error == YAML_READER_ERROR, let input {
            // Reader errors (control characters, NUL) carry a byte offset, not a mark.
            let offset = min(parser.problem_offset + inputOffset, input.count)
            pos = UTF8Check.position(ofByte: offset, in: input)
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
        let start = TreeBuilder<Sink>.position(event.start_mark)
        let end = TreeBuilder<Sink>.position(event.end_mark)
        switch event.type {
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
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            if s.length > limits.maxScalarBytes {
                report("Y005", variant: "scalar", at: start, args: [
                    "what": "value", "what_id": "nilai", "limit": "\(limits.maxScalarBytes)", "size": "\(s.length)",
                ])
                fatal = true
                return true
            }
            let text: String
            if let v = s.value, s.length > 15 && s.length <= 128 {
                // Longer texts (NIPs, names, posts) repeat across an agency: keep one copy each,
                // found by its bytes before a String is made.
                text = interned.text(UnsafeBufferPointer(start: v, count: s.length))
            } else {
                text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            }
            let style: YAMLScalar.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            var tag = TreeBuilder<Sink>.string(s.tag)
            if tag == "!" { tag = YAMLScalar.strTag }
            let node = YAMLNode(kind: .scalar(YAMLScalar(text: text, style: style, tag: tag)), range: SourceRange(start: start, end: end))
            complete(node, count: 1, anchor: TreeBuilder<Sink>.string(s.anchor))
        case YAML_ALIAS_EVENT:
            let name = TreeBuilder<Sink>.string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                report("Y001", variant: "undefined_alias", at: start, args: ["problem": "undefined alias *\(name)", "alias": name])
                // A merge of an undefined alias: the finding above says it all.
                if let top = stack.indices.last, stack[top].isMapping, let k = stack[top].pendingKey?.scalar, k.isPlain, k.text == "<<" {
                    stack[top].pendingKey = nil
                    return false
                }
                complete(YAMLNode(kind: .scalar(YAMLScalar(text: "")), range: SourceRange(start: start, end: end)), count: 1, anchor: nil)
                return false
            }
            expanded += target.count
            if expanded > limits.maxAliasNodes {
                report("Y003", variant: "aliases", at: start, args: [
                    "alias": name, "limit": "\(limits.maxAliasNodes)", "what": "alias expansion", "what_id": "ekspansi alias",
                ])
                fatal = true
                return true
            }
            complete(target.node, count: target.count, anchor: nil)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            if stack.count >= limits.maxDepth {
                report("Y003", variant: "depth", at: start, args: [
                    "limit": "\(limits.maxDepth)", "what": "nesting depth", "what_id": "kedalaman bersarang",
                ])
                fatal = true
                return true
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? TreeBuilder<Sink>.string(event.data.mapping_start.anchor)
                                   : TreeBuilder<Sink>.string(event.data.sequence_start.anchor)
            var frame = Frame(isMapping: isMapping, start: start, anchor: anchor)
            // A list that is the value of a streamed top-level key (given once) goes item by item.
            if !isMapping, stack.count == 1, stack[0].isMapping, let key = stack[0].pendingKey?.scalar, key.isPlain,
               streamedSections.contains(key.text), !stack[0].pairs.contains(where: { $0.key.scalar?.text == key.text }) {
                frame.streamSection = key.text
            }
            stack.append(frame)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard var frame = stack.popLast() else { return false }
            if let section = frame.streamSection { sink.endSection(section) }
            let range = SourceRange(start: frame.start, end: end)
            let node: YAMLNode
            if frame.isMapping {
                if frame.pendingKey != nil {
                    // Cannot happen with a well-formed event stream; keep the key with a null value.
                    let k = frame.pendingKey!
                    frame.pairs.append(YAMLPair(key: k, value: YAMLNode(kind: .scalar(YAMLScalar(text: "")), range: SourceRange(at: k.range.end))))
                }
                applyMerges(&frame)
                node = YAMLNode(kind: .mapping(frame.pairs), range: range)
            } else {
                node = YAMLNode(kind: .sequence(frame.items), range: range)
            }
            complete(node, count: frame.count, anchor: frame.anchor)
        default:
            break
        }
        return false
    }

    /// Attaches a finished node to its parent (or makes it the document root).
    mutating func complete(_ node: YAMLNode, count: Int, anchor: String?) {
        if let anchor { anchors[anchor] = (node, count) }
        guard !stack.isEmpty else {
            root = node
            return
        }
        let top = stack.count - 1
        stack[top].count += count
        if !stack[top].isMapping {
            if let section = stack[top].streamSection {
                sink.item(node, index: stack[top].streamed, section: section, file: file)
                stack[top].streamed += 1
                return
            }
            stack[top].items.append(node)
            return
        }
        guard let key = stack[top].pendingKey else {
            stack[top].pendingKey = node
            return
        }
        stack[top].pendingKey = nil
        if let s = key.scalar, s.isPlain, s.text == "<<" {
            stack[top].merges.append(node)
            return
        }
        if let text = key.scalar?.text, let first = TreeBuilder<Sink>.firstPosition(ofKey: text, at: key.range.start, in: &stack[top]) {
            report("Y002", at: key.range.start, args: ["key": text], notes: [
                DiagnosticNote("first", at: location(first), args: ["key": text]),
            ])
            return
        }
        stack[top].pairs.append(YAMLPair(key: key, value: node))
    }

    /// Where a scalar key was first given in a mapping; records `position` when the key is new.
    /// Small mappings are scanned; from 8 keys on a dictionary keeps this linear.
    /// Static: an instance method here would copy `self` (and so the stack) for the call, making
    /// the key index copy-on-write on every key (quadratic).
    static func firstPosition(ofKey text: String, at position: SourcePosition, in frame: inout Frame) -> SourcePosition? {
        if frame.keyIndex == nil {
            if frame.pairs.count < 8 {
                for p in frame.pairs where p.key.scalar?.text == text { return p.key.range.start }
                return nil
            }
            var index: [String: SourcePosition] = [:]
            for p in frame.pairs {
                if let t = p.key.scalar?.text, index[t] == nil { index[t] = p.key.range.start }
            }
            frame.keyIndex = index
        }
        if let p = frame.keyIndex![text] { return p }
        frame.keyIndex![text] = position
        return nil
    }

    /// YAML merge keys (`<<: *base`): keys written in the mapping win over merged ones.
    mutating func applyMerges(_ frame: inout Frame) {
        guard !frame.merges.isEmpty else { return }
        var present = Set(frame.pairs.compactMap { $0.key.scalar?.text })
        for m in frame.merges {
            let sources: [YAMLNode] = m.items ?? [m]
            for src in sources {
                guard let pairs = src.pairs else {
                    report("Y001", variant: "merge", at: src.range.start, args: ["problem": "merge key '<<' needs a mapping or a list of mappings"])
                    continue
                }
                for p in pairs {
                    guard let t = p.key.scalar?.text else { continue }
                    if present.insert(t).inserted { frame.pairs.append(p) }
                }
            }
        }
    }
}

/// One String per distinct text, looked up by the text's bytes (an open-addressing table with a
/// cheap hash): a text seen before costs a hash and a compare, and makes no String.
struct TextInterner {
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 10)
    private var hashes: [UInt64] = []
    private var texts: [String] = []

    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
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
               texts[k].utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) == true {
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

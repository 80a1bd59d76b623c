import Foundation

/// Reads strict data files with errors at file:line:col: the YAML tool files (packs, config,
/// waivers) with ``load(_:)``, and the baseline, which is JSON, with ``json(_:file:what:)``.
///
/// JSON is read as the YAML it is. Then only JSON's values are accepted (strings in double quotes,
/// numbers, `true`, `false`, `null`, objects, arrays), errors name JSON's kinds ("must be a string,
/// found a number"), and each starts with what the file is ("invalid baseline: ...").
struct DataReader {
    let file: String
    /// The file is JSON.
    private(set) var json = false
    /// What a JSON file is, starting each of its errors ("invalid baseline: ").
    private var prefix = ""
    /// JSON only: where an escaped surrogate pair was written shorter before reading (by line: the
    /// column just after it, and by how many columns), so that errors keep the file's columns.
    private var shortened: [Int32: [(column: Int32, by: Int32)]] = [:]

    init(file: String) {
        self.file = file
    }

    /// A JSON file's value and the reader of its errors. `what` names the file in them.
    static func json(_ bytes: [UInt8], file: String, what: String) throws -> (reader: DataReader, root: YAMLNode) {
        var reader = DataReader(file: file)
        reader.json = true
        reader.prefix = "invalid \(what): "
        let root = try reader.document(reader.yamlText(ofJSON: bytes))
        return (reader, root)
    }

    /// libyaml's problems that JSON words otherwise.
    static let jsonProblems = [
        "did not find expected node content": "expected a value",
        "did not find expected <document start>": "unexpected text after the JSON value",
        "found unexpected end of stream": "unexpected end of file",
    ]

    /// Where a node is, in the file as it was read.
    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, range: placed(node.range))
    }

    func error(_ message: String, _ node: YAMLNode) -> LintasError {
        LintasError(prefix + message, at: location(node))
    }

    /// The one document of a YAML file.
    func load(_ bytes: [UInt8]) throws -> YAMLNode {
        try document(bytes)
    }

    private func document(_ bytes: [UInt8]) throws -> YAMLNode {
        let loaded = YAMLLoader.load(bytes: bytes, file: file)
        if let d = loaded.diagnostics.first {
            let detail =
                d.args["problem"].map { json ? DataReader.jsonProblems[$0] ?? $0 : $0 }
                ?? d.args["key"].map { json ? "duplicate key \"\($0)\"" : "duplicate key '\($0)'" }
                ?? DataReader.words(d)
            let at = SourceLocation(file: file, range: placed(d.location.range))
            throw LintasError(json ? prefix + "invalid JSON: \(detail)" : "invalid YAML (\(d.code)): \(detail)", at: at)
        }
        guard loaded.documents.count == 1, let root = loaded.documents.first else {
            guard json else {
                throw LintasError(
                    "expected exactly one YAML document", at: SourceLocation(file: file, line: 1, column: 1))
            }
            guard loaded.documents.count > 1 else {
                throw LintasError(
                    prefix + "invalid JSON: expected a value, found end of file",
                    at: SourceLocation(file: file, line: 1, column: 1))
            }
            throw error("invalid JSON: more than one value", loaded.documents[1])
        }
        return root
    }

    /// A loader limit in words (an alias bomb, nesting too deep, a scalar too long), for a tool
    /// file's error: "alias expansion over 100000 nodes", never just the code.
    static func words(_ d: Diagnostic) -> String {
        let limit = d.args["limit"] ?? "?"
        switch (d.code, d.variant) {
        case ("Y003", "aliases"): return "alias expansion (of '\(d.args["alias"] ?? "?")') over \(limit) nodes"
        case ("Y003", _): return "\(d.args["what"] ?? "nesting depth") over \(limit) levels"
        case ("Y005", _): return "\(d.args["what"] ?? "value") over \(limit) bytes"
        default:
            let args = d.args.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return args.isEmpty ? d.code : args
        }
    }

    func map(_ node: YAMLNode, allowed: [String], what: String) throws -> [String: YAMLPair] {
        guard let pairs = node.pairs else {
            throw error(json ? "\(what) must be an object, found \(try kind(node))" : "\(what) must be a mapping", node)
        }
        var out: [String: YAMLPair] = [:]
        for p in pairs {
            guard let k = p.key.scalar?.text, try !json || kind(p.key) == "a string" else {
                throw error("keys of \(what) must be strings", p.key)
            }
            guard allowed.contains(k) else {
                let hint =
                    Suggest.closest(to: k, in: allowed).map { "; did you mean '\($0)'?" }
                    ?? "; allowed: \(allowed.joined(separator: ", "))"
                throw error("unknown key \(json ? "\"\(k)\"" : "'\(k)'") in \(what)\(hint)", p.key)
            }
            out[k] = p
        }
        return out
    }

    func string(_ node: YAMLNode, _ what: String) throws -> String {
        if json {
            let found = try kind(node)
            guard found == "a string", let s = node.scalar else {
                throw error("\(what) must be a string, found \(found)", node)
            }
            return s.text
        }
        guard let s = node.scalar, !s.isNull else { throw error("\(what) must be a string", node) }
        return s.text
    }

    /// A whole number: `3`, never `"3"`, `3.0` or `3e0`.
    func wholeNumber(_ node: YAMLNode, _ what: String) throws -> Int {
        if json {
            let found = try kind(node)
            guard found == "a number", let text = node.scalar?.text else {
                throw error("\(what) must be a whole number, found \(found)", node)
            }
            guard let n = Int(text) else {
                throw error("\(what) must be a whole number, found \(text)", node)
            }
            return n
        }
        guard let n = node.scalar?.int else { throw error("\(what) must be a whole number", node) }
        return n
    }

    /// What a JSON value is, in words ("an object", "a number"). YAML that is not JSON (a string
    /// without double quotes, a block scalar, a tag) is an error.
    func kind(_ node: YAMLNode) throws -> String {
        switch node.kind {
        case .mapping: return "an object"
        case .sequence: return "an array"
        case .scalar(let s):
            if s.style == .doubleQuoted && s.tag == nil { return "a string" }
            if s.isPlain {
                switch s.text {
                case "true", "false": return "a boolean"
                case "null": return "null"
                default: if DataReader.isJSONNumber(s.text) { return "a number" }
                }
            }
            throw error(
                "invalid JSON: expected a value (a string in double quotes, a number, true, false, null, an object or an array)",
                node)
        }
    }

    /// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    static func isJSONNumber(_ text: String) -> Bool {
        var rest = Substring(text).utf8
        func digits() -> Int {
            let n = rest.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            rest = rest.dropFirst(n)
            return n
        }
        if rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
        if rest.first == UInt8(ascii: "0") {
            rest = rest.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            if digits() == 0 { return false }
        }
        if rest.first == UInt8(ascii: "e") || rest.first == UInt8(ascii: "E") {
            rest = rest.dropFirst()
            if rest.first == UInt8(ascii: "+") || rest.first == UInt8(ascii: "-") { rest = rest.dropFirst() }
            if digits() == 0 { return false }
        }
        return rest.isEmpty
    }

    func text(_ node: YAMLNode, _ what: String) throws -> LocalizedText {
        let m = try map(node, allowed: ["id", "en"], what: what)
        guard let id = m["id"] else { throw error("\(what) needs 'id' (Indonesian)", node) }
        return LocalizedText(
            id: try string(id.value, "\(what).id"), en: try m["en"].map { try string($0.value, "\(what).en") } ?? "")
    }

    func bool(_ node: YAMLNode, _ what: String) throws -> Bool {
        guard let b = node.scalar?.bool else { throw error("\(what) must be true or false", node) }
        return b
    }

    func stringList(_ node: YAMLNode, _ what: String) throws -> [String] {
        guard let items = node.items else { throw error("\(what) must be a list", node) }
        return try items.map { try string($0, what) }
    }

    func params(_ node: YAMLNode, _ what: String) throws -> [String: ParamValue] {
        if node.isNull { return [:] }
        guard let pairs = node.pairs else { throw error("\(what) must be a mapping", node) }
        var out: [String: ParamValue] = [:]
        for p in pairs {
            let k = try string(p.key, "parameter name")
            guard let v = ParamValue(node: p.value) else {
                throw error("parameter '\(k)' must be a scalar or a list of scalars", p.value)
            }
            out[k] = v
        }
        return out
    }

    func level(_ node: YAMLNode, _ what: String) throws -> RuleLevel {
        let s = try string(node, what)
        guard let l = RuleLevel(s) else {
            throw error("\(what) must be one of error, warning, info, off (got '\(s)')", node)
        }
        return l
    }

    /// JSON as YAML that reads the same, byte for byte where it can: a tab outside strings becomes a
    /// space (JSON's whitespace; YAML refuses a tab that starts a line), and an escaped surrogate
    /// pair (`\ud83d\ude00`, as Python writes 😀) becomes YAML's escape of the one character
    /// (`\U0001F600`), two columns shorter, noted in ``shortened``.
    private mutating func yamlText(ofJSON bytes: [UInt8]) -> [UInt8] {
        let backslash = UInt8(ascii: "\\")
        let quote = UInt8(ascii: "\"")
        guard bytes.contains(where: { $0 == backslash || $0 == 0x09 }) else { return bytes }
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= bytes.count, bytes[at - 2] == backslash, bytes[at - 1] == UInt8(ascii: "u") else {
                return nil
            }
            return UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false
        var line: Int32 = 1
        var column: Int32 = 1
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if inString && byte == backslash && i + 1 < bytes.count {
                if let high = hex4(i + 2), (0xD800...0xDBFF).contains(high), let low = hex4(i + 8),
                    (0xDC00...0xDFFF).contains(low)
                {
                    let escape = Array(String(format: "\\U%08X", 0x10000 + (high - 0xD800) << 10 + (low - 0xDC00)).utf8)
                    out += escape
                    column += Int32(escape.count)
                    shortened[line, default: []].append((column, Int32(12 - escape.count)))
                    i += 12
                } else {
                    // Any other escape as it is, its second byte never read as a quote or a backslash.
                    out += bytes[i...i + 1]
                    if bytes[i + 1] == 0x0A {
                        line += 1
                        column = 1
                    } else {
                        column += 2
                    }
                    i += 2
                }
                continue
            }
            if byte == quote { inString.toggle() }
            out.append(!inString && byte == 0x09 ? 0x20 : byte)
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return out
    }

    /// A range of the text read, in the file's columns (see ``shortened``).
    private func placed(_ range: SourceRange) -> SourceRange {
        guard !shortened.isEmpty else { return range }
        func place(_ p: SourcePosition) -> SourcePosition {
            let by = shortened[p.line]?.reduce(0) { $0 + ($1.column <= p.column ? $1.by : 0) } ?? 0
            return SourcePosition(line: Int(p.line), column: Int(p.column + by))
        }
        return SourceRange(start: place(range.start), end: place(range.end))
    }
}

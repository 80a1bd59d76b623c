/// A YAML node that keeps where it came from. Built by ``YAMLLoader``.
struct YAMLNode: Sendable {
    enum Kind: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    var kind: Kind
    var range: SourceRange

    init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    var pairs: [YAMLPair]? {
        if case .mapping(let p) = kind { return p }
        return nil
    }

    var items: [YAMLNode]? {
        if case .sequence(let i) = kind { return i }
        return nil
    }

    /// True for an explicit or implicit null (`~`, `null`, empty).
    var isNull: Bool {
        if case .scalar(let s) = kind { return s.isNull }
        return false
    }

    /// Whether this is a scalar whose text is `text` (looked at in place, without a copy).
    func hasScalarText(_ text: String) -> Bool {
        if case .scalar(let s) = kind { return s.text == text }
        return false
    }

    /// A short name of the node's kind, for messages.
    var kindName: String {
        switch kind {
        case .scalar(let s): return s.isNull ? "null" : "scalar"
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }

    /// The node's kind in both message languages (`kindName` is the English one).
    var kindWords: (id: String, en: String) {
        switch kind {
        case .scalar(let s): return UIText.pair(s.isNull ? .yamlKindNull : .yamlKindScalar)
        case .mapping: return UIText.pair(.yamlKindMapping)
        case .sequence: return UIText.pair(.yamlKindSequence)
        }
    }

    /// The value of a key in a mapping (first occurrence).
    subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.withUnsafeBufferPointer { p in
            for i in p.indices where p[i].key.hasScalarText(key) { return p[i].value }
            return nil
        }
    }
}

struct YAMLPair: Sendable {
    var key: YAMLNode
    var value: YAMLNode
}

/// A scalar with its text as written and how it was written.
///
/// Small: a node is made for every key and value of a file, and copied as it is built. The style
/// and the tag share one byte (the core schema's tags as codes); an uncommon tag (`!foo`, rare) is
/// kept in a box beside it.
struct YAMLScalar: Sendable {
    enum Style: UInt8, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    var text: String
    /// The tag when its code is `other`.
    private var otherTag: TagBox?
    /// Style in the low 3 bits, the tag's code (``TagCode``) above. (Last: the node's other
    /// fields pack after it.)
    private var bits: UInt8

    final class TagBox: Sendable {
        let tag: String
        init(_ tag: String) { self.tag = tag }
    }

    /// The tags a scalar can have, as codes; `other` is any tag not listed.
    enum TagCode: UInt8 {
        case none = 0
        case str, int, bool, null, float, other
    }

    init(text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        bits = style.rawValue
        self.tag = tag
    }

    /// A scalar as the loader makes it (the tag already a code; never `other`).
    init(text: String, style: Style, tagCode: TagCode) {
        self.text = text
        bits = style.rawValue | (tagCode.rawValue << 3)
    }

    var tagCode: TagCode { TagCode(rawValue: bits >> 3) ?? .none }

    var style: Style {
        get { Style(rawValue: bits & 7) ?? .plain }
        set { bits = (bits & ~7) | newValue.rawValue }
    }

    /// Explicit tag, e.g. `tag:yaml.org,2002:str` for `!!str`; nil when none was written.
    var tag: String? {
        get {
            switch tagCode {
            case .none: return nil
            case .str: return "tag:yaml.org,2002:str"
            case .int: return "tag:yaml.org,2002:int"
            case .bool: return "tag:yaml.org,2002:bool"
            case .null: return "tag:yaml.org,2002:null"
            case .float: return "tag:yaml.org,2002:float"
            case .other: return otherTag?.tag
            }
        }
        set {
            let code = newValue.map { YAMLScalar.code(ofTag: $0) ?? .other } ?? TagCode.none
            otherTag = code == .other ? TagBox(newValue!) : nil
            bits = (bits & 7) | (code.rawValue << 3)
        }
    }

    /// The code of a tag of the core schema; nil for any other tag.
    static func code(ofTag t: String) -> TagCode? {
        switch t {
        case "tag:yaml.org,2002:str": return .str
        case "tag:yaml.org,2002:int": return .int
        case "tag:yaml.org,2002:bool": return .bool
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:float": return .float
        default: return nil
        }
    }

    /// Whether the text is interpreted (plain and untagged) rather than a literal string.
    var isPlain: Bool { bits == 0 }

    var isNull: Bool {
        guard isPlain else { return tagCode == .null }
        // "", "~", "null", "Null", "NULL": by length first (most values are neither 0, 1 nor 4
        // bytes long).
        switch text.utf8.count {
        case 0: return true
        case 1: return text == "~"
        case 4: return text == "null" || text == "Null" || text == "NULL"
        default: return false
        }
    }

    /// The boolean a plain scalar denotes (YAML 1.2 core schema).
    var bool: Bool? {
        guard isPlain || tagCode == .bool else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The integer a plain scalar denotes; nil when it is not an integer or overflows.
    var int: Int? {
        guard isPlain || tagCode == .int else { return nil }
        var t = Substring(text)
        if t.hasPrefix("+") { t = t.dropFirst() }
        guard !t.isEmpty, t.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }) else { return nil }
        return Int(t)
    }

    /// Whether a plain scalar looks like a number (integer or decimal).
    var isNumber: Bool {
        guard isPlain else { return false }
        if int != nil { return true }
        return Double(text) != nil && text.utf8.contains(where: { $0 >= 48 && $0 <= 57 })
    }
}

/// A YAML node that keeps where it came from. Built by ``YAMLLoader``.
public struct YAMLNode: Sendable {
    public enum Kind: Sendable {
        case scalar(YAMLScalar)
        case mapping([YAMLPair])
        case sequence([YAMLNode])
    }

    public var kind: Kind
    public var range: SourceRange

    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    public var pairs: [YAMLPair]? {
        if case .mapping(let p) = kind { return p }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let i) = kind { return i }
        return nil
    }

    /// True for an explicit or implicit null (`~`, `null`, empty).
    public var isNull: Bool {
        if case .scalar(let s) = kind { return s.isNull }
        return false
    }

    /// Whether this is a scalar whose text is `text` (looked at in place, without a copy).
    func hasScalarText(_ text: String) -> Bool {
        if case .scalar(let s) = kind { return s.text == text }
        return false
    }

    /// A short name of the node's kind, for messages.
    public var kindName: String {
        switch kind {
        case .scalar(let s): return s.isNull ? "null" : "scalar"
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        }
    }

    /// The node's kind in both message languages (`kindName` is the English one).
    public var kindWords: (id: String, en: String) {
        switch kind {
        case .scalar(let s): return s.isNull ? ("nilai kosong (null)", "null") : ("nilai skalar", "scalar")
        case .mapping: return ("peta (mapping)", "mapping")
        case .sequence: return ("daftar (list)", "sequence")
        }
    }

    /// The value of a key in a mapping (first occurrence).
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.withUnsafeBufferPointer { p in
            for i in p.indices where p[i].key.hasScalarText(key) { return p[i].value }
            return nil
        }
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar with its text as written and how it was written.
public struct YAMLScalar: Sendable {
    public enum Style: UInt8, Sendable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    public var text: String
    public var style: Style
    /// Explicit tag, e.g. `tag:yaml.org,2002:str` for `!!str`; nil when none was written.
    public var tag: String?

    public init(text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }

    static let strTag = "tag:yaml.org,2002:str"

    /// Whether the text is interpreted (plain and untagged) rather than a literal string.
    public var isPlain: Bool { style == .plain && tag == nil }

    public var isNull: Bool {
        guard isPlain else { return tag == "tag:yaml.org,2002:null" }
        switch text {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The boolean a plain scalar denotes (YAML 1.2 core schema).
    public var bool: Bool? {
        guard isPlain || tag == "tag:yaml.org,2002:bool" else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The integer a plain scalar denotes; nil when it is not an integer or overflows.
    public var int: Int? {
        guard isPlain || tag == "tag:yaml.org,2002:int" else { return nil }
        var t = Substring(text)
        if t.hasPrefix("+") { t = t.dropFirst() }
        guard !t.isEmpty, t.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") }) else { return nil }
        return Int(t)
    }

    /// Whether a plain scalar looks like a number (integer or decimal).
    public var isNumber: Bool {
        guard isPlain else { return false }
        if int != nil { return true }
        return Double(text) != nil && text.utf8.contains(where: { $0 >= 48 && $0 <= 57 })
    }
}

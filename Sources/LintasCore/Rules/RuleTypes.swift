/// How serious a finding is. Ordered: info < warning < error.
public enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case info, warning, error

    private var rank: Int {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    public var localized: LocalizedText {
        switch self {
        case .error: return UIText[.severityError]
        case .warning: return UIText[.severityWarning]
        case .info: return UIText[.severityInfo]
        }
    }
}

/// A rule's configured level: a severity, or off.
enum RuleLevel: Sendable, Hashable {
    case off
    case on(Severity)

    init?(_ text: String) {
        if text == "off" {
            self = .off
            return
        }
        guard let s = Severity(rawValue: text) else { return nil }
        self = .on(s)
    }

    var name: String {
        switch self {
        case .off: return "off"
        case .on(let s): return s.rawValue
        }
    }
}

/// How firmly a rule stands on law (see rules-v1.md).
enum Basis: String, Sendable, CaseIterable, Codable {
    case text, secondary, practice, inference

    var localized: LocalizedText {
        switch self {
        case .text: return UIText[.basisText]
        case .secondary: return UIText[.basisSecondary]
        case .practice: return UIText[.basisPractice]
        case .inference: return UIText[.basisInference]
        }
    }
}

/// For a rule whose basis is `inference`, what it infers (the severity policy in docs/rules.md):
/// data that cannot be read or does not hold together (the Y, S, R, N, L rules), data that
/// contradicts itself (may be an `error`), or a judgement about what the regulation expects (at
/// most a `warning`).
enum InferenceKind: String, Sendable, CaseIterable, Codable {
    case integrity, contradiction, judgement

    var localized: LocalizedText {
        switch self {
        case .integrity: return UIText[.inferenceIntegrity]
        case .contradiction: return UIText[.inferenceContradiction]
        case .judgement:
            return UIText[.inferenceJudgement]
        }
    }
}

/// A rule parameter value, as written in a pack or config.
indirect enum ParamValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([ParamValue])

    var string: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return String(b)
        default: return nil
        }
    }

    var int: Int? {
        switch self {
        case .int(let i): return i
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    var stringList: [String]? {
        switch self {
        case .list(let l): return l.compactMap(\.string)
        case .string(let s): return [s]
        default: return nil
        }
    }

    var isNull: Bool { self == .null }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        case .string(let s): return s
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        }
    }

    /// Converts a YAML node (scalar or list of scalars).
    init?(node: YAMLNode) {
        switch node.kind {
        case .scalar(let s):
            if s.isNull {
                self = .null
            } else if let b = s.bool {
                self = .bool(b)
            } else if let i = s.int {
                self = .int(i)
            } else {
                self = .string(s.text)
            }
        case .sequence(let items):
            var out: [ParamValue] = []
            for i in items {
                guard let v = ParamValue(node: i) else { return nil }
                if case .list = v { return nil }
                out.append(v)
            }
            self = .list(out)
        case .mapping:
            return nil
        }
    }
}

/// A pack-level parameter with where its value comes from (e.g. the promulgation date).
struct PackParam: Sendable, Hashable {
    var value: ParamValue
    /// Where the value comes from, in Indonesian (or language-neutral: `config …`, `--param …`).
    var source: String?
    var verified: Bool?
    /// The source in both languages, when the pack gives it as `{id, en}`.
    var sourceText: LocalizedText? = nil

    /// The source in both languages (a plain `source` is the same in both).
    var localizedSource: LocalizedText? {
        sourceText ?? source.map { LocalizedText($0) }
    }
}

/// A rule as described in a pack: policy and wording. The check is in Swift.
public struct RuleDescriptor: Sendable, Hashable {
    public var code: String
    var name: String
    var pack: String
    var status: String
    var severity: RuleLevel
    var basis: Basis
    /// What an `inference` rule infers (nil for other bases, or when the pack does not say).
    var inference: InferenceKind? = nil
    var citation: LocalizedText
    var title: LocalizedText
    var params: [String: ParamValue]
    var messages: [String: LocalizedText]
    var notes: [String: LocalizedText]
    var what: LocalizedText
    var why: LocalizedText
    var fix: LocalizedText
    /// Packs that changed this rule (e.g. pergub-jabar-181-2021 raising T001), in order applied.
    var overriddenBy: [String] = []
}

/// A pack: a set of rules, and overrides of other packs' rules.
public struct RulePack: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText
    var regulation: LocalizedText
    public var enabledByDefault: Bool
    var requires: [String]
    var params: [String: PackParam]
    public var rules: [RuleDescriptor]
    var overrides: [RuleOverride]
    /// Where the pack was read from (`<built-in>/dasar.yaml` or a path).
    var source: String
}

/// A change a pack makes to another pack's rule.
struct RuleOverride: Sendable, Hashable {
    var code: String
    var severity: RuleLevel?
    var basis: Basis?
    var citation: LocalizedText?
    var why: LocalizedText?
    var params: [String: ParamValue]
}

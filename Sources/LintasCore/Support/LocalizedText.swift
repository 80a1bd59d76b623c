/// The languages lintas speaks. Indonesian is the default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case id
    case en
}

/// A text in both languages, as rule packs and findings carry it.
///
/// A finding's message is kept as its pack template and the values it names, and is worded only
/// when a language is asked for (``subscript(_:)``, ``id``, ``en``): a run with 200,000 findings
/// words each once, in the language shown, and never in the other one. Equality and hashing are
/// by what is kept (the two texts, or the template and its values) and word nothing: a template
/// and the texts it words are not equal. Coding is by the worded texts.
public struct LocalizedText: Hashable, Sendable, Codable {
    enum Storage: Sendable {
        case texts(id: String, en: String)
        /// Worded on demand: `template` filled with `args` (see ``MessageTemplate``).
        case template(MessageTemplate, [String: String])
    }

    var storage: Storage

    var id: String {
        get {
            switch storage {
            case .texts(let id, _): return id
            case .template(let t, let args): return t.render(args, .id)
            }
        }
        set { storage = .texts(id: newValue, en: en) }
    }

    var en: String {
        get {
            switch storage {
            case .texts(_, let en): return en
            case .template(let t, let args): return t.render(args, .en)
            }
        }
        set { storage = .texts(id: id, en: newValue) }
    }

    public init(id: String, en: String) {
        storage = .texts(id: id, en: en)
    }

    /// The same text in both languages (codes, values).
    init(_ both: String) {
        storage = .texts(id: both, en: both)
    }

    /// A text worded on demand from a compiled pack template and its values.
    init(template: MessageTemplate, args: [String: String]) {
        storage = .template(template, args)
    }

    public subscript(language: Language) -> String {
        switch language {
        case .id: return id
        case .en:
            let e = en
            return e.isEmpty ? id : e
        }
    }

    /// The text in a language as ``subscript(_:)`` gives it, in pieces (literal parts and
    /// values) handed to `body` in order, so that a writer need not join them first.
    func forEachPiece(_ language: Language, _ body: (String) -> Void) {
        switch storage {
        case .texts:
            body(self[language])
        case .template(let t, let args):
            if language == .en && t.rendersEmpty(args, .en) {
                t.forEachPiece(args, .id, body)
            } else {
                t.forEachPiece(args, language, body)
            }
        }
    }

    func map(_ transform: (String) -> String) -> LocalizedText {
        LocalizedText(id: transform(id), en: transform(en))
    }

    public static func == (a: LocalizedText, b: LocalizedText) -> Bool {
        switch (a.storage, b.storage) {
        case (.texts(let aID, let aEN), .texts(let bID, let bEN)):
            return aID == bID && aEN == bEN
        case (.template(let aTemplate, let aArgs), .template(let bTemplate, let bArgs)):
            return aTemplate.source == bTemplate.source && aArgs == bArgs
        case (.texts, .template), (.template, .texts):
            return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .texts(let id, let en):
            hasher.combine(0)
            hasher.combine(id)
            hasher.combine(en)
        case .template(let template, let args):
            hasher.combine(1)
            hasher.combine(template.source)
            hasher.combine(args)
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, en
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), en: try c.decode(String.self, forKey: .en))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(en, forKey: .en)
    }
}

/// A pack message template split once into literal text and `{name}` placeholders, for both
/// languages, so that wording a finding is a few appends (no search through the template).
final class MessageTemplate: Sendable {
    enum Segment: Sendable {
        case literal(String)
        /// `{name}`: `args["name_<lang>"]`, else `args["name"]`, else the placeholder as written.
        case placeholder(languageKey: String, key: String, written: String)
        /// `{name|or}`, `{name|and}`: `args["name"]`, a list made by ``MessageTemplate/list(_:)``,
        /// worded "a, b atau c" / "a, b or c"; without the argument, the placeholder as written.
        case list(key: String, conjunction: String, written: String)
    }

    /// The words a list placeholder may end in (`{name|or}`), per language.
    static let conjunctions: [String: (id: String, en: String)] = ["or": ("atau", "or"), "and": ("dan", "and")]

    /// A list argument (for a `{name|or}` placeholder): a check passes the items, the template
    /// words them. A check passes ``listArguments(_:_:)``.
    static func list(_ items: [String]) -> String { items.joined(separator: listSeparator) }

    private static let listSeparator = "\u{1F}"

    /// The arguments of a list (for `{key|or}`, `{key|and}`): the items under `key`, and a mark
    /// that `key` is a list, so that a plain `{key}` (a user pack's own wording) reads "a, b, c"
    /// while a value from the data that holds the separator is shown as it is.
    static func listArguments(_ key: String, _ items: [String]) -> [String: String] {
        [key: list(items), key + listMark: ""]
    }

    private static let listMark = "|list"

    /// The value of a plain `{key}`: a list's items joined by ", ", any other value as it is.
    static func plain(_ value: String, _ key: String, _ args: [String: String]) -> String {
        guard value.utf8.contains(0x1F), args[key + listMark] != nil else { return value }
        return value.replacingOccurrences(of: listSeparator, with: ", ")
    }

    /// "a", "a atau b", "a, b atau c" (Indonesian and English alike, without a serial comma).
    static func worded(list value: String, conjunction: String) -> String {
        let items = value.components(separatedBy: listSeparator)
        guard let last = items.last, items.count > 1 else { return value }
        return items.dropLast().joined(separator: ", ") + " " + conjunction + " " + last
    }

    /// The texts compiled (English: as worded, the Indonesian one when it is empty).
    struct Source: Hashable {
        let id: String
        let en: String
    }

    let source: Source
    let id: [Segment]
    let en: [Segment]
    /// The literal bytes of each language (a capacity hint).
    private let idLiteralBytes: Int
    private let enLiteralBytes: Int

    /// The English template falls back to the Indonesian one.
    init(_ text: LocalizedText) {
        let idText = text.id
        let enText = text.en.isEmpty ? idText : text.en
        source = Source(id: idText, en: enText)
        id = MessageTemplate.compile(idText, .id)
        en = MessageTemplate.compile(enText, .en)
        idLiteralBytes = MessageTemplate.literalBytes(id)
        enLiteralBytes = MessageTemplate.literalBytes(en)
    }

    static func literalBytes(_ segments: [Segment]) -> Int {
        var n = 0
        for s in segments {
            if case .literal(let l) = s { n += l.utf8.count }
        }
        return n
    }

    /// The segments of a template: `{name}` is a placeholder (`args["name_<lang>"]`, else
    /// `args["name"]`, else kept as written); a `{` without a `}` after it is literal text.
    static func compile(_ template: String, _ lang: Language) -> [Segment] {
        guard template.utf8.contains(UInt8(ascii: "{")) else { return [.literal(template)] }
        var out: [Segment] = []
        var literal = ""
        var rest = Substring(template)
        // A `{` without a `}` after it is literal text (the rest is kept once, as written).
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literal += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if !literal.isEmpty {
                out.append(.literal(literal))
                literal = ""
            }
            let written = String(rest[open...close])
            if let bar = name.firstIndex(of: "|"), let words = conjunctions[String(name[name.index(after: bar)...])] {
                out.append(
                    .list(key: String(name[..<bar]), conjunction: lang == .id ? words.id : words.en, written: written))
            } else {
                out.append(.placeholder(languageKey: "\(name)_\(lang.rawValue)", key: name, written: written))
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty || out.isEmpty { out.append(.literal(literal)) }
        return out
    }

    /// The longest message a template renders to (docs/limits.md): a pack's message naming a
    /// large value many times is cut there, and says so.
    static let maxRenderedBytes = 64 << 10

    static func cutNote(_ lang: Language) -> String {
        lang == .id
            ? " … [dipotong: pesan lebih dari \(maxRenderedBytes) bita]"
            : " … [cut: message over \(maxRenderedBytes) bytes]"
    }

    /// The pieces of the message, at most ``maxRenderedBytes`` in all; a longer message is cut at
    /// a character boundary and ends with ``cutNote(_:)``.
    func forEachPiece(_ args: [String: String], _ lang: Language, _ body: (String) -> Void) {
        var budget = MessageTemplate.maxRenderedBytes
        for s in lang == .id ? id : en {
            let piece: String
            switch s {
            case .literal(let l): piece = l
            case .placeholder(let languageKey, let key, let written):
                // A list argument under a plain `{name}` (a user pack's own wording) is "a, b, c".
                piece = (args[languageKey] ?? args[key]).map { MessageTemplate.plain($0, key, args) } ?? written
            case .list(let key, let conjunction, let written):
                piece = args[key].map { MessageTemplate.worded(list: $0, conjunction: conjunction) } ?? written
            }
            let n = piece.utf8.count
            if n <= budget {
                body(piece)
                budget -= n
                continue
            }
            let u = piece.utf8
            var end = u.index(u.startIndex, offsetBy: budget)
            while end > u.startIndex && (u[end] & 0xC0) == 0x80 { end = u.index(before: end) }
            body(String(piece[..<end]))
            body(MessageTemplate.cutNote(lang))
            return
        }
    }

    /// Whether the text renders as the empty string.
    func rendersEmpty(_ args: [String: String], _ lang: Language) -> Bool {
        for s in lang == .id ? id : en {
            switch s {
            case .literal(let l): if !l.isEmpty { return false }
            case .placeholder(let languageKey, let key, let written):
                if !(args[languageKey] ?? args[key] ?? written).isEmpty { return false }
            case .list(let key, _, let written):
                if !(args[key] ?? written).isEmpty { return false }
            }
        }
        return true
    }

    func render(_ args: [String: String], _ lang: Language) -> String {
        let segments = lang == .id ? id : en
        if segments.count == 1, case .literal(let l) = segments[0], l.utf8.count <= MessageTemplate.maxRenderedBytes {
            return l
        }
        var out = ""
        out.reserveCapacity(
            min(MessageTemplate.maxRenderedBytes, (lang == .id ? idLiteralBytes : enLiteralBytes) + 16 * segments.count)
        )
        forEachPiece(args, lang) { out += $0 }
        return out
    }
}

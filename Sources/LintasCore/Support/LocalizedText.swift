/// The languages lintas speaks. Indonesian is the default.
public enum Language: String, Sendable, CaseIterable, Codable {
    case id
    case en
}

/// A text in both languages, as rule packs and findings carry it.
public struct LocalizedText: Hashable, Sendable, Codable {
    public var id: String
    public var en: String

    public init(id: String, en: String) {
        self.id = id
        self.en = en
    }

    /// The same text in both languages (codes, values).
    public init(_ both: String) {
        self.id = both
        self.en = both
    }

    public subscript(language: Language) -> String {
        switch language {
        case .id: return id
        case .en: return en.isEmpty ? id : en
        }
    }

    public func map(_ transform: (String) -> String) -> LocalizedText {
        LocalizedText(id: transform(id), en: transform(en))
    }
}

/// The wording of lintas's own output (report headings and labels, `lintas explain`, the rule
/// reference): `rules/ui.yaml`, compiled into the binary beside the packs and looked up by
/// ``UIKey`` (generated from the file, so a misspelt key does not compile). A text with variable
/// parts is a template like a pack message (``MessageTemplate``: `{name}`, `{name|or}`): the code
/// passes the values, the table words them. `package`: the CLI and lintas-serve word their own lines
/// from the same table, and nothing outside this package sees it.
package enum UIText {
    /// The table, in ``UIKey/allCases`` order: read once, on first use.
    private static let table = Table(EmbeddedResources.uiText)

    struct Table: Sendable {
        let templates: [MessageTemplate]
        /// Each text as worded without values, per language (what most lookups want).
        let id: [String]
        let en: [String]

        init(_ yaml: String) {
            let texts = UIText.parse(yaml)
            var templates: [MessageTemplate] = []
            templates.reserveCapacity(UIKey.allCases.count)
            for key in UIKey.allCases {
                guard let text = texts[key.rawValue] else {
                    preconditionFailure("rules/ui.yaml has no \(key.rawValue): run scripts/embed-resources.py")
                }
                templates.append(MessageTemplate(text))
            }
            self.templates = templates
            id = templates.map { $0.render([:], .id) }
            en = templates.map { $0.render([:], .en) }
        }
    }

    /// The texts of a UI-text table by key (`key: {id: ..., en: ...}`); entries that are not of
    /// that shape are left out (the tests hold the file to it).
    static func parse(_ yaml: String) -> [String: LocalizedText] {
        var out: [String: LocalizedText] = [:]
        let loaded = YAMLLoader.load(bytes: Array(yaml.utf8), file: "<built-in>/rules/ui.yaml")
        for pair in loaded.documents.first?.pairs ?? [] {
            guard let key = pair.key.scalar?.text, let id = pair.value["id"]?.scalar?.text else { continue }
            out[key] = LocalizedText(id: id, en: pair.value["en"]?.scalar?.text ?? "")
        }
        return out
    }

    /// The text in `lang`.
    package static func t(_ key: UIKey, _ lang: Language) -> String {
        lang == .id ? table.id[key.ordinal] : table.en[key.ordinal]
    }

    /// The template in `lang`, filled with `args` (`{name}` placeholders; a list made by
    /// ``MessageTemplate/listArguments(_:_:)`` for `{name|or}`).
    package static func t(_ key: UIKey, _ lang: Language, _ args: [String: String]) -> String {
        table.templates[key.ordinal].render(args, lang)
    }

    /// The text in both languages, as a pair (for a finding's `name` and `name_en` arguments).
    static func pair(_ key: UIKey, _ args: [String: String] = [:]) -> (id: String, en: String) {
        (t(key, .id, args), t(key, .en, args))
    }

    /// The text in both languages.
    package static subscript(_ key: UIKey) -> LocalizedText {
        LocalizedText(id: table.id[key.ordinal], en: table.en[key.ordinal])
    }

    /// The template in both languages, filled with `args`.
    package static subscript(_ key: UIKey, _ args: [String: String]) -> LocalizedText {
        LocalizedText(id: t(key, .id, args), en: t(key, .en, args))
    }
}

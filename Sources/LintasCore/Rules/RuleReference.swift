import Foundation

/// One file of a rule's example, as shipped in examples/rules/CODE/.
struct RuleExampleFile: Sendable, Hashable {
    /// Path below the repository root, e.g. `examples/rules/K001/fail.yaml`.
    var path: String
    /// The text, or nil for a file that is not UTF-8 (named only).
    var text: String?
}

/// The examples of a rule: files of the failing and the passing example, settings shared by
/// both, and a README for cases that are not stored as files.
struct RuleExamples: Sendable, Hashable {
    var fail: [RuleExampleFile] = []
    var pass: [RuleExampleFile] = []
    /// `examples/rules/CODE/.lintas.yml`: applies to both examples.
    var settings: RuleExampleFile?
    /// `examples/rules/CODE/README.md`.
    var readme: RuleExampleFile?

    /// The built-in examples of `code` (compiled into the binary from examples/rules/).
    static func builtIn(_ code: String) -> RuleExamples {
        var out = RuleExamples()
        func files(_ kind: String) -> [RuleExampleFile] {
            if let t = EmbeddedResources.examples["\(code)/\(kind)"] {
                return [RuleExampleFile(path: "examples/rules/\(code)/\(kind).yaml", text: t)]
            }
            let prefix = "\(code)/\(kind)/"
            var list = EmbeddedResources.exampleFiles.filter { $0.key.hasPrefix(prefix) }
                .map { RuleExampleFile(path: "examples/rules/" + $0.key, text: $0.value) }
            list += EmbeddedResources.binaryExampleFiles.filter { $0.hasPrefix(prefix) }
                .map { RuleExampleFile(path: "examples/rules/" + $0, text: nil) }
            return list.sorted { $0.path < $1.path }
        }
        out.fail = files("fail")
        out.pass = files("pass")
        out.settings = EmbeddedResources.exampleFiles["\(code)/.lintas.yml"].map {
            RuleExampleFile(path: "examples/rules/\(code)/.lintas.yml", text: $0)
        }
        out.readme = EmbeddedResources.exampleFiles["\(code)/README.md"].map {
            RuleExampleFile(path: "examples/rules/\(code)/README.md", text: $0)
        }
        return out
    }
}

/// The rule reference (docs/rules.md): every pack and rule with its code, severity, basis,
/// citation, parameters, what/why/fix and both examples, as one Markdown document.
/// `lintas rules --format markdown` prints it; each rule has the anchor `#<lowercase code>`.
enum RuleReference {
    static func markdown(_ catalog: RuleCatalog, pack: String? = nil, lang: Language) -> String {
        let packs = catalog.packs.filter { pack == nil || $0.id == pack }
        var out = ""
        out += UIText.t(.referenceTitle, lang) + "\n\n"
        out +=
            UIText.t(.referenceGeneratedNote, lang) + "\n\n"
        out += UIText.t(.referenceIntro, lang) + "\n\n"
        let basisMeaning: [(Basis, LocalizedText)] = [
            (
                .text,
                UIText[.referenceBasisText]
            ),
            (
                .secondary,
                UIText[.referenceBasisSecondary]
            ),
            (
                .practice,
                UIText[.referenceBasisPractice]
            ),
            (
                .inference,
                UIText[.referenceBasisInference]
            ),
        ]
        for (i, (b, m)) in basisMeaning.enumerated() {
            out += "- `\(b.rawValue)`\(basisName(b, lang)): \(m[lang])\(i == basisMeaning.count - 1 ? "." : ";")\n"
        }
        out += "\n"
        out += severityPolicy(lang)

        out +=
            UIText.t(.referencePacksTableHeader, lang) + "\n"
        for p in packs {
            let on =
                p.enabledByDefault
                ? UIText.t(.commonYes, lang)
                : UIText.t(.referenceWhenChosenPacksIn, lang)
            var letters: [Character] = []
            for c in p.rules.map(\.code).sorted() where c.first.map({ !letters.contains($0) }) == true {
                letters.append(c.first!)
            }
            var holds = letters.map(String.init).joined(separator: ", ")
            if !p.rules.isEmpty { holds += " (\(p.rules.count))" }
            if !p.overrides.isEmpty {
                holds +=
                    (holds.isEmpty ? "" : "; ") + UIText.t(.referenceChanges, lang)
                    + p.overrides.map(\.code).sorted().joined(separator: ", ")
            }
            out += "| [`\(p.id)`](#pack-\(p.id)) | \(on) | \(cell(p.regulation[lang])) | \(holds) |\n"
        }
        out += "\n"

        let effective = catalog.rules(enabling: catalog.packs.map(\.id))
        for p in packs {
            out += "<a id=\"pack-\(p.id)\"></a>\n\n"
            out += "## \(UIText.t(.docsPack, lang)) `\(p.id)`: \(p.title[lang])\n\n"
            out += "- \(UIText.t(.referenceRegulation, lang)): \(p.regulation[lang])\n"
            out +=
                "- \(UIText.t(.referenceOnByDefault, lang)): \(p.enabledByDefault ? UIText.t(.commonYes, lang) : UIText.t(.commonNo, lang))\n"
            if !p.requires.isEmpty {
                out +=
                    "- \(UIText.t(.referenceRequires, lang)): \(p.requires.map { "`\($0)`" }.joined(separator: ", "))\n"
            }
            for (k, v) in p.params.sorted(by: { $0.key < $1.key }) {
                out += "- \(UIText.t(.referencePackParameter, lang)) `\(p.id).\(k)` = `\(v.value)`"
                if let verified = v.verified {
                    out +=
                        verified
                        ? UIText.t(.referenceVerifiedParenthesised, lang)
                        : UIText.t(.referenceNotVerifiedParenthesised, lang)
                }
                if let s = v.localizedSource { out += "; \(UIText.t(.referenceSource, lang)): \(s[lang])" }
                out += "\n"
            }
            out += "\n"
            if !p.rules.isEmpty {
                out +=
                    UIText.t(.referenceRulesTableHeader, lang) + "\n"
                for r in p.rules.sorted(by: { $0.code < $1.code }) {
                    out +=
                        "| [\(r.code)](#\(r.code.lowercased())) | \(levelName(r.severity, lang)) | \(basisWord(r.basis, lang)) | \(cell(r.title[lang])) |\n"
                }
                out += "\n"
            }
            if !p.overrides.isEmpty {
                out +=
                    UIText.t(.referenceOverridesTableHeader, lang) + "\n"
                for o in p.overrides.sorted(by: { $0.code < $1.code }) {
                    out +=
                        "| [\(o.code)](#\(o.code.lowercased())) | \(cell(overrideSummary(o, lang: lang))) | \(cell(o.citation?[lang] ?? "")) |\n"
                }
                out += "\n"
            }
            for r in p.rules.sorted(by: { $0.code < $1.code }) {
                out += rule(r, pack: p, catalog: catalog, changedBy: effective[r.code]?.overriddenBy ?? [], lang: lang)
            }
        }
        return out
    }

    /// A rule level as a reader of `lang` says it: `galat`, `peringatan`, `info`, `nonaktif` in
    /// Indonesian (the words of the text reporter), the config keywords in English.
    static func levelName(_ l: RuleLevel, _ lang: Language) -> String {
        switch l {
        case .off: return UIText.t(.referenceOff, lang)
        case .on(let s): return s.localized[lang]
        }
    }

    /// A basis as a reader of `lang` says it (`teks peraturan`, `sekunder`, `praktik`, `inferensi`).
    static func basisWord(_ b: Basis, _ lang: Language) -> String {
        lang == .id ? b.localized.id : b.rawValue
    }

    /// The severity policy: what `error` means, by basis (docs/rules.md and its Indonesian twin).
    static func severityPolicy(_ lang: Language) -> String {
        UIText.t(.referenceSeverityPolicy, lang) + "\n\n"
    }

    /// " (teks peraturan)" beside the code word, when the language's name differs from it.
    static func basisName(_ b: Basis, _ lang: Language) -> String {
        b.localized[lang] == b.rawValue ? "" : " (\(b.localized[lang]))"
    }

    static func overrideSummary(_ o: RuleOverride, lang: Language) -> String {
        var parts: [String] = []
        if let s = o.severity { parts.append("\(UIText.t(.docsSeverityWord, lang)) → \(s.name)") }
        if let b = o.basis { parts.append("\(UIText.t(.referenceBasis, lang)) → \(b.rawValue)") }
        if !o.params.isEmpty {
            parts.append(
                o.params.sorted { $0.key < $1.key }.map { "`\($0.key)` = `\($0.value)`" }.joined(separator: ", "))
        }
        if o.citation != nil && parts.isEmpty { parts.append(UIText.t(.referenceCitation, lang)) }
        return parts.joined(separator: "; ")
    }

    static func rule(_ r: RuleDescriptor, pack: RulePack, catalog: RuleCatalog, changedBy: [String], lang: Language)
        -> String
    {
        var out = "<a id=\"\(r.code.lowercased())\"></a>\n\n"
        out += "### \(r.code) `\(r.name)`: \(r.title[lang])\n\n"
        out +=
            "| \(UIText.t(.referencePack, lang)) | \(UIText.t(.referenceDefaultSeverity, lang)) | \(UIText.t(.referenceBasis, lang)) | status |\n|---|---|---|---|\n"
        out +=
            "| `\(pack.id)` | \(levelName(r.severity, lang)) | \(r.basis.rawValue)\(basisName(r.basis, lang)) | \(r.status) |\n\n"
        out += "\(UIText.t(.docsCitation, lang)): \(r.citation[lang])\n\n"
        if let k = r.inference {
            out += "\(UIText.t(.docsKindOfInference, lang)): \(k.localized[lang]) (`\(k.rawValue)`)\n\n"
        }
        for p in catalog.packs {
            for o in p.overrides where o.code == r.code {
                out +=
                    "\(UIText.t(.docsChangedByPack, lang)) [`\(p.id)`](#pack-\(p.id)): \(overrideSummary(o, lang: lang))"
                if let c = o.citation { out += " (\(c[lang]))" }
                out += ".\n"
                if let w = o.why?[lang], !w.isEmpty {
                    out += "\n> \(w.trimmingCharacters(in: .whitespacesAndNewlines))\n"
                }
                out += "\n"
            }
        }
        if !r.params.isEmpty {
            out +=
                UIText.t(.referenceParameters, lang, ["setting": "`rules: { \(r.code): { params: { ... } } }`"])
                + "\n\n"
            for (k, v) in r.params.sorted(by: { $0.key < $1.key }) {
                out += "- `\(k)` = `\(v)`\(v == .null ? UIText.t(.docsOffUntilSet, lang) : "")\n"
            }
            out += "\n"
        }
        if r.code.hasPrefix("D"), let p = pack.params["diundangkan"] {
            out += "\(UIText.t(.docsPromulgationDateUsed, lang)): `\(p.value)`"
            out +=
                " (\(p.verified == true ? UIText.t(.docsVerified, lang) : UIText.t(.referenceNotVerifiedBold, lang)))"
            if let s = p.localizedSource { out += "; \(UIText.t(.referenceSource, lang)): \(s[lang])" }
            out +=
                UIText.t(
                    .referenceOverrideWith, lang,
                    [
                        "params": "params: { \(pack.id).diundangkan: YYYY-MM-DD }",
                        "param": "\(pack.id).diundangkan=YYYY-MM-DD",
                    ]) + "\n\n"
        }
        func section(_ title: String, _ text: LocalizedText) {
            let t = text[lang].trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { out += "**\(title).** \(t)\n\n" }
        }
        section(UIText.t(.docsWhatItDoes, lang), r.what)
        section(UIText.t(.docsWhy, lang), r.why)
        section(UIText.t(.docsUseInstead, lang), r.fix)

        let ex = RuleExamples.builtIn(r.code)
        if let readme = ex.readme, let t = readme.text {
            out += "\(UIText.t(.referenceAboutTheExamples, lang)) (`\(readme.path)`):\n\n"
            out += quote(t) + "\n"
        }
        if let s = ex.settings {
            out +=
                "\(UIText.t(.referenceSettingsForBothExamples, lang)) (`\(s.path)`):\n\n"
                + fenced(s.text ?? "", lang: "yaml") + "\n"
        }
        for (title, files) in [
            (UIText.t(.docsFailingExample, lang), ex.fail),
            (UIText.t(.docsPassingExample, lang), ex.pass),
        ] {
            guard !files.isEmpty else { continue }
            out += "**\(title).**\n\n"
            for f in files {
                if let t = f.text {
                    out += "`\(f.path)`:\n\n" + fenced(t, lang: f.path.hasSuffix(".md") ? "markdown" : "yaml") + "\n"
                } else {
                    out +=
                        "`\(f.path)`: \(UIText.t(.referenceNotUtf8, lang)).\n\n"
                }
            }
        }
        if ex.fail.isEmpty {
            out +=
                UIText.t(.referenceFailingExampleGenerated, lang) + "\n\n"
        }
        return out
    }

    /// A Markdown table cell: pipes escaped, one line.
    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// A fenced code block whose fence is longer than any backtick run in the text.
    static func fenced(_ text: String, lang: String) -> String {
        var longest = 0
        var run = 0
        for c in text {
            if c == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        var body = text
        if !body.hasSuffix("\n") { body += "\n" }
        return "\(fence)\(lang)\n\(body)\(fence)\n"
    }

    /// A README as a block quote, its own title dropped and headings turned into bold lines.
    static func quote(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix("# ") { lines.removeFirst() }
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.map { l -> String in
            if l.hasPrefix("#") {
                let title = l.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                return "> **\(title)**"
            }
            return l.isEmpty ? ">" : "> \(l)"
        }.joined(separator: "\n") + "\n"
    }
}

import Foundation

/// `lintas rules` and `lintas explain`: rule documentation from the packs, in one language.
public enum RuleDocs {
    public static func list(_ catalog: RuleCatalog, pack: String?, format: String, lang: Language) -> String {
        let all = catalog.rules(enabling: catalog.packs.map(\.id))
        let packs = catalog.packs.filter { pack == nil || $0.id == pack }
        switch format {
        case "json":
            var items: [[String: Any]] = []
            for p in packs {
                for r in p.rules.sorted(by: { $0.code < $1.code }) {
                    let e = all[r.code] ?? r
                    items.append([
                        "code": r.code, "name": r.name, "pack": p.id, "severity": r.severity.name,
                        "basis": r.basis.rawValue, "title": r.title[lang], "citation": r.citation[lang],
                        "status": r.status, "changedBy": e.overriddenBy,
                    ])
                }
            }
            let doc: [String: Any] = [
                "version": 1,
                "packs": packs.map {
                    [
                        "id": $0.id, "title": $0.title[lang], "enabledByDefault": $0.enabledByDefault,
                        "requires": $0.requires,
                    ] as [String: Any]
                },
                "rules": items,
            ]
            let data =
                (try? JSONSerialization.data(
                    withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case "markdown":
            // The full reference (docs/rules.md is this output with --lang en).
            return RuleReference.markdown(catalog, pack: pack, lang: lang)
        default:
            var out = ""
            for p in packs {
                let on =
                    p.enabledByDefault
                    ? UIText.t(.docsListOnByDefault, lang)
                    : UIText.t(.docsListWhenEnabled, lang)
                out += "\(p.id) (\(on)): \(p.title[lang])\n"
                for r in p.rules.sorted(by: { $0.code < $1.code }) {
                    let sev = RuleReference.levelName(r.severity, lang).padding(
                        toLength: lang == .id ? 10 : 8, withPad: " ", startingAt: 0)
                    let basis = RuleReference.basisWord(r.basis, lang).padding(
                        toLength: lang == .id ? 15 : 10, withPad: " ", startingAt: 0)
                    out += "  \(r.code)  \(sev) \(basis) \(r.title[lang])\n"
                }
                for o in p.overrides {
                    let what = [
                        o.severity.map {
                            UIText.t(.docsListSeverityChange, lang) + RuleReference.levelName($0, lang)
                        },
                        o.params.isEmpty
                            ? nil
                            : UIText.t(.docsListParamsChange, lang)
                                + o.params.keys.sorted().joined(separator: ", "),
                    ]
                    .compactMap { $0 }.joined(separator: "; ")
                    out += "  \(o.code)  \(UIText.t(.docsListChanged, lang)): \(what)\n"
                }
                out += "\n"
            }
            return out
        }
    }

    /// Lines shown before and after each expected finding in the short view.
    static let contextLines = 2

    /// `full`: the whole example files; otherwise the few lines around each `# expect: CODE` of
    /// the failing example and the same place in the passing one (as ruff and SwiftLint show).
    public static func explain(_ code: String, catalog: RuleCatalog, lang: Language, full: Bool = false) -> String {
        guard let described = catalog.describe(code), let pack = catalog.pack(described.pack) else { return "" }
        // The rule as its own pack defines it (its default severity, basis, citation, why); what
        // other packs change follows on its own lines.
        let r = pack.rules.first { $0.code == code } ?? described
        var out = "\(r.code) \(r.name): \(r.title[lang])\n\n"
        out += "\(UIText.t(.docsPack, lang)): \(pack.id) (\(pack.title[lang]))\n"
        // In Indonesian the word a reader uses, then the config keyword ("galat (error)"); in English
        // the keyword alone.
        let level = RuleReference.levelName(r.severity, lang)
        out +=
            "\(UIText.t(.docsDefaultSeverity, lang)): \(level)\(level == r.severity.name ? "" : " (\(r.severity.name))")\n"
        let basis = RuleReference.basisWord(r.basis, lang)
        out += "\(UIText.t(.docsBasis, lang)): \(basis)\(basis == r.basis.rawValue ? "" : " (\(r.basis.rawValue))")\n"
        if let k = r.inference { out += "\(UIText.t(.docsKindOfInference, lang)): \(k.localized[lang])\n" }
        out += "\(UIText.t(.docsCitation, lang)): \(r.citation[lang])\n"
        for p in catalog.packs {
            for o in p.overrides where o.code == r.code {
                var parts: [String] = []
                if let s = o.severity {
                    parts.append("\(UIText.t(.docsSeverityWord, lang)) \(RuleReference.levelName(s, lang))")
                }
                if !o.params.isEmpty {
                    parts.append(
                        o.params.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
                }
                out += "\(UIText.t(.docsChangedByPack, lang)) \(p.id): \(parts.joined(separator: "; "))"
                if let c = o.citation { out += " (\(c[lang]))" }
                out += "\n"
            }
        }
        if !r.params.isEmpty {
            out += "\(UIText.t(.docsParameters, lang)):\n"
            for (k, v) in r.params.sorted(by: { $0.key < $1.key }) {
                out += "  \(k) = \(v)\(v == .null ? UIText.t(.docsOffUntilSet, lang) : "")\n"
            }
        }
        if r.code.hasPrefix("D"), let p = pack.params["diundangkan"] {
            out += "\(UIText.t(.docsPromulgationDateUsed, lang)): \(p.value)"
            out +=
                " (\(p.verified == true ? UIText.t(.docsVerified, lang) : UIText.t(.docsNotVerified, lang)))\n"
            if let s = p.localizedSource { out += "\(UIText.t(.docsSource, lang)): \(s[lang])\n" }
            out +=
                UIText.t(
                    .docsOverrideWith, lang,
                    [
                        "params": "params: { \(pack.id).diundangkan: YYYY-MM-DD }",
                        "param": "\(pack.id).diundangkan=YYYY-MM-DD",
                    ]) + "\n"
        }
        func section(_ title: String, _ text: LocalizedText) {
            let t = text[lang]
            if !t.isEmpty { out += "\n\(title)\n\(t.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
        }
        section(UIText.t(.docsWhatItDoes, lang), r.what)
        section(UIText.t(.docsWhy, lang), r.why)
        section(UIText.t(.docsUseInstead, lang), r.fix)
        let examples = RuleExamples.builtIn(r.code)
        // The binary carries the examples: they are named as built in (`R001/fail.yaml`), not by a
        // repository path the user of an installed binary does not have.
        func label(_ f: RuleExampleFile) -> String {
            let name = f.path.hasPrefix("examples/rules/") ? String(f.path.dropFirst("examples/rules/".count)) : f.path
            return UIText.t(.docsBuiltInExample, lang) + name
        }
        func show(_ title: String, _ f: RuleExampleFile, only ranges: [ClosedRange<Int>]? = nil) {
            guard let text = f.text else {
                out += "\n\(title) (\(label(f))): \(UIText.t(.docsNotUtf8, lang))\n"
                return
            }
            out += "\n\(title) (\(label(f))):\n"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let ranges else {
                for l in lines { out += "    \(l)\n" }
                return
            }
            let width = String(lines.count).count
            for (i, range) in ranges.enumerated() {
                if i > 0 { out += "    \(String(repeating: " ", count: width)) ...\n" }
                for n in range where n >= 1 && n <= lines.count {
                    out += "    \(String(repeating: " ", count: width - String(n).count))\(n) | \(lines[n - 1])\n"
                }
            }
        }
        if let s = examples.settings { show(UIText.t(.docsSettingsForBothExamples, lang), s) }
        // The short view needs one failing and one passing file, each UTF-8, and expected findings.
        let short: (fail: [ClosedRange<Int>], pass: [ClosedRange<Int>])? = {
            guard !full, examples.fail.count == 1, examples.pass.count == 1,
                let ft = examples.fail[0].text, let pt = examples.pass[0].text
            else { return nil }
            return ExampleExcerpt.ranges(code: r.code, fail: ft, pass: pt, context: contextLines)
        }()
        if let short {
            show(UIText.t(.docsFailingExample, lang), examples.fail[0], only: short.fail)
            show(UIText.t(.docsPassingExample, lang), examples.pass[0], only: short.pass)
            out +=
                "\n"
                + UIText.t(.docsWholeExampleFiles, lang, ["code": r.code]) + "\n"
        } else {
            for (files, title) in [
                (examples.fail, UIText.t(.docsFailingExample, lang)),
                (examples.pass, UIText.t(.docsPassingExample, lang)),
            ] {
                for f in files { show(title, f) }
            }
        }
        // Examples that are not text files: what their README says, not where it lies.
        if examples.fail.isEmpty, let readme = examples.readme {
            let title =
                (WorkbookImporter.codes + NIPColumnCheck.codes).contains(r.code)
                ? UIText.t(.docsExamplesAreWorkbooks, lang)
                : UIText.t(.docsFailingExampleGenerated, lang)
            out += "\n\(title):\n"
            for l in (readme.text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
                out += "    \(l)\n"
            }
        }
        return out
    }
}

/// The places of a rule's examples that `lintas explain` shows: the lines around each expected
/// finding of the failing example, and the same places in the passing one.
enum ExampleExcerpt {
    /// Line ranges (1-based, merged when they touch) of the failing and the passing text; nil when
    /// the failing text marks no finding of `code`.
    static func ranges(code: String, fail: String, pass: String, context: Int) -> (
        fail: [ClosedRange<Int>], pass: [ClosedRange<Int>]
    )? {
        let f = fail.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let p = pass.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = f.indices.filter { i in
            guard let r = f[i].range(of: "# expect:") else { return false }
            return f[i][r.upperBound...].split(whereSeparator: { $0 == " " || $0 == "," }).first.map(String.init)
                == code
        }.map { $0 + 1 }
        guard !expected.isEmpty else { return nil }
        let failRanges = merge(expected.map { max(1, $0 - context)...min(f.count, $0 + context) })
        // The same place in the passing text: the nearest line at or above the finding whose text
        // (without comments) occurs once in the passing text, and the same distance below it.
        var counts: [String: Int] = [:]
        var lineOfText: [String: Int] = [:]
        for (i, l) in p.enumerated() {
            let k = key(l)
            guard !k.isEmpty else { continue }
            counts[k, default: 0] += 1
            lineOfText[k] = i + 1
        }
        let passLines = expected.map { n -> Int in
            var a = n
            while a >= 1 {
                let k = key(f[a - 1])
                if !k.isEmpty, counts[k] == 1, let at = lineOfText[k] { return min(max(1, at + (n - a)), p.count) }
                a -= 1
            }
            return min(n, p.count)
        }
        let passRanges = merge(passLines.map { max(1, $0 - context)...min(p.count, $0 + context) })
        return (failRanges, passRanges)
    }

    /// A line without its comment and outer blanks: what stays the same between the examples.
    static func key(_ line: String) -> String {
        var s = Substring(line)
        if let r = s.range(of: " #") ?? (s.hasPrefix("#") ? s.startIndex..<s.index(after: s.startIndex) : nil) {
            s = s[..<r.lowerBound]
        }
        return s.trimmingCharacters(in: .whitespaces)
    }

    static func merge(_ ranges: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, r.lowerBound <= last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}

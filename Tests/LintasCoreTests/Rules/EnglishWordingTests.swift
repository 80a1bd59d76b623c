import Foundation
import Testing

@testable import LintasCore

/// `--lang en` speaks English everywhere the packs give words: every finding of every failing
/// example, rendered in English (message, notes, citation, basis), holds no word that the packs use
/// only in Indonesian. Data values (quoted, or in backticks) are left out: they are the agency's.
@Suite("English wording")
struct EnglishWordingTests {
    /// Words of a text, lowercased, without `{placeholders}`, `code spans` and "quoted values".
    static func words(_ text: String, dropQuoted: Bool) -> Set<String> {
        var out = Set<String>()
        var word = ""
        var skipUntil: Character?
        func flush() {
            if word.count >= 3 { out.insert(word.lowercased()) }
            word = ""
        }
        for c in text {
            if let end = skipUntil {
                if c == end { skipUntil = nil }
                continue
            }
            switch c {
            case "{":
                flush()
                skipUntil = "}"
            case "`":
                flush()
                skipUntil = "`"
            case "\"" where dropQuoted:
                flush()
                skipUntil = "\""
            default:
                if c.isLetter { word.append(c) } else { flush() }
            }
        }
        flush()
        return out
    }

    /// Every scalar under `id`/`en` keys of a pack, and pack-parameter `source` texts (Indonesian
    /// unless they come as `{id, en}`).
    static func packTexts(_ node: YAMLNode, key: String?, id: inout [String], en: inout [String]) {
        switch node.kind {
        case .scalar(let s):
            if key == "id" || key == "source" { id.append(s.text) }
            if key == "en" { en.append(s.text) }
        case .sequence(let items):
            for i in items { packTexts(i, key: key, id: &id, en: &en) }
        case .mapping(let pairs):
            for p in pairs { packTexts(p.value, key: p.key.scalar?.text, id: &id, en: &en) }
        }
    }

    /// Every scalar value of a data file (the agency's own words, not lintas's).
    static func dataWords(_ node: YAMLNode, into out: inout Set<String>) {
        switch node.kind {
        case .scalar(let s): out.formUnion(words(s.text, dropQuoted: false))
        case .sequence(let items): for i in items { dataWords(i, into: &out) }
        case .mapping(let pairs): for p in pairs { dataWords(p.value, into: &out) }
        }
    }

    static func yamlFiles(under relative: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: TestSupport.path(relative))
        var out: [String] = []
        while let f = e?.nextObject() as? String {
            if f.hasSuffix(".yaml") || f.hasSuffix(".yml") { out.append(relative + "/" + f) }
        }
        return out.sorted()
    }

    static func load(_ relative: String) throws -> [YAMLNode] {
        let data = try #require(
            FileManager.default.contents(atPath: TestSupport.path(relative)), "cannot read \(relative)")
        return YAMLLoader.load(bytes: [UInt8](data), file: relative).documents
    }

    /// Words the packs use in Indonesian text and never in English text, minus the words of the
    /// examples' data.
    static func indonesianOnlyWords() throws -> Set<String> {
        var id: [String] = []
        var en: [String] = []
        for f in yamlFiles(under: "rules") {
            for d in try load(f) { packTexts(d, key: nil, id: &id, en: &en) }
        }
        var data = Set<String>()
        for f in yamlFiles(under: "examples") {
            for d in try load(f) { dataWords(d, into: &data) }
        }
        let idWords = id.reduce(into: Set<String>()) { $0.formUnion(words($1, dropQuoted: false)) }
        let enWords = en.reduce(into: Set<String>()) { $0.formUnion(words($1, dropQuoted: false)) }
        return idWords.subtracting(enWords).subtracting(data)
    }

    /// The English texts a finding is shown with, by every reporter.
    static func english(_ f: Finding) -> [String] {
        [f.message[.en], f.citation[.en], f.basis.localized[.en]] + f.notes.map { $0.message[.en] }
    }

    @Test("the word list knows Indonesian when it sees it")
    func wordListSeesIndonesian() throws {
        let only = try Self.indonesianOnlyWords()
        #expect(only.count > 200)
        for w in ["tenggat", "sekunder", "belum", "sumber"] { #expect(only.contains(w), "\(w)") }
        #expect(
            Self.words("sumber: batas atas perkiraan (\"Tim dari Bidang\") `sistem_kerja` {x}", dropQuoted: true)
                == ["sumber", "batas", "atas", "perkiraan"])
    }

    @Test("every finding of every failing example in English holds no Indonesian-only pack word")
    func failExamplesInEnglish() throws {
        let only = try Self.indonesianOnlyWords()
        var examples: [String] = []
        for code in RuleExampleTests.codes {
            if let ex = RuleExampleTests.example(code, "fail") { examples.append(ex) }
        }
        #expect(examples.count > 50)
        var checked = 0
        var offenders: [String] = []
        for ex in examples {
            let report = try TestSupport.lint([ex])
            for f in report.allFindings {
                for text in Self.english(f) {
                    checked += 1
                    let bad = Self.words(text, dropQuoted: true).intersection(only)
                    if !bad.isEmpty { offenders.append("\(f.rule) in \(ex): \(bad.sorted()) in '\(text)'") }
                }
            }
        }
        #expect(checked > 200)
        #expect(
            offenders.isEmpty,
            "\(offenders.count) English texts with Indonesian words:\n\(offenders.joined(separator: "\n"))")
    }

    @Test("every text of every pack has an English twin")
    func packsHaveEnglish() throws {
        for f in Self.yamlFiles(under: "rules") {
            for d in try Self.load(f) { Self.missingEnglish(d, path: f) }
        }
    }

    /// Every `{id: ...}` mapping also has a non-empty `en`.
    static func missingEnglish(_ node: YAMLNode, path: String) {
        switch node.kind {
        case .scalar: break
        case .sequence(let items): for (i, n) in items.enumerated() { missingEnglish(n, path: "\(path)[\(i)]") }
        case .mapping(let pairs):
            if node["id"]?.scalar != nil {
                let en = node["en"]?.scalar?.text ?? ""
                #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty, "\(path) has no English text")
            }
            for p in pairs { missingEnglish(p.value, path: "\(path).\(p.key.scalar?.text ?? "?")") }
        }
    }
}

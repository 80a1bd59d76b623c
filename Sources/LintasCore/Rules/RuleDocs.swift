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
                    items.append(["code": r.code, "name": r.name, "pack": p.id, "severity": r.severity.name,
                                  "basis": r.basis.rawValue, "title": r.title[lang], "citation": r.citation[lang],
                                  "status": r.status, "changedBy": e.overriddenBy])
                }
            }
            let doc: [String: Any] = [
                "version": 1,
                "packs": packs.map { ["id": $0.id, "title": $0.title[lang], "enabledByDefault": $0.enabledByDefault, "requires": $0.requires] as [String: Any] },
                "rules": items,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self) + "\n"
        case "markdown":
            // The full reference (docs/rules.md is this output with --lang en).
            return RuleReference.markdown(catalog, pack: pack, lang: lang)
        default:
            var out = ""
            for p in packs {
                let on = p.enabledByDefault ? (lang == .id ? "aktif bawaan" : "on by default") : (lang == .id ? "aktif bila dipilih" : "when enabled")
                out += "\(p.id) (\(on)): \(p.title[lang])\n"
                for r in p.rules.sorted(by: { $0.code < $1.code }) {
                    let sev = r.severity.name.padding(toLength: 8, withPad: " ", startingAt: 0)
                    let basis = r.basis.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                    out += "  \(r.code)  \(sev) \(basis) \(r.title[lang])\n"
                }
                for o in p.overrides {
                    let what = [o.severity.map { "severity -> \($0.name)" }, o.params.isEmpty ? nil : "params: " + o.params.keys.sorted().joined(separator: ", ")]
                        .compactMap { $0 }.joined(separator: "; ")
                    out += "  \(o.code)  \(lang == .id ? "diubah" : "changed"): \(what)\n"
                }
                out += "\n"
            }
            return out
        }
    }

    public static func explain(_ code: String, catalog: RuleCatalog, lang: Language) -> String {
        guard let r = catalog.describe(code), let pack = catalog.pack(r.pack) else { return "" }
        let id = lang == .id
        var out = "\(r.code) \(r.name): \(r.title[lang])\n\n"
        out += "\(id ? "Paket" : "Pack"): \(pack.id) (\(pack.title[lang]))\n"
        out += "\(id ? "Tingkat bawaan" : "Default severity"): \(r.severity.name)\n"
        // The config keyword, and its translation when it differs ("practice (praktik)", not "inference (inference)").
        let basis = r.basis.localized[lang]
        out += "\(id ? "Dasar" : "Basis"): \(r.basis.rawValue)\(basis == r.basis.rawValue ? "" : " (\(basis))")\n"
        out += "\(id ? "Rujukan" : "Citation"): \(r.citation[lang])\n"
        for p in catalog.packs {
            for o in p.overrides where o.code == r.code {
                var parts: [String] = []
                if let s = o.severity { parts.append("\(id ? "tingkat" : "severity") \(s.name)") }
                if !o.params.isEmpty { parts.append(o.params.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")) }
                out += "\(id ? "Diubah oleh paket" : "Changed by pack") \(p.id): \(parts.joined(separator: "; "))"
                if let c = o.citation { out += " (\(c[lang]))" }
                out += "\n"
            }
        }
        if !r.params.isEmpty {
            out += "\(id ? "Parameter" : "Parameters"):\n"
            for (k, v) in r.params.sorted(by: { $0.key < $1.key }) {
                out += "  \(k) = \(v)\(v == .null ? (id ? " (nonaktif sampai diatur)" : " (off until set)") : "")\n"
            }
        }
        if r.code.hasPrefix("D"), let p = pack.params["diundangkan"] {
            out += "\(id ? "Tanggal diundangkan yang dipakai" : "Promulgation date used"): \(p.value)"
            out += " (\(p.verified == true ? (id ? "terverifikasi" : "verified") : (id ? "BELUM terverifikasi" : "NOT verified")))\n"
            if let s = p.localizedSource { out += "\(id ? "Sumber" : "Source"): \(s[lang])\n" }
            out += id ? "Ubah dengan: params: { \(pack.id).diundangkan: YYYY-MM-DD } di .lintas.yml, atau --param \(pack.id).diundangkan=YYYY-MM-DD\n"
                      : "Override with: params: { \(pack.id).diundangkan: YYYY-MM-DD } in .lintas.yml, or --param \(pack.id).diundangkan=YYYY-MM-DD\n"
        }
        func section(_ title: String, _ text: LocalizedText) {
            let t = text[lang]
            if !t.isEmpty { out += "\n\(title)\n\(t.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
        }
        section(id ? "Apa yang diperiksa" : "What it does", r.what)
        section(id ? "Mengapa" : "Why", r.why)
        section(id ? "Yang seharusnya" : "Use instead", r.fix)
        let examples = RuleExamples.builtIn(r.code)
        func show(_ title: String, _ f: RuleExampleFile) {
            guard let text = f.text else {
                out += "\n\(title) (\(f.path)): \(id ? "bukan UTF-8, tidak ditampilkan" : "not UTF-8, not shown")\n"
                return
            }
            out += "\n\(title) (\(f.path)):\n"
            for l in text.split(separator: "\n", omittingEmptySubsequences: false) { out += "    \(l)\n" }
        }
        if let s = examples.settings { show(id ? "Pengaturan kedua contoh" : "Settings for both examples", s) }
        for (files, title) in [(examples.fail, id ? "Contoh yang melanggar" : "Failing example"), (examples.pass, id ? "Contoh yang benar" : "Passing example")] {
            for f in files { show(title, f) }
        }
        if examples.fail.isEmpty, let readme = examples.readme, (WorkbookImporter.codes + NIPColumnCheck.codes).contains(r.code) {
            out += "\n\(id ? "Contohnya berupa buku kerja (fail.xlsx, pass.xlsx)" : "The examples are workbooks (fail.xlsx, pass.xlsx)"): \(readme.path)\n"
        } else if examples.fail.isEmpty, let readme = examples.readme {
            out += "\n\(id ? "Contoh yang melanggar dibuat oleh rangkaian uji" : "The failing example is generated by the test suite"): \(readme.path)\n"
        }
        return out
    }
}

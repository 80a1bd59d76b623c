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
            var out = ""
            for p in packs {
                out += "## \(p.id): \(p.title[lang])\n\n"
                out += lang == .id ? "Aktif bawaan: \(p.enabledByDefault ? "ya" : "tidak")\n\n" : "On by default: \(p.enabledByDefault ? "yes" : "no")\n\n"
                out += "| code | severity | basis | \(lang == .id ? "judul" : "title") | citation |\n|---|---|---|---|---|\n"
                for r in p.rules.sorted(by: { $0.code < $1.code }) {
                    out += "| \(r.code) | \(r.severity.name) | \(r.basis.rawValue) | \(r.title[lang]) | \(r.citation[lang]) |\n"
                }
                for o in p.overrides {
                    out += "| \(o.code) | \(o.severity?.name ?? "") | \(o.basis?.rawValue ?? "") | \(lang == .id ? "diubah oleh paket ini" : "changed by this pack") | \(o.citation?[lang] ?? "") |\n"
                }
                out += "\n"
            }
            return out
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
        out += "\(id ? "Dasar" : "Basis"): \(r.basis.rawValue) (\(r.basis.localized[lang]))\n"
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
            if let s = p.source { out += "\(id ? "Sumber" : "Source"): \(s)\n" }
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
        for (kind, title) in [("fail", id ? "Contoh yang melanggar" : "Failing example"), ("pass", id ? "Contoh yang benar" : "Passing example")] {
            if let ex = EmbeddedResources.examples["\(r.code)/\(kind)"] {
                out += "\n\(title) (examples/rules/\(r.code)/\(kind).yaml):\n"
                for l in ex.split(separator: "\n", omittingEmptySubsequences: false) { out += "    \(l)\n" }
            }
        }
        if WorkbookImporter.codes.contains(r.code) {
            out += id ? "\nContoh berupa buku kerja: examples/rules/\(r.code)/fail.xlsx (temuan yang diharapkan di fail.expect) dan pass.xlsx.\n"
                : "\nThe examples are workbooks: examples/rules/\(r.code)/fail.xlsx (expected findings in fail.expect) and pass.xlsx.\n"
        }
        return out
    }
}

/// One self-contained HTML page (inline CSS, no script, no network): per agency a summary, the
/// findings grouped by area, and pictures of each unit's matrix cascade (PK indicator -> level-1
/// results -> level-2 results) and of each team's make-up. Every value from the input is escaped.
public struct HTMLReporter: Reporter {
    public init() {}

    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.45}
    header{background:#0b3d62;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.6rem}header p{margin:.3rem 0 0}
    main{padding:1rem 2rem;max-width:80rem}
    nav ul{padding-left:1.2rem}
    section.agency{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
    h2{margin-top:0;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}h3{margin-top:1.6rem}h4{margin:1rem 0 .4rem}
    table{border-collapse:collapse;margin:.4rem 0;font-size:.92rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
    th{background:#f0f3f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
    .sev{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;font-weight:600;color:#fff}
    .sev-error{background:#cf222e}.sev-warning{background:#9a6700}.sev-info{background:#0969da}
    .status{color:#57606a;font-style:italic}tr.closed td{color:#57606a;background:#fafbfc}
    code,.loc{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}td.loc{overflow-wrap:anywhere;max-width:24rem}
    ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:1.4rem}ul.tree{padding-left:.2rem}
    ul.tree li{position:relative;padding:.2rem 0 .2rem .9rem;border-left:2px solid #8c959f}
    ul.tree li:last-child{border-left:2px solid transparent}
    ul.tree li::before{content:"";position:absolute;left:-2px;top:0;width:.8rem;height:1rem;border-left:2px solid #8c959f;border-bottom:2px solid #8c959f}
    .node{display:inline-block;border:1px solid #d0d7de;border-radius:5px;padding:.15rem .5rem;background:#fff}
    .node.pk{background:#ddf4ff;border-color:#54aeff}.node.l1{background:#dafbe1;border-color:#4ac26b}.node.l2{background:#fff8c5;border-color:#d4a72c}
    .node.deep{background:#ffebe9;border-color:#ff8182}.node.ketua{background:#fbefff;border-color:#c297ff}.node.ext{border-style:dashed}
    .node.flag{box-shadow:0 0 0 2px #cf222e}.flag-mark{color:#cf222e;font-weight:700}
    .kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:#57606a;margin-right:.3rem}
    .muted{color:#57606a}.teams{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:.8rem}
    .team{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem}.team h4{margin:.2rem 0}
    footer{padding:1rem 2rem;color:#57606a;font-size:.85rem}
    """

    struct Ctx {
        let lang: Language
        func t(_ id: String, _ en: String) -> String { Label.t(lang, id, en) }
    }

    static func h(_ s: String) -> String { Escape.html(s) }

    public func render(_ report: LintReport, _ context: ReportContext) -> String {
        let c = Ctx(lang: context.language)
        let h = HTMLReporter.h
        var out = "<!DOCTYPE html>\n<html lang=\"\(c.lang.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>lintas: " + c.t("laporan pemeriksaan", "check report") + "</title>\n"
        out += "<style>\n" + HTMLReporter.css + "\n</style>\n</head>\n<body>\n"
        out += "<header><h1>lintas</h1><p>" + h(SummaryText.counts(report, c.lang)) + "</p></header>\n<main>\n"
        if report.agencies.count > 1 {
            out += "<nav><h2>" + c.t("Instansi", "Agencies") + "</h2><ul>\n"
            for (i, a) in report.agencies.enumerated() {
                out += "<li><a href=\"#instansi-\(i + 1)\">" + h(a.name) + "</a></li>\n"
            }
            out += "</ul></nav>\n"
        }
        for (i, a) in report.agencies.enumerated() {
            out += agencySection(a, number: i + 1, report: report, c)
        }
        out += "</main>\n<footer>lintas " + h(report.toolVersion) + "</footer>\n</body>\n</html>\n"
        return out
    }

    // MARK: agency

    func agencySection(_ a: AgencyResult, number: Int, report: LintReport, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out = "<section class=\"agency\" id=\"instansi-\(number)\">\n<h2>" + h(a.name) + "</h2>\n"
        if let inst = a.agency?.instansi.first {
            let nama = inst.nama?.value ?? "", kode = inst.kode?.value ?? ""
            out += "<p>" + h(nama) + (kode.isEmpty ? "" : " (<code>" + h(kode) + "</code>)") + "</p>\n"
        }
        func n(_ p: (Finding) -> Bool) -> Int { a.findings.filter(p).count }
        out += "<table class=\"summary\">\n"
        let rows: [(String, String)] = [
            (c.t("Galat", "Errors"), String(n { $0.isOpen && $0.severity == .error })),
            (c.t("Peringatan", "Warnings"), String(n { $0.isOpen && $0.severity == .warning })),
            ("Info", String(n { $0.isOpen && $0.severity == .info })),
            (c.t("Disenyapkan", "Suppressed"), String(n { $0.status.name == "suppressed" })),
            (c.t("Dikecualikan", "Waived"), String(n { $0.status.name == "waived" })),
            (c.t("Di baseline", "In baseline"), String(n { $0.status.name == "baselined" })),
            (c.t("Berkas", "Files"), String(a.files.count)),
        ]
        for (k, v) in rows { out += "<tr><th>" + k + "</th><td class=\"n\">" + v + "</td></tr>\n" }
        out += "<tr><th>" + c.t("Paket aturan", "Rule packs") + "</th><td>" + h(a.packs.joined(separator: ", ")) + "</td></tr>\n"
        out += "<tr><th>" + c.t("Tanggal penilaian", "Assessment date") + "</th><td>" + a.asOf.description + "</td></tr>\n"
        if let cfg = a.configFile {
            out += "<tr><th>" + c.t("Konfigurasi", "Config") + "</th><td><code>" + h(cfg) + "</code></td></tr>\n"
        }
        out += "</table>\n"
        out += findingsByArea(a, report: report, c)
        if let agency = a.agency {
            let flagged = HTMLReporter.flaggedPaths(a.findings)
            let index = AgencyIndex(agency)
            out += cascades(agency, index, flagged, c)
            out += teams(agency, index, flagged, c)
        }
        return out + "</section>\n"
    }

    func findingsByArea(_ a: AgencyResult, report: LintReport, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out = "<h3>" + c.t("Temuan per bidang", "Findings by area") + "</h3>\n"
        if a.findings.isEmpty { return out + "<p class=\"muted\">" + c.t("Tidak ada temuan.", "No findings.") + "</p>\n" }
        var byArea: [RuleArea: [Finding]] = [:]
        for f in a.findings { byArea[RuleArea(code: f.rule), default: []].append(f) }
        for area in RuleArea.allCases {
            guard let items = byArea[area] else { continue }
            out += "<h4>" + h(area.title[c.lang]) + " (\(items.count))</h4>\n<table>\n<tr><th>"
                + [c.t("Tingkat", "Severity"), c.t("Aturan", "Rule"), c.t("Pesan", "Message"), c.t("Lokasi", "Location"), c.t("Rujukan", "Citation")]
                .joined(separator: "</th><th>") + "</th></tr>\n"
            for f in items {
                out += "<tr" + (f.isOpen ? "" : " class=\"closed\"") + ">"
                out += "<td><span class=\"sev sev-\(f.severity.rawValue)\">" + h(f.severity.localized[c.lang]) + "</span></td>"
                out += "<td><code>" + h(f.rule) + "</code> " + h(report.ruleTitle(f.rule, c.lang)) + "</td>"
                out += "<td>" + h(f.message[c.lang])
                if !f.isOpen { out += "<br><span class=\"status\">" + h(JUnitReporter.statusText(f, c.lang)) + "</span>" }
                for note in f.notes {
                    out += "<br><span class=\"muted\">" + c.t("catatan", "note") + ": " + h(note.message[c.lang]) + " ("
                        + h("\(note.location.file):\(note.location.line):\(note.location.column)") + ")</span>"
                }
                out += "</td><td class=\"loc\">" + h("\(f.location.file):\(f.location.line):\(f.location.column)")
                if !f.path.isEmpty { out += "<br>" + h(f.path) }
                out += "</td><td>" + h(f.citation[c.lang]) + " <span class=\"muted\">(" + h(f.basis.localized[c.lang]) + ")</span></td></tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }

    /// Every logical path with an open finding at or below it (prefixes cut at `.` and `[`).
    static func flaggedPaths(_ findings: [Finding]) -> Set<String> {
        var out = Set<String>()
        for f in findings where f.isOpen && !f.path.isEmpty {
            var prefix = ""
            for ch in f.path {
                if ch == "." || ch == "[" { out.insert(prefix) }
                prefix.append(ch)
            }
            out.insert(prefix)
        }
        return out
    }

    func person(_ nip: String?, _ index: AgencyIndex, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        guard let nip, !nip.isEmpty else { return "<span class=\"muted\">" + c.t("(tidak diisi)", "(not given)") + "</span>" }
        guard let e = index.employee(nip) else {
            return "<code>" + h(nip) + "</code> <span class=\"muted\">" + c.t("(tidak ada di daftar pegawai)", "(not in the employee list)") + "</span>"
        }
        var s = "<strong>" + h(e.nama?.value ?? nip) + "</strong>"
        if let j = e.jabatan?.value { s += ", " + h(j) }
        if let g = e.jenjang?.value { s += " <span class=\"muted\">(" + h(g.rawValue) + ")</span>" }
        s += " <code>" + h(nip) + "</code>"
        if index.isExternal(e) { s += " <span class=\"muted\">[" + c.t("instansi lain", "external") + ": " + h(e.instansi?.value ?? "") + "]</span>" }
        return s
    }

    func node(_ kind: String, _ label: String, _ body: String, path: String, _ flagged: Set<String>, extra: String = "") -> String {
        let flag = flagged.contains(path)
        return "<span class=\"node \(kind)\(extra)\(flag ? " flag" : "")\"><span class=\"kind\">" + label + "</span>" + body
            + (flag ? " <span class=\"flag-mark\" title=\"!\">!</span>" : "") + "</span>"
    }

    func unitLabel(_ code: String?, _ index: AgencyIndex) -> String {
        let h = HTMLReporter.h
        guard let code else { return "?" }
        if let u = index.unit(code), let nama = u.nama?.value { return h(nama) + " (<code>" + h(code) + "</code>)" }
        return "<code>" + h(code) + "</code>"
    }

    func target(_ t: Located<String>?, _ s: Located<String>?) -> String {
        guard let t else { return "" }
        return " <span class=\"muted\">[" + HTMLReporter.h(t.value + (s.map { " " + $0.value } ?? "")) + "]</span>"
    }

    // MARK: matrix cascade

    func cascades(_ agency: Agency, _ index: AgencyIndex, _ flagged: Set<String>, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out = "<h3>" + c.t("Kaskade Matriks Peran Hasil", "Role-result matrix cascade") + "</h3>\n"
        if agency.matrices.isEmpty {
            return out + "<p class=\"muted\">" + c.t("Tidak ada Matriks Peran Hasil.", "No role-result matrix.") + "</p>\n"
        }
        for m in agency.matrices {
            let year = m.tahun.map { String($0.value) } ?? "?"
            out += "<h4>" + unitLabel(m.unit?.value, index) + ", " + c.t("tahun", "year") + " " + h(year)
                + " <span class=\"muted\">(" + h(m.mode.rawValue) + ")</span></h4>\n"
            var pk: PerformanceAgreement?
            if let u = m.unit?.value, let y = m.tahun?.value, let i = index.agreementsByUnitYear[UnitYear(unit: u, year: y)]?.first {
                pk = agency.agreements[i]
            }
            var byIndicator: [String: [MatrixResult]] = [:]
            var order: [String] = []
            for r in m.hasil {
                let k = r.indikator?.value ?? ""
                if byIndicator[k] == nil { order.append(k) }
                byIndicator[k, default: []].append(r)
            }
            out += "<ul class=\"tree\">\n"
            if let pk {
                out += "<li>" + node("pk", c.t("PK", "PK"), " " + c.t("pejabat", "signed by") + ": " + person(pk.pejabat?.value, index, c),
                                     path: pk.path, flagged) + "\n<ul>\n"
            } else {
                out += "<li>" + node("pk deep", c.t("PK", "PK"), " " + c.t("tidak ada PK untuk unit dan tahun ini", "no PK for this unit and year"),
                                     path: m.path, flagged) + "\n<ul>\n"
            }
            var shown = Set<String>()
            for ind in pk?.indikator ?? [] {
                let code = ind.kode?.value ?? ""
                shown.insert(code)
                let body = " <code>" + h(code) + "</code> " + h(ind.uraian?.value ?? "") + target(ind.target, ind.satuan)
                out += "<li>" + node("pk", c.t("Indikator", "Indicator"), body, path: ind.path, flagged)
                out += results(byIndicator[code] ?? [], index, flagged, c, emptyNote: true)
                out += "</li>\n"
            }
            for code in order where !shown.contains(code) {
                let body = " <code>" + h(code.isEmpty ? "?" : code) + "</code> " + c.t("(tidak ada di PK)", "(not in the PK)")
                out += "<li>" + node("pk deep", c.t("Indikator", "Indicator"), body, path: "", flagged)
                out += results(byIndicator[code] ?? [], index, flagged, c, emptyNote: false)
                out += "</li>\n"
            }
            out += "</ul></li>\n</ul>\n"
        }
        return out
    }

    func results(_ items: [MatrixResult], _ index: AgencyIndex, _ flagged: Set<String>, _ c: Ctx, emptyNote: Bool) -> String {
        let h = HTMLReporter.h
        if items.isEmpty {
            return emptyNote ? " <span class=\"flag-mark\">" + c.t("belum diturunkan ke hasil", "not cascaded to a result") + "</span>" : ""
        }
        var out = "\n<ul>\n"
        for r in items {
            let kind: String
            let label: String
            switch r.level {
            case 1: kind = "l1"; label = c.t("Hasil tk. 1", "Level-1 result")
            case 2: kind = "l2"; label = c.t("Hasil tk. 2", "Level-2 result")
            default: kind = "deep"; label = c.t("Hasil tk. \(r.level)", "Level-\(r.level) result")
            }
            var body = " <code>" + h(r.kode?.value ?? "?") + "</code> " + h(r.uraian?.value ?? "") + target(r.target, r.satuan)
            if let tim = r.tim?.value {
                let nama = index.team(tim)?.nama?.value
                body += "<br><span class=\"muted\">" + c.t("tim", "team") + ":</span> <code>" + h(tim) + "</code>" + (nama.map { " " + h($0) } ?? "")
            }
            body += "<br><span class=\"muted\">" + c.t("pelaksana", "delivered by") + ":</span> " + person(r.pelaksana?.value, index, c)
            out += "<li>" + node(kind, label, body, path: r.path, flagged)
            out += r.turunan.isEmpty ? "" : results(r.turunan, index, flagged, c, emptyNote: false)
            out += "</li>\n"
        }
        return out + "</ul>\n"
    }

    // MARK: teams

    func teams(_ agency: Agency, _ index: AgencyIndex, _ flagged: Set<String>, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out = "<h3>" + c.t("Susunan tim kerja", "Team make-up") + "</h3>\n"
        if agency.teams.isEmpty {
            return out + "<p class=\"muted\">" + c.t("Tidak ada tim kerja.", "No work team.") + "</p>\n"
        }
        out += "<div class=\"teams\">\n"
        for t in agency.teams {
            out += "<div class=\"team\"><h4><code>" + h(t.kode?.value ?? "?") + "</code> " + h(t.nama?.value ?? "")
                + (flagged.contains(t.path) ? " <span class=\"flag-mark\">!</span>" : "") + "</h4>\n"
            var facts = [c.t("unit", "unit") + ": " + unitLabel(t.unit?.value, index)]
            if let l = t.lingkup?.value { facts.append(c.t("lingkup", "scope") + ": " + h(l.rawValue)) }
            if let j = t.jenisPekerjaan?.value { facts.append(c.t("jenis pekerjaan", "kind of work") + ": " + h(j.rawValue)) }
            if let p = t.penetapan {
                facts.append(c.t("SK", "decree") + ": " + h(p.nomor?.value ?? "?") + (p.tanggal.map { ", " + $0.value.description } ?? ""))
            }
            out += "<p class=\"muted\">" + facts.joined(separator: "; ") + "</p>\n<ul class=\"tree\">\n<li>"
            let ketuaExt = t.ketua.flatMap { index.employee($0.value) }.map(index.isExternal) == true ? " ext" : ""
            out += node("ketua", c.t("Ketua", "Leader"), " " + person(t.ketua?.value, index, c), path: t.path + ".ketua", flagged, extra: ketuaExt)
            if !t.anggota.isEmpty {
                out += "\n<ul>\n"
                for (i, m) in t.anggota.enumerated() {
                    let ext = index.employee(m.value).map(index.isExternal) == true ? " ext" : ""
                    out += "<li>" + node("member", c.t("Anggota", "Member"), " " + person(m.value, index, c),
                                         path: t.path + ".anggota[\(i)]", flagged, extra: ext) + "</li>\n"
                }
                out += "</ul>\n"
            }
            out += "</li>\n</ul>\n</div>\n"
        }
        return out + "</div>\n"
    }
}

/// One self-contained HTML page: inline CSS and one small inline script, both allowed by hash in a
/// restrictive Content-Security-Policy (nothing else may load or run; no network). A batch opens on
/// the comparison table (sortable, filterable by severity and rule area) with links to each agency.
/// Per agency: its figures, the findings grouped by area (with anchors), an SVG of each unit's
/// matrix cascade (PK indicator -> level-1 results -> level-2 results) whose marks name rule codes
/// and link to the findings, and each team's make-up. Every value from the input is escaped.
public struct HTMLReporter: Reporter {
    init() {}

    /// The pages of a directory report (``HTMLDirectory``): the index holds the comparison and no
    /// agency section; its rows link to `pageLink(name)`; an agency page starts with a link `back`.
    var indexOnly = false
    var pageLink: (@Sendable (String) -> String)?
    var back: String?
    /// ``summariseResults``, lowered by tests.
    var summariseAbove = HTMLReporter.summariseResults

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa;line-height:1.45}
        header{background:#0b3d62;color:#fff;padding:1rem 2rem}header h1{margin:0;font-size:1.6rem}header p{margin:.3rem 0 0}
        main{padding:1rem 2rem;max-width:88rem}
        section.agency,section.cmp{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem 1.5rem;margin:1rem 0}
        h2{margin-top:0;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}h3{margin-top:1.6rem}h4{margin:1rem 0 .4rem}
        table{border-collapse:collapse;margin:.4rem 0;font-size:.92rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#f0f3f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
        th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:#0b3d62;text-align:left}
        th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
        #filter{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem;margin:1rem 0;font-size:.9rem}
        #filter fieldset{display:inline-block;border:0;margin:0 1.5rem 0 0;padding:0}#filter legend{font-weight:600;padding:0;float:left;margin-right:.5rem}
        #filter label{margin-right:.7rem;white-space:nowrap}
        .sev{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;font-weight:600;color:#fff}
        .sev-error{background:#cf222e}.sev-warning{background:#9a6700}.sev-info{background:#0969da}
        .status{color:#57606a;font-style:italic}tr.closed td{color:#57606a;background:#fafbfc}
        tr:target td{background:#fff8c5}
        code,.loc{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}td.loc{overflow-wrap:anywhere;min-width:14rem;max-width:26rem}
        table.findings{width:100%}td.loc .path{color:#57606a;font-size:.78rem}
        .muted{color:#57606a}.warn{color:#9a6700;font-weight:600}
        .mark{display:inline-block;white-space:nowrap;border-radius:3px;padding:0 .3rem;margin-left:.25rem;font-size:.75rem;font-weight:700;color:#fff;text-decoration:none}
        .mark.m-error{background:#cf222e}.mark.m-warning{background:#9a6700}.mark.m-info{background:#0969da}
        svg.cascade{display:block;max-width:100%;height:auto;margin:.4rem 0;font-family:system-ui,sans-serif}
        .cascade path{fill:none;stroke:#8c959f;stroke-width:1.5}.cascade path.x{stroke:#9a6700;stroke-width:2;stroke-dasharray:5 3}
        .cascade text{font-size:12px;fill:#1f2328}.cascade text.s{font-size:11px;fill:#57606a}.cascade text.k{font-size:11px;font-weight:700;fill:#fff}
        .pk>rect{fill:#ddf4ff;stroke:#54aeff}.l1>rect{fill:#dafbe1;stroke:#4ac26b}.l2>rect{fill:#f3eeff;stroke:#8250df}
        .gap>rect{fill:#fff8c5;stroke:#9a6700}.gap>rect,.dash>rect{stroke-width:2;stroke-dasharray:6 3}
        rect.m-error{fill:#cf222e}rect.m-warning{fill:#9a6700}rect.m-info{fill:#0969da}
        .legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;font-size:.85rem;margin:.4rem 0 .8rem;align-items:center}
        .sw{display:inline-block;width:1.6rem;height:.9rem;border:1px solid;border-radius:3px;vertical-align:middle;margin-right:.3rem}
        .sw-pk{background:#ddf4ff;border-color:#54aeff}.sw-l1{background:#dafbe1;border-color:#4ac26b}.sw-l2{background:#f3eeff;border-color:#8250df}
        .sw-gap{background:#fff8c5;border:2px dashed #9a6700}
        .gapbox{border:2px dashed #9a6700;background:#fffbe6;border-radius:6px;padding:.4rem .8rem;margin:.4rem 0 1.4rem}
        details{margin:.3rem 0}summary{cursor:pointer}
        .teams{display:grid;grid-template-columns:repeat(auto-fill,minmax(46rem,1fr));gap:.8rem}
        details.team{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .8rem;margin:0}
        details.team table{width:100%}tr.gap td{background:#fffbe6}tr.ext td{border-style:dashed}
        footer{padding:1rem 2rem;color:#57606a;font-size:.85rem}
        td{overflow-wrap:break-word}td.loc,table.cmp td:first-child{overflow-wrap:anywhere}table.cmp td.n,td.nw{white-space:nowrap}table.cmp td:first-child{min-width:11rem}.who{color:#57606a;font-size:.85em}
        .scroll{overflow-x:auto}
        button.toggle{display:none;font:inherit;font-size:.85rem;margin-left:.6rem;background:#f0f3f6;border:1px solid #d0d7de;border-radius:4px;cursor:pointer;color:#0b3d62}
        .js button.toggle{display:inline-block}.js section.clean:not(.open) .more{display:none}
        button.toggle::after{content:" \\25B8"}section.open button.toggle::after{content:" \\25BE"}
        @media (max-width:1100px){main{padding:.5rem 1rem}section.agency,section.cmp{padding:.8rem}table.cmp{font-size:.82rem}th,td{padding:.2rem .35rem}
        td.loc{min-width:9rem}.teams{grid-template-columns:1fr}}
        @media print{@page{size:A4;margin:12mm}
        body{background:#fff;font-size:10pt}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        #filter,button.toggle{display:none!important}.more{display:block!important}
        header{padding:.4rem 0}main{padding:0;max-width:none}section.agency,section.cmp{border:0;padding:0;margin:0}
        section.agency{break-before:page}h2,h3,h4{break-after:avoid}
        .scroll{overflow:visible}table{width:100%;font-size:8.5pt}table.cmp{font-size:7.5pt}table.cmp td:first-child{min-width:0;width:30%}.who{font-size:1em}table.summary{width:auto}thead{display:table-header-group}tr,svg.cascade,.legend{break-inside:avoid}
        td.loc{min-width:0;max-width:none}code,.loc{font-size:.92em}svg.cascade{width:100%;height:auto}
        details::details-content{content-visibility:visible;display:contents}details>summary{list-style:none}
        .teams{display:block}details.team{break-inside:avoid;margin:.4rem 0}a{color:inherit;text-decoration:none}}
        """

    /// Sorting of the comparison table and the severity/area filter. No data in it: the same text
    /// (and hash) for every report.
    static let script = """
        (function(){
        var d=document;
        d.documentElement.classList.add('js');
        function num(v){return v===undefined||v===''?null:parseFloat(v);}
        d.querySelectorAll('table.cmp').forEach(function(t){
        var ths=t.querySelectorAll('thead th');
        ths.forEach(function(th,i){
        var b=th.querySelector('button');if(!b)return;
        b.addEventListener('click',function(){
        var desc=th.getAttribute('aria-sort')==='ascending';
        ths.forEach(function(o){o.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',desc?'descending':'ascending');
        var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows),text=th.getAttribute('data-type')==='text';
        rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-k'),y=b.cells[i].getAttribute('data-k');
        if(text){return (x<y?-1:x>y?1:0)*(desc?-1:1);}
        x=num(x);y=num(y);
        if(x===null&&y===null)return 0;if(x===null)return 1;if(y===null)return -1;
        return (x-y)*(desc?-1:1);});
        rows.forEach(function(r){tb.appendChild(r);});});});});
        var boxes=d.querySelectorAll('#filter input');
        function apply(){
        var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
        d.querySelectorAll('tr[data-sev]').forEach(function(r){r.hidden=!(on['s:'+r.getAttribute('data-sev')]&&on['a:'+r.getAttribute('data-area')]);});
        d.querySelectorAll('td[data-counts]').forEach(function(td){
        var n=0;td.getAttribute('data-counts').split(' ').forEach(function(p){if(!p)return;var q=p.split(':');if(on['s:'+q[0]]&&on['a:'+q[1]])n+=parseInt(q[2],10);});
        td.textContent=String(n);td.setAttribute('data-k',String(n));});}
        boxes.forEach(function(b){b.addEventListener('change',apply);});
        d.querySelectorAll('button.toggle').forEach(function(b){b.addEventListener('click',function(){
        var s=b.closest('section');s.classList.toggle('open');b.setAttribute('aria-expanded',s.classList.contains('open')?'true':'false');});});
        window.addEventListener('beforeprint',function(){d.querySelectorAll('details').forEach(function(x){x.open=true;});});
        })();
        """

    static let csp =
        "default-src 'none'; style-src \(ContentHash.cspSource("\n" + css + "\n")); script-src \(ContentHash.cspSource("\n" + script + "\n")); base-uri 'none'; form-action 'none'"

    /// The areas findings are grouped by, in the report's order.
    static let areas: [RuleArea] = [.ketua, .team, .matrix, .deadline, .integrity, .organisation, .other]

    /// Above this many rows a unit's cascade is split per indicator into closed `<details>`.
    static let wholePictureRows = 80
    /// Groups of a split cascade shown open when they hold a gap or a finding.
    static let openProblemGroups = 3
    /// Level-2 results drawn under one level-1 result before "+N more".
    static let level2Shown = 10
    /// Teams above this many are grouped by unit and closed.
    static let openTeams = 20
    /// An agency whose matrices hold more results than this (boxes to draw) has each unit's cascade
    /// summarised: one table row per indicator, pictures only for indicators with a gap or a
    /// finding, at most ``summariseGroups`` on the page.
    static let summariseResults = 20_000
    static let summariseGroups = 12
    /// An agency of more than ``openTeams`` teams holding more than ``summariseResults`` people in
    /// them has each unit's teams summarised: one table row per team, the make-up shown only for
    /// teams with a mark or a gap, at most this many on the page.
    static let summariseTeams = 12
    /// The most employees (over all agencies) a single-file report takes: past it the page would
    /// be too big for a browser to open in reasonable time, and a directory of pages is advised.
    public static let singleFileEmployees = 200_000
    public static let tooBigAdvice =
        "the single-file HTML report takes at most 200,000 employees in all; this run has more: write a directory with one page per agency, --output html:DIR/ / "
        + "laporan HTML satu berkas memuat paling banyak 200.000 pegawai; proses ini lebih: tulis direktori dengan satu halaman per instansi, --output html:DIR/"

    struct Ctx {
        let lang: Language
        /// A text of rules/ui.yaml in the report's language.
        func t(_ key: UIKey) -> String { UIText.t(key, lang) }
        /// A template of rules/ui.yaml in the report's language, filled with `args`.
        func t(_ key: UIKey, _ args: [String: String]) -> String { UIText.t(key, lang, args) }
    }

    static func h(_ s: String) -> String { Escape.html(s) }

    static func clip(_ s: String, _ n: Int) -> String { s.count > n ? String(s.prefix(n - 1)) + "…" : s }

    public func render(_ report: LintReport, _ context: ReportContext) -> String {
        let c = Ctx(lang: context.language)
        let h = HTMLReporter.h
        var out = "<!DOCTYPE html>\n<html lang=\"\(c.lang.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + h(HTMLReporter.csp) + "\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>lintas: " + c.t(.htmlCheckReport) + "</title>\n"
        out += "<style>\n" + HTMLReporter.css + "\n</style>\n</head>\n<body>\n"
        out += "<header><h1>lintas</h1><p>" + h(SummaryText.counts(report, c.lang)) + "</p></header>\n<main>\n"
        if let back {
            out +=
                "<nav><p><a href=\"" + h(back) + "\">" + c.t(.htmlBackToComparison)
                + "</a></p></nav>\n"
        }
        out += filterBar(c)
        if report.agencies.count > 1 || indexOnly {
            out += comparison(report, context, c)
        }
        for (i, a) in report.agencies.enumerated() where !indexOnly {
            out += agencySection(a, number: i + 1, report: report, c)
        }
        out += "</main>\n<footer>lintas " + h(report.toolVersion) + "</footer>\n"
        out += "<script>\n" + HTMLReporter.script + "\n</script>\n</body>\n</html>\n"
        return out
    }

    func filterBar(_ c: Ctx) -> String {
        var out = "<form id=\"filter\"><fieldset><legend>" + c.t(.commonSeverity) + "</legend>"
        for s in [Severity.error, .warning, .info] {
            out +=
                "<label><input type=\"checkbox\" value=\"s:\(s.rawValue)\" checked> "
                + HTMLReporter.h(s.localized[c.lang]) + "</label>"
        }
        out += "</fieldset><fieldset><legend>" + c.t(.htmlLegendArea) + "</legend>"
        for a in HTMLReporter.areas {
            out +=
                "<label><input type=\"checkbox\" value=\"a:\(a.rawValue)\" checked> "
                + HTMLReporter.h(HTMLReporter.areaLabel(a)[c.lang]) + "</label>"
        }
        return out + "</fieldset></form>\n"
    }

    static func areaLabel(_ a: RuleArea) -> LocalizedText {
        switch a {
        case .integrity: return UIText[.htmlAreaData]
        case .organisation: return UIText[.htmlAreaOrganisation]
        case .team, .jabar: return UIText[.htmlAreaWorkTeams]
        case .ketua: return UIText[.htmlAreaTeamLeaders]
        case .matrix: return UIText[.htmlAreaMatrix]
        case .deadline: return UIText[.htmlAreaDeadline]
        case .other: return UIText[.htmlAreaOther]
        }
    }

    /// West Java's J rules are about teams: grouped with them.
    static func area(_ code: String) -> RuleArea {
        let a = RuleArea(code: code)
        return a == .jabar ? .team : a
    }

    // MARK: comparison

    func comparison(_ report: LintReport, _ context: ReportContext, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out =
            "<section class=\"cmp\" id=\"perbandingan\"><h2>" + c.t(.reportAgencyComparison)
            + "</h2>\n"
        out +=
            "<p class=\"muted\">"
            + c.t(.htmlComparisonHint) + "</p>\n"
        out += "<div class=\"scroll\"><table class=\"cmp\"><thead><tr>"
        let columns = HTMLReporter.comparisonColumns(report)
        for col in columns {
            let sorted = context.sort.flatMap { $0.column == col ? ($0.descending ? "descending" : "ascending") : nil }
            out +=
                "<th" + (HTMLReporter.sortsAsText(col) ? " data-type=\"text\"" : "")
                + (sorted.map { " aria-sort=\"\($0)\"" } ?? "")
                + "><button type=\"button\">" + h(col.title[c.lang]) + "</button></th>"
        }
        out +=
            "<th><button type=\"button\">" + c.t(.htmlSelectedFindings)
            + "</button></th></tr></thead>\n<tbody>\n"
        for row in report.comparison(sortedBy: context.sort) {
            out += "<tr>"
            for col in columns {
                let text = col.text(row.name, row.figures, c.lang)
                let key: String
                switch col.key(row.name, row.figures) {
                case .number(let v): key = v.map { String($0) } ?? ""
                case .text(let s): key = s
                }
                let cell = col == .agency ? agencyCell(row, text) : h(text)
                out +=
                    "<td" + (col.isNumeric ? " class=\"n\"" : col == .since ? " class=\"nw\"" : "") + " data-k=\""
                    + h(key) + "\">" + cell + "</td>"
            }
            let a = report.agencies[row.number - 1]
            var counts: [String: Int] = [:]
            for f in a.findings where f.isOpen {
                counts["\(f.severity.rawValue):\(HTMLReporter.area(f.rule).rawValue)", default: 0] += 1
            }
            let total = counts.values.reduce(0, +)
            out +=
                "<td class=\"n\" data-k=\"\(total)\" data-counts=\""
                + counts.keys.sorted().map { "\($0):\(counts[$0]!)" }.joined(separator: " ")
                + "\">\(total)</td></tr>\n"
        }
        return out + "</tbody></table></div>\n</section>\n"
    }

    /// Whether the comparison's script sorts a column on its text; the others sort on their number
    /// (Pasal 25 on its ``AgencyFigures/Pasal25/sortKey``: on time, then days late, then undated,
    /// then no regulation), whatever the cell shows.
    static func sortsAsText(_ col: ComparisonColumn) -> Bool {
        let probe = AgencyFigures()
        if case .text = col.key("", probe) { return true }
        return false
    }

    /// The comparison's columns: the agency's code and name go in its cell, under its path.
    static func comparisonColumns(_ report: LintReport) -> [ComparisonColumn] {
        ComparisonColumn.shown(report).filter { $0 != .agencyCode && $0 != .agencyName }
    }

    func agencyCell(_ row: ComparisonRow, _ path: String) -> String {
        let h = HTMLReporter.h
        var out =
            "<a href=\"" + (pageLink.map { h($0(row.name)) } ?? "#instansi-\(row.number)") + "\">" + h(path) + "</a>"
        let kode = row.figures.kode ?? ""
        let nama = row.figures.nama ?? ""
        if !kode.isEmpty || !nama.isEmpty {
            out +=
                "<br><span class=\"who\">" + (kode.isEmpty ? "" : "<code>" + h(kode) + "</code> ") + h(nama) + "</span>"
        }
        return out
    }

    // MARK: agency

    /// Open findings attached to the things the pictures draw: by logical path, by the path with its
    /// last field cut (`….hasil[kode=H1].pelaksana` marks the result), and by `member:<team>/<nip>`
    /// for findings about a team member.
    struct Marks {
        var byKey: [String: [Int]] = [:]
        let findings: [Finding]
        let agencyNumber: Int

        init(_ findings: [Finding], agencyNumber: Int) {
            self.findings = findings
            self.agencyNumber = agencyNumber
            for (i, f) in findings.enumerated() where f.isOpen && !f.path.isEmpty {
                var keys = [f.path]
                if let p = Marks.parent(f.path) { keys.append(p) }
                if f.path.hasSuffix(".anggota") || (f.path.hasSuffix("]") && f.path.contains("].anggota[")) {
                    keys.append("member:" + f.entity)
                }
                for k in Set(keys) { byKey[k, default: []].append(i) }
            }
        }

        /// The path without a trailing `.field` (nil when it ends in a `[…]` selector).
        static func parent(_ p: String) -> String? {
            guard let dot = p.lastIndex(of: ".") else { return nil }
            let tail = p[dot...]
            guard !tail.contains("["), !tail.contains("]") else { return nil }
            return String(p[..<dot])
        }

        /// Finding indices under any of the keys, in report order, each once.
        func get(_ keys: [String]) -> [Int] {
            guard !byKey.isEmpty, keys.contains(where: { byKey[$0] != nil }) else { return [] }
            var out = Set<Int>()
            for k in keys { for i in byKey[k] ?? [] { out.insert(i) } }
            return out.sorted()
        }

        func anchor(_ i: Int) -> String { "f\(agencyNumber)-\(i)" }

        /// One entry per rule code: the code, the first finding's index, the worst severity and the
        /// messages (for the tooltip).
        func byCode(_ idx: [Int], _ lang: Language) -> [(code: String, first: Int, severity: Severity, text: String)] {
            var order: [String] = []
            var acc: [String: (first: Int, severity: Severity, text: [String])] = [:]
            for i in idx {
                let f = findings[i]
                if var e = acc[f.rule] {
                    e.severity = max(e.severity, f.severity)
                    if e.text.count < 5 { e.text.append(f.message[lang]) }
                    acc[f.rule] = e
                } else {
                    order.append(f.rule)
                    acc[f.rule] = (i, f.severity, [f.message[lang]])
                }
            }
            return order.map {
                ($0, acc[$0]!.first, acc[$0]!.severity, $0 + ": " + acc[$0]!.text.joined(separator: "; "))
            }
        }

        /// HTML marks: one link per rule code to its first finding.
        func html(_ keys: [String], _ lang: Language) -> String {
            byCode(get(keys), lang).map { m in
                "<a class=\"mark m-\(m.severity.rawValue)\" href=\"#\(anchor(m.first))\" title=\""
                    + HTMLReporter.h(m.text) + "\">! " + HTMLReporter.h(m.code) + "</a>"
            }.joined()
        }
    }

    func agencySection(_ a: AgencyResult, number: Int, report: LintReport, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        // In a batch, an agency with no open finding shows its figures; the rest opens on a click.
        let collapsed = report.agencies.count > 1 && !a.findings.contains(where: \.isOpen)
        var out =
            "<section class=\"agency" + (collapsed ? " clean" : "") + "\" id=\"instansi-\(number)\">\n<h2>" + h(a.name)
            + (collapsed ? toggleButton(c) : "") + "</h2>\n"
        let nama = a.comparisonFigures.nama ?? ""
        let kode = a.comparisonFigures.kode ?? ""
        if !nama.isEmpty || !kode.isEmpty {
            out += "<p>" + h(nama) + (kode.isEmpty ? "" : " (<code>" + h(kode) + "</code>)") + "</p>\n"
        }
        func n(_ p: (Finding) -> Bool) -> Int { a.findings.filter(p).count }
        let fig = a.comparisonFigures
        out += "<table class=\"summary\">\n"
        var rows: [(String, String)] = []
        for col in HTMLReporter.comparisonColumns(report) where col != .agency {
            rows.append((h(col.title[c.lang]), h(col.text(a.name, fig, c.lang))))
        }
        rows += [
            (c.t(.htmlSuppressed), String(n { $0.status.name == "suppressed" })),
            (c.t(.htmlWaived), String(n { $0.status.name == "waived" })),
            (c.t(.htmlInBaseline), String(n { $0.status.name == "baselined" })),
            (c.t(.htmlFiles), String(a.files.count)),
        ]
        for (k, v) in rows { out += "<tr><th>" + k + "</th><td class=\"n\">" + v + "</td></tr>\n" }
        if !fig.scopeMismatchTeams.isEmpty {
            out +=
                "<tr><th>" + c.t(.htmlScopeDiffers) + "</th><td>"
                + fig.scopeMismatchTeams.map { "<code>" + h($0) + "</code>" }.joined(separator: " ") + "</td></tr>\n"
        }
        out +=
            "<tr><th>" + c.t(.htmlRulePacks) + "</th><td>" + h(a.packs.joined(separator: ", "))
            + "</td></tr>\n"
        out +=
            "<tr><th>" + c.t(.htmlAssessmentDate) + "</th><td>" + a.asOf.description + "</td></tr>\n"
        if let cfg = a.configFile {
            out += "<tr><th>" + c.t(.htmlConfig) + "</th><td><code>" + h(cfg) + "</code></td></tr>\n"
        }
        out += "</table>\n"
        if let since = report.since { out += sinceSection(a, number: number, since, c) }
        if collapsed { out += "<div class=\"more\">\n" }
        out += findingsByArea(a, number: number, report: report, c)
        if let agency = a.agency {
            let marks = Marks(a.findings, agencyNumber: number)
            let index = AgencyIndex(agency)
            out += cascades(agency, index, marks, c)
            out += teams(agency, index, marks, c)
        }
        return out + (collapsed ? "</div>\n" : "") + "</section>\n"
    }

    /// `--compare-to`: the findings resolved since the earlier review, and the new ones (linked).
    func sinceSection(_ a: AgencyResult, number: Int, _ since: SinceReview, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        guard let s = since.agencies[a.name] else { return "" }
        var out = "<h3>" + c.t(.htmlSinceHeading) + "</h3>\n<p class=\"muted\">"
        out += h(since.file) + (s.earlier.map { $0 == a.name ? "" : ": " + h($0) } ?? "") + ". "
        guard s.earlier != nil else {
            return out
                + c.t(.htmlSinceAgencyNew)
                + "</p>\n"
        }
        out +=
            c.t(
                .sinceCounts,
                ["resolved": String(s.resolved.count), "new": String(s.new.count), "open": String(s.stillOpen)])
            + ".</p>\n"
        if !s.resolved.isEmpty {
            out +=
                "<table class=\"findings\"><tr><th>" + c.t(.htmlResolved) + "</th><th>"
                + c.t(.htmlMessageThen)
                + "</th><th>" + c.t(.htmlLocationThen) + "</th></tr>\n"
            for f in s.resolved {
                out +=
                    "<tr><td><code>" + h(f.rule) + "</code></td><td>" + h(f.message) + "</td><td class=\"loc\">"
                    + h("\(f.file):\(f.line):\(f.column)") + "</td></tr>\n"
            }
            out += "</table>\n"
        }
        if !s.new.isEmpty {
            out +=
                "<p>" + c.t(.htmlNew) + ": "
                + s.new.map { i in
                    "<a href=\"#f\(number)-\(i)\"><code>" + h(a.findings[i].rule) + "</code> "
                        + h(a.findings[i].location.file) + ":\(a.findings[i].location.line)</a>"
                }.joined(separator: ", ") + "</p>\n"
        }
        return out
    }

    /// Opens and closes a clean agency's details (shown only when the page's script runs).
    func toggleButton(_ c: Ctx) -> String {
        "<button type=\"button\" class=\"toggle\" aria-expanded=\"false\">"
            + c.t(.htmlCleanShowDetails) + "</button>"
    }

    func findingsByArea(_ a: AgencyResult, number: Int, report: LintReport, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out = "<h3>" + c.t(.htmlFindingsByArea) + "</h3>\n"
        if a.findings.isEmpty {
            return out + "<p class=\"muted\">" + c.t(.commonNoFindings) + "</p>\n"
        }
        var byArea: [RuleArea: [Int]] = [:]
        for (i, f) in a.findings.enumerated() { byArea[HTMLReporter.area(f.rule), default: []].append(i) }
        for area in HTMLReporter.areas {
            guard let items = byArea[area] else { continue }
            out +=
                "<h4>" + h(HTMLReporter.areaLabel(area)[c.lang].capitalizedFirst)
                + " (\(items.count))</h4>\n<table class=\"findings\">\n<tr><th>"
                + [
                    c.t(.commonSeverity), c.t(.commonRule), c.t(.commonMessage),
                    c.t(.htmlColumnLocation), c.t(.htmlColumnCitationAndBasis),
                ]
                .joined(separator: "</th><th>") + "</th></tr>\n"
            for i in items {
                let f = a.findings[i]
                out +=
                    "<tr id=\"f\(number)-\(i)\" data-sev=\"\(f.severity.rawValue)\" data-area=\"\(area.rawValue)\""
                    + (f.isOpen ? "" : " class=\"closed\"") + ">"
                out +=
                    "<td><span class=\"sev sev-\(f.severity.rawValue)\">" + h(f.severity.localized[c.lang])
                    + "</span></td>"
                out += "<td><code>" + h(f.rule) + "</code> " + h(report.ruleTitle(f.rule, c.lang)) + "</td>"
                out += "<td>" + h(f.message[c.lang])
                if !f.isOpen {
                    out += "<br><span class=\"status\">" + h(JUnitReporter.statusText(f, c.lang)) + "</span>"
                }
                for note in f.notes {
                    out +=
                        "<br><span class=\"muted\">" + c.t(.reportNote) + ": " + h(note.message[c.lang]) + " ("
                        + h("\(note.location.file):\(note.location.line):\(note.location.column)") + ")</span>"
                }
                out += "</td><td class=\"loc\">" + h("\(f.location.file):\(f.location.line):\(f.location.column)")
                if !f.path.isEmpty { out += "<br><span class=\"path\">" + h(f.path) + "</span>" }
                out +=
                    "</td><td>" + h(f.citation[c.lang]) + " <span class=\"muted\">(" + h(f.basis.localized[c.lang])
                    + ")</span></td></tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }

    func personName(_ nip: String?, _ index: AgencyIndex, _ c: Ctx) -> String {
        guard let nip, !nip.isEmpty else { return c.t(.htmlNotGiven) }
        guard let e = index.employee(nip) else { return nip + " " + c.t(.htmlUnknown) }
        return e.nama?.value ?? nip
    }

    func unitLabel(_ code: String?, _ index: AgencyIndex) -> String {
        let h = HTMLReporter.h
        guard let code else { return "?" }
        if let u = index.unit(code), let nama = u.nama?.value { return h(nama) + " (<code>" + h(code) + "</code>)" }
        return "<code>" + h(code) + "</code>"
    }

    // MARK: matrix cascade

    /// One box of the picture.
    struct Box {
        enum Kind: String { case pk, l1, l2, gap }
        var kind: Kind
        var column: Int
        var row: Int
        var line1: String
        var line2: String
        var tooltip: String
        var markKeys: [String]
        var dashed = false
    }

    struct Edge {
        var from: Int
        var to: Int
        var broken: Bool
    }

    /// The picture of some indicator groups: boxes on a grid of three columns.
    struct Picture {
        var boxes: [Box] = []
        var edges: [Edge] = []
        var rows = 0
        var groupGaps: [Int] = []
    }

    static let nodeW = 270, nodeH = 40, rowH = 50, colX = [8, 368, 728], groupGap = 14

    /// Characters per line of a box's first (12 px) and second (11 px) text, and the most lines
    /// of each: labels wrap to show their whole text (on paper too, where no tooltip shows).
    static let line1Chars = 38, line2Chars = 42, maxLines = 8

    /// Word-wrapped lines of at most `width` characters (a longer word is cut); past `maxLines`
    /// the last line ends in "…".
    static func wrap(_ s: String, _ width: Int, maxLines: Int = HTMLReporter.maxLines) -> [String] {
        var lines: [String] = []
        var cur = ""
        for word in s.split(separator: " ", omittingEmptySubsequences: true) {
            var w = Substring(word)
            while w.count > width {
                if !cur.isEmpty {
                    lines.append(cur)
                    cur = ""
                }
                lines.append(String(w.prefix(width)))
                w = w.dropFirst(width)
            }
            if cur.isEmpty {
                cur = String(w)
            } else if cur.count + 1 + w.count <= width {
                cur += " " + w
            } else {
                lines.append(cur)
                cur = String(w)
            }
        }
        if !cur.isEmpty || lines.isEmpty { lines.append(cur) }
        if lines.count > maxLines {
            lines = Array(lines.prefix(maxLines))
            lines[maxLines - 1] = clip(lines[maxLines - 1] + " …", width)
        }
        return lines
    }

    /// A box's wrapped text and height.
    struct BoxText {
        var line1: [String]
        var line2: [String]
        var clipped: Bool
        var height: Int { max(HTMLReporter.nodeH, 10 + 15 * line1.count + (line2.isEmpty ? 0 : 14 * line2.count)) }

        init(_ b: Box) {
            line1 = HTMLReporter.wrap(b.line1, HTMLReporter.line1Chars)
            line2 = b.line2.isEmpty ? [] : HTMLReporter.wrap(b.line2, HTMLReporter.line2Chars)
            clipped =
                line1.joined(separator: " ").count < b.line1.count || line2.joined(separator: " ").count < b.line2.count
        }

        func svg(_ h: (String) -> String) -> String {
            var out = ""
            for (i, l) in line1.enumerated() { out += "<text x=\"7\" y=\"\(16 + 15 * i)\">" + h(l) + "</text>" }
            for (j, l) in line2.enumerated() {
                out += "<text class=\"s\" x=\"7\" y=\"\(17 + 15 * line1.count + 14 * j)\">" + h(l) + "</text>"
            }
            return out
        }
    }

    func svg(_ p: Picture, _ marks: Marks, _ label: String, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        let boxWidth = HTMLReporter.nodeW
        let texts = p.boxes.map(BoxText.init)
        // Each row as tall as its tallest box; rows and indicator groups spaced as before.
        var rowHeight = [Int](repeating: HTMLReporter.nodeH, count: max(p.rows, 1))
        for (b, t) in zip(p.boxes, texts) where b.row < rowHeight.count {
            rowHeight[b.row] = max(rowHeight[b.row], t.height)
        }
        var rowTop = [Int](repeating: 6, count: rowHeight.count + 1)
        for r in rowHeight.indices {
            let gap = p.groupGaps.contains(r + 1) ? HTMLReporter.groupGap : 0
            rowTop[r + 1] = rowTop[r] + rowHeight[r] + HTMLReporter.rowH - HTMLReporter.nodeH + gap
        }
        func y(_ b: Box) -> Int { rowTop[min(b.row, rowHeight.count)] }
        let height = rowTop[rowHeight.count] + 6
        let width = HTMLReporter.colX[2] + boxWidth + 84
        var out =
            "<svg class=\"cascade\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-label=\""
            + h(label) + "\">\n"
        for e in p.edges {
            let a = p.boxes[e.from]
            let b = p.boxes[e.to]
            let x1 = HTMLReporter.colX[a.column] + boxWidth
            let y1 = y(a) + texts[e.from].height / 2
            let x2 = HTMLReporter.colX[b.column]
            let y2 = y(b) + texts[e.to].height / 2
            let mx = (x1 + x2) / 2
            out +=
                "<path" + (e.broken ? " class=\"x\"" : "")
                + " d=\"M\(x1) \(y1)C\(mx) \(y1) \(mx) \(y2) \(x2) \(y2)\"/>\n"
        }
        for (b, t) in zip(p.boxes, texts) {
            let x = HTMLReporter.colX[b.column]
            let yy = y(b)
            // The tooltip only when the text was cut or it says more (keeps big pages small).
            let tip = t.clipped || b.kind == .gap || b.line2.isEmpty
            out +=
                "<g class=\"n \(b.kind.rawValue)" + (b.dashed ? " dash" : "")
                + "\" transform=\"translate(\(x) \(yy))\">"
                + (tip ? "<title>" + h(b.tooltip) + "</title>" : "")
                + "<rect width=\"\(boxWidth)\" height=\"\(t.height)\" rx=\"5\"/>" + t.svg(h)
            var my = 0
            for m in marks.byCode(marks.get(b.markKeys), c.lang).prefix(3) {
                let mw = 14 + 7 * (m.code.count + 2)
                out +=
                    "<a href=\"#\(marks.anchor(m.first))\"><title>" + h(m.text)
                    + "</title><rect class=\"m-\(m.severity.rawValue)\" x=\"\(boxWidth + 4)\" y=\"\(my)\" width=\"\(mw)\" height=\"16\" rx=\"3\"/>"
                    + "<text class=\"k\" x=\"\(boxWidth + 10)\" y=\"\(my + 12)\">! " + h(m.code) + "</text></a>"
                my += 18
            }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }

    /// An indicator and the level-1 results that name it.
    struct Group {
        var code: String
        var indicator: Indicator?
        /// The code is in no PK of the unit and year (a broken link).
        var broken: Bool
        var results: [MatrixResult] = []
    }

    func cascades(_ agency: Agency, _ index: AgencyIndex, _ marks: Marks, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        var out = "<h3>" + c.t(.htmlRoleResultMatrixCascade) + "</h3>\n"
        if agency.matrices.isEmpty {
            return out + "<p class=\"muted\">" + c.t(.htmlNoRoleResultMatrix)
                + "</p>\n"
        }
        out +=
            "<div class=\"legend\"><span><span class=\"sw sw-pk\"></span>" + c.t(.htmlLegendPk)
            + "</span>"
            + "<span><span class=\"sw sw-l1\"></span>"
            + c.t(.htmlLegendLevel1) + "</span>"
            + "<span><span class=\"sw sw-l2\"></span>" + c.t(.htmlLegendLevel2)
            + "</span>"
            + "<span><span class=\"sw sw-gap\"></span>"
            + c.t(.htmlLegendGap) + "</span>"
            + "<span><span class=\"mark m-warning\">! M004</span> "
            + c.t(.htmlLegendFinding) + "</span></div>\n"
        var coverage = MatrixCoverage(index)
        let summarise =
            agency.matrices.reduce(0) { $0 + $1.hasil.reduce($1.hasil.count) { $0 + $1.turunan.count } }
            > summariseAbove
        var drawnProblems = 0
        for mi in index.matrixIDs {
            let m = agency.matrices[mi]
            let year = m.tahun.map { String($0.value) } ?? "?"
            let title = unitLabel(m.unit?.value, index) + ", " + c.t(.htmlYear) + " " + h(year)
            let plainTitle =
                (m.unit.flatMap { index.unit($0.value)?.nama?.value } ?? m.unit?.value ?? "?") + ", "
                + c.t(.htmlYear) + " " + year
            out +=
                "<h4>" + title + " <span class=\"muted\">(" + h(m.mode.rawValue) + ")</span>"
                + marks.html([m.path], c.lang) + "</h4>\n"
            let key = MatrixFacts.key(m)
            var pks: [PerformanceAgreement] = []
            if let k = key { pks = index.agreements(of: k).map { agency.agreements[$0] } }
            if let pk = pks.first {
                out +=
                    "<p class=\"muted\">PK " + c.t(.htmlSignedBy) + " "
                    + h(personName(pk.pejabat?.value, index, c))
                    + marks.html([pk.path], c.lang) + "</p>\n"
            } else {
                out +=
                    "<p class=\"warn\">"
                    + c.t(.htmlNoPk) + "</p>\n"
            }
            // Groups: the PK's indicators in order, then codes no PK has (broken links).
            var groups: [Group] = []
            var at: [String: Int] = [:]
            for pk in pks {
                for ind in pk.indikator {
                    let code = ind.kode?.value ?? "?"
                    guard at[code] == nil else { continue }
                    at[code] = groups.count
                    groups.append(Group(code: code, indicator: ind, broken: false))
                }
            }
            for r in m.hasil {
                let code = r.indikator?.value ?? ""
                if at[code] == nil {
                    at[code] = groups.count
                    groups.append(Group(code: code, indicator: nil, broken: true))
                }
                groups[at[code]!].results.append(r)
            }
            let first = index.isFirst(mi)
            // M011's members, keyed by the code the results' `tim` name their team with.
            var gaps: [String: [Located<String>]] = [:]
            if first {
                coverage.membersWithoutLevel2(in: mi) { t, member in
                    let team = agency.teams[t]
                    gaps[team.kode?.value ?? "", default: []].append(team.anggota[member.position])
                }
            }

            let pictures = groups.map { picture([$0], m, gaps, index, c) }
            let totalRows = pictures.reduce(0) { $0 + $1.rows }
            if totalRows <= HTMLReporter.wholePictureRows {
                out += svg(picture(groups, m, gaps, index, c), marks, plainTitle, c)
            } else if summarise {
                out += cascadeSummary(groups, pictures, marks, plainTitle, drawn: &drawnProblems, c)
            } else {
                var opened = 0
                for (g, p) in zip(groups, pictures) {
                    let l2 = g.results.reduce(0) { $0 + $1.turunan.count }
                    let keys = pictureKeys(p)
                    let flagged = marks.html(keys, c.lang)
                    // The first few groups with a gap or a finding open, so the problems show first.
                    let problem = !flagged.isEmpty || p.boxes.contains { $0.kind == .gap }
                    let open = problem && opened < HTMLReporter.openProblemGroups
                    if open { opened += 1 }
                    out +=
                        "<details" + (open ? " open" : "") + "><summary><code>" + h(g.code.isEmpty ? "?" : g.code)
                        + "</code> " + h(g.indicator?.uraian?.value ?? "")
                        + " <span class=\"muted\">(\(g.results.count) " + c.t(.htmlLevel1Count) + ", \(l2) "
                        + c.t(.htmlLevel2Count) + ")</span>"
                        + (g.broken || g.results.isEmpty
                            ? " <span class=\"warn\">" + c.t(.htmlGap) + "</span>" : "") + flagged
                        + "</summary>\n"
                    out += svg(p, marks, plainTitle + ": " + g.code, c) + "</details>\n"
                }
            }
            // M012's people: the unit's own employees holding no result of this matrix.
            if first, let k = key, let u = index.unit(code: k.unit), agency.units[u].isJPTPratama {
                let missing = coverage.employeesWithoutResult(in: mi, pratama: u).map { agency.employees[$0] }
                if !missing.isEmpty {
                    out +=
                        "<details class=\"gapbox\"" + (missing.count <= 12 ? " open" : "")
                        + "><summary><span class=\"warn\">"
                        + c.t(
                            missing.count == 1 ? .htmlUnplacedEmployee : .htmlUnplacedEmployees,
                            ["count": String(missing.count)])
                        + "</span></summary>\n<ul>\n"
                    for e in missing {
                        out +=
                            "<li>" + h(e.nama?.value ?? "") + " <code>" + h(e.nip?.value ?? "")
                            + "</code> <span class=\"muted\">"
                            + h(e.jabatan?.value ?? "") + "</span>" + marks.html([e.path], c.lang) + "</li>\n"
                    }
                    out += "</ul></details>\n"
                }
            }
        }
        return out
    }

    func pictureKeys(_ p: Picture) -> [String] { p.boxes.flatMap(\.markKeys) }

    /// A unit's cascade in a big agency: a table of its indicator groups (results, gap, marks), and
    /// the pictures of its groups with a gap or a finding while the page has drawn fewer than
    /// ``summariseGroups`` (the first ``openProblemGroups`` open). The clean groups are not drawn:
    /// tens of thousands of boxes make a page no browser opens quickly.
    func cascadeSummary(
        _ groups: [Group], _ pictures: [Picture], _ marks: Marks, _ plainTitle: String, drawn drawnOnPage: inout Int,
        _ c: Ctx
    ) -> String {
        let h = HTMLReporter.h
        var rows = ""
        var drawn = ""
        var problems = 0
        var notDrawn = 0
        for (g, p) in zip(groups, pictures) {
            let flagged = marks.html(pictureKeys(p), c.lang)
            let gap = g.broken || g.results.isEmpty || p.boxes.contains { $0.kind == .gap }
            let l2 = g.results.reduce(0) { $0 + $1.turunan.count }
            let label =
                "<code>" + h(g.code.isEmpty ? "?" : g.code) + "</code> "
                + h(HTMLReporter.clip(g.indicator?.uraian?.value ?? "", 80))
            rows +=
                "<tr" + (gap ? " class=\"gap\"" : "") + "><td>" + label
                + "</td><td class=\"n\">\(g.results.count)</td><td class=\"n\">\(l2)</td><td>"
                + (gap ? "<span class=\"warn\">" + c.t(.htmlGap) + "</span>" : "") + flagged + "</td></tr>\n"
            guard gap || !flagged.isEmpty else { continue }
            problems += 1
            guard drawnOnPage < HTMLReporter.summariseGroups else {
                notDrawn += 1
                continue
            }
            drawnOnPage += 1
            drawn +=
                "<details" + (drawnOnPage <= HTMLReporter.openProblemGroups ? " open" : "") + "><summary>" + label
                + flagged + "</summary>\n"
                + svg(p, marks, plainTitle + ": " + g.code, c) + "</details>\n"
        }
        let clean = groups.count - problems
        var out =
            "<p class=\"muted\">"
            + c.t(.htmlSummarisedIndicators, ["count": String(groups.count), "clean": String(clean)])
        if notDrawn > 0 {
            out += c.t(
                .htmlIndicatorsNotDrawn, ["count": String(notDrawn), "drawn": String(HTMLReporter.summariseGroups)])
        }
        out += ".</p>\n" + drawn
        out +=
            "<details><summary>" + c.t(.htmlIndicatorTable)
            + " (\(groups.count))</summary>\n<table>\n<tr><th>"
            + [
                c.t(.htmlColumnIndicator), c.t(.htmlColumnLevel1), c.t(.htmlColumnLevel2),
                c.t(.htmlColumnMarks),
            ].joined(separator: "</th><th>")
            + "</th></tr>\n" + rows + "</table>\n</details>\n"
        return out
    }

    func picture(_ groups: [Group], _ m: Matrix, _ gaps: [String: [Located<String>]], _ index: AgencyIndex, _ c: Ctx)
        -> Picture
    {
        var p = Picture()
        var gapsShown = Set<String>()
        for (gi, g) in groups.enumerated() {
            if gi > 0 { p.groupGaps.append(p.rows) }
            let top = p.rows
            let indText = g.indicator?.uraian?.value ?? ""
            var line2 = ""
            if let t = g.indicator?.target {
                line2 = c.t(.htmlTarget) + " " + t.value + (g.indicator?.satuan.map { " " + $0.value } ?? "")
            }
            let pkBox: Box
            if g.broken {
                let code = g.code.isEmpty ? c.t(.htmlNoIndicator) : g.code
                pkBox = Box(
                    kind: .gap, column: 0, row: top, line1: code,
                    line2: c.t(.htmlIndicatorNotInPk),
                    tooltip: code + ": "
                        + c.t(.htmlBrokenIndicatorLink),
                    markKeys: [])
            } else {
                pkBox = Box(
                    kind: g.results.isEmpty ? .gap : .pk, column: 0, row: top, line1: g.code + " " + indText,
                    line2: line2,
                    tooltip: g.code + " " + indText + (line2.isEmpty ? "" : " (" + line2 + ")"),
                    markKeys: g.indicator.map { [$0.path] } ?? [])
            }
            let pkIndex = p.boxes.count
            p.boxes.append(pkBox)
            if g.results.isEmpty {
                p.boxes.append(
                    Box(
                        kind: .gap, column: 1, row: top, line1: c.t(.htmlNotCascaded),
                        line2: c.t(.htmlNoLevel1Result),
                        tooltip: c.t(.htmlIndicatorNotCascaded), markKeys: []))
                p.edges.append(Edge(from: pkIndex, to: p.boxes.count - 1, broken: true))
                p.rows += 1
                continue
            }
            for r in g.results {
                let row = p.rows
                let who = personName(r.pelaksana?.value, index, c)
                let team =
                    r.tim.map { c.t(.htmlTeam) + " " + $0.value + " · " } ?? c.t(.htmlIndividual)
                let code = r.kode?.value ?? "?"
                let l1Index = p.boxes.count
                p.boxes.append(
                    Box(
                        kind: r.level == 1 ? .l1 : .gap, column: 1, row: row,
                        line1: code + " " + (r.uraian?.value ?? ""),
                        line2: team + who, tooltip: code + " " + (r.uraian?.value ?? "") + " — " + team + who,
                        markKeys: [r.path]))
                p.edges.append(Edge(from: pkIndex, to: l1Index, broken: g.broken))
                var rows = 0
                for (j, r2) in r.turunan.enumerated() {
                    if j == HTMLReporter.level2Shown && r.turunan.count > HTMLReporter.level2Shown + 1 {
                        let rest = Array(r.turunan[j...])
                        p.boxes.append(
                            Box(
                                kind: .l2, column: 2, row: row + rows,
                                line1: c.t(.htmlMoreLevel2Results, ["count": String(rest.count)]),
                                line2: c.t(.htmlSeeTeamMakeUp),
                                tooltip: rest.compactMap { $0.kode?.value }.joined(separator: ", "),
                                markKeys: rest.map(\.path)))
                        p.edges.append(Edge(from: l1Index, to: p.boxes.count - 1, broken: false))
                        rows += 1
                        break
                    }
                    let who2 = personName(r2.pelaksana?.value, index, c)
                    let code2 = r2.kode?.value ?? "?"
                    var keys = [r2.path]
                    var stack = r2.turunan
                    while let x = stack.popLast() {
                        keys.append(x.path)
                        stack += x.turunan
                    }
                    p.boxes.append(
                        Box(
                            kind: .l2, column: 2, row: row + rows, line1: code2 + " " + (r2.uraian?.value ?? ""),
                            line2: who2,
                            tooltip: code2 + " " + (r2.uraian?.value ?? "") + " — " + who2, markKeys: keys,
                            dashed: !r2.turunan.isEmpty))
                    p.edges.append(Edge(from: l1Index, to: p.boxes.count - 1, broken: false))
                    rows += 1
                }
                // M011: members of the team with no level-2 result, drawn as gaps under the team's first result.
                if let tim = r.tim?.value, let missing = gaps[tim], gapsShown.insert(tim).inserted {
                    for (j, member) in missing.enumerated() {
                        if j == HTMLReporter.level2Shown && missing.count > HTMLReporter.level2Shown + 1 {
                            let rest = missing[j...]
                            p.boxes.append(
                                Box(
                                    kind: .gap, column: 2, row: row + rows,
                                    line1: c.t(.htmlMoreMembersWithoutResult, ["count": String(rest.count)]),
                                    line2: c.t(.htmlSeeTeamMakeUp),
                                    tooltip: rest.map(\.value).joined(separator: ", "),
                                    markKeys: rest.map { "member:\(tim)/\($0.value)" }))
                            p.edges.append(Edge(from: l1Index, to: p.boxes.count - 1, broken: true))
                            rows += 1
                            break
                        }
                        let name = personName(member.value, index, c)
                        p.boxes.append(
                            Box(
                                kind: .gap, column: 2, row: row + rows,
                                line1: c.t(.htmlNoLevel2Result),
                                line2: name + " (" + member.value + ")",
                                tooltip: c.t(.htmlMemberWithoutLevel2, ["team": tim]) + name,
                                markKeys: ["member:\(tim)/\(member.value)"]))
                        p.edges.append(Edge(from: l1Index, to: p.boxes.count - 1, broken: true))
                        rows += 1
                    }
                }
                p.rows += max(1, rows)
            }
        }
        return p
    }

    // MARK: teams

    func teams(_ agency: Agency, _ index: AgencyIndex, _ marks: Marks, _ c: Ctx) -> String {
        var out = "<h3>" + c.t(.htmlTeamMakeUp) + "</h3>\n"
        if agency.teams.isEmpty {
            return out + "<p class=\"muted\">" + c.t(.htmlNoWorkTeam) + "</p>\n"
        }
        // M011's members (per team) and M012's employees, asked as the rules ask.
        var gaps = Gaps()
        var coverage = MatrixCoverage(index)
        for i in index.matrixIDs where index.isFirst(i) {
            coverage.membersWithoutLevel2(in: i) { t, member in
                gaps.withoutLevel2.insert(Gaps.Entry(team: t, position: member.position))
            }
            if let k = MatrixFacts.key(agency.matrices[i]), let u = index.unit(code: k.unit),
                agency.units[u].isJPTPratama
            {
                gaps.withoutRole.formUnion(coverage.employeesWithoutResult(in: i, pratama: u))
            }
        }
        let open = agency.teams.count <= HTMLReporter.openTeams
        out +=
            "<p class=\"muted\">"
            + c.t(.htmlTeamsLegend) + "</p>\n"
        var byUnit: [String: [TeamID]] = [:]
        var unitOrder: [String] = []
        for i in index.teamIDs {
            let u = agency.teams[i].unit?.value ?? ""
            if byUnit[u] == nil { unitOrder.append(u) }
            byUnit[u, default: []].append(i)
        }
        let summarise = !open && agency.teams.reduce(0) { $0 + $1.people.count } > summariseAbove
        var shownProblems = 0
        for u in unitOrder {
            let list = byUnit[u] ?? []
            if !open {
                out +=
                    "<details><summary>" + (u.isEmpty ? "?" : unitLabel(u, index))
                    + " <span class=\"muted\">(\(list.count) " + c.t(.htmlTeams) + ")</span>"
                    + marks.html(list.map { agency.teams[$0].path }, c.lang) + "</summary>\n"
            }
            if summarise {
                out +=
                    teamSummary(list, index, marks, gaps, shown: &shownProblems, c) + "</details>\n"
                continue
            }
            out += "<div class=\"teams\">\n"
            for i in list { out += team(i, index, marks, gaps, open: open, c) }
            out += "</div>\n" + (open ? "" : "</details>\n")
        }
        return out
    }

    /// A unit's teams in a big agency: one row each (leader, size, declared scope, marks of the
    /// team and its people), and the make-up of its teams with a mark or a gap while the page has
    /// shown fewer than ``summariseTeams``.
    func teamSummary(
        _ list: [TeamID], _ index: AgencyIndex, _ marks: Marks, _ gaps: Gaps, shown shownOnPage: inout Int, _ c: Ctx
    ) -> String {
        let h = HTMLReporter.h
        var rows = ""
        var shown = ""
        var problems = 0
        var notShown = 0
        for id in list {
            let t = index.agency.teams[id]
            let code = t.kode?.value ?? "?"
            var keys = [t.path, t.path + ".ketua"]
            for nip in [t.ketua].compactMap({ $0 }) + t.anggota {
                if let e = index.employee(nip.value) { keys.append(e.path) }
            }
            keys += t.anggota.map { "member:\(code)/\($0.value)" }
            let flagged = marks.html(keys, c.lang)
            let gap = t.anggota.indices.contains { gaps.isGap(team: id, position: $0, index) }
            rows +=
                "<tr" + (gap ? " class=\"gap\"" : "") + "><td><code>" + h(code) + "</code> " + h(t.nama?.value ?? "")
                + "</td><td>"
                + h(personName(t.ketua?.value, index, c)) + "</td><td class=\"n\">\(t.people.count)</td><td>"
                + h(t.lingkup?.value.rawValue ?? "") + "</td><td>"
                + flagged + "</td></tr>\n"
            guard gap || !flagged.isEmpty else { continue }
            problems += 1
            guard shownOnPage < HTMLReporter.summariseTeams else {
                notShown += 1
                continue
            }
            shownOnPage += 1
            shown += team(id, index, marks, gaps, open: false, c)
        }
        var out =
            "<p class=\"muted\">"
            + c.t(.htmlSummarisedTeams, ["count": String(list.count - problems)])
        if notShown > 0 {
            out += c.t(.htmlTeamsNotShown, ["count": String(notShown), "shown": String(HTMLReporter.summariseTeams)])
        }
        out += ".</p>\n" + (shown.isEmpty ? "" : "<div class=\"teams\">\n" + shown + "</div>\n")
        out +=
            "<table>\n<tr><th>"
            + [
                c.t(.htmlColumnTeam), c.t(.htmlColumnLeader), c.t(.htmlColumnPeople), c.t(.htmlColumnScope),
                c.t(.htmlColumnMarks),
            ]
            .joined(separator: "</th><th>") + "</th></tr>\n" + rows + "</table>\n"
        return out
    }

    func team(_ id: TeamID, _ index: AgencyIndex, _ marks: Marks, _ gaps: Gaps, open: Bool, _ c: Ctx) -> String {
        let h = HTMLReporter.h
        let t = index.agency.teams[id]
        let code = t.kode?.value ?? "?"
        var out =
            "<details class=\"team\"" + (open && t.people.count <= 30 ? " open" : "") + "><summary><code>" + h(code)
            + "</code> " + h(t.nama?.value ?? "")
            + " <span class=\"muted\">(\(t.people.count) " + c.t(.htmlPeople) + ")</span>"
            + marks.html([t.path], c.lang) + "</summary>\n"
        var facts = [c.t(.htmlUnit) + ": " + unitLabel(t.unit?.value, index)]
        let reading = TeamScopeCheck.read(team: id, index)
        let declared = t.lingkup?.value.rawValue
        facts.append(
            c.t(.htmlDeclaredScope) + ": " + h(declared ?? c.t(.htmlNotGiven)))
        if let r = reading {
            var scan = TeamScopeCheck.Scan()
            let differs = TeamScopeCheck.mismatch(team: id, index, &scan) != nil
            facts.append(
                (differs ? "<span class=\"warn\">" : "") + c.t(.htmlActualScope) + ": "
                    + h(r.actual.rawValue)
                    + (r.complete
                        ? "" : " " + c.t(.htmlNotEveryonePlaced))
                    + (differs ? "</span>" : ""))
        }
        if let j = t.jenisPekerjaan?.value {
            facts.append(c.t(.htmlKindOfWork) + ": " + h(j.rawValue))
        }
        if let p = t.penetapan {
            facts.append(
                c.t(.htmlDecree) + ": " + h(p.nomor?.value ?? "?")
                    + (p.tanggal.map { ", " + $0.value.description } ?? ""))
        }
        out +=
            "<p class=\"muted\">" + facts.joined(separator: "; ") + "</p>\n<table>\n<tr><th>"
            + [
                c.t(.htmlColumnRole), c.t(.htmlColumnName), c.t(.htmlColumnPost), "NIP", c.t(.htmlColumnUnit),
                c.t(.htmlColumnMarks),
            ].joined(separator: "</th><th>") + "</th></tr>\n"
        var rows: [(role: String, nip: Located<String>?, keys: [String], gap: Bool)] = []
        rows.append((c.t(.htmlColumnLeader), t.ketua, [t.path + ".ketua"], false))
        for (position, m) in t.anggota.enumerated() {
            rows.append(
                (
                    c.t(.htmlMember), m, ["member:\(code)/\(m.value)"],
                    gaps.isGap(team: id, position: position, index)
                ))
        }
        for r in rows {
            let nip = r.nip?.value
            let e = index.employee(nip)
            var keys = r.keys
            if let e { keys.append(e.path) }
            let ext = e.map(index.isExternal) == true
            var cls: [String] = []
            if r.gap { cls.append("gap") }
            if ext { cls.append("ext") }
            out +=
                "<tr" + (cls.isEmpty ? "" : " class=\"" + cls.joined(separator: " ") + "\"") + "><td>" + r.role
                + "</td>"
            if nip == nil {
                out += "<td colspan=\"4\" class=\"muted\">" + c.t(.htmlNotGiven) + "</td>"
            } else if let e {
                var post = h(e.jabatan?.value ?? "")
                if let g = e.jenjang?.value { post += " (" + h(g.rawValue) + ")" }
                let unit =
                    ext
                    ? "<span class=\"muted\">" + c.t(.htmlOtherAgency) + ":</span> "
                        + h(e.instansi?.value ?? "?")
                    : "<code>" + h(e.unit?.value ?? "?") + "</code>"
                out +=
                    "<td>" + h(e.nama?.value ?? "") + "</td><td>" + post + "</td><td><code>" + h(nip ?? "")
                    + "</code></td><td>" + unit + "</td>"
            } else {
                out +=
                    "<td class=\"muted\">" + c.t(.htmlNotInEmployeeList)
                    + "</td><td></td><td><code>" + h(nip ?? "") + "</code></td><td></td>"
            }
            out += "<td>" + marks.html(keys, c.lang) + "</td></tr>\n"
        }
        return out + "</table>\n</details>\n"
    }
}

/// The team rows drawn as gaps: M011's member entries and M012's employees, as the rules find them.
struct Gaps {
    struct Entry: Hashable {
        let team: TeamID
        let position: Int
    }

    var withoutLevel2 = Set<Entry>()
    var withoutRole = Set<EmployeeID>()

    /// Whether `anggota` entry `position` of team `team` is a gap.
    func isGap(team: TeamID, position: Int, _ index: AgencyIndex) -> Bool {
        if withoutLevel2.contains(Entry(team: team, position: position)) { return true }
        guard let e = index.employee(nip: index.agency.teams[team].anggota[position].value) else { return false }
        return withoutRole.contains(e)
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

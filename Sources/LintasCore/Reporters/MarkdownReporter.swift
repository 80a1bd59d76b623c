/// A Markdown summary for a pull-request comment or a CI job summary: counts per agency, open
/// findings grouped by rule with their first locations, and what was suppressed, waived or baselined.
struct MarkdownReporter: Reporter {
    /// Locations listed per rule before "and N more".
    static let shownPerRule = 5

    func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        let md = { (s: String) in Escape.markdown(s) }
        var out = "## lintas\n\n"
        out += "**" + md(SummaryText.counts(report, lang)) + "**\n\n"

        out +=
            "| "
            + [
                UIText.t(.reportAgency, lang), UIText.t(.reportErrors, lang),
                UIText.t(.reportWarnings, lang),
                "Info", UIText.t(.htmlSuppressed, lang), UIText.t(.htmlWaived, lang),
                "Baseline", UIText.t(.reportPacks, lang), UIText.t(.reportAsOf, lang),
            ].joined(separator: " | ") + " |\n"
        out += "|---|--:|--:|--:|--:|--:|--:|---|---|\n"
        for a in report.agencies {
            func n(_ p: (Finding) -> Bool) -> Int { a.findings.filter(p).count }
            let cells = [
                md(a.name),
                String(n { $0.isOpen && $0.severity == .error }),
                String(n { $0.isOpen && $0.severity == .warning }),
                String(n { $0.isOpen && $0.severity == .info }),
                String(n { $0.status.name == "suppressed" }),
                String(n { $0.status.name == "waived" }),
                String(n { $0.status.name == "baselined" }),
                md(a.packs.joined(separator: ", ")),
                a.asOf.description,
            ]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }

        if report.agencies.count > 1 {
            let columns = ComparisonColumn.shown(report)
            out += "\n### " + UIText.t(.reportAgencyComparison, lang) + "\n\n"
            out += "| " + columns.map { md($0.title[lang]) }.joined(separator: " | ") + " |\n"
            out += "|" + columns.map { $0.isNumeric ? "--:|" : "---|" }.joined() + "\n"
            for r in report.comparison(sortedBy: ctx.sort) {
                out += "| " + columns.map { md($0.text(r.name, r.figures, lang)) }.joined(separator: " | ") + " |\n"
            }
        }

        var byRule: [String: [(AgencyResult, Finding)]] = [:]
        for a in report.agencies {
            for f in a.findings where f.isOpen { byRule[f.rule, default: []].append((a, f)) }
        }
        if byRule.isEmpty {
            out += "\n" + UIText.t(.reportNoOpenFindings, lang) + "\n"
            return out
        }
        out += "\n### " + UIText.t(.reportFindingsByRule, lang) + "\n\n"
        out +=
            "| "
            + [
                UIText.t(.reportCode, lang), UIText.t(.commonRule, lang), UIText.t(.commonSeverity, lang),
                UIText.t(.reportCount, lang),
            ].joined(separator: " | ") + " |\n"
        out += "|---|---|---|--:|\n"
        let codes = byRule.keys.sorted()
        for code in codes {
            let items = byRule[code] ?? []
            let severities = Set(items.map(\.1.severity)).sorted(by: >).map { $0.localized[lang] }.joined(
                separator: ", ")
            out += "| \(md(code)) | \(md(report.ruleTitle(code, lang))) | \(severities) | \(items.count) |\n"
        }
        for code in codes {
            let items = byRule[code] ?? []
            out += "\n#### \(md(code)): \(md(report.ruleTitle(code, lang)))\n\n"
            if let r = report.rules[code] {
                out += "_" + md(r.citation[lang]) + " (" + r.basis.localized[lang] + ")_\n\n"
            }
            for (_, f) in items.prefix(MarkdownReporter.shownPerRule) {
                // The path as code (shown exactly, inert); the message with its code spans.
                out +=
                    "- \(Escape.markdownCode(f.location.file, table: false)):\(f.location.line):\(f.location.column): \(Escape.markdown(f.message[lang], table: false))\n"
            }
            if items.count > MarkdownReporter.shownPerRule {
                let more = items.count - MarkdownReporter.shownPerRule
                out += "- " + UIText.t(.reportAndMore, lang, ["count": String(more)]) + "\n"
            }
        }
        return out
    }
}

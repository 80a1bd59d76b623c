/// Compiler-style lines with the source line and a caret, then a summary.
public struct TextReporter: Reporter {
    public init() {}

    func paint(_ s: String, _ code: String, _ on: Bool) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    public func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        var out = ""
        if ctx.statistics {
            var counts: [String: (Int, Severity, String)] = [:]
            for f in report.allFindings where f.isOpen {
                let c = counts[f.rule]?.0 ?? 0
                counts[f.rule] = (c + 1, f.severity, f.ruleName)
            }
            for (code, v) in counts.sorted(by: { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key }) {
                let n = String(v.0)
                out += String(repeating: " ", count: max(0, 6 - n.count)) + n + "  \(code)  \(v.1.localized[lang])  \(v.2)\n"
            }
        } else {
            for agency in report.agencies {
                for f in agency.findings where f.isOpen {
                    out += line(f, agency, ctx)
                }
            }
        }
        if !ctx.quiet {
            if report.agencies.count > 1 {
                out += perAgency(report, ctx)
            }
            out += (lang == .id ? "Ringkasan: " : "Summary: ") + SummaryText.counts(report, lang) + "\n"
        }
        return out
    }

    /// The batch comparison: one row per agency (``ComparisonColumn/shown``), in `--sort` order.
    func perAgency(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        let columns = ComparisonColumn.shown
        var rows: [[String]] = [columns.map { $0.title[lang] }]
        for r in report.comparison(sortedBy: ctx.sort) {
            rows.append(columns.map { c in
                let t = TextReporter.printable(c.text(r.name, r.figures, lang))
                return c == .agency && t.count > 60 ? String(t.prefix(59)) + "…" : t
            })
        }
        let widths = columns.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        var out = lang == .id ? "Perbandingan instansi:\n" : "Agency comparison:\n"
        for row in rows {
            var cells: [String] = []
            for (i, c) in columns.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - row[i].count)
                cells.append(c.isNumeric ? pad + row[i] : row[i] + pad)
            }
            var line = "  " + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// Input text made safe for a terminal: a tab becomes one space (columns count characters),
    /// other control characters U+FFFD, so a hostile value cannot drive the terminal.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { c -> Unicode.Scalar in
            if c == "\t" { return " " }
            return c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) ? "\u{FFFD}" : c
        }))
    }

    func line(_ f: Finding, _ agency: AgencyResult, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        let sevColor = f.severity == .error ? "1;31" : (f.severity == .warning ? "1;33" : "1;36")
        var s = paint("\(f.location.displayed):", "1", ctx.color) + " "
        s += paint("\(f.severity.localized[lang])[\(f.rule)]", sevColor, ctx.color)
        s += ": \(TextReporter.printable(f.message[lang])) (\(f.citation[lang]); \(f.basis.localized[lang]))\n"
        if let src = agency.sources[f.location.file], let text = src.line(f.location.line) {
            // Tabs become one space (columns count characters); other control characters are shown
            // as U+FFFD so a hostile line cannot drive the terminal.
            let shown = TextReporter.printable(text)
            let lineNo = String(f.location.line)
            let gutter = String(repeating: " ", count: lineNo.count)
            let clipped = shown.count > 200 ? String(shown.prefix(200)) + "…" : shown
            s += " \(lineNo) | \(clipped)\n"
            let col = max(1, f.location.column)
            var width = 1
            if f.location.range.end.line == f.location.range.start.line {
                width = max(1, Int(f.location.range.end.column) - col)
            }
            width = min(width, max(1, shown.count - col + 1), 80)
            if col <= 200 {
                s += " \(gutter) | " + String(repeating: " ", count: col - 1) + paint(String(repeating: "^", count: width), sevColor, ctx.color) + "\n"
            }
        }
        for n in f.notes {
            s += "  = \(lang == .id ? "catatan" : "note"): \(TextReporter.printable(n.message[lang])) (\(n.location.displayed))\n"
        }
        return s
    }
}

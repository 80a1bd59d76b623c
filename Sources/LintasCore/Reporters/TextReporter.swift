/// Compiler-style lines with the source line and a caret, then a summary.
struct TextReporter: StreamingReporter {
    func paint(_ s: String, _ code: String, _ on: Bool) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func write(_ report: LintReport, _ ctx: ReportContext, to out: ReportOutput) {
        let lang = ctx.language
        if ctx.statistics {
            var counts: [String: (Int, Severity, String)] = [:]
            for agency in report.agencies {
                for i in agency.findings.indices where agency.findings[i].isOpen {
                    let f = agency.findings[i]
                    let c = counts[f.rule]?.0 ?? 0
                    counts[f.rule] = (c + 1, f.severity, f.ruleName)
                }
            }
            for (code, v) in counts.sorted(by: { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key })
            {
                let n = String(v.0)
                out.write(
                    String(repeating: " ", count: max(0, 6 - n.count)) + n
                        + "  \(code)  \(v.1.localized[lang])  \(v.2)\n")
            }
        } else {
            var lines = SourceLineCache()
            for agency in report.agencies {
                var shown: [String: Int] = [:]
                var hidden: [String: Int] = [:]
                for f in agency.findings where f.isOpen {
                    if let max = ctx.maxPerRule {
                        let n = shown[f.rule, default: 0]
                        if n >= max {
                            hidden[f.rule, default: 0] += 1
                            continue
                        }
                        shown[f.rule] = n + 1
                    }
                    write(f, agency, ctx, &lines, to: out)
                }
                for (code, n) in hidden.sorted(by: { $0.key < $1.key }) {
                    out.write("+ \(TextReporter.grouped(n, lang)) \(UIText.t(.textMoreOfCode, lang)) \(code)\n")
                }
            }
        }
        if !ctx.quiet {
            for skip in report.skipped {
                out.write(
                    TextReporter.printable(skip.path) + ": " + UIText.t(.reportNote, lang) + ": "
                        + skip.message[lang] + "\n")
            }
            if report.agencies.count > 1 {
                out.write(perAgency(report, ctx))
            }
            if let since = report.since {
                for line in since.text(report, lang).split(separator: "\n") {
                    out.write(TextReporter.printable(String(line)) + "\n")
                }
            }
            out.write(UIText.t(.textSummary, lang) + SummaryText.counts(report, lang) + "\n")
        }
    }

    /// A count with thousands grouped as the language writes them: 49.990 (id), 49,990 (en).
    static func grouped(_ n: Int, _ lang: Language) -> String {
        let digits = Array(String(n.magnitude))
        var out = n < 0 ? "-" : ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += lang == .id ? "." : "," }
            out.append(d)
        }
        return out
    }

    /// The batch comparison: one row per agency (``ComparisonColumn/shown``), in `--sort` order.
    func perAgency(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        let columns = ComparisonColumn.shown(report)
        var rows: [[String]] = [columns.map { $0.title[lang] }]
        for r in report.comparison(sortedBy: ctx.sort) {
            rows.append(
                columns.map { c in
                    let t = TextReporter.printable(c.text(r.name, r.figures, lang))
                    let limit = c == .agency ? 60 : c == .agencyName ? 40 : Int.max
                    return t.count > limit ? String(t.prefix(limit - 1)) + "…" : t
                })
        }
        let widths = columns.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        var out = UIText.t(.reportAgencyComparison, lang) + ":\n"
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
        // Most texts have none of these: no new string then.
        var clean = true
        for b in text.utf8 where b < 0x20 || b == 0x7F || b == 0xC2 {
            clean = false
            break
        }
        if clean { return text }
        return String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { c -> Unicode.Scalar in
                    if c == "\t" { return " " }
                    return c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) ? "\u{FFFD}" : c
                }))
    }

    /// The shown (printable, clipped) source line last asked for: findings are sorted by file and
    /// line, so the findings of one line share one decoding of it.
    struct SourceLineCache {
        var file = ""
        var number = 0
        /// nil: the line does not exist.
        var line: (shown: String, clipped: String, characters: Int)?

        mutating func get(_ file: String, _ number: Int, _ source: SourceText) -> (
            shown: String, clipped: String, characters: Int
        )? {
            if number == self.number && file == self.file { return line }
            self.file = file
            self.number = number
            line = source.line(number).map { text in
                // Tabs become one space (columns count characters); other control characters are
                // shown as U+FFFD so a hostile line cannot drive the terminal.
                let shown = TextReporter.printable(text)
                let ascii = shown.utf8.allSatisfy { $0 < 0x80 }
                let characters = ascii ? shown.utf8.count : shown.count
                let clipped = characters > 200 ? String(shown.prefix(200)) + "…" : shown
                return (shown, clipped, characters)
            }
            return line
        }
    }

    func line(_ f: Finding, _ agency: AgencyResult, _ ctx: ReportContext) -> String {
        let out = ReportOutput()
        var lines = SourceLineCache()
        write(f, agency, ctx, &lines, to: out)
        return out.text
    }

    func write(
        _ f: Finding, _ agency: AgencyResult, _ ctx: ReportContext, _ lines: inout SourceLineCache, to out: ReportOutput
    ) {
        let lang = ctx.language
        let sevColor = f.severity == .error ? "1;31" : (f.severity == .warning ? "1;33" : "1;36")
        if ctx.color || f.location.cell != nil {
            out.write(paint("\(TextReporter.printable(f.location.displayed)):", "1", ctx.color))
            out.write(" ")
            out.write(paint("\(f.severity.localized[lang])[\(f.rule)]", sevColor, ctx.color))
        } else {
            TextReporter.writeLocation(f.location, to: out)
            out.write(static: ": ")
            out.write(f.severity.localized[lang])
            out.write(byte: UInt8(ascii: "["))
            out.write(f.rule)
            out.write(byte: UInt8(ascii: "]"))
        }
        out.write(static: ": ")
        f.message.forEachPiece(lang) { out.writePrintable($0) }
        out.write(static: " (")
        out.writePrintable(f.citation[lang])
        out.write(static: "; ")
        out.write(f.basis.localized[lang])
        out.write(static: ")\n")
        if let src = agency.sources[f.location.file], let text = lines.get(f.location.file, f.location.line, src) {
            let lineNo = f.location.line
            out.write(byte: UInt8(ascii: " "))
            out.write(lineNo)
            out.write(static: " | ")
            out.write(text.clipped)
            out.write(byte: 0x0A)
            let col = max(1, f.location.column)
            var width = 1
            if f.location.range.end.line == f.location.range.start.line {
                width = max(1, Int(f.location.range.end.column) - col)
            }
            width = min(width, max(1, text.characters - col + 1), 80)
            if col <= 200 {
                out.writeRepeated(UInt8(ascii: " "), 1 + TextReporter.digits(lineNo))
                out.write(static: " | ")
                out.writeRepeated(UInt8(ascii: " "), col - 1)
                if ctx.color {
                    out.write(paint(String(repeating: "^", count: width), sevColor, true))
                } else {
                    out.writeRepeated(UInt8(ascii: "^"), width)
                }
                out.write(byte: 0x0A)
            }
        }
        for n in f.notes {
            out.write(static: "  = ")
            out.write(UIText.t(.reportNote, lang))
            out.write(static: ": ")
            n.message.forEachPiece(lang) { out.writePrintable($0) }
            out.write(static: " (")
            TextReporter.writeLocation(n.location, to: out)
            out.write(static: ")\n")
        }
    }

    /// `file:line:col`, or `FILE:SHEET!CELL` for a workbook cell, without building a String.
    static func writeLocation(_ l: SourceLocation, to out: ReportOutput) {
        // File, directory and sheet names are input too: a name with a line break or ESC must
        // not start a `::workflow-command::` line in a CI log or drive the terminal.
        guard l.cell == nil else { return out.writePrintable(l.displayed) }
        out.writePrintable(l.file)
        out.write(byte: UInt8(ascii: ":"))
        out.write(l.line)
        out.write(byte: UInt8(ascii: ":"))
        out.write(l.column)
    }

    /// How many characters `String(n)` has.
    static func digits(_ n: Int) -> Int {
        var count = n < 0 ? 2 : 1
        var v = n.magnitude
        while v >= 10 {
            v /= 10
            count += 1
        }
        return count
    }
}

import Foundation

/// GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per open
/// finding, then a summary as `::notice::`. `file=` is relative to the repository root, which is what
/// GitHub resolves it against (``PathAnchor``), whatever the step's working directory.
struct GitHubReporter: Reporter {
    /// Escaping of a command's message (data). Other control characters (ESC, BEL, ...) become
    /// U+FFFD, as in text output, so a hostile value cannot drive the log viewer's terminal.
    static func data(_ s: String) -> String {
        let escaped = s.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
        return String(
            String.UnicodeScalarView(
                escaped.unicodeScalars.map { c -> Unicode.Scalar in
                    c != "\t" && (c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value)) ? "\u{FFFD}" : c
                }))
    }

    /// Escaping of a command's property values.
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        let paths = PlacedPaths(report, ctx)
        var out = ""
        for agency in report.agencies {
            for f in agency.findings where f.isOpen {
                let c = f.location.clamped
                var props = [
                    "file=" + GitHubReporter.property(paths[f.location.file].path),
                    "line=\(c.line)", "col=\(c.column)", "endLine=\(c.endLine)",
                ]
                if c.endLine == c.line { props.append("endColumn=\(c.endColumn)") }
                props.append("title=" + GitHubReporter.property("\(f.rule) \(report.ruleTitle(f.rule, lang))"))
                var message = "\(f.message[lang]) (\(f.citation[lang]); \(f.basis.localized[lang]))"
                for n in f.notes {
                    message +=
                        "\n" + UIText.t(.reportNote, lang)
                        + ": \(n.message[lang]) (\(paths[n.location.file].path):\(n.location.line):\(n.location.column))"
                }
                out +=
                    "::\(GitHubReporter.command(f.severity)) \(props.joined(separator: ","))::\(GitHubReporter.data(message))\n"
            }
        }
        out += "::notice::" + GitHubReporter.data("lintas: " + SummaryText.counts(report, lang)) + "\n"
        return out
    }
}

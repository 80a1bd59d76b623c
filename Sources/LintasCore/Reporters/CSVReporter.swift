/// The batch comparison for spreadsheets: a header row of the stable column names, then one row per
/// agency (`--sort` order). RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote or
/// line break in double quotes (quotes doubled). A field starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return (after any quotes or spaces) gets a leading apostrophe, so a spreadsheet never
/// runs it as a formula (OWASP, "CSV Injection"); so does every `;`-separated piece of a field, for
/// spreadsheets that split on `;`.
struct CSVReporter: Reporter {
    static func field(_ raw: String) -> String {
        // Spreadsheets of a decimal-comma locale (Indonesian Excel) split on `;`: every piece
        // between semicolons is guarded as a field of its own (`x;=1+1` -> `x;'=1+1`), also when it
        // would start after quotes or blanks.
        let s =
            raw.unicodeScalars.contains(";")
            ? raw.split(separator: ";", omittingEmptySubsequences: false).map(guarded).joined(separator: ";")
            : guarded(Substring(raw))
        if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func guarded(_ piece: Substring) -> String {
        let start = piece.unicodeScalars.first { !["\"", " "].contains($0) }
        if let c = start, ["=", "+", "-", "@", "\t", "\r", "\n"].contains(c) { return "'" + piece }
        return String(piece)
    }

    func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let columns = ComparisonColumn.csv(report)
        var out = columns.map { CSVReporter.field($0.rawValue) }.joined(separator: ",") + "\r\n"
        for row in report.comparison(sortedBy: ctx.sort) {
            out +=
                columns.map { CSVReporter.field($0.text(row.name, row.figures, ctx.language)) }.joined(separator: ",")
                + "\r\n"
        }
        return out
    }
}

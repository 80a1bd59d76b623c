/// The batch comparison for spreadsheets: a header row of the stable column names, then one row per
/// agency (`--sort` order). RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote or
/// line break in double quotes (quotes doubled). A field starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading apostrophe, so a spreadsheet never runs it as a formula (OWASP,
/// "CSV Injection").
public struct CSVReporter: Reporter {
    public init() {}

    static func field(_ raw: String) -> String {
        var s = raw
        if let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { s = "'" + s }
        if s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let columns = ComparisonColumn.csv(report)
        var out = columns.map { CSVReporter.field($0.rawValue) }.joined(separator: ",") + "\r\n"
        for row in report.comparison(sortedBy: ctx.sort) {
            out += columns.map { CSVReporter.field($0.text(row.name, row.figures, ctx.language)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }
}

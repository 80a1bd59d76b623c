import Foundation

/// The first sheet of an annotated workbook: the agency, the summary, the assessment date, the
/// batch figures, the colour legend, then one row per finding (cell with a link to it, severity,
/// rule, message, citation, status). Every value is an inline string: nothing in it is read as a
/// number, a date or a formula; a text longer than a cell holds is cut and says so. `notes` (what
/// writing the workbook changed, ``XLSXWriter/Note``) are listed after the colour legend.
enum FindingsSheet {
    static func xml(
        _ result: AgencyResult, lang: Language, linked: Set<CellReference>, notes: [XLSXWriter.Note] = [],
        styles: inout StylePatch
    ) -> String {
        let bold = styles.add(font: styles.font(bold: true, link: false))
        let link = styles.add(font: styles.font(bold: false, link: true), wrap: true)
        let wrap = styles.add(wrap: true)
        var severity: [Severity: Int] = [:]
        for s in [Severity.error, .warning, .info] { severity[s] = styles.add(fill: styles.fill(s), wrap: true) }

        var rows: [String] = []
        var hyperlinks: [String] = []
        func cell(_ column: Int, _ row: Int, _ text: String, _ style: Int? = nil) -> String {
            let s = style.map { " s=\"\($0)\"" } ?? ""
            return
                "<c r=\"\(CellReference.letters(column))\(row)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(Escape.xml(XLSXWriter.fitted(text, lang), for: .workbook))</t></is></c>"
        }
        /// `lines`: the lines of its longest wrapped text; spreadsheets do not grow a row to fit
        /// wrapped text when the file was not saved by them, so the height is written.
        func row(_ cells: [String], lines: Int = 1) {
            let n = rows.count + 1
            let height = lines > 1 ? " ht=\"\(lines * 15)\" customHeight=\"1\"" : ""
            rows.append("<row r=\"\(n)\"\(height)>" + cells.joined() + "</row>")
        }
        func lines(_ text: String, width: Int) -> Int {
            text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) {
                $0 + max(1, ($1.count + width - 1) / width)
            }
        }
        var n: Int { rows.count + 1 }

        let open = result.findings.filter(\.isOpen)
        let e = open.filter { $0.severity == .error }.count
        let w = open.filter { $0.severity == .warning }.count
        let i = open.filter { $0.severity == .info }.count
        row([cell(1, n, UIText.t(.workbookFindingsTitle, lang), bold), cell(2, n, result.name)])
        func counted(_ n: Int, _ one: UIKey, _ many: UIKey) -> String {
            UIText.t(n == 1 ? one : many, lang, ["count": String(n)])
        }
        let summary = [
            counted(e, .summaryError, .summaryErrors), counted(w, .summaryWarning, .summaryWarnings),
            counted(i, .summaryInfos, .summaryInfos),
        ].joined(separator: ", ")
        let others = result.findings.count - open.count
        row([
            cell(1, n, UIText.t(.workbookFindingsSummary, lang), bold),
            cell(
                2, n,
                summary
                    + (others > 0 ? UIText.t(.workbookFindingsOthersClosed, lang, ["count": String(others)]) : "")),
        ])
        row([cell(1, n, UIText.t(.workbookFindingsAssessedAsOf, lang), bold), cell(2, n, result.asOf.description)])
        let figures = result.comparisonFigures
        for c in ComparisonColumn.shown where c.dependsOnModel {
            row([cell(1, n, c.title[lang], bold), cell(2, n, c.text(result.name, figures, lang))])
        }
        row(
            [cell(1, n, UIText.t(.workbookFindingsColours, lang), bold)]
                + zip(2..., [Severity.error, .warning, .info]).map { col, s in
                    cell(col, n, s.localized[lang], severity[s])
                })
        for (index, line) in XLSXWriter.lines(notes, lang).enumerated() {
            row([
                cell(1, n, index == 0 ? UIText.t(.workbookFindingsWrittenWithChanges, lang) : "", bold),
                cell(2, n, line, wrap),
            ])
        }
        row([])
        let header = [
            UIKey.workbookFindingsCell, .commonSeverity, .commonRule, .commonMessage,
            .workbookFindingsBasis, .workbookFindingsStatus,
        ].map { UIText.t($0, lang) }
        row(header.enumerated().map { cell($0.offset + 1, n, $0.element, bold) })
        if result.findings.isEmpty {
            row([cell(1, n, UIText.t(.commonNoFindings, lang))])
        }
        for f in result.findings {
            let r = n
            var place = f.location.displayed
            var placeStyle = wrap
            if let c = f.location.cell, linked.contains(c) {
                place = c.description
                placeStyle = link
                let target = "'" + c.sheet.replacingOccurrences(of: "'", with: "''") + "'!" + c.ref
                hyperlinks.append(
                    "<hyperlink ref=\"A\(r)\" location=\"\(Escape.xml(target, for: .workbook))\" display=\"\(Escape.xml(place, for: .workbook))\"/>"
                )
            }
            row(
                [
                    cell(1, r, place, placeStyle), cell(2, r, f.severity.localized[lang], severity[f.severity]),
                    cell(3, r, f.rule, wrap),
                    cell(4, r, f.message[lang], wrap), cell(5, r, f.citation[lang], wrap),
                    cell(6, r, WorkbookAnnotator.statusText(f.status, lang), wrap),
                ],
                lines: min(
                    20,
                    max(lines(f.message[lang], width: 72), lines(f.citation[lang], width: 38), lines(place, width: 22)))
            )
        }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        x += "<worksheet xmlns=\"\(XLSXWriter.main)\" xmlns:r=\"\(XLSXWriter.rel)\">"
        x += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        x += "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        x += "<cols>"
        for (col, width) in [24, 14, 9, 80, 44, 14].enumerated() {
            x += "<col min=\"\(col + 1)\" max=\"\(col + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        x += "</cols><sheetData>" + rows.joined() + "</sheetData>"
        if !hyperlinks.isEmpty { x += "<hyperlinks>" + hyperlinks.joined() + "</hyperlinks>" }
        x += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        x += "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
        return x + "</worksheet>"
    }
}

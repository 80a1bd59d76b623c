import Foundation
import ZIPFoundation

/// The agency's own workbook written back with its findings (docs/workbook.md, "Temuan di buku
/// kerja"): each cell that carries an open finding gets a comment (rule, message, citation; every
/// finding of the cell in one comment) and a fill by severity, and a first sheet "Temuan"
/// ("Findings") lists every finding with a link to its cell, the agency's figures, the summary and
/// the colour legend. The package is patched, not regenerated: every other part is copied as it
/// was (values, number formats, data validations, other sheets, column widths); styles.xml gains
/// fills and cell formats cloned from each annotated cell's own, worksheets with findings gain a
/// comments part and its legacy VML drawing, and workbook.xml, its relationships and the content
/// types gain the first sheet (the indices of defined names and of the active tab move by one).
public enum WorkbookAnnotator {
    /// The annotated copy of the workbook `original` (the bytes of an `.xlsx`) with `result`'s
    /// findings (the result of checking that workbook, so findings are located at its cells).
    /// Throws a ``LintasError`` when `original` is not a workbook that can be patched.
    /// `notes`: what writing the workbook changed (``XLSXWriter/Note``), listed on the findings sheet.
    static func annotate(
        workbook original: Data, result: AgencyResult, lang: Language,
        limits: WorkbookLimits = WorkbookLimits(), notes: [XLSXWriter.Note] = []
    ) throws -> Data {
        var package = try Package(original, file: result.name, limits: limits)
        do {
            return try package.annotate(result, lang: lang, notes: notes)
        } catch is XMLPatch.Malformed {
            throw LintasError(
                "\(result.name): a part of the workbook is not well-formed XML / sebuah bagian buku kerja bukan XML yang benar"
            )
        }
    }

    /// The annotated copy of the workbook at `path`: an `.xlsx` file, or a directory of CSV files
    /// (first written as a workbook with a text sheet per file, as the CSV lays it out). `notes`
    /// gains what writing a CSV directory as a workbook changed (also listed on the findings
    /// sheet); a CSV value longer than a cell holds is a ``LintasError``.
    static func annotate(
        path: String, result: AgencyResult, lang: Language,
        limits: WorkbookLimits = WorkbookLimits(), notes: inout [XLSXWriter.Note]
    ) throws -> Data {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            let book = try CSVReader.read(directory: path, displayed: result.name, limits: limits)
            let written = try XLSXWriter.render(plainSheets(book))
            notes += written.notes
            return try annotate(workbook: written.data, result: result, lang: lang, limits: limits, notes: notes)
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxFileBytes {
            throw LintasError(
                "\(result.name): workbook is \(size) bytes, more than the limit of \(limits.maxFileBytes) / melebihi batas"
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LintasError("cannot read / tidak dapat dibaca: \(result.name)")
        }
        return try annotate(workbook: data, result: result, lang: lang, limits: limits, notes: notes)
    }

    /// ``annotate(path:result:lang:limits:notes:)`` where the notes are only listed on the findings sheet.
    public static func annotate(
        path: String, result: AgencyResult, lang: Language,
        limits: WorkbookLimits = WorkbookLimits()
    ) throws -> Data {
        var notes: [XLSXWriter.Note] = []
        return try annotate(path: path, result: result, lang: lang, limits: limits, notes: &notes)
    }

    /// A CSV directory's sheets as a workbook to annotate: the cells where the CSV has them,
    /// every one text (nothing a spreadsheet would turn into a number, a date or a formula).
    static func plainSheets(_ book: Workbook) -> [OutSheet] {
        book.sheets.map { sheet in
            let width = sheet.rows.reduce(0) { max($0, $1.last?.column ?? 0) }
            var grid: [[OutCell?]] = []
            var widths = Array(repeating: 10, count: width)
            for row in sheet.rows {
                while grid.count < row[0].row { grid.append(Array(repeating: nil, count: width)) }
                for c in row {
                    if case .text(let s) = c.value {
                        var place = SourceLocation(file: book.file, line: c.row, column: c.column)
                        place.cell = CellReference(sheet: sheet.name, row: c.row, column: c.column)
                        grid[c.row - 1][c.column - 1] = .located(.text(s), place)
                        widths[c.column - 1] = min(60, max(widths[c.column - 1], s.count + 2))
                    }
                }
            }
            let header = grid.first ?? []
            let columns = (0..<width).map { i -> OutSheet.Column in
                var h = ""
                if i < header.count, case .text(let s)? = header[i]?.withoutPlace { h = s }
                return OutSheet.Column(
                    header: h, width: widths[i], textFormat: true, dateFormat: false, promptTitle: "", prompt: "",
                    list: [])
            }
            return OutSheet(name: sheet.name, columns: columns, rows: Array(grid.dropFirst()))
        }
    }

    static let comments = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
    static let vmlDrawing = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
    static let worksheet = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

    /// The fill colours (ARGB) of the three severities: light red, yellow, lavender. Not quite
    /// Excel's "Bad" and "Neutral" (nor the template's header blue), so a fill lintas added is told
    /// from one the agency chose when an annotated copy is annotated again.
    static func colour(_ s: Severity) -> String {
        switch s {
        case .error: return "FFFFC8CE"
        case .warning: return "FFFFEB9B"
        case .info: return "FFE4E4F4"
        }
    }

    /// The sheet's name: "Temuan" or "Findings", made unique among the workbook's sheets.
    static func findingsSheetName(_ lang: Language, taken: [String]) -> String {
        let base = UIText.t(.workbookFindingsSheet, lang)
        let lower = Set(taken.map { $0.lowercased() })
        var name = base
        var n = 1
        while lower.contains(name.lowercased()) {
            n += 1
            name = "\(base) (\(n))"
        }
        return name
    }

    /// What a comment says about one cell: each finding's rule, severity, message and citation.
    static func commentText(_ findings: [Finding], _ lang: Language) -> String {
        let cite = UIText.t(.workbookFindingsBasis, lang)
        var parts: [String] = []
        for f in findings {
            var s = "\(f.rule) \(f.severity.localized[lang]): \(f.message[lang])"
            let c = f.citation[lang]
            if !c.isEmpty { s += "\n\(cite): \(c)" }
            parts.append(s)
        }
        var text = commentStart + parts.joined(separator: "\n\n")
        // Spreadsheets hold at most 32,767 characters in a text; a comment is kept well below.
        if text.count > 8000 { text = String(text.prefix(7990)) + " …" }
        return text
    }

    static func statusText(_ s: FindingStatus, _ lang: Language) -> String {
        switch s {
        case .open: return UIText.t(.reportStatusOpen, lang)
        case .suppressed: return UIText.t(.reportStatusSuppressed, lang)
        case .waived: return UIText.t(.reportStatusWaived, lang)
        case .baselined: return UIText.t(.reportStatusInBaseline, lang)
        }
    }
}

/// Edits of a part's bytes at offsets, applied together (inserts at one offset in the order made).
struct Splices {
    var edits: [(at: Int, remove: Int, insert: String, order: Int)] = []

    mutating func insert(_ text: String, at: Int) { edits.append((at, 0, text, edits.count)) }
    mutating func replace(_ start: Int, _ end: Int, with text: String) {
        edits.append((start, end - start, text, edits.count))
    }

    func apply(_ b: [UInt8]) -> Data {
        var out = Data()
        out.reserveCapacity(b.count + edits.reduce(0) { $0 + $1.insert.utf8.count })
        var at = 0
        for e in edits.sorted(by: { $0.at != $1.at ? $0.at < $1.at : $0.order < $1.order }) {
            if e.at > at { out.append(contentsOf: b[at..<e.at]) }
            out.append(contentsOf: Array(e.insert.utf8))
            at = max(at, e.at + e.remove)
        }
        if at < b.count { out.append(contentsOf: b[at...]) }
        return out
    }
}

/// The workbook's styles.xml with what the annotation adds: three fills, two fonts, and cell
/// formats (clones of the annotated cells' own with a fill; the findings sheet's own).
struct StylePatch {
    static let order = [
        "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
        "colors", "extLst",
    ]
    var bytes: [UInt8]
    var prefix = ""
    var fontCount = 0, fillCount = 0, xfCount = 0
    /// The cell formats as written (the `xf` element with its children).
    var xfs: [String] = []
    var newFonts: [String] = []
    var newFills: [String] = []
    var newXfs: [String] = []
    var clones: [String: Int] = [:]
    var fills: [Severity: Int] = [:]
    /// Close (or empty) tags of the sections, for inserting; sections that are missing are made.
    var sections: [String: XMLTag] = [:]
    var rootClose: Int

    /// The styles of `data`; a workbook without styles (or without cell formats) gets lintas's own.
    static func load(_ data: Data?) throws -> StylePatch {
        if let data, let p = try? StylePatch(bytes: [UInt8](data)), p.sections["cellXfs"] != nil { return p }
        return try StylePatch(bytes: [UInt8](XLSXWriter.styles.utf8))
    }

    init(bytes: [UInt8]) throws {
        self.bytes = bytes
        guard let root = try XMLPatch.root(bytes), root.local == "styleSheet" else { throw XMLPatch.Malformed() }
        prefix = root.prefix
        rootClose = bytes.count
        var open: [String: XMLTag] = [:]
        var xfStart: Int?
        var inCellXfs = false
        var depth = 0
        for t in try XMLPatch.tags(bytes) {
            let local = String(t.local)
            switch t.kind {
            case .open:
                depth += 1
                if depth == 2 {
                    open[local] = t
                    if local == "cellXfs" { inCellXfs = true }
                }
                if depth == 3 {
                    if local == "font" && open["fonts"] != nil && sections["fonts"] == nil { fontCount += 1 }
                    if local == "fill" && open["fills"] != nil && sections["fills"] == nil { fillCount += 1 }
                    if local == "xf" && inCellXfs { xfStart = t.start }
                }
            case .empty:
                if depth == 1 { sections[local] = t }
                if depth == 2 {
                    if local == "font" && open["fonts"] != nil && sections["fonts"] == nil { fontCount += 1 }
                    if local == "fill" && open["fills"] != nil && sections["fills"] == nil { fillCount += 1 }
                    if local == "xf" && inCellXfs {
                        xfs.append(String(decoding: bytes[t.start..<t.end], as: UTF8.self))
                    }
                }
            case .close:
                if depth == 3 && local == "xf", let s = xfStart, inCellXfs {
                    xfs.append(String(decoding: bytes[s..<t.end], as: UTF8.self))
                    xfStart = nil
                }
                if depth == 2 {
                    sections[local] = t
                    if local == "cellXfs" { inCellXfs = false }
                }
                if depth == 1 { rootClose = t.start }
                depth -= 1
            case .other:
                break
            }
        }
        xfCount = xfs.count
    }

    mutating func fill(_ s: Severity) -> Int {
        if let f = fills[s] { return f }
        let p = prefix
        newFills.append(
            "<\(p)fill><\(p)patternFill patternType=\"solid\"><\(p)fgColor rgb=\"\(WorkbookAnnotator.colour(s))\"/><\(p)bgColor indexed=\"64\"/></\(p)patternFill></\(p)fill>"
        )
        // Excel expects fills 0 and 1 (none, gray125): a missing fills section gets them first.
        let base = sections["fills"] == nil ? 2 : fillCount
        fills[s] = base + newFills.count - 1
        return fills[s]!
    }

    mutating func font(bold: Bool, link: Bool) -> Int {
        let p = prefix
        var f = "<\(p)font>"
        if bold { f += "<\(p)b/>" }
        if link { f += "<\(p)u/>" }
        f += "<\(p)sz val=\"11\"/>"
        if link { f += "<\(p)color rgb=\"FF0563C1\"/>" }
        f += "<\(p)name val=\"Calibri\"/><\(p)family val=\"2\"/></\(p)font>"
        newFonts.append(f)
        return (sections["fonts"] == nil ? 1 : fontCount) + newFonts.count - 1
    }

    /// The cell format `base` with the severity's fill (cloned once per base and severity).
    mutating func clone(_ base: Int, _ s: Severity) -> Int {
        let key = "\(base)/\(s.rawValue)"
        if let i = clones[key] { return i }
        let fillId = fill(s)
        let p = prefix
        var xf =
            base < xfs.count
            ? xfs[base] : "<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        let b = [UInt8](xf.utf8)
        if let t = try? XMLPatch.next(b, from: 0) {
            xf =
                XMLPatch.rewrite(b, t, set: [("fillId", String(fillId)), ("applyFill", "1")])
                + String(decoding: b[t.end...], as: UTF8.self)
        }
        newXfs.append(xf)
        let i = max(xfCount, 1) + newXfs.count - 1
        clones[key] = i
        return i
    }

    /// A new cell format for the findings sheet.
    mutating func add(font: Int = 0, fill: Int = 0, wrap: Bool = false, text: Bool = false) -> Int {
        let p = prefix
        var xf = "<\(p)xf numFmtId=\"\(text ? 49 : 0)\" fontId=\"\(font)\" fillId=\"\(fill)\" borderId=\"0\" xfId=\"0\""
        if font != 0 { xf += " applyFont=\"1\"" }
        if fill != 0 { xf += " applyFill=\"1\"" }
        if text { xf += " applyNumberFormat=\"1\"" }
        xf += wrap ? " applyAlignment=\"1\"><\(p)alignment vertical=\"top\" wrapText=\"1\"/></\(p)xf>" : "/>"
        newXfs.append(xf)
        return max(xfCount, 1) + newXfs.count - 1
    }

    func render() -> Data {
        let p = prefix
        var s = Splices()
        func section(_ name: String, existing: Int, defaults: [String], added: [String]) {
            guard !added.isEmpty else { return }
            if let t = sections[name] {
                if t.kind == .empty {
                    let open = XMLPatch.rewrite(
                        bytes, t, set: [("count", String(existing + added.count))], close: false)
                    s.replace(t.start, t.end, with: open + added.joined() + "</\(t.name)>")
                } else {
                    s.insert(added.joined(), at: t.start)
                    // The section's open tag: its count attribute follows what it now holds.
                    if let open = openTag(name) {
                        s.replace(
                            open.start, open.end,
                            with: XMLPatch.rewrite(bytes, open, set: [("count", String(existing + added.count))]))
                    }
                }
                return
            }
            // Missing: made before the first section that follows it in the schema's order.
            let all = defaults + added
            let text = "<\(p)\(name) count=\"\(all.count)\">" + all.joined() + "</\(p)\(name)>"
            let later = StylePatch.order.drop { $0 != name }.dropFirst()
            let at = later.compactMap { openTag($0)?.start ?? sections[$0].map { $0.start } }.min() ?? rootClose
            s.insert(text, at: at)
        }
        section(
            "fonts", existing: fontCount,
            defaults: ["<\(p)font><\(p)sz val=\"11\"/><\(p)name val=\"Calibri\"/></\(p)font>"], added: newFonts)
        section(
            "fills", existing: fillCount,
            defaults: [
                "<\(p)fill><\(p)patternFill patternType=\"none\"/></\(p)fill>",
                "<\(p)fill><\(p)patternFill patternType=\"gray125\"/></\(p)fill>",
            ], added: newFills)
        section(
            "cellXfs", existing: xfCount,
            defaults: ["<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"], added: newXfs)
        return s.apply(bytes)
    }

    func openTag(_ name: String) -> XMLTag? {
        guard let close = sections[name], close.kind == .close else { return nil }
        var depth = 0
        var i = 0
        var found: XMLTag?
        while let t = try? XMLPatch.next(bytes, from: i), t.start < close.start {
            if t.kind == .open {
                depth += 1
                if depth == 2 && t.local == Substring(name) { found = t }
            }
            if t.kind == .close { depth -= 1 }
            i = t.end
        }
        return found
    }
}

/// `lintas check --output xlsx:TARGET`: where each checked workbook's annotated copy goes.
/// TARGET is a file for a run of one workbook agency, or a directory (an existing one, or a path
/// ending in `/`) that gets `NAME-temuan.xlsx` (`NAME-findings.xlsx` with `--lang en`) for each
/// workbook agency of a batch. A YAML agency has no workbook of its own: its annotated workbook is
/// `lintas export AGENCY -o FILE.xlsx --annotate`.
public enum AnnotatedWorkbookOutput {
    public struct Planned: Sendable {
        var result: AgencyResult
        /// The workbook (or CSV directory) that was checked.
        var source: String
        /// Where its annotated copy is written.
        public var output: String
        /// What writing `source` changed (`lintas export --annotate`), listed on the findings sheet.
        var notes: [XLSXWriter.Note]

        public init(result: AgencyResult, source: String, output: String, notes: [XLSXWriter.Note] = []) {
            self.result = result
            self.source = source
            self.output = output
            self.notes = notes
        }
    }

    /// The copies to write, or a ``LintasError`` when TARGET cannot take the run's agencies;
    /// `skipped` says which agencies of a batch get none and why.
    public static func plan(_ report: LintReport, target: String, lang: Language) throws -> (
        planned: [Planned], skipped: [String]
    ) {
        var isDir: ObjCBool = false
        let directory =
            target.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && isDir.boolValue)
        if !directory {
            guard report.agencies.count == 1, let only = report.agencies.first else {
                throw LintasError(
                    "--output xlsx:\(target): the run has \(report.agencies.count) agencies; give a directory (xlsx:DIR/) for one annotated workbook per agency"
                        + " / proses ini memuat \(report.agencies.count) instansi; berikan direktori (xlsx:DIR/) untuk satu buku kerja per instansi"
                )
            }
            guard WorkbookInput.isWorkbook(only.name) else {
                throw LintasError(
                    "--output xlsx:\(target): \(only.name) is not a workbook; write the annotated workbook of a YAML agency with lintas export \(only.name) -o \(target) --annotate"
                        + " / bukan buku kerja; tulis buku kerja beranotasi instansi YAML dengan lintas export \(only.name) -o \(target) --annotate"
                )
            }
            guard only.agency != nil else {
                throw LintasError(
                    "--output xlsx:\(target): \(only.name) could not be read (Y001), so there is nothing to annotate / tidak dapat dibaca (Y001), tidak ada yang dapat dianotasi"
                )
            }
            try refuseSame(only.name, target)
            return ([Planned(result: only, source: only.name, output: target)], [])
        }
        var planned: [Planned] = []
        var skipped: [String] = []
        var used = Set<String>()
        for a in report.agencies {
            guard WorkbookInput.isWorkbook(a.name) else {
                skipped.append(UIText.t(.workbookAnnotateNotAWorkbook, lang, ["name": a.name]))
                continue
            }
            guard a.agency != nil else {
                skipped.append(UIText.t(.workbookAnnotateUnreadable, lang, ["name": a.name]))
                continue
            }
            var stem = URL(fileURLWithPath: a.name).lastPathComponent
            if stem.lowercased().hasSuffix(".xlsx") { stem = String(stem.dropLast(5)) }
            let suffix = UIText.t(.workbookFindingsFileSuffix, lang)
            var name = stem + suffix + ".xlsx"
            var n = 1
            while used.contains(name) {
                n += 1
                name = "\(stem)\(suffix)-\(n).xlsx"
            }
            used.insert(name)
            let out = AgencyDiscovery.join(
                target.hasSuffix("/") && target.count > 1 ? String(target.dropLast()) : target, name)
            try refuseSame(a.name, out)
            planned.append(Planned(result: a, source: a.name, output: out))
        }
        return (planned, skipped)
    }

    /// The annotated copy is never written over the workbook it annotates.
    static func refuseSame(_ source: String, _ output: String) throws {
        let a = URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath().path
        let b = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
        if a == b {
            throw LintasError(
                "--output xlsx:\(output): the checked workbook itself; name another file / buku kerja yang diperiksa itu sendiri; beri nama berkas lain"
            )
        }
    }

    /// Writes every planned copy (each through ``SafeWrite``: an exclusive temporary file beside it,
    /// then renamed). Returns what writing a CSV directory as a workbook changed, by copy, for the
    /// caller to say (each copy's findings sheet lists its own).
    @discardableResult
    public static func write(_ planned: [Planned], lang: Language, limits: WorkbookLimits = WorkbookLimits()) throws
        -> [(output: String, notes: [XLSXWriter.Note])]
    {
        var said: [(output: String, notes: [XLSXWriter.Note])] = []
        for p in planned {
            var notes = p.notes
            let bytes = try WorkbookAnnotator.annotate(
                path: p.source, result: p.result, lang: lang, limits: limits, notes: &notes)
            if notes.count > p.notes.count { said.append((p.output, Array(notes[p.notes.count...]))) }
            let dir = URL(fileURLWithPath: p.output).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw LintasError("cannot write / tidak dapat menulis: \(p.output)")
            }
            try SafeWrite.write([UInt8](bytes), to: p.output)
        }
        return said
    }
}

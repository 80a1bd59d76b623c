import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an Office Open XML workbook (.xlsx): the archive through ZIPFoundation with byte bounds
/// counted while inflating, the XML parts through Foundation's XMLParser (libxml2). A part with a
/// document type declaration is refused (OOXML has none; it is how entity bombs come in).
public enum XLSXReader {
    static func fail(_ file: String, _ en: String, _ id: String) -> LintasError {
        LintasError("\(file): \(en) / \(id)")
    }

    /// The sheets of the workbook at `path` (`displayed` is how findings name it).
    public static func read(_ path: String, displayed: String, limits: WorkbookLimits = WorkbookLimits()) throws -> Workbook {
        let file = displayed
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw fail(file, "cannot read", "tidak dapat dibaca")
        }
        let magic = [UInt8](h.readData(ofLength: 8))
        try? h.close()
        if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw fail(file, "an old binary .xls workbook, not .xlsx: save it as .xlsx (Excel Workbook) first",
                       "buku kerja .xls lama (biner), bukan .xlsx: simpan dulu sebagai .xlsx (Excel Workbook)")
        }
        guard magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || magic.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw fail(file, "not a workbook: an .xlsx file is a ZIP archive, and this is not one",
                       "bukan buku kerja: berkas .xlsx adalah arsip ZIP, dan berkas ini bukan")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxFileBytes {
            throw fail(file, "workbook is \(size) bytes, more than the limit of \(limits.maxFileBytes)",
                       "buku kerja berukuran \(size) bita, melebihi batas \(limits.maxFileBytes)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw fail(file, "not a readable ZIP archive (\(error))", "bukan arsip ZIP yang dapat dibaca (\(error))")
        }
        var parts = Parts(archive: archive, file: file, limits: limits)
        try parts.index()

        // The workbook part: from the package relationships, or the usual place.
        var workbookPath = "xl/workbook.xml"
        if let rels = try parts.xml("_rels/.rels", RelsParser()) {
            if let t = rels.rels.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                workbookPath = Parts.resolve(t, base: "")
            }
        }
        guard let wb = try parts.xml(workbookPath, WorkbookParser()) else {
            throw fail(file, "no workbook part (\(workbookPath)) in the archive", "arsip tidak memuat bagian buku kerja (\(workbookPath))")
        }
        let base = workbookPath.contains("/") ? String(workbookPath[..<workbookPath.lastIndex(of: "/")!]) + "/" : ""
        let relsPath = base + "_rels/" + workbookPath.split(separator: "/").last! + ".rels"
        let rels = try parts.xml(relsPath, RelsParser())?.rels ?? []
        var byId: [String: String] = [:]
        for r in rels { byId[r.id] = Parts.resolve(r.target, base: base) }

        var shared: [String] = []
        let sstPath = rels.first { $0.type.hasSuffix("/sharedStrings") }.map { Parts.resolve($0.target, base: base) } ?? base + "sharedStrings.xml"
        if let sst = try parts.xml(sstPath, SharedStringsParser(limit: limits.maxCells)) {
            if sst.overLimit {
                throw fail(file, "more than \(limits.maxCells) shared strings", "lebih dari \(limits.maxCells) teks bersama")
            }
            shared = sst.strings
        }
        var dateStyles = Set<Int>()
        let stylesPath = rels.first { $0.type.hasSuffix("/styles") }.map { Parts.resolve($0.target, base: base) } ?? base + "styles.xml"
        if let st = try parts.xml(stylesPath, StylesParser()) {
            for (i, fmt) in st.xfNumFmts.enumerated() {
                if NumberFormat.isDate(id: fmt, code: st.formats[fmt]) { dateStyles.insert(i) }
            }
        }

        var sheets: [Sheet] = []
        var cells = 0
        for entry in wb.sheets {
            guard let target = byId[entry.rid] else {
                throw fail(file, "sheet \"\(entry.name)\" has no part (relationship \(entry.rid) missing)",
                           "lembar \"\(entry.name)\" tidak punya bagian (relasi \(entry.rid) tidak ada)")
            }
            let parser = SheetParser(shared: shared, dateStyles: dateStyles, date1904: wb.date1904, cellBudget: limits.maxCells - cells)
            guard let parsed = try parts.xml(target, parser) else {
                throw fail(file, "sheet \"\(entry.name)\": part \(target) is missing from the archive",
                           "lembar \"\(entry.name)\": bagian \(target) tidak ada di arsip")
            }
            if parsed.overLimit {
                throw fail(file, "more than \(limits.maxCells) cells", "lebih dari \(limits.maxCells) sel")
            }
            cells += parsed.cellCount
            var sheet = Sheet(name: entry.name)
            sheet.badReferences = parsed.badRefs
            sheet.rows = try Merge.expand(parsed.rows, merges: parsed.merges, budget: limits.maxMergedCells, file: file, sheet: entry.name)
            sheets.append(sheet)
        }
        return Workbook(file: file, sheets: sheets)
    }
}

/// The archive's parts, read with byte bounds.
struct Parts {
    let archive: Archive
    let file: String
    let limits: WorkbookLimits
    var entries: [String: Entry] = [:]
    var total = 0

    init(archive: Archive, file: String, limits: WorkbookLimits) {
        self.archive = archive
        self.file = file
        self.limits = limits
    }

    mutating func index() throws {
        var n = 0
        for e in archive {
            n += 1
            if n > limits.maxEntries {
                throw XLSXReader.fail(file, "more than \(limits.maxEntries) entries in the archive", "lebih dari \(limits.maxEntries) entri dalam arsip")
            }
            entries[e.path] = e
        }
    }

    /// The parent-folder component of an entry name (two dots).
    static let parentComponent: Substring = Substring(String(repeating: ".", count: 2))

    /// `target` of a relationship, relative to `base` (a folder ending in `/`) or absolute.
    static func resolve(_ target: String, base: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        // Component by component: the parent component goes up one folder inside the archive (never
        // above the archive's root), "." stays. These are ZIP entry names, not file-system paths.
        var parts = base.split(separator: "/").map(String.init)
        for component in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case Parts.parentComponent: if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(component))
            }
        }
        return parts.joined(separator: "/")
    }

    struct Limit: Error { let what: String }

    /// A part's bytes, or nil when the archive has no such part. The size is counted while
    /// inflating: an entry that claims to be small and is not is stopped at the limit.
    mutating func bytes(_ path: String) throws -> Data? {
        guard let entry = entries[path] ?? entries.first(where: { $0.key.lowercased() == path.lowercased() })?.value else { return nil }
        var data = Data()
        let perEntry = limits.maxEntryBytes, totalLimit = limits.maxTotalBytes
        var total = self.total
        do {
            _ = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { chunk in
                total += chunk.count
                if data.count + chunk.count > perEntry { throw Limit(what: "entry") }
                if total > totalLimit { throw Limit(what: "total") }
                data.append(chunk)
            }
        } catch let l as Limit {
            if l.what == "entry" {
                throw XLSXReader.fail(file, "part \(path) expands past \(perEntry) bytes (zip bomb?)",
                                      "bagian \(path) mengembang melebihi \(perEntry) bita (bom zip?)")
            }
            throw XLSXReader.fail(file, "the archive expands past \(totalLimit) bytes in all (zip bomb?)",
                                  "arsip mengembang melebihi \(totalLimit) bita seluruhnya (bom zip?)")
        } catch {
            throw XLSXReader.fail(file, "part \(path) cannot be read (\(error))", "bagian \(path) tidak dapat dibaca (\(error))")
        }
        self.total = total
        return data
    }

    /// Whether `needle` occurs in `data` (a 40 MB sheet is scanned in milliseconds).
    static func contains(_ data: Data, _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        return data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count >= n.count else { return false }
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            var offset = 0
            // memchr to each `<`, then compare (memmem is not exposed on every platform).
            while offset + n.count <= raw.count, let hit = memchr(base + offset, Int32(n[0]), raw.count - offset - n.count + 1) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                var match = true
                for k in 1..<n.count where bytes[at + k] != n[k] { match = false; break }
                if match { return true }
                offset = at + 1
            }
            return false
        }
    }

    /// Parses a part with `delegate`; nil when the part is missing.
    mutating func xml<D: XMLDelegate>(_ path: String, _ delegate: D) throws -> D? {
        guard let data = try bytes(path) else { return nil }
        if Parts.contains(data, "<!DOCTYPE") || Parts.contains(data, "<!ENTITY") {
            throw XLSXReader.fail(file, "part \(path) has a document type declaration, which workbooks never have (refused: entity expansion)",
                                  "bagian \(path) memuat deklarasi tipe dokumen, yang tidak pernah ada di buku kerja (ditolak: ekspansi entitas)")
        }
        // Through a stream: libxml2's push parser then consumes its input as it goes. Handed the
        // whole Data at once it stops past 10 MB ("huge input lookup", libxml2 error 1).
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        if (!parser.parse() || delegate.depth != 0), !delegate.stopped {
            let line = parser.lineNumber, column = parser.columnNumber
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw XLSXReader.fail(file, "part \(path) is not well-formed XML (line \(line), column \(column), libxml2 error \(code))",
                                  "bagian \(path) bukan XML yang benar (baris \(line), kolom \(column), galat libxml2 \(code))")
        }
        return delegate
    }
}

/// An XMLParser delegate that can stop parsing on purpose (a limit). Each delegate class
/// conforms to XMLParserDelegate itself: on Linux a subclass's methods would not replace the
/// protocol extension's defaults bound to a base class.
protocol XMLDelegate: XMLParserDelegate {
    var stopped: Bool { get }
    /// Open elements: not 0 after parsing means the part ended early (the stream parser does
    /// not report a truncated document).
    var depth: Int { get }
}

enum XMLNames {
    /// The local name of an element (`x:c` and `c` are the same element).
    @inline(__always) static func local(_ name: String) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return Substring(name)
    }

    static func attr(_ a: [String: String], _ name: String) -> String? {
        if let v = a[name] { return v }
        for (k, v) in a where local(k) == name { return v }
        return nil
    }
}

final class RelsParser: NSObject, XMLDelegate {
    var stopped = false
    var depth = 0
    struct Rel { var id, type, target: String }
    var rels: [Rel] = []
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
        depth += 1
        guard XMLNames.local(e) == "Relationship", let id = a["Id"], let t = a["Target"] else { return }
        if a["TargetMode"] == "External" { return }
        rels.append(Rel(id: id, type: a["Type"] ?? "", target: t))
    }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
    }
}

final class WorkbookParser: NSObject, XMLDelegate {
    var stopped = false
    var depth = 0
    struct SheetEntry { var name, rid: String }
    var sheets: [SheetEntry] = []
    var date1904 = false
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
        depth += 1
        switch XMLNames.local(e) {
        case "sheet":
            let rid = a.first { $0.key == "r:id" || XMLNames.local($0.key) == "id" }?.value ?? ""
            sheets.append(SheetEntry(name: a["name"] ?? "", rid: rid))
        case "workbookPr":
            if let v = a["date1904"] { date1904 = v == "1" || v.lowercased() == "true" }
        default: break
        }
    }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
    }
}

final class SharedStringsParser: NSObject, XMLDelegate {
    var stopped = false
    var depth = 0
    var strings: [String] = []
    var overLimit = false
    let limit: Int
    var current = ""
    var inText = false
    var phonetic = 0
    init(limit: Int) { self.limit = limit }

    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
        depth += 1
        switch XMLNames.local(e) {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        switch XMLNames.local(e) {
        case "si":
            strings.append(current)
            if strings.count > limit { overLimit = true; stopped = true; p.abortParsing() }
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
    func parser(_ p: XMLParser, foundCharacters s: String) { if inText { current += s } }
}

final class StylesParser: NSObject, XMLDelegate {
    var stopped = false
    var depth = 0
    var formats: [Int: String] = [:]
    var xfNumFmts: [Int] = []
    var inCellXfs = false
    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
        depth += 1
        switch XMLNames.local(e) {
        case "numFmt":
            if let id = a["numFmtId"].flatMap({ Int($0) }) { formats[id] = a["formatCode"] ?? "" }
        case "cellXfs": inCellXfs = true
        case "xf":
            if inCellXfs { xfNumFmts.append(a["numFmtId"].flatMap { Int($0) } ?? 0) }
        default: break
        }
    }
    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if XMLNames.local(e) == "cellXfs" { inCellXfs = false }
    }
}

/// Which number formats show a date.
enum NumberFormat {
    /// Built-in date and time formats (ECMA-376 18.8.30) and the East Asian ones spreadsheets map to dates.
    static let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    static func isDate(id: Int, code: String?) -> Bool {
        if builtInDates.contains(id) { return true }
        guard let code, id >= 164 || !code.isEmpty else { return false }
        // Drop quoted text, escaped characters and [colour]/[$-locale] sections, then look for date letters.
        var out = ""
        var inQuote = false, inBracket = false, escape = false
        for ch in code {
            if escape { escape = false; continue }
            if inQuote { if ch == "\"" { inQuote = false }; continue }
            if inBracket { if ch == "]" { inBracket = false }; continue }
            switch ch {
            case "\\", "_", "*": escape = true
            case "\"": inQuote = true
            case "[": inBracket = true
            default: out.append(ch)
            }
        }
        let lower = out.lowercased()
        if lower == "general" || lower.isEmpty { return false }
        return lower.contains("d") || lower.contains("y") || (lower.contains("m") && !lower.contains("0") && !lower.contains("#"))
    }
}

final class SheetParser: NSObject, XMLDelegate {
    var stopped = false
    var depth = 0
    let shared: [String]
    let dateStyles: Set<Int>
    let date1904: Bool
    let cellBudget: Int
    var rows: [[Cell]] = []
    var merges: [String] = []
    var badRefs: [(text: String, row: Int)] = []
    var cellCount = 0
    var overLimit = false

    var rowNumber = 0
    var current: [Cell] = []
    var inRow = false
    // The open cell.
    var ref: String?
    var type = "n"
    var style = 0
    var text = ""
    var collecting = false
    var inInline = false
    var lastColumn = 0
    /// The open cell's formula (nil: none) and whether it had a stored value.
    var formula: String?
    var inFormula = false
    var sawValue = false

    init(shared: [String], dateStyles: Set<Int>, date1904: Bool, cellBudget: Int) {
        self.shared = shared
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.cellBudget = cellBudget
    }

    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
        depth += 1
        switch XMLNames.local(e) {
        case "row":
            let r = a["r"].flatMap { Int($0) } ?? (rowNumber + 1)
            if r < 1 || r > WorkbookLimits.excelRows || r <= rowNumber {
                badRefs.append((a["r"] ?? "", rowNumber))
                rowNumber += 1
            } else {
                rowNumber = r
            }
            current = []
            inRow = true
            lastColumn = 0
        case "c":
            ref = a["r"]
            type = a["t"] ?? "n"
            style = a["s"].flatMap { Int($0) } ?? 0
            text = ""
            inInline = false
            formula = nil
            sawValue = false
        case "v":
            text = ""
            collecting = true
            sawValue = true
        case "f":
            formula = ""
            inFormula = true
        case "is":
            inInline = true
            text = ""
        case "t":
            if inInline { collecting = true }
        case "mergeCell":
            if let r = a["ref"] { merges.append(r) }
        default: break
        }
    }

    func parser(_ p: XMLParser, foundCharacters s: String) {
        if collecting { text += s } else if inFormula { formula? += s }
    }

    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        switch XMLNames.local(e) {
        case "v", "t": collecting = false
        case "f": inFormula = false
        case "c": endCell(p)
        case "row":
            if !current.isEmpty { rows.append(current.sorted { $0.column < $1.column }) }
            current = []
            inRow = false
        default: break
        }
    }

    func endCell(_ p: XMLParser) {
        var column = lastColumn + 1
        var row = rowNumber
        if let r = ref {
            guard let parsed = CellReference.parse(r) else {
                badRefs.append((r, rowNumber))
                return
            }
            column = parsed.column
            row = parsed.row
            if row != rowNumber && inRow {
                badRefs.append((r, rowNumber))
                return
            }
        }
        lastColumn = column
        let value: CellValue?
        switch type {
        case "s":
            if let i = Int(text.trimmingCharacters(in: .whitespaces)), i >= 0, i < shared.count {
                value = .text(shared[i])
            } else {
                value = text.isEmpty ? nil : .error("#REF-SST")
            }
        case "inlineStr", "str":
            value = text.isEmpty && type == "str" ? nil : .text(text)
        case "b":
            value = text.isEmpty ? nil : .bool(text.trimmingCharacters(in: .whitespaces) == "1")
        case "e":
            value = .error(text)
        case "d":
            value = text.isEmpty ? nil : .text(text)
        default:
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty {
                value = nil
            } else if dateStyles.contains(style), let d = Double(t) {
                value = .date(serial: d, date1904: date1904)
            } else {
                value = .number(t)
            }
        }
        var found = value
        if found == nil, let f = formula, !sawValue, !inInline { found = .uncomputedFormula(f) }
        guard let value = found else { return }
        if case .text(let s) = value, s.isEmpty { return }
        cellCount += 1
        if cellCount > cellBudget {
            overLimit = true
            stopped = true
            p.abortParsing()
            return
        }
        current.append(Cell(row: row, column: column, value: value))
    }
}

/// Merged ranges: the first cell's value is copied to the other cells of the range, each copy
/// remembering where it came from (findings point at the merged cell as the spreadsheet shows it).
enum Merge {
    static func expand(_ rows: [[Cell]], merges: [String], budget: Int, file: String, sheet: String) throws -> [[Cell]] {
        guard !merges.isEmpty else { return rows }
        var byRow: [Int: [Cell]] = [:]
        for r in rows { if let first = r.first { byRow[first.row] = r } }
        var used = 0
        for m in merges {
            let ends = m.split(separator: ":")
            guard ends.count == 2, let a = CellReference.parse(String(ends[0])), let b = CellReference.parse(String(ends[1])),
                  a.row <= b.row, a.column <= b.column else { continue }
            guard let source = byRow[a.row]?.first(where: { $0.column == a.column }) else { continue }
            let area = (b.row - a.row + 1) * (b.column - a.column + 1)
            used += area
            if used > budget {
                throw XLSXReader.fail(file, "sheet \"\(sheet)\": merged ranges cover more than \(budget) cells",
                                      "lembar \"\(sheet)\": rentang gabungan mencakup lebih dari \(budget) sel")
            }
            for r in a.row...b.row {
                var cells = byRow[r] ?? []
                for c in a.column...b.column where !(r == a.row && c == a.column) {
                    if cells.contains(where: { $0.column == c }) { continue }
                    var copy = Cell(row: r, column: c, value: source.value)
                    copy.origin = (a.row, a.column)
                    cells.append(copy)
                }
                byRow[r] = cells.sorted { $0.column < $1.column }
            }
        }
        return byRow.keys.sorted().compactMap { byRow[$0] }.filter { !$0.isEmpty }
    }
}

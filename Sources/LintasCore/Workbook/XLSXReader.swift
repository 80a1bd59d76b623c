import Foundation
import ZIPFoundation

/// Reads an Office Open XML workbook (.xlsx): the archive through ``BoundedZip`` with byte bounds
/// counted while inflating, each XML part through ``XMLScanner`` as its bytes inflate (no part
/// held whole, no String or dictionary per element). A part with a document type declaration is
/// refused whatever its encoding (OOXML has none; it is how entity bombs come in).
enum XLSXReader {
    static func fail(_ file: String, _ en: String, _ id: String) -> LintasError {
        LintasError("\(file): \(en) / \(id)")
    }

    /// The sheets of the workbook at `path` (`displayed` is how findings name it).
    static func read(_ path: String, displayed: String, limits: WorkbookLimits = WorkbookLimits()) throws
        -> Workbook
    {
        var sheets: [Sheet] = []
        _ = try read(path, displayed: displayed, limits: limits) { sheets.append($0) }
        return Workbook(file: displayed, sheets: sheets)
    }

    /// Reads the workbook at `path` one sheet at a time, in the workbook's order: each sheet is
    /// handed to `each` when it is complete (so a caller that is done with it holds one sheet's
    /// cells at a time; it may empty the sheet it is given). Returns whether the workbook uses the
    /// 1904 date system.
    @discardableResult
    static func read(
        _ path: String, displayed: String, limits: WorkbookLimits = WorkbookLimits(),
        only: ((String) -> Bool)? = nil, each: (inout Sheet) throws -> Void
    ) throws -> Bool {
        let file = displayed
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw fail(file, "cannot read", "tidak dapat dibaca")
        }
        let magic = [UInt8](h.readData(ofLength: 8))
        try? h.close()
        if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw fail(
                file, "an old binary .xls workbook, not .xlsx: save it as .xlsx (Excel Workbook) first",
                "buku kerja .xls lama (biner), bukan .xlsx: simpan dulu sebagai .xlsx (Excel Workbook)")
        }
        guard magic.starts(with: [0x50, 0x4B, 0x03, 0x04]) || magic.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw fail(
                file, "not a workbook: an .xlsx file is a ZIP archive, and this is not one",
                "bukan buku kerja: berkas .xlsx adalah arsip ZIP, dan berkas ini bukan")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxFileBytes {
            throw fail(
                file, "workbook is \(size) bytes, more than the limit of \(limits.maxFileBytes)",
                "buku kerja berukuran \(size) bita, melebihi batas \(limits.maxFileBytes)")
        }
        let archive: BoundedZip
        do {
            archive = try BoundedZip(path: path, maxEntries: limits.maxEntries)
        } catch {
            throw fail(file, "not a readable ZIP archive (\(error))", "bukan arsip ZIP yang dapat dibaca (\(error))")
        }
        var parts = Parts(archive: archive, file: file, limits: limits)
        try parts.index()

        // The workbook part: from the package relationships, or the usual place.
        var workbookPath = "xl/workbook.xml"
        if let rels = try parts.xml("_rels/.rels", RelsHandler(maxRels: limits.maxEntries)) {
            if let t = rels.rels.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                workbookPath = Parts.resolve(t, base: "")
            }
        }
        let wb: WorkbookHandler
        do {
            guard let w = try parts.xml(workbookPath, WorkbookHandler(maxSheets: limits.maxSheets)) else {
                throw fail(
                    file, "no workbook part (\(workbookPath)) in the archive",
                    "arsip tidak memuat bagian buku kerja (\(workbookPath))")
            }
            wb = w
        } catch is WorkbookHandler.TooMany {
            throw fail(file, "more than \(limits.maxSheets) sheets", "lebih dari \(limits.maxSheets) lembar")
        }
        let base = workbookPath.contains("/") ? String(workbookPath[..<workbookPath.lastIndex(of: "/")!]) + "/" : ""
        let relsPath = base + "_rels/" + workbookPath.split(separator: "/").last! + ".rels"
        let rels = try parts.xml(relsPath, RelsHandler(maxRels: limits.maxEntries))?.rels ?? []
        var byId: [String: String] = [:]
        for r in rels { byId[r.id] = Parts.resolve(r.target, base: base) }

        var shared: [String] = []
        let sstPath =
            rels.first { $0.type.hasSuffix("/sharedStrings") }.map { Parts.resolve($0.target, base: base) } ?? base
            + "sharedStrings.xml"
        do {
            if let sst = try parts.xml(sstPath, SharedStringsHandler(limit: limits.maxCells)) { shared = sst.strings }
        } catch is SharedStringsHandler.OverLimit {
            throw fail(
                file, "more than \(limits.maxCells) shared strings", "lebih dari \(limits.maxCells) teks bersama")
        }
        var dateStyles: [Bool] = []
        let stylesPath =
            rels.first { $0.type.hasSuffix("/styles") }.map { Parts.resolve($0.target, base: base) } ?? base
            + "styles.xml"
        do {
            if let st = try parts.xml(
                stylesPath, StylesHandler(maxFormatChars: limits.maxNumberFormatChars, maxStyles: limits.maxStyles))
            {
                dateStyles = st.xfDates
            }
        } catch let e as StylesHandler.TooLong {
            throw fail(
                file,
                "number format \(e.id) in \(stylesPath) is \(e.length) characters long, more than the limit of \(limits.maxNumberFormatChars) (Excel allows 255)",
                "format angka \(e.id) di \(stylesPath) sepanjang \(e.length) karakter, melebihi batas \(limits.maxNumberFormatChars) (Excel membolehkan 255)"
            )
        } catch is StylesHandler.TooMany {
            throw fail(
                file, "more than \(limits.maxStyles) cell formats in \(stylesPath)",
                "lebih dari \(limits.maxStyles) format sel di \(stylesPath)")
        }

        var cells = 0
        var valueBytes = 0
        var usedParts: [String: String] = [:]
        for entry in wb.sheets {
            if let only, !only(entry.name) { continue }
            guard let target = byId[entry.rid] else {
                throw fail(
                    file, "sheet \"\(entry.name)\" has no part (relationship \(entry.rid) missing)",
                    "lembar \"\(entry.name)\" tidak punya bagian (relasi \(entry.rid) tidak ada)")
            }
            // Each part is read once: two sheets on one part would double the work for nothing.
            if let other = usedParts.updateValue(entry.name, forKey: target) {
                throw fail(
                    file, "sheets \"\(other)\" and \"\(entry.name)\" have the same part (\(target))",
                    "lembar \"\(other)\" dan \"\(entry.name)\" memakai bagian yang sama (\(target))")
            }
            let handler = SheetHandler(
                shared: shared, dateStyles: dateStyles, date1904: wb.date1904, limits: limits,
                cellBudget: limits.maxCells - cells, valueBytes: valueBytes)
            let parsed: SheetHandler
            do {
                guard let p = try parts.xml(target, handler) else {
                    throw fail(
                        file, "sheet \"\(entry.name)\": part \(target) is missing from the archive",
                        "lembar \"\(entry.name)\": bagian \(target) tidak ada di arsip")
                }
                parsed = p
            } catch let stop as SheetHandler.Stop {
                switch stop.what {
                case "merged":
                    throw fail(
                        file, "sheet \"\(entry.name)\": merged ranges cover more than \(limits.maxMergedCells) cells",
                        "lembar \"\(entry.name)\": rentang gabungan mencakup lebih dari \(limits.maxMergedCells) sel")
                case "values":
                    throw fail(
                        file,
                        "the cell values add up to more than \(limits.maxTotalValueBytes) bytes (shared and merged values counted at each cell)",
                        "nilai sel seluruhnya melebihi \(limits.maxTotalValueBytes) bita (teks bersama dan sel gabungan dihitung per sel)"
                    )
                default:
                    throw fail(file, "more than \(limits.maxCells) cells", "lebih dari \(limits.maxCells) sel")
                }
            }
            cells += parsed.cellCount
            valueBytes = parsed.valueBytes
            var sheet = Sheet(name: entry.name)
            sheet.badReferences = parsed.badRefs
            sheet.badMerges = parsed.badMerges
            sheet.oversized = parsed.oversized
            sheet.maxValueBytes = limits.maxValueBytes
            // Copies of merged values count as values too (their bytes, once per copy).
            var copies = 0
            sheet.rows = Merge.expand(parsed.rows, merges: parsed.merges)
            for m in parsed.merges { copies += m.area - 1 }
            if copies > 0 {
                var bytes = 0
                for r in sheet.rows { for c in r where c.origin != nil { bytes += Self.length(c.value) } }
                valueBytes += bytes
                if valueBytes > limits.maxTotalValueBytes {
                    throw fail(
                        file,
                        "the cell values add up to more than \(limits.maxTotalValueBytes) bytes (shared and merged values counted at each cell)",
                        "nilai sel seluruhnya melebihi \(limits.maxTotalValueBytes) bita (teks bersama dan sel gabungan dihitung per sel)"
                    )
                }
            }
            try each(&sheet)
        }
        return wb.date1904
    }

    static func length(_ v: CellValue) -> Int {
        switch v {
        case .text(let s), .number(let s), .error(let s), .uncomputedFormula(let s): return s.utf8.count
        case .bool, .date: return 8
        }
    }
}

/// The archive's parts, read with byte bounds.
struct Parts {
    let archive: BoundedZip
    let file: String
    let limits: WorkbookLimits
    var entries: [String: (entry: Entry, record: Int)] = [:]
    /// Entry names lower-cased, for a part named in another case (built once).
    var lowered: [String: (entry: Entry, record: Int)] = [:]
    var total = 0

    init(archive: BoundedZip, file: String, limits: WorkbookLimits) {
        self.archive = archive
        self.file = file
        self.limits = limits
    }

    mutating func index() throws {
        var n = 0
        for e in archive.entries {
            n += 1
            if n > limits.maxEntries {
                throw XLSXReader.fail(
                    file, "more than \(limits.maxEntries) entries in the archive",
                    "lebih dari \(limits.maxEntries) entri dalam arsip")
            }
            entries[e.entry.path] = e
            let low = e.entry.path.lowercased()
            if lowered[low] == nil { lowered[low] = e }
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

    /// Reads a part through `handler` as it inflates (the part is never held whole); nil when the
    /// archive has no such part. The size is counted while inflating: an entry that claims to be
    /// small and is not is stopped at the limit.
    mutating func xml<H: XMLHandler>(_ path: String, _ handler: H) throws -> H? {
        guard let (entry, record) = entries[path] ?? lowered[path.lowercased()] else { return nil }
        var scanner = XMLScanner(handler: handler)
        let perEntry = limits.maxEntryBytes
        let totalLimit = limits.maxTotalBytes
        var total = self.total
        var size = 0
        do {
            try archive.extract(record, of: entry, bufferSize: 256 << 10) { chunk in
                total += chunk.count
                size += chunk.count
                if size > perEntry { throw Limit(what: "entry") }
                if total > totalLimit { throw Limit(what: "total") }
                try chunk.withUnsafeBytes { try scanner.feed($0) }
            }
            try scanner.finish()
        } catch let l as Limit {
            if l.what == "entry" {
                throw XLSXReader.fail(
                    file, "part \(path) expands past \(perEntry) bytes (zip bomb?)",
                    "bagian \(path) mengembang melebihi \(perEntry) bita (bom zip?)")
            }
            throw XLSXReader.fail(
                file, "the archive expands past \(totalLimit) bytes in all (zip bomb?)",
                "arsip mengembang melebihi \(totalLimit) bita seluruhnya (bom zip?)")
        } catch let e as XMLError {
            if e.message.hasPrefix("a document type declaration") {
                throw XLSXReader.fail(
                    file, "part \(path) has \(e.message)",
                    "bagian \(path) memuat deklarasi tipe dokumen, yang tidak pernah ada di buku kerja (ditolak: ekspansi entitas)"
                )
            }
            let at = e.line > 0 ? " (line \(e.line))" : ""
            let atID = e.line > 0 ? " (baris \(e.line))" : ""
            throw XLSXReader.fail(
                file, "part \(path) is not well-formed XML\(at): \(e.message)",
                "bagian \(path) bukan XML yang benar\(atID): \(e.message)")
        } catch let e as LintasError {
            throw e
        } catch let e as SheetHandler.Stop {
            throw e
        } catch let e as SharedStringsHandler.OverLimit {
            throw e
        } catch let e as StylesHandler.TooLong {
            throw e
        } catch let e as StylesHandler.TooMany {
            throw e
        } catch let e as WorkbookHandler.TooMany {
            throw e
        } catch {
            throw XLSXReader.fail(
                file, "part \(path) cannot be read (\(error))", "bagian \(path) tidak dapat dibaca (\(error))")
        }
        self.total = total
        return scanner.handler
    }
}

/// Relationships of a part (`_rels/*.rels`).
struct RelsHandler: XMLHandler {
    struct Rel { var id, type, target: String }
    var rels: [Rel] = []
    let maxRels: Int
    mutating func start(_ tag: XMLStartTag, empty: Bool) throws {
        guard tag.is("Relationship") else { return }
        guard let id = try tag.attr("Id"), let t = try tag.attr("Target") else { return }
        if try tag.attr("TargetMode") == "External" { return }
        rels.append(Rel(id: id, type: try tag.attr("Type") ?? "", target: t))
        if rels.count > maxRels { throw XMLError(message: "more than \(maxRels) relationships", line: 0) }
    }
    mutating func end(_ name: UnsafeRawBufferPointer) throws {}
    mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws {}
}

/// The workbook part: its sheets in order and the date system.
struct WorkbookHandler: XMLHandler {
    struct SheetEntry { var name, rid: String }
    var sheets: [SheetEntry] = []
    var date1904 = false
    let maxSheets: Int
    mutating func start(_ tag: XMLStartTag, empty: Bool) throws {
        if tag.is("sheet") {
            if sheets.count == maxSheets { throw WorkbookHandler.TooMany() }
            let rid = try tag.attr(qualified: "r:id") ?? tag.attr("id") ?? ""
            sheets.append(SheetEntry(name: try tag.attr("name") ?? "", rid: rid))
        } else if tag.is("workbookPr"), let v = try tag.attr("date1904") {
            date1904 = v == "1" || v.lowercased() == "true"
        }
    }
    struct TooMany: Error {}
    mutating func end(_ name: UnsafeRawBufferPointer) throws {}
    mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws {}
}

/// The shared strings: the text of each `<si>` (phonetic runs left out).
struct SharedStringsHandler: XMLHandler {
    var strings: [String] = []
    let limit: Int
    var current: [UInt8] = []
    var inItem = false
    var inText = false
    var phonetic = 0
    struct OverLimit: Error {}
    init(limit: Int) { self.limit = limit }

    mutating func start(_ tag: XMLStartTag, empty: Bool) throws {
        if tag.is("si") {
            current.removeAll(keepingCapacity: true)
            inItem = true
            if empty { try finishItem() }
        } else if tag.is("t") {
            inText = !empty && phonetic == 0
        } else if tag.is("rPh") {
            if !empty { phonetic += 1 }
        }
    }
    mutating func finishItem() throws {
        guard let s = XMLBytes.utf8String(current) else {
            throw XMLError(message: "text that is not UTF-8", line: 0)
        }
        strings.append(s)
        inItem = false
        if strings.count > limit { throw OverLimit() }
    }
    mutating func end(_ name: UnsafeRawBufferPointer) throws {
        if XMLBytes.localEquals(name, "si") {
            try finishItem()
        } else if XMLBytes.localEquals(name, "t") {
            inText = false
        } else if XMLBytes.localEquals(name, "rPh") {
            phonetic -= 1
        }
    }
    mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws {
        guard inText, inItem else { return }
        if cdata { current.append(contentsOf: raw) } else { try XMLText.append(raw, to: &current) }
    }
}

/// The cell formats of `styles.xml`: which show a date. Each number format is classified once
/// (a format may be used by any number of cell formats), and its length is bounded.
struct StylesHandler: XMLHandler {
    /// Number format id -> shows a date.
    var isDate: [Int: Bool] = [:]
    var xfDates: [Bool] = []
    var inCellXfs = false
    let maxFormatChars: Int
    let maxStyles: Int
    struct TooLong: Error {
        var id: Int
        var length: Int
    }
    struct TooMany: Error {}

    mutating func start(_ tag: XMLStartTag, empty: Bool) throws {
        if tag.is("numFmt") {
            guard let id = tag.int("numFmtId") else { return }
            let raw = tag.raw("formatCode")
            if let raw, raw.count > maxFormatChars * 6 { throw TooLong(id: id, length: raw.count) }
            let code = try raw.map { try XMLText.decode($0) } ?? ""
            if code.count > maxFormatChars { throw TooLong(id: id, length: code.count) }
            isDate[id] = NumberFormat.isDate(id: id, code: code)
        } else if tag.is("cellXfs") {
            inCellXfs = !empty
        } else if tag.is("xf"), inCellXfs {
            if xfDates.count == maxStyles { throw TooMany() }
            let id = tag.int("numFmtId") ?? 0
            xfDates.append(isDate[id] ?? NumberFormat.isDate(id: id, code: nil))
        }
    }
    mutating func end(_ name: UnsafeRawBufferPointer) throws {
        if XMLBytes.localEquals(name, "cellXfs") { inCellXfs = false }
    }
    mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws {}
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
        var inQuote = false
        var inBracket = false
        var escape = false
        for ch in code {
            if escape {
                escape = false
                continue
            }
            if inQuote {
                if ch == "\"" { inQuote = false }
                continue
            }
            if inBracket {
                if ch == "]" { inBracket = false }
                continue
            }
            switch ch {
            case "\\", "_", "*": escape = true
            case "\"": inQuote = true
            case "[": inBracket = true
            default: out.append(ch)
            }
        }
        let lower = out.lowercased()
        if lower == "general" || lower.isEmpty { return false }
        return lower.contains("d") || lower.contains("y")
            || (lower.contains("m") && !lower.contains("0") && !lower.contains("#"))
    }

    /// Whether `s` is a plain decimal number as a spreadsheet stores one (`-12.5`, `1.5E+17`):
    /// not hexadecimal (`0x10`), not `inf` or `nan`, which `Double(_:)` also reads.
    static func isDecimal(_ s: String) -> Bool {
        var digits = false
        var exp = false
        var dot = false
        var prev: UInt8 = 0
        for (i, b) in s.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard i == 0 || prev == UInt8(ascii: "e") || prev == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !dot, !exp else { return false }
                dot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard digits, !exp else { return false }
                exp = true
            default: return false
            }
            prev = b
        }
        return digits
    }
}

/// A merged range as the sheet declares it.
struct MergeRange {
    var first: (row: Int, column: Int)
    var last: (row: Int, column: Int)
    var area: Int { (last.row - first.row + 1) * (last.column - first.column + 1) }
}

/// One sheet, read as it streams: cells with their values, merged ranges, and what could not be
/// read. Values are counted as they are produced: each cell's length (a longer one is left out
/// and reported at its cell, Y005) and the total of the workbook (the limit stops the reading).
struct SheetHandler: XMLHandler {
    let shared: [String]
    let dateStyles: [Bool]
    let date1904: Bool
    let limits: WorkbookLimits
    var cellBudget: Int
    var mergeBudget: Int
    /// Value bytes produced so far in the workbook (shared strings counted at each use).
    var valueBytes: Int
    var rows: [[Cell]] = []
    var merges: [MergeRange] = []
    var badRefs: [(text: String, row: Int)] = []
    var badMerges: [String] = []
    var oversized: [(row: Int, column: Int, bytes: Int)] = []
    var cellCount = 0

    struct Stop: Error { var what: String }

    var rowNumber = 0
    var current: [Cell] = []
    var inRow = false
    // The open cell.
    var ref: (row: Int, column: Int)?
    var refText: String?
    var type: UInt8 = UInt8(ascii: "n")
    var typeText = "n"
    var style = 0
    var text: [UInt8] = []
    var tooLong = false
    var collecting = false
    var inInline = false
    var lastColumn = 0
    var formula: [UInt8]?
    var inFormula = false
    var sawValue = false
    var inCell = false
    var unsorted = false

    init(shared: [String], dateStyles: [Bool], date1904: Bool, limits: WorkbookLimits, cellBudget: Int, valueBytes: Int)
    {
        self.shared = shared
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.limits = limits
        self.cellBudget = cellBudget
        self.mergeBudget = limits.maxMergedCells
        self.valueBytes = valueBytes
    }

    /// `B12` from bytes (column letters then row digits, `$` ignored); nil when malformed or
    /// beyond XFD1048576.
    static func reference(_ r: UnsafeRawBufferPointer) -> (row: Int, column: Int)? {
        var col = 0
        var row = 0
        var sawDigit = false
        for b in r {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !sawDigit else { return nil }
                col = col * 26 + Int((b | 0x20) - UInt8(ascii: "a")) + 1
                if col > WorkbookLimits.excelColumns { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                row = row * 10 + Int(b - UInt8(ascii: "0"))
                if row > WorkbookLimits.excelRows { return nil }
            case UInt8(ascii: "$"): continue
            default: return nil
            }
        }
        guard col >= 1, row >= 1 else { return nil }
        return (row, col)
    }

    mutating func start(_ tag: XMLStartTag, empty: Bool) throws {
        let name = tag.bytes
        // The common elements first, by their first byte (an unprefixed `c`, `v`, `row`).
        if tag.nameLength == 1 && name[0] == UInt8(ascii: "c") || tag.nameLength > 1 && tag.is("c") {
            inCell = true
            // One pass over the attributes: the first `r`, `t` and `s` (by local name), as
            // `raw(_:)` finds them.
            var rawRef: UnsafeRawBufferPointer?
            var rawType: UnsafeRawBufferPointer?
            var rawStyle: UnsafeRawBufferPointer?
            tag.forEachAttribute { name, value in
                if XMLBytes.localEquals(name, "r") {
                    if rawRef == nil { rawRef = value }
                } else if XMLBytes.localEquals(name, "t") {
                    if rawType == nil { rawType = value }
                } else if XMLBytes.localEquals(name, "s") {
                    if rawStyle == nil { rawStyle = value }
                }
                return true
            }
            if let r = rawRef {
                ref = SheetHandler.reference(r)
                refText = ref == nil ? String(decoding: r.prefix(64), as: UTF8.self) : nil
            } else {
                ref = nil
                refText = nil
            }
            if let t = rawType {
                type = t.count == 1 ? t[0] : (t.count > 1 ? UInt8(ascii: "?") : UInt8(ascii: "n"))
                typeText = t.count == 1 ? "" : String(decoding: t.prefix(16), as: UTF8.self)
            } else {
                type = UInt8(ascii: "n")
                typeText = ""
            }
            style = rawStyle.flatMap { XMLBytes.decimal($0) } ?? 0
            text.removeAll(keepingCapacity: true)
            tooLong = false
            inInline = false
            formula = nil
            sawValue = false
            if empty { try endCell() }
            return
        }
        if tag.is("v") {
            text.removeAll(keepingCapacity: true)
            tooLong = false
            collecting = !empty
            sawValue = true
        } else if tag.is("row") {
            let raw = tag.raw("r")
            let r = raw.flatMap { XMLBytes.decimal($0) } ?? (raw == nil ? rowNumber + 1 : -1)
            if r < 1 || r > WorkbookLimits.excelRows || r <= rowNumber {
                badRefs.append(
                    (raw.map { String(decoding: $0.prefix(64), as: UTF8.self) } ?? String(rowNumber + 1), rowNumber))
                rowNumber += 1
            } else {
                rowNumber = r
            }
            current = []
            inRow = !empty
            lastColumn = 0
        } else if tag.is("f") {
            formula = []
            inFormula = !empty
        } else if tag.is("is") {
            inInline = true
            text.removeAll(keepingCapacity: true)
        } else if tag.is("t") {
            if inInline { collecting = !empty }
        } else if tag.is("mergeCell") {
            guard let r = tag.raw("ref") else {
                badMerges.append("")
                return
            }
            let parts = r.split(separator: UInt8(ascii: ":"), maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let a = SheetHandler.reference(UnsafeRawBufferPointer(rebasing: parts[0])),
                let b = SheetHandler.reference(UnsafeRawBufferPointer(rebasing: parts[1])), a.row <= b.row,
                a.column <= b.column
            else {
                if badMerges.count < 1000 { badMerges.append(String(decoding: r.prefix(64), as: UTF8.self)) }
                return
            }
            let m = MergeRange(first: a, last: b)
            // Charged as declared, before anything else is looked at.
            mergeBudget -= m.area
            if mergeBudget < 0 { throw Stop(what: "merged") }
            merges.append(m)
        }
    }

    mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws {
        if collecting {
            if tooLong { return }
            if cdata { text.append(contentsOf: raw) } else { try XMLText.append(raw, to: &text) }
            if text.count > limits.maxValueBytes {
                tooLong = true
                text.removeAll()
            }
        } else if inFormula, formula != nil, formula!.count < 4096 {
            if cdata { formula!.append(contentsOf: raw) } else { try XMLText.append(raw, to: &formula!) }
        }
    }

    mutating func end(_ name: UnsafeRawBufferPointer) throws {
        if name.count == 1 {
            switch name[0] {
            case UInt8(ascii: "v"), UInt8(ascii: "t"):
                collecting = false
                return
            case UInt8(ascii: "c"):
                try endCell()
                return
            case UInt8(ascii: "f"):
                inFormula = false
                return
            default: break
            }
        }
        if XMLBytes.localEquals(name, "v") || XMLBytes.localEquals(name, "t") {
            collecting = false
        } else if XMLBytes.localEquals(name, "c") {
            try endCell()
        } else if XMLBytes.localEquals(name, "f") {
            inFormula = false
        } else if XMLBytes.localEquals(name, "row") {
            if !current.isEmpty {
                if unsorted { current.sort { $0.column < $1.column } }
                unsorted = false
                rows.append(current)
            }
            current = []
            inRow = false
        }
    }

    func string(_ bytes: [UInt8]) throws -> String {
        guard let s = XMLBytes.utf8String(bytes) else {
            throw XMLError(message: "text that is not UTF-8", line: 0)
        }
        return s
    }

    static func trimmed(_ b: [UInt8]) -> ArraySlice<UInt8> {
        var lo = 0
        var hi = b.count
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
        return b[lo..<hi]
    }

    mutating func endCell() throws {
        guard inCell else { return }
        inCell = false
        var column = lastColumn + 1
        var row = rowNumber
        if let r = ref {
            column = r.column
            row = r.row
            if row != rowNumber && inRow {
                badRefs.append((CellReference.letters(r.column) + String(r.row), rowNumber))
                return
            }
        } else if let t = refText {
            badRefs.append((t, rowNumber))
            return
        }
        // A cell with no reference takes the next column: past XFD (or past the last row) it is no cell.
        if column > WorkbookLimits.excelColumns || row > WorkbookLimits.excelRows || row < 1 {
            badRefs.append(
                (CellReference.letters(min(column, WorkbookLimits.excelColumns + 1)) + String(row), rowNumber))
            return
        }
        lastColumn = column
        if tooLong {
            if oversized.count < 10_000 { oversized.append((row, column, limits.maxValueBytes)) }
            return
        }
        let value: CellValue?
        switch type {
        case UInt8(ascii: "s"):
            if let i = text.withUnsafeBytes({ XMLBytes.decimal($0) }), i < shared.count {
                value = .text(shared[i])
            } else {
                value = text.isEmpty ? nil : .error("#REF-SST")
            }
        case UInt8(ascii: "b"):
            value = text.isEmpty ? nil : .bool(SheetHandler.trimmed(text).elementsEqual([UInt8(ascii: "1")]))
        case UInt8(ascii: "e"):
            value = .error(try string(text))
        case UInt8(ascii: "d"):
            value = text.isEmpty ? nil : .text(try string(text))
        case UInt8(ascii: "?"):
            // inlineStr, str.
            if typeText == "inlineStr" || typeText == "str" {
                value = text.isEmpty && typeText == "str" ? nil : .text(try string(text))
            } else {
                let t = try string(Array(SheetHandler.trimmed(text)))
                value = t.isEmpty ? nil : .number(t)
            }
        default:
            let trimmedBytes = SheetHandler.trimmed(text)
            if trimmedBytes.isEmpty {
                value = nil
            } else {
                let t = try string(Array(trimmedBytes))
                if style >= 0, style < dateStyles.count, dateStyles[style], NumberFormat.isDecimal(t), let d = Double(t)
                {
                    value = .date(serial: d, date1904: date1904)
                } else {
                    value = .number(t)
                }
            }
        }
        var found = value
        if found == nil, let f = formula, !sawValue, !inInline { found = .uncomputedFormula(try string(f)) }
        guard let value = found else { return }
        var length = 0
        switch value {
        case .text(let s):
            if s.isEmpty { return }
            length = s.utf8.count
        case .number(let s), .error(let s), .uncomputedFormula(let s): length = s.utf8.count
        case .bool, .date: length = 8
        }
        if length > limits.maxValueBytes {
            // A shared string longer than a value may be.
            if oversized.count < 10_000 { oversized.append((row, column, length)) }
            return
        }
        valueBytes += length
        if valueBytes > limits.maxTotalValueBytes { throw Stop(what: "values") }
        cellCount += 1
        if cellCount > cellBudget { throw Stop(what: "cells") }
        if let last = current.last, last.column >= column { unsorted = true }
        current.append(Cell(row: row, column: column, value: value))
    }
}

/// Merged ranges: the first cell's value is copied to the other cells of the range, each copy
/// remembering where it came from (findings point at the merged cell as the spreadsheet shows it).
/// The ranges were charged to the merged-cell budget as they were read, so the copies made here
/// are bounded; each range finds its first cell in a table, not by a scan of its row.
enum Merge {
    static func expand(_ rows: [[Cell]], merges: [MergeRange]) -> [[Cell]] {
        guard !merges.isEmpty else { return rows }
        // Where each cell is: row -> index into `rows`; (row, column) -> index in that row.
        var rowIndex: [Int: Int] = [:]
        var at: [Int: Int] = [:]
        var indexed = Set<Int>()
        @inline(__always) func key(_ r: Int, _ c: Int) -> Int { r << 15 | c }
        for (i, r) in rows.enumerated() {
            guard let first = r.first else { continue }
            rowIndex[first.row] = i
        }
        var added: [Int: [Cell]] = [:]
        var occupied = Set<Int>()
        for m in merges {
            guard let ri = rowIndex[m.first.row] else { continue }
            if indexed.insert(m.first.row).inserted {
                // Index the row's cells once.
                for (j, c) in rows[ri].enumerated() { at[key(c.row, c.column)] = j }
            }
            guard let j = at[key(m.first.row, m.first.column)] else { continue }
            let source = rows[ri][j]
            for r in m.first.row...m.last.row {
                if let other = rowIndex[r], indexed.insert(r).inserted {
                    for (k, c) in rows[other].enumerated() { at[key(c.row, c.column)] = k }
                }
                for c in m.first.column...m.last.column where !(r == m.first.row && c == m.first.column) {
                    if at[key(r, c)] != nil || !occupied.insert(key(r, c)).inserted { continue }
                    var copy = Cell(row: r, column: c, value: source.value)
                    copy.origin = (m.first.row, m.first.column)
                    added[r, default: []].append(copy)
                }
            }
        }
        if added.isEmpty { return rows }
        var out = rows
        for (r, cells) in added {
            if let i = rowIndex[r] {
                out[i] = (out[i] + cells).sorted { $0.column < $1.column }
            } else {
                out.append(cells.sorted { $0.column < $1.column })
            }
        }
        return out.filter { !$0.isEmpty }.sorted { $0[0].row < $1[0].row }
    }
}

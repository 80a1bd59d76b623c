import Foundation

/// A place in generated YAML that stands for a cell.
struct CellMark: Sendable {
    var column: Int32
    var cell: CellReference
}

/// Which cell each place of a generated YAML file came from.
struct CellMap: Sendable {
    /// Per line (index 0 = line 1), the marks on it by column.
    var lines: [[CellMark]] = []
    /// Where a place with no mark on or above it points (the sheet's first cell).
    var fallback: CellReference
    /// Positions are the cells themselves (line = row, column = column): the nodes were built
    /// from the cells, with no text in between.
    var direct = false

    init(lines: [[CellMark]], fallback: CellReference, direct: Bool = false) {
        self.lines = lines
        self.fallback = fallback
        self.direct = direct
    }

    /// The cell for a 1-based line and column: the last mark at or before the column on that line,
    /// else the line's first mark, else the nearest marked line above.
    func cell(line: Int, column: Int) -> CellReference {
        if direct { return CellReference(sheet: fallback.sheet, row: max(1, line), column: max(1, column)) }
        var l = min(line, lines.count) - 1
        if l == line - 1, l >= 0 {
            let marks = lines[l]
            if let m = marks.last(where: { Int($0.column) <= column }) ?? marks.first { return m.cell }
            l -= 1
        }
        while l >= 0 {
            if let m = lines[l].last { return m.cell }
            l -= 1
        }
        return fallback
    }
}

/// One section of a workbook: its documents as nodes located at cells (what `check` reads), and
/// as format-v1 YAML text when asked for (what `import` writes).
public struct GeneratedFile: @unchecked Sendable {
    /// File name in an imported directory, e.g. `pegawai.yaml`.
    public var name: String
    var sheet: String
    /// The YAML text ("" when the import was made without text).
    public var text: String
    var map: CellMap
    /// The documents (not shared across threads: built and read by one check).
    var documents: [YNode] = []
}

/// A workbook turned into format-v1 YAML text (one file per sheet), with the cell of every place
/// in it and the findings about the workbook itself (Y007 layout, N006 NIPs typed as numbers).
public struct ImportedWorkbook: @unchecked Sendable {
    var file: String
    public var files: [GeneratedFile]
    /// Located at cells of `file`.
    public var diagnostics: [Diagnostic]
    /// When the sections were handed to the model as each sheet was read (`check`): the model
    /// so far; their files then hold no documents.
    var sink: AgencySink?

    init(file: String, files: [GeneratedFile], diagnostics: [Diagnostic]) {
        self.file = file
        self.files = files
        self.diagnostics = diagnostics
    }
}

/// A node of the YAML being generated.
final class YNode {
    /// A scalar's text as the cell holds it; `quoted`: written as a double-quoted (text) scalar,
    /// else plain (a number, a date, a boolean).
    enum Kind {
        case scalar(String, quoted: Bool)
        case map, list
    }
    var kind: Kind
    var cell: CellReference?
    var entries: [(key: String, node: YNode)] = []
    var items: [YNode] = []
    var comment: String?

    init(_ kind: Kind, cell: CellReference?) {
        self.kind = kind
        self.cell = cell
    }

    static func map(_ cell: CellReference?) -> YNode { YNode(.map, cell: cell) }
    static func list(_ cell: CellReference?) -> YNode { YNode(.list, cell: cell) }

    /// Adds `value` under a dotted key path, creating maps on the way.
    func set(_ path: String, _ value: YNode) {
        if !path.utf8.contains(UInt8(ascii: ".")) {
            entries.append((path, value))
            return
        }
        let parts = path.split(separator: ".", maxSplits: 1)
        if parts.count == 2 {
            set(group: String(parts[0]), String(parts[1]), value)
        } else {
            entries.append((path, value))
        }
    }

    /// Adds `value` under `rest` in the map `group` (made here when there is none).
    func set(group head: String, _ rest: String, _ value: YNode) {
        let child: YNode
        if let existing = entries.first(where: { $0.key == head })?.node, case .map = existing.kind {
            child = existing
        } else {
            child = .map(value.cell)
            entries.append((head, child))
        }
        child.set(rest, value)
    }
}

/// Writes YAML text and records where each cell's value went.
struct YAMLEmitter {
    var text = ""
    var marks: [[CellMark]] = [[]]
    var column = 1

    mutating func write(_ s: String) {
        text += s
        column += s.unicodeScalars.count
    }

    mutating func newline() {
        text += "\n"
        marks.append([])
        column = 1
    }

    mutating func mark(_ cell: CellReference?) {
        guard let cell else { return }
        marks[marks.count - 1].append(CellMark(column: Int32(column), cell: cell))
    }

    mutating func comment(_ s: String, indent: Int) {
        write(String(repeating: " ", count: indent) + "# " + s)
        newline()
    }

    mutating func emitMap(_ node: YNode, indent: Int, inline: Bool) {
        if node.entries.isEmpty {
            write("{}")
            newline()
            return
        }
        for (i, e) in node.entries.enumerated() {
            if !(i == 0 && inline) { write(String(repeating: " ", count: indent)) }
            mark(e.node.cell)
            write(e.key + ":")
            emitValue(e.node, indent: indent)
        }
    }

    mutating func emitValue(_ node: YNode, indent: Int) {
        switch node.kind {
        case .scalar(let s, let quoted):
            write(" ")
            mark(node.cell)
            write(quoted ? WorkbookImporter.quote(s) : s)
            newline()
        case .map:
            if node.entries.isEmpty {
                write(" {}")
                newline()
                return
            }
            newline()
            emitMap(node, indent: indent + 2, inline: false)
        case .list:
            if node.items.isEmpty {
                write(" []")
                newline()
                return
            }
            newline()
            emitList(node, indent: indent + 2)
        }
    }

    mutating func emitList(_ node: YNode, indent: Int) {
        for item in node.items {
            if let c = item.comment { comment(c, indent: indent) }
            write(String(repeating: " ", count: indent))
            mark(item.cell)
            write("- ")
            switch item.kind {
            case .scalar(let s, let quoted):
                mark(item.cell)
                write(quoted ? WorkbookImporter.quote(s) : s)
                newline()
            case .map:
                emitMap(item, indent: indent + 2, inline: true)
            case .list:
                newline()
                emitList(item, indent: indent + 2)
            }
        }
    }
}

/// Turns rows into format-v1 YAML. Values are written as the spreadsheet typed them: text is
/// always quoted (a NIP, a code, "yes" stay text), numbers and dates plain; a text cell in a year,
/// date or boolean column is written plain only when it reads exactly as such a value (CSV fields
/// are all text). Nothing is corrected: a value that is wrong in the workbook is wrong in the YAML,
/// and the normal rules report it at its cell.
enum WorkbookImporter {
    static let codes = ["N006", "Y007"]

    static func importWorkbook(_ workbook: Workbook) -> ImportedWorkbook {
        importWorkbook(workbook, text: true)
    }

    /// The workbook's sections; `text`: also as YAML text (for `import`; `check` reads the nodes).
    static func importWorkbook(_ workbook: Workbook, text: Bool) -> ImportedWorkbook {
        var importer = SheetImporter(file: workbook.file, isCSV: workbook.isCSV, text: text)
        for sheet in workbook.sheets { importer.add(sheet) }
        return importer.result
    }

    /// A name as it may appear in a YAML comment: line breaks and other control characters
    /// written as escapes (a name cannot end the comment and start YAML of its own).
    static func commentSafe(_ s: String) -> String {
        String(quote(s).dropFirst().dropLast())
    }

    static func layout(_ variant: String, _ file: String, _ cell: CellReference, _ args: [String: String]) -> Diagnostic
    {
        Diagnostic(
            "Y007", variant: variant, at: SourceLocation(file: file, cell: cell), path: cell.description,
            entity: cell.description, args: args)
    }

    /// A YAML double-quoted scalar (escapes as JSON, plus the characters YAML will not take raw).
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) || c.value == 0x2028
                    || c.value == 0x2029 || c.value == 0xFEFF
                {
                    out += String(format: "\\u%04X", c.value)
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// A spreadsheet number written plain only when YAML reads it as a number.
    static func isPlainNumber(_ s: String) -> Bool {
        var sawDigit = false
        for (i, b) in s.utf8.enumerated() {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                if i != 0 && !(s.utf8.map { $0 }[i - 1] | 0x20 == UInt8(ascii: "e")) { return false }
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return false
            }
        }
        return sawDigit && Double(s) != nil
    }

    /// `s.trimmingCharacters(in: .whitespaces)`, without Foundation for ASCII text (whose
    /// whitespace is the space and the tab).
    static func trimmingWhitespace(_ s: String) -> String {
        var ascii = true
        var blankEnd = false
        for b in s.utf8 {
            if b >= 0x80 {
                ascii = false
                break
            }
        }
        guard ascii else { return s.trimmingCharacters(in: .whitespaces) }
        let bytes = s.utf8
        if let f = bytes.first, let l = bytes.last {
            blankEnd = f == 0x20 || f == 0x09 || l == 0x20 || l == 0x09
        }
        guard blankEnd else { return s }
        let kept = bytes.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        return String(decoding: Array(kept), as: UTF8.self)
    }

    static func isInteger(_ s: String) -> Bool {
        let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        return !body.isEmpty && body.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// A cell's value as text, as a spreadsheet shows it at its simplest.
    static func display(_ v: CellValue) -> String {
        switch v {
        case .text(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .date(let serial, let d1904):
            if SpreadsheetDate.isPhantomLeapDay(serial: serial, date1904: d1904) { return "1900-02-29" }
            var day = serial.rounded(.down)
            let frac = serial - day
            // To the minute; a time that rounds to 24:00 is 00:00 of the next day.
            var minutes = Int((frac * 1440).rounded())
            if minutes >= 1440 {
                day += 1
                minutes = 0
            }
            if let d = SpreadsheetDate.date(serial: day, date1904: d1904) {
                if frac == 0 { return d.description }
                return d.description + String(format: "T%02d:%02d", minutes / 60, minutes % 60)
            }
            return String(serial)
        case .error(let e): return e
        case .uncomputedFormula(let f): return "=" + f
        }
    }
}

/// Imports sheets one at a time (a caller may drop each sheet's cells once it is added).
struct SheetImporter {
    let file: String
    let isCSV: Bool
    let text: Bool
    var result: ImportedWorkbook
    /// The next free number per section name (a second `pegawai` sheet is `pegawai-2.yaml`).
    var nextNumber: [String: Int] = [:]
    var usedNames = Set<String>()

    init(file: String, isCSV: Bool, text: Bool, feed: Bool = false) {
        self.file = file
        self.isCSV = isCSV
        self.text = text
        result = ImportedWorkbook(file: file, files: [], diagnostics: [])
        if feed { result.sink = AgencySink(Agency(name: file, files: [file])) }
    }

    mutating func add(_ sheet: Sheet) {
        var s = sheet
        add(dropping: &s)
    }

    /// Adds a sheet and empties it as soon as its nodes are built (its cells are not needed to
    /// hand the nodes to the model).
    mutating func add(dropping sheet: inout Sheet) {
        let first = CellReference(sheet: sheet.name, row: 1, column: 1)
        for bad in sheet.badReferences {
            let at = CellReference(sheet: sheet.name, row: max(1, bad.row), column: 1)
            result.diagnostics.append(
                WorkbookImporter.layout("bad_reference", file, at, ["ref": bad.text, "sheet": sheet.name]))
        }
        for bad in sheet.badMerges {
            let head = bad.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            let at =
                CellReference.parse(head).map { CellReference(sheet: sheet.name, row: $0.row, column: $0.column) }
                ?? first
            result.diagnostics.append(
                WorkbookImporter.layout("bad_merge", file, at, ["ref": bad, "sheet": sheet.name]))
        }
        for p in sheet.problems {
            let at = CellReference(sheet: sheet.name, row: max(1, p.row), column: max(1, p.column))
            result.diagnostics.append(
                WorkbookImporter.layout(p.variant, file, at, p.args.merging(["sheet": sheet.name]) { a, _ in a }))
        }
        for o in sheet.oversized {
            let at = CellReference(sheet: sheet.name, row: o.row, column: o.column)
            result.diagnostics.append(
                Diagnostic(
                    "Y005", variant: "cell", at: SourceLocation(file: file, cell: at), path: at.description,
                    entity: at.description,
                    args: [
                        "what": "value", "what_id": "nilai", "limit": "\(sheet.maxValueBytes)", "size": "\(o.bytes)",
                    ]))
        }
        guard let spec = WorkbookLayout.spec(forSheet: sheet.name) else {
            let normalized = WorkbookLayout.normalize(sheet.name)
            if WorkbookLayout.instructionSheets.contains(normalized) || normalized == WorkbookLayout.settingsSheet {
                return
            }
            let hint = Suggest.closest(
                to: WorkbookLayout.normalize(sheet.name), in: WorkbookLayout.sheets.map(\.section))
            result.diagnostics.append(
                WorkbookImporter.layout(
                    "unknown_sheet", file, first,
                    [
                        "sheet": sheet.name,
                        "hint": hint.map { "; maksudnya \"\($0)\"?" } ?? "",
                        "hint_en": hint.map { "; did you mean \"\($0)\"?" } ?? "",
                    ]))
            return
        }
        var name = spec.section + ".yaml"
        if usedNames.contains(name) {
            var n = nextNumber[spec.section] ?? 2
            while usedNames.contains("\(spec.section)-\(n).yaml") { n += 1 }
            name = "\(spec.section)-\(n).yaml"
            nextNumber[spec.section] = n + 1
        }
        usedNames.insert(name)
        if !text, let sink = result.sink, !spec.shape.isSingle, ModelBuilder.streamedSections.contains(spec.section) {
            stream(&sheet, spec: spec, name: name, into: sink)
            return
        }
        let docs: [YNode]
        do {
            var builder = SheetBuilder(file: file, isCSV: isCSV, sheet: sheet, spec: spec)
            builder.comments = text
            docs = builder.build()
            result.diagnostics += builder.diagnostics
        }
        sheet.rows = []
        guard text else {
            var g = GeneratedFile(name: name, sheet: sheet.name, text: "", map: CellMap(lines: [], fallback: first))
            if var sink = result.sink {
                // Into the model now: the sheet's nodes are not kept.
                let virtual = WorkbookCheck.virtualName(file, name)
                for doc in docs {
                    WorkbookNodes.feed(doc, file: virtual, into: &sink, diagnostics: &result.diagnostics)
                }
                sink.abandonDocument()
            } else {
                g.documents = docs
            }
            result.files.append(g)
            return
        }
        let base = WorkbookImporter.commentSafe((file as NSString).lastPathComponent)
        let shown = WorkbookImporter.quote(sheet.name)
        var e = YAMLEmitter()
        e.comment(
            "Dibuat oleh `lintas import` dari \(base), lembar \(shown); \"baris N\" adalah nomor baris lembar kerja.",
            indent: 0)
        e.comment(
            "Generated by `lintas import` from \(base), sheet \(shown); \"baris N\" is the sheet's row number.",
            indent: 0)
        for (i, doc) in docs.enumerated() {
            if i > 0 {
                e.write("---")
                e.newline()
            }
            e.emitMap(doc, indent: 0, inline: false)
        }
        e.marks.removeLast()
        var g = GeneratedFile(
            name: name, sheet: sheet.name, text: e.text, map: CellMap(lines: e.marks, fallback: first))
        g.documents = docs
        result.files.append(g)
    }
}

extension SheetImporter {
    /// A list sheet into the model item by item (`check`): each item's nodes are built from its
    /// rows, written onto the tape and handed to the model as soon as it is complete, so no node
    /// tree of the whole sheet is ever held. The same documents, findings and their order as
    /// building the sheet's nodes first and feeding them (``WorkbookNodes/feed``).
    mutating func stream(_ sheet: inout Sheet, spec: WorkbookLayout.SheetSpec, name: String, into sink: AgencySink) {
        let virtual = WorkbookCheck.virtualName(file, name)
        let tape = NodeTape()
        var itemDiagnostics: [Diagnostic] = []
        var index = 0
        sink.beginDocument()
        var builder = SheetBuilder(file: file, isCSV: isCSV, sheet: sheet, spec: spec)
        builder.comments = false
        builder.each = { item in
            WorkbookNodes.write(item, to: tape, file: virtual, diagnostics: &itemDiagnostics)
            sink.item(tape, index: index, section: spec.section, file: virtual)
            tape.removeAll()
            index += 1
        }
        _ = builder.build()
        builder.each = nil
        result.diagnostics += builder.diagnostics
        result.diagnostics += itemDiagnostics
        sheet.rows = []
        // The document around the list: `section: []`, both at the sheet's first cell, as `feed`
        // makes it.
        let first = CellReference(sheet: sheet.name, row: 1, column: 1)
        let at = SourceRange(at: WorkbookNodes.position(first))
        sink.endSection(spec.section)
        let key = YAMLNode(kind: .scalar(YAMLScalar(text: spec.section)), range: at)
        let pair = YAMLPair(key: key, value: YAMLNode(kind: .sequence([]), range: at))
        sink.endDocument(YAMLNode(kind: .mapping([pair]), range: at), file: virtual)
        sink.abandonDocument()
        result.files.append(
            GeneratedFile(name: name, sheet: sheet.name, text: "", map: CellMap(lines: [], fallback: first)))
    }
}

extension WorkbookLayout.Shape {
    var isSingle: Bool {
        if case .single = self { return true }
        return false
    }
}

/// Builds the YAML documents of one sheet.
struct SheetBuilder {
    let file: String
    let isCSV: Bool
    let sheet: Sheet
    let spec: WorkbookLayout.SheetSpec
    var diagnostics: [Diagnostic] = []
    var reportedNIP = Set<CellReference>()
    /// Whether items carry their `# baris N` comment (only YAML text shows it).
    var comments = true
    /// Where each complete item of a list sheet goes instead of its list (`check`: straight into
    /// the model, so the sheet's nodes are never all held).
    var each: ((YNode) -> Void)?

    init(file: String, isCSV: Bool, sheet: Sheet, spec: WorkbookLayout.SheetSpec) {
        self.file = file
        self.isCSV = isCSV
        self.sheet = sheet
        self.spec = spec
    }

    func ref(_ c: Cell) -> CellReference {
        CellReference(sheet: sheet.name, row: c.origin?.row ?? c.row, column: c.origin?.column ?? c.column)
    }

    /// A sheet column bound to a format column (a class: every cell of the column refers to it).
    final class Bound {
        let column: WorkbookLayout.Column
        let child: Bool
        /// The key split once as ``YNode/set(_:_:)`` splits it: the group before the first dot
        /// (nil for a plain key) and the rest.
        let group: String?
        let rest: String
        init(column: WorkbookLayout.Column, child: Bool) {
            self.column = column
            self.child = child
            let parts = column.key.split(separator: ".", maxSplits: 1)
            if column.key.contains("."), parts.count == 2 {
                group = String(parts[0])
                rest = String(parts[1])
            } else {
                group = nil
                rest = column.key
            }
        }

        /// `node.set(column.key, value)` without splitting the key again.
        func set(in node: YNode, _ value: YNode) {
            guard let group else {
                node.entries.append((rest, value))
                return
            }
            node.set(group: group, rest, value)
        }
    }

    /// The header: which sheet column is which format column, and the first data row.
    mutating func header() -> (columns: [Int: Bound], dataStart: Int) {
        guard let top = sheet.rows.first else { return ([:], 2) }
        var names: [Int: (String, Cell)] = [:]
        for c in top { names[c.column] = (WorkbookImporter.display(c.value), c) }
        var dataStart = top[0].row + 1
        // A merged header cell across columns (`penetapan` over `nomor`, `tanggal`, `oleh`) makes a
        // two-row header: the group name above, the key below.
        let mergedAcross = Set(top.compactMap { c -> Int? in c.origin.map { $0.column } }).union(
            top.compactMap { c in c.origin.map { _ in c.column } })
        if !mergedAcross.isEmpty, sheet.rows.count > 1, sheet.rows[1][0].row == top[0].row + 1 {
            let second = sheet.rows[1]
            for c in second {
                let sub = WorkbookImporter.display(c.value)
                if mergedAcross.contains(c.column), let above = names[c.column] {
                    names[c.column] = (above.0 + "." + sub, c)
                } else if names[c.column] == nil {
                    names[c.column] = (sub, c)
                }
            }
            dataStart += 1
        }
        var known: [String: Bound] = [:]
        for col in spec.columns {
            known[WorkbookLayout.normalize(col.header)] = Bound(column: col, child: false)
            known[WorkbookLayout.normalize(col.header).replacingOccurrences(of: ".", with: "_")] = Bound(
                column: col, child: false)
        }
        for col in spec.childColumns {
            known[WorkbookLayout.normalize(col.header)] = Bound(column: col, child: true)
            known[WorkbookLayout.normalize(col.header).replacingOccurrences(of: ".", with: "_")] = Bound(
                column: col, child: true)
        }
        var out: [Int: Bound] = [:]
        var seen: [String: CellReference] = [:]
        for (column, (name, cell)) in names.sorted(by: { $0.key < $1.key }) {
            let key = WorkbookLayout.normalize(name)
            let at = ref(cell)
            guard let b = known[key] else {
                let hint = Suggest.closest(to: key, in: spec.allColumns.map(\.header))
                diagnostics.append(
                    WorkbookImporter.layout(
                        "unknown_column", file, at,
                        [
                            "header": name, "sheet": sheet.name,
                            "hint": hint.map { "; maksudnya \"\($0)\"?" } ?? "",
                            "hint_en": hint.map { "; did you mean \"\($0)\"?" } ?? "",
                        ]))
                continue
            }
            if seen[b.column.header] != nil {
                diagnostics.append(
                    WorkbookImporter.layout("duplicate_column", file, at, ["header": name, "sheet": sheet.name]))
                continue
            }
            seen[b.column.header] = at
            out[column] = b
        }
        return (out, dataStart)
    }

    /// The YAML for one cell of a known column, or nil when it holds no usable value.
    mutating func scalar(_ c: Cell, _ col: WorkbookLayout.Column) -> YNode? {
        let at = ref(c)
        let text: String
        var quoted = false
        func q(_ s: String) -> String {
            quoted = true
            return s
        }
        switch c.value {
        case .error(let e):
            diagnostics.append(WorkbookImporter.layout("error_cell", file, at, ["value": e, "sheet": sheet.name]))
            return nil
        case .uncomputedFormula(let f):
            diagnostics.append(
                WorkbookImporter.layout("formula_without_value", file, at, ["formula": f, "sheet": sheet.name]))
            return nil
        case .text(let s):
            switch col.kind {
            case .text, .nip, .level:
                text = q(s)
                if col.kind == .nip, isCSV, NIPNumber.isExponent(s) { nipAsNumber(s, at, exponent: true) }
            case .date: text = CivilDate(iso: s) != nil && s.count == 10 ? s : q(s)
            case .int: text = WorkbookImporter.isInteger(s) ? s : q(s)
            case .bool: text = ["true", "false"].contains(s.lowercased()) ? s.lowercased() : q(s)
            case .numberOrText: text = WorkbookImporter.isPlainNumber(s) ? s : q(s)
            }
        case .number(let n):
            switch col.kind {
            case .nip:
                nipAsNumber(n, at, exponent: !WorkbookImporter.isInteger(n))
                text = q(n)
            case .text, .level: text = q(n)
            case .date, .int, .bool, .numberOrText: text = WorkbookImporter.isPlainNumber(n) ? n : q(n)
            }
        case .bool(let b):
            text =
                col.kind == .bool || col.kind == .int || col.kind == .date
                ? (b ? "true" : "false") : q(b ? "true" : "false")
        case .date:
            let shown = WorkbookImporter.display(c.value)
            text = col.kind == .date && shown.count == 10 && CivilDate(iso: shown) != nil ? shown : q(shown)
        }
        return YNode(.scalar(text, quoted: quoted), cell: at)
    }

    /// N006: a NIP the spreadsheet holds as a number.
    mutating func nipAsNumber(_ raw: String, _ at: CellReference, exponent: Bool) {
        guard reportedNIP.insert(at).inserted else { return }
        let digits = raw.filter(\.isNumber).count
        let variant = exponent ? "exponent" : (digits < 18 ? "short" : "default")
        diagnostics.append(
            Diagnostic(
                "N006", variant: variant, at: SourceLocation(file: file, cell: at), path: at.description,
                entity: raw, args: ["value": raw, "digits": String(digits)],
                suggestedSeverity: variant == "default" ? .warning : nil))
    }

    /// Documents of the sheet: for `instansi`, one per row; otherwise one with the section's list.
    mutating func build() -> [YNode] {
        let (columns, dataStart) = header()
        let sectionCell = CellReference(sheet: sheet.name, row: 1, column: 1)
        // Groups of dotted columns (`penetapan.nomor`, `penetapan.tanggal`...), in sheet order.
        var groupColumns: [String: [Int]] = [:]
        for (column, b) in columns.sorted(by: { $0.key < $1.key }) where !b.child {
            if let dot = b.column.key.firstIndex(of: ".") {
                groupColumns[String(b.column.key[..<dot]), default: []].append(column)
            }
        }
        /// A group's map stands at the group's first empty cell in the row (where a missing
        /// `nomor` is to be typed), else at its first column: not at a filled cell beside it.
        func placeGroups(_ node: YNode, row: Int, cells: [(Cell, Bound)]) {
            guard !groupColumns.isEmpty else { return }
            for e in node.entries {
                guard case .map = e.node.kind, let cols = groupColumns[e.key] else { continue }
                let column = cols.first { col in !cells.contains { $0.0.column == col } } ?? cols[0]
                e.node.cell = CellReference(sheet: sheet.name, row: row, column: column)
            }
        }
        var noHeader: [Int: (first: CellReference, count: Int)] = [:]
        var rows: [(number: Int, cells: [(Cell, Bound)])] = []
        // The bound columns by sheet column (a lookup per cell).
        var byColumn: [Bound?] = Array(repeating: nil, count: (columns.keys.max() ?? 0) + 1)
        for (column, b) in columns { byColumn[column] = b }
        for row in sheet.rows where row[0].row >= dataStart {
            var cells: [(Cell, Bound)] = []
            for c in row {
                if c.column < byColumn.count, let b = byColumn[c.column] {
                    cells.append((c, b))
                } else if c.origin == nil {
                    let at = ref(c)
                    if let e = noHeader[c.column] {
                        noHeader[c.column] = (e.first, e.count + 1)
                    } else {
                        noHeader[c.column] = (at, 1)
                    }
                }
            }
            if !cells.isEmpty { rows.append((row[0].row, cells)) }
        }
        // Columns with data but no header (or an unknown one, reported already).
        let headerColumns = Set(sheet.rows.first?.map(\.column) ?? [])
        for (column, e) in noHeader.sorted(by: { $0.key < $1.key }) where !headerColumns.contains(column) {
            diagnostics.append(
                WorkbookImporter.layout("no_header", file, e.first, ["sheet": sheet.name, "count": String(e.count)]))
        }
        switch spec.shape {
        case .single:
            var docs: [YNode] = []
            for r in rows {
                let doc = YNode.map(sectionCell)
                let map = YNode.map(ref(r.cells[0].0))
                for (c, b) in r.cells {
                    guard let v = scalar(c, b.column) else { continue }
                    if b.column.key == "versi" { doc.set("versi", v) } else { b.set(in: map, v) }
                }
                placeGroups(map, row: r.number, cells: r.cells)
                doc.set("instansi", map)
                docs.append(doc)
            }
            return docs.isEmpty ? [] : docs
        case .list:
            let list = YNode.list(sectionCell)
            for r in rows {
                let item = YNode.map(ref(r.cells[0].0))
                if comments { item.comment = "baris \(r.number)" }
                for (c, b) in r.cells {
                    if let v = scalar(c, b.column) { b.set(in: item, v) }
                }
                placeGroups(item, row: r.number, cells: r.cells)
                if let each { each(item) } else { list.items.append(item) }
            }
            let doc = YNode.map(sectionCell)
            doc.set(spec.section, list)
            return [doc]
        case .grouped(let groupBy, let childList, let scalarChild, let nested):
            let list = YNode.list(sectionCell)
            var parent: YNode?
            var parentValues: [String: String] = [:]
            var children: YNode?
            var stack: [YNode] = []
            for r in rows {
                var groupValues: [String: String] = [:]
                for (c, b) in r.cells where !b.child && groupBy.contains(b.column.key) {
                    groupValues[b.column.key] = WorkbookImporter.display(c.value)
                }
                let continues =
                    parent != nil
                    && (groupValues.isEmpty || groupValues.allSatisfy { parentValues[$0.key] == $0.value })
                if !continues {
                    if groupValues.isEmpty {
                        let key = groupBy.first ?? ""
                        diagnostics.append(
                            WorkbookImporter.layout(
                                "orphan_row", file, ref(r.cells[0].0), ["key": key, "sheet": sheet.name]))
                        continue
                    }
                    let p = YNode.map(ref(r.cells[0].0))
                    if comments { p.comment = "baris \(r.number)" }
                    parentValues = [:]
                    for (c, b) in r.cells where !b.child {
                        if let v = scalar(c, b.column) {
                            b.set(in: p, v)
                            parentValues[b.column.key] = WorkbookImporter.display(c.value)
                        }
                    }
                    let kids = YNode.list(ref(r.cells[0].0))
                    p.set(childList, kids)
                    placeGroups(p, row: r.number, cells: r.cells)
                    if let each {
                        // The previous item is complete.
                        if let previous = parent { each(previous) }
                    } else {
                        list.items.append(p)
                    }
                    parent = p
                    children = kids
                    stack = []
                } else if let p = parent {
                    // Values repeated on a continuation row (filled down, or a merged cell) say nothing
                    // new; a different value is written as a second key, which Y002 reports at its cell.
                    for (c, b) in r.cells
                    where !b.child && parentValues[b.column.key] != WorkbookImporter.display(c.value) {
                        if let v = scalar(c, b.column) {
                            if parentValues[b.column.key] == nil {
                                parentValues[b.column.key] = WorkbookImporter.display(c.value)
                                // Keep the child list last: insert before it.
                                let kids = p.entries.removeLast()
                                b.set(in: p, v)
                                p.entries.append(kids)
                            } else {
                                let kids = p.entries.removeLast()
                                b.set(in: p, v)
                                p.entries.append(kids)
                            }
                        }
                    }
                }
                let childCells = r.cells.filter { $0.1.child }
                guard !childCells.isEmpty, let kids = children else { continue }
                if scalarChild {
                    for (c, b) in childCells {
                        if let v = scalar(c, b.column) {
                            if comments { v.comment = "baris \(r.number)" }
                            kids.items.append(v)
                        }
                    }
                    continue
                }
                let item = YNode.map(ref(childCells[0].0))
                if comments { item.comment = "baris \(r.number)" }
                var level = 1
                for (c, b) in childCells {
                    if b.column.kind == .level {
                        let t = WorkbookImporter.trimmingWhitespace(WorkbookImporter.display(c.value))
                        if let l = Int(t), l > WorkbookLayout.maxLevel {
                            // Deeper than any agency goes: a finding here, never a deeper structure.
                            diagnostics.append(
                                WorkbookImporter.layout(
                                    "too_deep", file, ref(c),
                                    ["value": t, "max": String(WorkbookLayout.maxLevel), "sheet": sheet.name]))
                            level = 0
                        } else if let l = Int(t), l >= 1 {
                            level = l
                        } else {
                            diagnostics.append(
                                WorkbookImporter.layout("bad_level", file, ref(c), ["value": t, "sheet": sheet.name]))
                            level = 0
                        }
                        continue
                    }
                    if let v = scalar(c, b.column) { b.set(in: item, v) }
                }
                if level == 0 { continue }
                if nested == nil || level == 1 {
                    kids.items.append(item)
                    stack = [item]
                } else if let nestKey = nested, level - 1 <= stack.count {
                    let up = stack[level - 2]
                    if let existing = up.entries.first(where: { $0.key == nestKey })?.node {
                        existing.items.append(item)
                    } else {
                        let l = YNode.list(item.cell)
                        l.items.append(item)
                        up.set(nestKey, l)
                    }
                    stack = Array(stack.prefix(level - 1)) + [item]
                } else {
                    diagnostics.append(
                        WorkbookImporter.layout(
                            "orphan_result", file, item.cell ?? ref(childCells[0].0),
                            [
                                "level": String(level), "parent": String(level - 1), "sheet": sheet.name,
                            ]))
                }
            }
            if let each, let last = parent { each(last) }
            let doc = YNode.map(sectionCell)
            doc.set(spec.section, list)
            return [doc]
        }
    }
}

/// How a NIP typed as a number shows.
enum NIPNumber {
    /// `1.98001E+17`, `1,98001E+17` (a comma-decimal locale).
    static func isExponent(_ s: String) -> Bool {
        let t = s.trimmingCharacters(in: .whitespaces).uppercased()
        guard let e = t.firstIndex(of: "E") else { return false }
        let mantissa = t[..<e].replacingOccurrences(of: ",", with: ".")
        let exp = t[t.index(after: e)...]
        return Double(mantissa) != nil && Int(exp.hasPrefix("+") ? exp.dropFirst() : exp) != nil
    }
}

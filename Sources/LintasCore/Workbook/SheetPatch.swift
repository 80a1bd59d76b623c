import Foundation

/// A worksheet part with fills on the cells that carry findings (each cell's own format cloned
/// with the severity's fill; a missing cell or row is made, empty) and a `legacyDrawing` for its
/// comments. Everything else is copied byte for byte. Rows and cells that were written without a
/// reference (`r`, optional in OOXML) get theirs, so a cell put in between cannot shift them.
enum SheetPatch {
    /// Elements that come after `legacyDrawing` in a worksheet (the schema's order).
    static let afterLegacyDrawing: Set<Substring> = [
        "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
    ]

    static func apply(
        _ b: [UInt8], targets: [Int: [(column: Int, severity: Severity)]], styles: inout StylePatch,
        legacyDrawing: String?
    ) throws -> Data {
        var s = Splices()
        let rows = targets.keys.sorted()
        var nextRow = 0
        var colStyles: [(min: Int, max: Int, style: Int)] = []
        var depth = 0
        var root: XMLTag?
        var inSheetData = false
        var inCols = false
        var placedDrawing = legacyDrawing == nil
        var rowNumber = 0
        var columnNumber = 0
        var rowStyle: Int?
        var pending: [(column: Int, severity: Severity)] = []
        var p = ""

        func baseStyle(_ explicit: String?, _ column: Int) -> Int {
            if let e = explicit, let n = Int(e) { return n }
            if let r = rowStyle { return r }
            return colStyles.first { $0.min <= column && column <= $0.max }?.style ?? 0
        }
        func newCells(before column: Int?) -> String {
            var out = ""
            while let first = pending.first, column == nil || first.column < column! {
                pending.removeFirst()
                let style = styles.clone(baseStyle(nil, first.column), first.severity)
                out += "<\(p)c r=\"\(CellReference.letters(first.column))\(rowNumber)\" s=\"\(style)\"/>"
            }
            return out
        }
        /// Rows that hold a finding but are not in the sheet, up to (not including) `row`.
        func newRows(before row: Int?) -> String {
            var out = ""
            let saved = (rowNumber, rowStyle)
            while nextRow < rows.count, row == nil || rows[nextRow] < row! {
                rowNumber = rows[nextRow]
                rowStyle = nil
                pending = targets[rowNumber]!.sorted { $0.column < $1.column }
                out += "<\(p)row r=\"\(rowNumber)\">" + newCells(before: nil) + "</\(p)row>"
                nextRow += 1
            }
            (rowNumber, rowStyle) = saved
            return out
        }
        func legacy(_ root: XMLTag) -> String {
            guard let id = legacyDrawing else { return "" }
            let rp = XMLPatch.prefix(bound: XLSXWriter.rel, in: b, root: root)
            return "<\(p)legacyDrawing "
                + (rp.map { "\($0):id=\"\(id)\"" } ?? "xmlns:lr=\"\(XLSXWriter.rel)\" lr:id=\"\(id)\"") + "/>"
        }

        var i = 0
        while let t = try XMLPatch.next(b, from: i) {
            i = t.end
            if t.kind == .other { continue }
            let local = t.local
            if root == nil {
                root = t
                p = t.prefix
                if t.kind == .open { depth = 1 }
                continue
            }
            if depth == 1 && !inSheetData && !placedDrawing && (t.kind == .open || t.kind == .empty)
                && afterLegacyDrawing.contains(local)
            {
                s.insert(legacy(root!), at: t.start)
                placedDrawing = true
            }
            switch t.kind {
            case .open, .empty:
                if depth == 1 && local == "cols" { inCols = t.kind == .open }
                if inCols && depth == 2 && local == "col" {
                    let a = XMLPatch.attributes(b, t)
                    func v(_ k: String) -> Int? { a.first { $0.name == k }.flatMap { Int($0.value) } }
                    if let lo = v("min"), let hi = v("max"), let st = v("style") { colStyles.append((lo, hi, st)) }
                }
                if depth == 1 && local == "sheetData" {
                    if t.kind == .empty {
                        s.replace(
                            t.start, t.end,
                            with: XMLPatch.rewrite(b, t, set: [], close: false) + newRows(before: nil) + "</\(t.name)>")
                    } else {
                        inSheetData = true
                    }
                }
                if inSheetData && depth == 2 && local == "row" {
                    let a = XMLPatch.attributes(b, t)
                    let r = a.first { $0.name == "r" }.flatMap { Int($0.value) } ?? rowNumber + 1
                    let before = newRows(before: r)
                    rowNumber = r
                    columnNumber = 0
                    let custom = a.first { $0.name == "customFormat" }?.value
                    rowStyle =
                        custom == "1" || custom == "true" ? a.first { $0.name == "s" }.flatMap { Int($0.value) } : nil
                    pending = []
                    if nextRow < rows.count && rows[nextRow] == r {
                        pending = targets[r]!.sorted { $0.column < $1.column }
                        nextRow += 1
                    }
                    let hasRef = a.contains { $0.name == "r" }
                    if t.kind == .empty && !pending.isEmpty {
                        s.replace(
                            t.start, t.end,
                            with: before + XMLPatch.rewrite(b, t, set: [("r", String(r))], close: false)
                                + newCells(before: nil) + "</\(t.name)>")
                    } else if !hasRef {
                        s.replace(t.start, t.end, with: before + XMLPatch.rewrite(b, t, set: [("r", String(r))]))
                    } else if !before.isEmpty {
                        s.insert(before, at: t.start)
                    }
                }
                if inSheetData && depth == 3 && local == "c" {
                    let a = XMLPatch.attributes(b, t)
                    let ref = a.first { $0.name == "r" }?.value
                    let col = ref.flatMap { CellReference.parse($0)?.column } ?? columnNumber + 1
                    columnNumber = col
                    let before = newCells(before: col)
                    var set: [(String, String?)] = []
                    if ref == nil { set.append(("r", CellReference.letters(col) + String(rowNumber))) }
                    if let first = pending.first, first.column == col {
                        pending.removeFirst()
                        set.append(
                            (
                                "s",
                                String(styles.clone(baseStyle(a.first { $0.name == "s" }?.value, col), first.severity))
                            ))
                    }
                    if !set.isEmpty {
                        s.replace(t.start, t.end, with: before + XMLPatch.rewrite(b, t, set: set))
                    } else if !before.isEmpty {
                        s.insert(before, at: t.start)
                    }
                }
                if t.kind == .open { depth += 1 }
            case .close:
                depth -= 1
                if depth == 1 && local == "cols" { inCols = false }
                if inSheetData && depth == 2 && local == "row" {
                    let rest = newCells(before: nil)
                    if !rest.isEmpty { s.insert(rest, at: t.start) }
                }
                if inSheetData && depth == 1 && local == "sheetData" {
                    let rest = newRows(before: nil)
                    if !rest.isEmpty { s.insert(rest, at: t.start) }
                    inSheetData = false
                }
                if depth == 0 && !placedDrawing {
                    s.insert(legacy(root!), at: t.start)
                    placedDrawing = true
                }
            case .other:
                break
            }
        }
        return s.apply(b)
    }
}

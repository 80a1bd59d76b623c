import Foundation

extension WorkbookAnnotator.Package {
    /// A sheet that has comments (or a VML drawing of form controls) already: lintas's comments
    /// go into its comments part and drawing. Comments by the author `lintas` (an earlier
    /// annotation, perhaps saved again by a spreadsheet program) are replaced; a cell with a
    /// comment of someone else gets lintas's text after theirs, in the same comment.
    /// Returns false when the sheet's parts are not as expected (then the sheet gets fills only).
    mutating func mergeComments(
        sheet part: String, rels sheetRels: [Relationship], cells: [(key: CellReference, value: [Finding])],
        lang: Language, block: inout Int, overrides: inout [(String, String)], added: inout [String],
        taken: inout Set<String>
    ) throws -> Bool {
        let folder = Self.folder(part)
        guard let vRel = sheetRels.first(where: { $0.type == WorkbookAnnotator.vmlDrawing && !$0.external }) else {
            return false
        }
        let vmlPath = Self.resolve(vRel.target, base: folder)
        guard let vml = parts[vmlPath] else { return false }
        var commentsPath: String
        var existing: Data
        if let cRel = sheetRels.first(where: { $0.type == WorkbookAnnotator.comments && !$0.external }) {
            commentsPath = Self.resolve(cRel.target, base: folder)
            guard let d = parts[commentsPath] else { return false }
            existing = d
        } else {
            // Form controls only: a comments part of its own, in the drawing they share.
            commentsPath = freeName(Self.folder(String(folder.dropLast())) + "commentsLintas", ".xml")
            existing = Data(
                ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"\(XLSXWriter.main)\"><authors/><commentList/></comments>")
                    .utf8)
            let relsPath = Self.relsPath(part)
            parts[relsPath] = try addingRelationships(
                relsPath,
                [
                    (
                        Self.freeId(sheetRels, &taken), WorkbookAnnotator.comments,
                        Self.relative(commentsPath, from: folder)
                    )
                ])
            added.append(commentsPath)
            overrides.append(
                ("/" + commentsPath, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"))
        }
        let b = [UInt8](existing)
        let tags = try XMLPatch.tags(b)
        var s = Splices()
        // Authors: lintas's index, or a new author.
        var authors: [String] = []
        var authorsClose: XMLTag?
        var authorsEmpty: XMLTag?
        for (i, t) in tags.enumerated() {
            if t.local == "author" && t.kind == .open, i + 1 < tags.count {
                authors.append(XMLText.decodeLeniently(String(decoding: b[t.end..<tags[i + 1].start], as: UTF8.self)))
            }
            if t.local == "author" && t.kind == .empty { authors.append("") }
            if t.local == "authors" && t.kind == .close { authorsClose = t }
            if t.local == "authors" && t.kind == .empty { authorsEmpty = t }
        }
        guard let root = tags.first(where: { $0.kind == .open }) else { return false }
        let p = root.prefix
        let lintas: Int
        if let i = authors.firstIndex(of: "lintas") {
            lintas = i
        } else if cells.isEmpty {
            lintas = -1
        } else {
            lintas = authors.count
            if let c = authorsClose {
                s.insert("<\(p)author>lintas</\(p)author>", at: c.start)
            } else if let e = authorsEmpty {
                s.replace(e.start, e.end, with: "<\(p)authors><\(p)author>lintas</\(p)author></\(p)authors>")
            } else {
                return false
            }
        }
        let ours = Dictionary(uniqueKeysWithValues: cells.map { ($0.key.ref, $0.value) })
        var removed = Set<String>()
        var kept = Set<String>()
        for (i, t) in tags.enumerated() where t.local == "comment" && t.kind == .open {
            let ref = XMLPatch.attribute(b, t, "ref") ?? ""
            guard let close = tags[i...].first(where: { $0.local == "comment" && $0.kind == .close }) else {
                return false
            }
            let inside = tags[i...].prefix { $0.start < close.start }
            var theirs = ""
            for (j, t) in inside.enumerated() where t.local == "t" && t.kind == .open {
                let next = inside[inside.index(inside.startIndex, offsetBy: j + 1)]
                theirs += XMLText.decodeLeniently(String(decoding: b[t.end..<next.start], as: UTF8.self))
            }
            // lintas's own: by its author, or by how its text starts (LibreOffice drops the author
            // when it saves the copy).
            if XMLPatch.attribute(b, t, "authorId") == String(lintas)
                || theirs.hasPrefix(WorkbookAnnotator.commentStart)
            {
                s.replace(t.start, close.end, with: "")
                removed.insert(ref)
            } else {
                let ownRun = ours[ref].map {
                    "<\(p)r><\(p)t xml:space=\"preserve\">\n\n\(Escape.xml(WorkbookAnnotator.commentText($0, lang), for: .workbook))</\(p)t></\(p)r>"
                }
                if ownRun != nil { kept.insert(ref) }
                // Their text; what an earlier annotation added after it ("\n\nlintas\n...") goes.
                guard let textOpen = inside.first(where: { $0.local == "text" && $0.kind == .open }),
                    let textClose = inside.first(where: { $0.local == "text" && $0.kind == .close })
                else { continue }
                if let marker = theirs.range(of: WorkbookAnnotator.appendedMarker) {
                    let kept = String(theirs[..<marker.lowerBound])
                    s.replace(
                        textOpen.end, textClose.start,
                        with: "<\(p)t xml:space=\"preserve\">\(Escape.xml(kept, for: .workbook))</\(p)t>"
                            + (ownRun ?? ""))
                } else if let ownRun {
                    // After their text (before phonetic runs, which come last).
                    let at = inside.first { $0.local == "rPh" || $0.local == "phoneticPr" } ?? textClose
                    s.insert(ownRun, at: at.start)
                }
            }
        }
        let fresh = cells.filter { !kept.contains($0.key.ref) }
        let items = fresh.map {
            "<\(p)comment ref=\"\($0.key.ref)\" authorId=\"\(lintas)\"><\(p)text><\(p)t xml:space=\"preserve\">\(Escape.xml(WorkbookAnnotator.commentText($0.value, lang), for: .workbook))</\(p)t></\(p)text></\(p)comment>"
        }.joined()
        if let close = tags.last(where: { $0.local == "commentList" && $0.kind == .close }) {
            s.insert(items, at: close.start)
        } else if let empty = tags.first(where: { $0.local == "commentList" && $0.kind == .empty }) {
            s.replace(empty.start, empty.end, with: "<\(p)commentList>" + items + "</\(p)commentList>")
        } else {
            return false
        }
        parts[commentsPath] = s.apply(b)
        parts[vmlPath] = try mergedVML(
            [UInt8](vml), removing: removed.subtracting(kept), adding: fresh.map(\.key), block: &block)
        return true
    }

    /// The drawing without the note shapes of `removing` (cell references) and with a note shape
    /// for each cell of `adding` (in a new block of shape ids, added to the drawing's id map).
    func mergedVML(_ b: [UInt8], removing: Set<String>, adding: [CellReference], block: inout Int) throws -> Data {
        let tags = try XMLPatch.tags(b)
        var s = Splices()
        // A cell that gets a new note loses any shape it had (no two notes on one cell).
        let dropped = removing.union(adding.map(\.ref))
        var shapeStart: XMLTag?
        var row: Int?
        var column: Int?
        for (i, t) in tags.enumerated() {
            if t.local == "shape" && t.kind == .open {
                shapeStart = t
                row = nil
                column = nil
            }
            if (t.local == "Row" || t.local == "Column") && t.kind == .open, i + 1 < tags.count {
                let v = Int(
                    String(decoding: b[t.end..<tags[i + 1].start], as: UTF8.self).trimmingCharacters(in: .whitespaces))
                if t.local == "Row" { row = v } else { column = v }
            }
            if t.local == "shape" && t.kind == .close, let start = shapeStart {
                if let r = row, let c = column, dropped.contains(CellReference.letters(c + 1) + String(r + 1)) {
                    s.replace(start.start, t.end, with: "")
                }
                shapeStart = nil
            }
        }
        if !adding.isEmpty {
            let blocks = adding.count / 1024 + 1
            let first = block
            block += blocks
            if let idmap = tags.first(where: { $0.local == "idmap" && ($0.kind == .empty || $0.kind == .open) }) {
                let data = XMLPatch.attributes(b, idmap).first { $0.name.hasSuffix("data") }
                let list = ((data?.value).map { [$0] } ?? []) + (first..<first + blocks).map(String.init)
                s.replace(
                    idmap.start, idmap.end,
                    with: XMLPatch.rewrite(b, idmap, set: [(data?.name ?? "data", list.joined(separator: ","))]))
            }
            var shapes = ""
            if !b.withUnsafeBufferPointer({ String(decoding: $0, as: UTF8.self).contains("_x0000_t202") }) {
                shapes +=
                    "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>"
            }
            shapes += WorkbookAnnotator.noteShapes(adding, firstId: first * 1024 + 1)
            guard let close = tags.last(where: { $0.kind == .close }) else { throw XMLPatch.Malformed() }
            s.insert(shapes, at: close.start)
        }
        return s.apply(b)
    }
}

extension WorkbookAnnotator {
    /// How lintas's text starts when it follows someone else's comment.
    static let appendedMarker = "\n\n" + commentStart
    /// How lintas's comments start.
    static let commentStart = "lintas\n"

    /// Hidden note shapes of a VML drawing, one per cell (the `v`, `o` and `x` prefixes of the
    /// drawings Excel writes).
    static func noteShapes(_ cells: [CellReference], firstId: Int) -> String {
        var x = ""
        for (i, c) in cells.enumerated() {
            x +=
                "<v:shape id=\"_x0000_s\(firstId + i)\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:60pt;margin-top:2pt;width:240pt;height:110pt;z-index:\(i + 1);visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">"
            x +=
                "<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>"
            x += "<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>"
            x += "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>"
            x +=
                "<x:Anchor>\(c.column), 15, \(max(0, c.row - 2)), 10, \(c.column + 4), 15, \(max(0, c.row - 2) + 7), 4</x:Anchor>"
            x +=
                "<x:AutoFill>False</x:AutoFill><x:Row>\(c.row - 1)</x:Row><x:Column>\(c.column - 1)</x:Column></x:ClientData></v:shape>"
        }
        return x
    }
}

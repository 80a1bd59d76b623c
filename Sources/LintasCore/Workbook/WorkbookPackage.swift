import Foundation
import ZIPFoundation

extension WorkbookAnnotator {
    /// The parts of an `.xlsx` read into memory (with the reader's byte bounds), patched, and
    /// written again in their order with the new parts after them.
    struct Package {
        let file: String
        var names: [String] = []
        var parts: [String: Data] = [:]

        init(_ data: Data, file: String, limits: WorkbookLimits) throws {
            self.file = file
            func fail(_ en: String, _ id: String) -> LintasError { LintasError("\(file): \(en) / \(id)") }
            guard data.starts(with: [0x50, 0x4B]) else {
                throw fail(
                    "not a workbook: an .xlsx file is a ZIP archive, and this is not one",
                    "bukan buku kerja: berkas .xlsx adalah arsip ZIP, dan berkas ini bukan")
            }
            let archive: BoundedZip
            do { archive = try BoundedZip(data: data, maxEntries: limits.maxEntries) } catch {
                throw fail("not a readable ZIP archive (\(error))", "bukan arsip ZIP yang dapat dibaca (\(error))")
            }
            var total = 0
            struct TooLarge: Error {}
            for (entry, record) in archive.entries where entry.type == .file {
                if names.count >= limits.maxEntries {
                    throw fail(
                        "more than \(limits.maxEntries) entries in the archive",
                        "lebih dari \(limits.maxEntries) entri dalam arsip")
                }
                var out = Data()
                do {
                    try archive.extract(record, of: entry) { chunk in
                        out.append(chunk)
                        if out.count > limits.maxEntryBytes || total + out.count > limits.maxTotalBytes {
                            throw TooLarge()
                        }
                    }
                } catch is TooLarge {
                    throw fail("a part is larger than the limit", "sebuah bagian melebihi batas")
                } catch {
                    throw fail(
                        "part \(entry.path) cannot be read (\(error))",
                        "bagian \(entry.path) tidak dapat dibaca (\(error))")
                }
                total += out.count
                if parts[entry.path] == nil { names.append(entry.path) }
                parts[entry.path] = out
            }
        }

        func fail(_ en: String, _ id: String) -> LintasError { LintasError("\(file): \(en) / \(id)") }

        struct Relationship {
            var id: String
            var type: String
            var target: String
            var external: Bool
        }

        func relationships(_ path: String) throws -> [Relationship] {
            guard let d = parts[path] else { return [] }
            let b = [UInt8](d)
            return try XMLPatch.tags(b).filter { ($0.kind == .empty || $0.kind == .open) && $0.local == "Relationship" }
                .map { t in
                    let a = XMLPatch.attributes(b, t)
                    func v(_ k: String) -> String { XMLText.decodeLeniently(a.first { $0.name == k }?.value ?? "") }
                    return Relationship(
                        id: v("Id"), type: v("Type"), target: v("Target"), external: v("TargetMode") == "External")
                }
        }

        static func folder(_ path: String) -> String {
            path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        }

        static func relsPath(_ part: String) -> String {
            folder(part) + "_rels/" + (part.split(separator: "/").last.map(String.init) ?? part) + ".rels"
        }

        /// The parent-folder component of a part name (two dots), inside the archive.
        static let parent: Substring = Substring(String(repeating: ".", count: 2))

        /// A relationship's target as a part name (relative to `base`, a folder ending in `/`).
        static func resolve(_ target: String, base: String) -> String {
            if target.hasPrefix("/") { return String(target.dropFirst()) }
            var parts = base.split(separator: "/").map(String.init)
            for c in target.split(separator: "/") {
                if c == "." { continue }
                if c == parent {
                    if !parts.isEmpty { parts.removeLast() }
                    continue
                }
                parts.append(String(c))
            }
            return parts.joined(separator: "/")
        }

        /// `to` relative to the folder `from` (both part names).
        static func relative(_ to: String, from: String) -> String {
            let a = from.split(separator: "/").map(String.init)
            let b = to.split(separator: "/").map(String.init)
            var common = 0
            while common < a.count && common < b.count - 1 && a[common] == b[common] { common += 1 }
            return (Array(repeating: String(parent), count: a.count - common) + b[common...]).joined(separator: "/")
        }

        /// A name not yet in the package: `stem1.ext`, `stem2.ext`...
        func freeName(_ stem: String, _ ext: String) -> String {
            var n = 1
            while parts[stem + String(n) + ext] != nil { n += 1 }
            return stem + String(n) + ext
        }

        static func freeId(_ rels: [Relationship], _ taken: inout Set<String>) -> String {
            var n = 1
            while rels.contains(where: { $0.id == "rIdLintas\(n)" }) || taken.contains("rIdLintas\(n)") { n += 1 }
            taken.insert("rIdLintas\(n)")
            return "rIdLintas\(n)"
        }

        /// A relationships part with `new` added (made when missing).
        func addingRelationships(_ path: String, _ new: [(id: String, type: String, target: String)]) throws -> Data {
            let items = new.map {
                "<Relationship Id=\"\(Escape.xml($0.id, for: .workbook))\" Type=\"\(Escape.xml($0.type, for: .workbook))\" Target=\"\(Escape.xml($0.target, for: .workbook))\"/>"
            }.joined()
            guard let d = parts[path] else {
                return Data(
                    ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(XLSXWriter.pkg)\">"
                        + items + "</Relationships>").utf8)
            }
            let b = [UInt8](d)
            guard let root = try XMLPatch.root(b) else { throw fail("\(path) is empty", "\(path) kosong") }
            var s = Splices()
            if root.kind == .empty {
                s.replace(
                    root.start, root.end,
                    with: XMLPatch.rewrite(b, root, set: [], close: false) + items + "</\(root.name)>")
            } else if let close = try XMLPatch.tags(b).last(where: { $0.kind == .close }) {
                s.insert(items, at: close.start)
            }
            return s.apply(b)
        }

        mutating func annotate(_ result: AgencyResult, lang: Language, notes: [XLSXWriter.Note] = []) throws -> Data {
            try stripPreviousAnnotation()
            let officeRel = try relationships("_rels/.rels").first { $0.type.hasSuffix("/officeDocument") }
            let wbPath = officeRel.map { Package.resolve($0.target, base: "") } ?? "xl/workbook.xml"
            guard let wbData = parts[wbPath] else {
                throw fail(
                    "no workbook part (\(wbPath)) in the archive", "arsip tidak memuat bagian buku kerja (\(wbPath))")
            }
            let wb = [UInt8](wbData)
            let base = Package.folder(wbPath)
            let wbRelsPath = Package.relsPath(wbPath)
            let wbRels = try relationships(wbRelsPath)
            var byId: [String: String] = [:]
            for r in wbRels where !r.external { byId[r.id] = Package.resolve(r.target, base: base) }

            // The sheets in workbook order: name and part.
            let wbTags = try XMLPatch.tags(wb)
            guard let wbRoot = wbTags.first(where: { $0.kind == .open }) else {
                throw fail("empty workbook part", "bagian buku kerja kosong")
            }
            var sheets: [(name: String, part: String?)] = []
            for t in wbTags where (t.kind == .empty || t.kind == .open) && t.local == "sheet" {
                let a = XMLPatch.attributes(wb, t)
                let name = XMLText.decodeLeniently(a.first { $0.name == "name" }?.value ?? "")
                let rid = a.first { $0.name.hasSuffix(":id") }.map { XMLText.decodeLeniently($0.value) }
                sheets.append((name, rid.flatMap { byId[$0] }))
            }

            // Open findings by sheet and cell, in the order found.
            var byCell: [String: [CellReference: [Finding]]] = [:]
            let sheetNames = Set(sheets.compactMap { $0.part == nil ? nil : $0.name })
            var linked = Set<CellReference>()
            for f in result.findings {
                guard let cell = f.location.cell, sheetNames.contains(cell.sheet) else { continue }
                linked.insert(cell)
                if f.isOpen { byCell[cell.sheet, default: [:]][cell, default: []].append(f) }
            }

            let stylesRel = wbRels.first { $0.type.hasSuffix("/styles") }
            let stylesPath = stylesRel.map { Package.resolve($0.target, base: base) }
            var styles = try StylePatch.load(stylesPath.flatMap { parts[$0] })

            var added: [String] = []
            var overrides: [(String, String)] = []
            var taken = Set<String>()
            var vmlBlock = nextVMLBlock()
            for sheet in sheets {
                guard let part = sheet.part, let cells = byCell[sheet.name], let data = parts[part] else { continue }
                let sheetRelsPath = Package.relsPath(part)
                let sheetRels = try relationships(sheetRelsPath)
                let hasComments = sheetRels.contains {
                    $0.type == WorkbookAnnotator.comments || $0.type == WorkbookAnnotator.vmlDrawing
                }
                var targets: [Int: [(column: Int, severity: Severity)]] = [:]
                for (cell, fs) in cells {
                    targets[cell.row, default: []].append((cell.column, fs.map(\.severity).max()!))
                }
                // A sheet that has comments (or form controls) already keeps its drawing: its cells
                // get their fills, and the findings sheet lists what the comments would say.
                let drawingId = hasComments ? nil : Package.freeId(sheetRels, &taken)
                let patched = try SheetPatch.apply(
                    [UInt8](data), targets: targets, styles: &styles, legacyDrawing: drawingId)
                parts[part] = patched
                let sorted = cells.sorted {
                    $0.key.row != $1.key.row ? $0.key.row < $1.key.row : $0.key.column < $1.key.column
                }
                guard let drawingId else {
                    _ = try mergeComments(
                        sheet: part, rels: sheetRels, cells: sorted, lang: lang, block: &vmlBlock,
                        overrides: &overrides, added: &added, taken: &taken)
                    continue
                }
                let commentsPath = freeName(base + "commentsLintas", ".xml")
                let vmlPath = freeName(base + "drawings/vmlDrawingLintas", ".vml")
                parts[commentsPath] = Data(commentsXML(sorted, lang).utf8)
                parts[vmlPath] = Data(vmlXML(sorted.map(\.key), block: &vmlBlock).utf8)
                added += [commentsPath, vmlPath]
                overrides.append(
                    ("/" + commentsPath, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"))
                let folder = Package.folder(part)
                let commentsId = Package.freeId(sheetRels, &taken)
                let exists = parts[sheetRelsPath] != nil
                parts[sheetRelsPath] = try addingRelationships(
                    sheetRelsPath,
                    [
                        (drawingId, WorkbookAnnotator.vmlDrawing, Package.relative(vmlPath, from: folder)),
                        (commentsId, WorkbookAnnotator.comments, Package.relative(commentsPath, from: folder)),
                    ])
                if !exists { added.append(sheetRelsPath) }
            }

            // The findings sheet, first in the workbook.
            let findingsName = WorkbookAnnotator.findingsSheetName(lang, taken: sheets.map(\.name))
            let findingsPath = freeName(base + "worksheets/sheetLintas", ".xml")
            parts[findingsPath] = Data(
                FindingsSheet.xml(result, lang: lang, linked: linked, notes: notes, styles: &styles).utf8)
            added.append(findingsPath)
            overrides.append(
                ("/" + findingsPath, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
            var wbRelsTaken = Set<String>()
            let findingsId = Package.freeId(wbRels, &wbRelsTaken)
            var newWbRels = [(findingsId, WorkbookAnnotator.worksheet, Package.relative(findingsPath, from: base))]
            let finalStylesPath: String
            if let stylesPath, parts[stylesPath] != nil {
                finalStylesPath = stylesPath
            } else {
                // The usual name when it is free: some readers (openpyxl) look only there.
                finalStylesPath =
                    stylesPath
                    ?? (parts[base + "styles.xml"] == nil
                        ? base + "styles.xml" : freeName(base + "stylesLintas", ".xml"))
                if stylesPath == nil {
                    newWbRels.append(
                        (
                            Package.freeId(wbRels, &wbRelsTaken),
                            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
                            Package.relative(finalStylesPath, from: base)
                        ))
                }
                added.append(finalStylesPath)
                overrides.append(
                    ("/" + finalStylesPath, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
            }
            parts[finalStylesPath] = styles.render()
            let wbRelsExisted = parts[wbRelsPath] != nil
            parts[wbRelsPath] = try addingRelationships(wbRelsPath, newWbRels)
            if !wbRelsExisted { added.append(wbRelsPath) }
            parts[wbPath] = try patchWorkbook(
                wb, tags: wbTags, root: wbRoot, sheetName: findingsName, relId: findingsId,
                sheetId: nextSheetId(wb, wbTags))
            parts["[Content_Types].xml"] = try contentTypes(
                overrides: overrides, vml: added.contains { $0.hasSuffix(".vml") })
            if !names.contains("[Content_Types].xml") { names.insert("[Content_Types].xml", at: 0) }
            names += added.filter { !names.contains($0) }
            return try write()
        }

        func nextSheetId(_ b: [UInt8], _ tags: [XMLTag]) -> Int {
            var top = 0
            for t in tags where (t.kind == .empty || t.kind == .open) && t.local == "sheet" {
                top = max(top, Int(XMLPatch.attribute(b, t, "sheetId") ?? "") ?? 0)
            }
            return top + 1
        }

        /// The first free `o:idmap` block of VML shapes (1024 ids each) after those other drawings use.
        func nextVMLBlock() -> Int {
            var top = 0
            for (name, d) in parts where name.lowercased().hasSuffix(".vml") {
                let text = String(decoding: d, as: UTF8.self)
                var rest = Substring(text)
                while let r = rest.range(of: "data=\"") {
                    rest = rest[r.upperBound...]
                    let value = rest.prefix { $0 != "\"" }
                    for n in value.split(separator: ",") {
                        top = max(top, Int(n.trimmingCharacters(in: .whitespaces)) ?? 0)
                    }
                }
            }
            return top + 1
        }

        /// workbook.xml with the findings sheet first; defined names' sheet indices and the active
        /// tab (and first visible tab) move by one so they still name the same sheets.
        func patchWorkbook(_ b: [UInt8], tags: [XMLTag], root: XMLTag, sheetName: String, relId: String, sheetId: Int)
            throws -> Data
        {
            let p = root.prefix
            let rp = XMLPatch.prefix(bound: XLSXWriter.rel, in: b, root: root)
            let idAttr = rp.map { "\($0):id=\"\(relId)\"" } ?? "xmlns:lr=\"\(XLSXWriter.rel)\" lr:id=\"\(relId)\""
            let element =
                "<\(p)sheet name=\"\(Escape.xml(sheetName, for: .workbook))\" sheetId=\"\(sheetId)\" \(idAttr)/>"
            var s = Splices()
            var sawView = false
            for t in tags where t.kind == .open || t.kind == .empty {
                switch t.local {
                case "sheets":
                    if !tags.contains(where: { $0.local == "bookViews" }) {
                        s.insert("<\(p)bookViews><\(p)workbookView activeTab=\"1\"/></\(p)bookViews>", at: t.start)
                    }
                    if t.kind == .empty {
                        s.replace(
                            t.start, t.end,
                            with: XMLPatch.rewrite(b, t, set: [], close: false) + element + "</\(t.name)>")
                    } else {
                        s.insert(element, at: t.end)
                    }
                case "definedName":
                    if let v = XMLPatch.attribute(b, t, "localSheetId"), let n = Int(v) {
                        s.replace(t.start, t.end, with: XMLPatch.rewrite(b, t, set: [("localSheetId", String(n + 1))]))
                    }
                case "workbookView":
                    sawView = true
                    var set: [(String, String?)] = [
                        ("activeTab", String((Int(XMLPatch.attribute(b, t, "activeTab") ?? "0") ?? 0) + 1))
                    ]
                    if let f = XMLPatch.attribute(b, t, "firstSheet"), let n = Int(f) {
                        set.append(("firstSheet", String(n + 1)))
                    }
                    s.replace(t.start, t.end, with: XMLPatch.rewrite(b, t, set: set))
                case "bookViews" where t.kind == .empty:
                    s.replace(t.start, t.end, with: "<\(t.name)><\(p)workbookView activeTab=\"1\"/></\(t.name)>")
                    sawView = true
                default:
                    break
                }
            }
            _ = sawView
            return s.apply(b)
        }

        func contentTypes(overrides: [(String, String)], vml: Bool) throws -> Data {
            let items = overrides.map {
                "<Override PartName=\"\(Escape.xml($0.0, for: .workbook))\" ContentType=\"\($0.1)\"/>"
            }
            .joined()
            let vmlDefault =
                "<Default Extension=\"vml\" ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
            guard let d = parts["[Content_Types].xml"] else {
                throw fail("no [Content_Types].xml in the archive", "arsip tidak memuat [Content_Types].xml")
            }
            let b = [UInt8](d)
            let tags = try XMLPatch.tags(b)
            let hasVML = tags.contains { t in
                t.local == "Default" && (XMLPatch.attribute(b, t, "Extension")?.lowercased() == "vml")
            }
            guard let close = tags.last(where: { $0.kind == .close }) else {
                throw fail("[Content_Types].xml is empty", "[Content_Types].xml kosong")
            }
            var s = Splices()
            s.insert((vml && !hasVML ? vmlDefault : "") + items, at: close.start)
            return s.apply(b)
        }

        func commentsXML(_ cells: [(key: CellReference, value: [Finding])], _ lang: Language) -> String {
            var x =
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"\(XLSXWriter.main)\"><authors><author>lintas</author></authors><commentList>"
            for (cell, fs) in cells {
                x +=
                    "<comment ref=\"\(cell.ref)\" authorId=\"0\"><text><t xml:space=\"preserve\">\(Escape.xml(WorkbookAnnotator.commentText(fs, lang), for: .workbook))</t></text></comment>"
            }
            return x + "</commentList></comments>"
        }

        /// The legacy drawing Excel and LibreOffice show comments with: one hidden note shape per cell.
        func vmlXML(_ cells: [CellReference], block: inout Int) -> String {
            let blocks = (cells.count + 1) / 1024 + 1
            let first = block
            block += blocks
            var x =
                "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"
            x +=
                "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"\((first..<first + blocks).map(String.init).joined(separator: ","))\"/></o:shapelayout>"
            x +=
                "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>"
            x += WorkbookAnnotator.noteShapes(cells, firstId: first * 1024 + 1)
            return x + "</xml>"
        }

        func write() throws -> Data {
            do {
                let archive = try Archive(data: Data(), accessMode: .create)
                try XLSXWriter.add(names.compactMap { name in parts[name].map { (name, $0) } }, to: archive)
                guard let out = archive.data else {
                    throw fail("the archive could not be written", "arsip tidak dapat ditulis")
                }
                return out
            } catch let e as LintasError {
                throw e
            } catch {
                throw fail("the archive could not be written (\(error))", "arsip tidak dapat ditulis (\(error))")
            }
        }
    }
}

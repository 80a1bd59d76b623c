import Foundation

extension WorkbookAnnotator.Package {
    /// Removes what an earlier annotation added, so an annotated copy (edited, then checked
    /// again) is annotated afresh rather than twice: its findings sheet (the worksheet lintas
    /// named `sheetLintasN.xml` with a relationship `rIdLintasN`), the comments and drawings it
    /// gave sheets (relationships `rIdLintasN`, and their `legacyDrawing`), and its fills (a cell
    /// whose format is a clone with one of lintas's fill colours goes back to the format it was
    /// cloned from). Fills and formats added to styles.xml stay, unused.
    mutating func stripPreviousAnnotation() throws {
        let officeRel = try relationships("_rels/.rels").first { $0.type.hasSuffix("/officeDocument") }
        let wbPath = officeRel.map { Self.resolve($0.target, base: "") } ?? "xl/workbook.xml"
        guard let wbData = parts[wbPath] else { return }
        let base = Self.folder(wbPath)
        let wbRelsPath = Self.relsPath(wbPath)
        let wbRels = try relationships(wbRelsPath)
        var removedParts: [String] = []

        // The findings sheet: the one lintas wrote (relationship rIdLintasN), or after a
        // spreadsheet program saved the copy (renaming parts and relationships), a worksheet
        // named Temuan or Findings (names the importer skips too).
        let b = [UInt8](wbData)
        let tags = try XMLPatch.tags(b)
        var ours = Set(
            wbRels.filter { $0.id.hasPrefix("rIdLintas") && $0.type == WorkbookAnnotator.worksheet }.map(\.id))
        if ours.isEmpty {
            let worksheets = Set(wbRels.filter { $0.type == WorkbookAnnotator.worksheet }.map(\.id))
            for t in tags where (t.kind == .empty || t.kind == .open) && t.local == "sheet" {
                let a = XMLPatch.attributes(b, t)
                let name = XMLText.decodeLeniently(a.first { $0.name == "name" }?.value ?? "").lowercased()
                if ["temuan", "findings"].contains(name),
                    let id = a.first(where: { $0.name.hasSuffix(":id") }).map({ XMLText.decodeLeniently($0.value) }),
                    worksheets.contains(id)
                {
                    ours.insert(id)
                }
            }
        }
        if !ours.isEmpty {
            var removed: [Int] = []
            var s = Splices()
            var index = 0
            for t in tags where (t.kind == .empty || t.kind == .open) && t.local == "sheet" {
                if let id = XMLPatch.attributes(b, t).first(where: { $0.name.hasSuffix(":id") }).map({
                    XMLText.decodeLeniently($0.value)
                }), ours.contains(id) {
                    s.replace(t.start, t.end, with: "")
                    removed.append(index)
                }
                index += 1
            }
            func moved(_ n: Int) -> Int { max(0, n - removed.filter { $0 < n }.count) }
            var skipUntil = -1
            for t in tags where t.start >= skipUntil && (t.kind == .empty || t.kind == .open) {
                if t.local == "definedName", let v = XMLPatch.attribute(b, t, "localSheetId"), let n = Int(v) {
                    if removed.contains(n) {
                        // A name of the removed sheet (its print area) goes with it.
                        let end =
                            t.kind == .empty
                            ? t.end
                            : (tags.first { $0.start > t.start && $0.kind == .close && $0.local == "definedName" }?.end
                                ?? t.end)
                        s.replace(t.start, end, with: "")
                        skipUntil = end
                    } else {
                        s.replace(
                            t.start, t.end, with: XMLPatch.rewrite(b, t, set: [("localSheetId", String(moved(n)))]))
                    }
                }
                if t.local == "workbookView" {
                    var set: [(String, String?)] = []
                    for key in ["activeTab", "firstSheet"] {
                        if let v = XMLPatch.attribute(b, t, key), let n = Int(v) { set.append((key, String(moved(n)))) }
                    }
                    if !set.isEmpty { s.replace(t.start, t.end, with: XMLPatch.rewrite(b, t, set: set)) }
                }
            }
            parts[wbPath] = s.apply(b)
            parts[wbRelsPath] = try removingRelationships(wbRelsPath, ids: ours)
            for r in wbRels where ours.contains(r.id) {
                let part = Self.resolve(r.target, base: base)
                removedParts.append(part)
                // Its own relationships (a printer setting) go too; what they point to stays.
                if parts[Self.relsPath(part)] != nil { removedParts.append(Self.relsPath(part)) }
            }
        }

        // Comments and drawings of the sheets.
        for r in wbRels where r.type == WorkbookAnnotator.worksheet && !ours.contains(r.id) {
            let sheet = Self.resolve(r.target, base: base)
            let relsPath = Self.relsPath(sheet)
            let lintas = try relationships(relsPath).filter { $0.id.hasPrefix("rIdLintas") }
            // Only a drawing of lintas's own goes with its comments; comments lintas put beside a
            // drawing of the sheet's own are replaced in place (by author) when annotating.
            guard lintas.contains(where: { $0.type == WorkbookAnnotator.vmlDrawing }), let data = parts[sheet] else {
                continue
            }
            let ids = Set(lintas.map(\.id))
            let b = [UInt8](data)
            var s = Splices()
            for t in try XMLPatch.tags(b) where t.kind == .empty && t.local == "legacyDrawing" {
                if let id = XMLPatch.attributes(b, t).first(where: { $0.name.hasSuffix(":id") })?.value,
                    ids.contains(id)
                {
                    s.replace(t.start, t.end, with: "")
                }
            }
            parts[sheet] = s.apply(b)
            parts[relsPath] = try removingRelationships(relsPath, ids: ids)
            removedParts += lintas.map { Self.resolve($0.target, base: Self.folder(sheet)) }
        }

        // Comments by lintas in sheets whose comments part is their own (or renamed by a save).
        for r in wbRels where r.type == WorkbookAnnotator.worksheet && !ours.contains(r.id) {
            let sheet = Self.resolve(r.target, base: base)
            let rels = try relationships(Self.relsPath(sheet))
            guard rels.contains(where: { $0.type == WorkbookAnnotator.comments }) else { continue }
            var block = 0
            var overrides: [(String, String)] = []
            var added: [String] = []
            var taken = Set<String>()
            _ = try mergeComments(
                sheet: sheet, rels: rels, cells: [], lang: .id, block: &block, overrides: &overrides, added: &added,
                taken: &taken)
        }

        if !removedParts.isEmpty, let types = parts["[Content_Types].xml"] {
            let b = [UInt8](types)
            var s = Splices()
            let gone = Set(removedParts.map { "/" + $0 })
            for t in try XMLPatch.tags(b) where t.kind == .empty && t.local == "Override" {
                if let name = XMLPatch.attribute(b, t, "PartName").map(XMLText.decodeLeniently), gone.contains(name) {
                    s.replace(t.start, t.end, with: "")
                }
            }
            parts["[Content_Types].xml"] = s.apply(b)
            for p in removedParts { parts[p] = nil }
            names.removeAll { removedParts.contains($0) }
        }

        // Fills: clones of a cell format with a lintas fill go back to the format they were made from.
        guard
            let stylesPath = wbRels.first(where: { $0.type.hasSuffix("/styles") }).map({
                Self.resolve($0.target, base: base)
            }),
            let stylesData = parts[stylesPath], let styles = try? StylePatch(bytes: [UInt8](stylesData))
        else { return }
        let original = styles.originalFormats()
        guard !original.isEmpty else { return }
        for r in wbRels where r.type == WorkbookAnnotator.worksheet && !ours.contains(r.id) {
            let sheet = Self.resolve(r.target, base: base)
            guard let data = parts[sheet] else { continue }
            let b = [UInt8](data)
            var s = Splices()
            var i = 0
            while let t = try XMLPatch.next(b, from: i) {
                i = t.end
                guard (t.kind == .open || t.kind == .empty) && t.local == "c" else { continue }
                if let v = XMLPatch.attribute(b, t, "s"), let n = Int(v), let o = original[n] {
                    s.replace(t.start, t.end, with: XMLPatch.rewrite(b, t, set: [("s", String(o))]))
                }
            }
            if !s.edits.isEmpty { parts[sheet] = s.apply(b) }
        }
    }

    /// A relationships part without the relationships `ids`.
    func removingRelationships(_ path: String, ids: Set<String>) throws -> Data? {
        guard let d = parts[path] else { return nil }
        let b = [UInt8](d)
        var s = Splices()
        for t in try XMLPatch.tags(b) where t.kind == .empty && t.local == "Relationship" {
            if let id = XMLPatch.attribute(b, t, "Id").map(XMLText.decodeLeniently), ids.contains(id) {
                s.replace(t.start, t.end, with: "")
            }
        }
        return s.apply(b)
    }
}

extension StylePatch {
    /// For each cell format lintas cloned with one of its fills: the format it was cloned from
    /// (the first other format equal to it but for the fill), or 0.
    func originalFormats() -> [Int: Int] {
        // The fills of lintas's colours.
        var ours = Set<Int>()
        var fillIndex = -1
        var inFills = false
        let colours = Set([Severity.error, .warning, .info].map(WorkbookAnnotator.colour))
        var i = 0
        while let t = try? XMLPatch.next(bytes, from: i) {
            i = t.end
            if t.local == "fills" {
                inFills = t.kind == .open
                continue
            }
            guard inFills else { continue }
            if t.local == "fill" && (t.kind == .open || t.kind == .empty) { fillIndex += 1 }
            if t.local == "fgColor", let rgb = XMLPatch.attribute(bytes, t, "rgb"), colours.contains(rgb.uppercased()) {
                ours.insert(fillIndex)
            }
        }
        guard !ours.isEmpty else { return [:] }
        func key(_ xf: String) -> (clone: Bool, key: String) {
            let b = [UInt8](xf.utf8)
            guard let t = try? XMLPatch.next(b, from: 0) else { return (false, xf) }
            let fill = Int(XMLPatch.attribute(b, t, "fillId") ?? "") ?? 0
            // Attributes in any order (a spreadsheet program saving the copy reorders them).
            let attributes = XMLPatch.attributes(b, t).filter { $0.name != "fillId" && $0.name != "applyFill" }.map {
                "\($0.name)=\($0.value)"
            }.sorted()
            return (
                ours.contains(fill), attributes.joined(separator: " ") + String(decoding: b[t.end...], as: UTF8.self)
            )
        }
        let keys = xfs.map(key)
        var firstByKey: [String: Int] = [:]
        for (n, k) in keys.enumerated() where !k.clone && firstByKey[k.key] == nil { firstByKey[k.key] = n }
        var out: [Int: Int] = [:]
        for (n, k) in keys.enumerated() where k.clone { out[n] = firstByKey[k.key] ?? 0 }
        return out
    }
}

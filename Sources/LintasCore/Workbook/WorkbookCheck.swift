import Foundation

/// Workbooks on the command line: an `.xlsx` file, or a directory of CSV files (one per section).
public enum WorkbookInput {
    /// An `.xlsx` file (or anything but a directory so named: it is read and refused as a
    /// workbook), or a directory of CSV files. A directory named `x.xlsx` is a workbook only when
    /// it holds CSV files.
    static func isWorkbook(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            return CSVReader.isCSVDirectory(path)
        }
        let p = path.lowercased()
        return p.hasSuffix(".xlsx") || refusedFormat(p) != nil
    }

    /// Spreadsheet files lintas does not read (an old `.xls`, an OpenDocument `.ods`): refused
    /// with "save as .xlsx" as the agency's Y001, not read as YAML.
    static func refusedFormat(_ path: String) -> (en: String, id: String)? {
        let p = path.lowercased()
        if p.hasSuffix(".xls") {
            return (
                "an old .xls workbook, not .xlsx: save it as .xlsx (Excel Workbook) first",
                "buku kerja .xls lama, bukan .xlsx: simpan dulu sebagai .xlsx (Excel Workbook)"
            )
        }
        if p.hasSuffix(".ods") {
            return (
                "an OpenDocument spreadsheet (.ods), not .xlsx: save it as .xlsx (Excel 2007-365) first",
                "lembar kerja OpenDocument (.ods), bukan .xlsx: simpan dulu sebagai .xlsx (Excel 2007-365)"
            )
        }
        return nil
    }

    /// Reads a workbook or CSV directory; an unreadable or hostile one is an exit-2 error.
    static func read(_ path: String, limits: WorkbookLimits = WorkbookLimits()) throws -> Workbook {
        let shown = AgencyDiscovery.display(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LintasError("path not found / jalur tidak ditemukan: \(path)")
        }
        if isDir.boolValue { return try CSVReader.read(directory: path, displayed: shown, limits: limits) }
        if let refused = refusedFormat(path) { throw LintasError("\(shown): \(refused.en) / \(refused.id)") }
        // Only a regular file is opened: a FIFO or device named *.xlsx would block or never end.
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw LintasError("\(shown): not a regular file / bukan berkas biasa")
        }
        return try XLSXReader.read(path, displayed: shown, limits: limits)
    }

    /// The workbook's `pengaturan` sheet as `.lintas.yml` text, or nil (no such sheet, or an
    /// unreadable workbook: reading it again says why).
    static func settings(_ path: String, limits: WorkbookLimits = WorkbookLimits()) -> String? {
        let shown = AgencyDiscovery.display(path)
        let wanted = { (name: String) in WorkbookLayout.normalize(name) == WorkbookLayout.settingsSheet }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
        if isDir.boolValue {
            guard let wb = try? CSVReader.read(directory: path, displayed: shown, limits: limits, only: wanted) else {
                return nil
            }
            return wb.sheets.first.flatMap(WorkbookLayout.settingsYAML)
        }
        var found: Sheet?
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        _ = try? XLSXReader.read(path, displayed: shown, limits: limits, only: wanted) {
            if found == nil { found = $0 }
        }
        return found.flatMap(WorkbookLayout.settingsYAML)
    }

    /// Reads and imports a workbook sheet by sheet: each sheet's cells are dropped once its nodes
    /// are built. `text`: also the YAML text of each section (for `import`).
    public static func imported(_ path: String, text: Bool = false, limits: WorkbookLimits = WorkbookLimits()) throws
        -> ImportedWorkbook
    {
        let shown = AgencyDiscovery.display(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LintasError("path not found / jalur tidak ditemukan: \(path)")
        }
        if isDir.boolValue {
            return WorkbookImporter.importWorkbook(
                try CSVReader.read(directory: path, displayed: shown, limits: limits), text: text)
        }
        if let refused = refusedFormat(path) { throw LintasError("\(shown): \(refused.en) / \(refused.id)") }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            throw LintasError("\(shown): not a regular file / bukan berkas biasa")
        }
        var importer = SheetImporter(file: shown, isCSV: false, text: text, feed: !text)
        try XLSXReader.read(path, displayed: shown, limits: limits) { importer.add(dropping: &$0) }
        return importer.result
    }
}

/// The normal pipeline over a workbook: its sheets as located nodes built from the cells (no YAML
/// text in between), the model builder, every rule, waivers and baseline; then each location goes
/// back to the cell it came from.
/// Inline suppressions do not apply (a workbook has no comments; use waivers).
enum WorkbookCheck {
    /// The prefix of the in-memory files of a workbook (`FILE.xlsx#pegawai.yaml`).
    static func virtualName(_ file: String, _ name: String) -> String { file + "#" + name }

    /// Builds the model straight from the sections' nodes (no YAML text in between), with the
    /// findings of reading them (located in the sections, at (row, column) positions).
    static func load(_ imported: ImportedWorkbook, limits: YAMLLimits) -> (Agency, [Diagnostic], [String: CellMap]) {
        let file = imported.file
        var sinkRef = imported.sink ?? AgencySink(Agency(name: file, files: [file]))
        var diagnostics = imported.diagnostics
        var maps: [String: CellMap] = [:]
        for g in imported.files {
            let virtual = virtualName(file, g.name)
            maps[virtual] = CellMap(lines: [], fallback: CellReference(sheet: g.sheet, row: 1, column: 1), direct: true)
            if g.documents.isEmpty { continue }
            for doc in g.documents {
                WorkbookNodes.feed(doc, file: virtual, into: &sinkRef, diagnostics: &diagnostics)
            }
            sinkRef.abandonDocument()
        }
        var agency = sinkRef.agency
        agency.files = [file]
        diagnostics += sinkRef.builder.diagnostics
        if agency.instansi.isEmpty {
            if !diagnostics.contains(where: { $0.code.hasPrefix("Y0") && $0.code != "Y007" }) {
                let sheet = imported.files.first { $0.name.hasPrefix("instansi") }
                let at =
                    sheet.map { SourceLocation(file: file, cell: CellReference(sheet: $0.sheet, row: 2, column: 1)) }
                    ?? SourceLocation(file: file, line: 1, column: 1)
                diagnostics.append(
                    Diagnostic(
                        "S007", variant: "missing", at: at, path: "instansi", entity: file, args: ["agency": file]))
            }
        } else if agency.instansi.count > 1 {
            let first = agency.instansi[0]
            for extra in agency.instansi.dropFirst() {
                diagnostics.append(
                    Diagnostic(
                        "S007", variant: "duplicate", at: extra.keyLocation, path: "instansi", entity: file,
                        args: ["agency": file, "count": String(agency.instansi.count)],
                        notes: [DiagnosticNote("first", at: first.keyLocation)]))
            }
        }
        return (agency, diagnostics, maps)
    }

    /// A location in a generated file, as the cell it came from.
    static func remap(_ loc: SourceLocation, workbook file: String, maps: [String: CellMap]) -> SourceLocation {
        guard loc.cell == nil, let map = maps[loc.file] else { return loc }
        return SourceLocation(file: file, cell: map.cell(line: loc.line, column: loc.column))
    }

    /// Findings of a workbook with the given rules (before waivers and baseline), at cells.
    static func findings(
        _ imported: ImportedWorkbook, rules: ActiveRules, asOf: CivilDate, limits: YAMLLimits = YAMLLimits()
    ) -> (Agency, [Finding]) {
        let (agency, diagnostics, maps) = load(imported, limits: limits)
        var findings = Linter.findings(agency, loadDiagnostics: diagnostics, rules: rules, asOf: asOf)
        for i in findings.indices {
            findings[i].location = remap(findings[i].location, workbook: imported.file, maps: maps)
            for j in findings[i].notes.indices {
                findings[i].notes[j].location = remap(
                    findings[i].notes[j].location, workbook: imported.file, maps: maps)
            }
        }
        return (agency, findings)
    }
}

/// The nodes of a workbook section as the loader would have made them from the section's YAML:
/// each located at its cell (line = row, column = column), duplicate keys reported as Y002 at the
/// second one (the first is kept), the items of the streamed sections handed over one by one.
enum WorkbookNodes {
    static func position(_ cell: CellReference?) -> SourcePosition {
        cell.map { SourcePosition(line: $0.row, column: $0.column) } ?? .start
    }

    static func node(_ n: YNode, file: String, diagnostics: inout [Diagnostic]) -> YAMLNode {
        let at = SourceRange(at: position(n.cell))
        switch n.kind {
        case .scalar(let text, let quoted):
            return YAMLNode(kind: .scalar(YAMLScalar(text: text, style: quoted ? .doubleQuoted : .plain)), range: at)
        case .list:
            return YAMLNode(kind: .sequence(n.items.map { node($0, file: file, diagnostics: &diagnostics) }), range: at)
        case .map:
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(n.entries.count)
            for e in n.entries {
                let keyAt = position(e.node.cell)
                // Maps have a handful of keys: a scan finds a repeated one.
                if let earlier = pairs.first(where: { $0.key.hasScalarText(e.key) })?.key.range.start {
                    diagnostics.append(repeatedKey(e.key, at: keyAt, first: earlier, file: file))
                    continue
                }
                let key = YAMLNode(kind: .scalar(YAMLScalar(text: e.key)), range: SourceRange(at: keyAt))
                pairs.append(YAMLPair(key: key, value: node(e.node, file: file, diagnostics: &diagnostics)))
            }
            return YAMLNode(kind: .mapping(pairs), range: at)
        }
    }

    /// Y002: `key` given again at `at`, first at `first`.
    static func repeatedKey(_ key: String, at: SourcePosition, first: SourcePosition, file: String) -> Diagnostic {
        Diagnostic(
            "Y002", at: SourceLocation(file: file, range: SourceRange(at: at)), path: "", entity: file,
            args: ["key": key],
            notes: [
                DiagnosticNote(
                    "first", at: SourceLocation(file: file, range: SourceRange(at: first)), args: ["key": key])
            ])
    }

    /// Writes an item on the tape as ``node(_:file:diagnostics:)`` would make it (the same
    /// ranges, Y002 for a repeated key, the first kept), without the node tree in between.
    static func write(_ n: YNode, to tape: NodeTape, file: String, diagnostics: inout [Diagnostic]) {
        let at = position(n.cell)
        switch n.kind {
        case .scalar(let text, let quoted):
            tape.append(
                scalar: YAMLScalar(text: text, style: quoted ? .doubleQuoted : .plain), range: SourceRange(at: at))
        case .list:
            let list = tape.open(.sequence, start: at)
            for item in n.items { write(item, to: tape, file: file, diagnostics: &diagnostics) }
            tape.close(list, end: at, count: n.items.count)
        case .map:
            let map = tape.open(.mapping, start: at)
            var written = 0
            for (i, e) in n.entries.enumerated() {
                let keyAt = position(e.node.cell)
                // Maps have a handful of keys: a scan finds a repeated one.
                if let earlier = n.entries[..<i].first(where: { $0.key == e.key }) {
                    diagnostics.append(repeatedKey(e.key, at: keyAt, first: position(earlier.node.cell), file: file))
                    continue
                }
                tape.append(scalar: YAMLScalar(text: e.key), range: SourceRange(at: keyAt))
                write(e.node, to: tape, file: file, diagnostics: &diagnostics)
                written += 1
            }
            tape.close(map, end: at, count: written)
        }
    }

    /// Hands one document to the sink as the loader does.
    static func feed(_ doc: YNode, file: String, into sink: inout AgencySink, diagnostics: inout [Diagnostic]) {
        sink.beginDocument()
        let streamed = sink.streamedSections
        var pairs: [YAMLPair] = []
        var first: [String: SourcePosition] = [:]
        for e in doc.entries {
            let keyAt = position(e.node.cell)
            if let earlier = first.updateValue(first[e.key] ?? keyAt, forKey: e.key) {
                diagnostics.append(repeatedKey(e.key, at: keyAt, first: earlier, file: file))
                continue
            }
            let key = YAMLNode(kind: .scalar(YAMLScalar(text: e.key)), range: SourceRange(at: keyAt))
            if streamed.contains(e.key), case .list = e.node.kind {
                let tape = NodeTape()
                for (i, item) in e.node.items.enumerated() {
                    write(item, to: tape, file: file, diagnostics: &diagnostics)
                    sink.item(tape, index: i, section: e.key, file: file)
                    tape.removeAll()
                }
                sink.endSection(e.key)
                pairs.append(
                    YAMLPair(
                        key: key, value: YAMLNode(kind: .sequence([]), range: SourceRange(at: position(e.node.cell)))))
            } else {
                pairs.append(YAMLPair(key: key, value: node(e.node, file: file, diagnostics: &diagnostics)))
            }
        }
        sink.endDocument(YAMLNode(kind: .mapping(pairs), range: SourceRange(at: position(doc.cell))), file: file)
    }
}

import Foundation

/// Workbooks on the command line: an `.xlsx` file, or a directory of CSV files (one per section).
public enum WorkbookInput {
    public static func isWorkbook(_ path: String) -> Bool {
        let p = path.lowercased()
        return p.hasSuffix(".xlsx") || refusedFormat(p) != nil || CSVReader.isCSVDirectory(path)
    }

    /// Spreadsheet files lintas does not read (an old `.xls`, an OpenDocument `.ods`): refused
    /// with "save as .xlsx" as the agency's Y001, not read as YAML.
    static func refusedFormat(_ path: String) -> (en: String, id: String)? {
        let p = path.lowercased()
        if p.hasSuffix(".xls") {
            return ("an old .xls workbook, not .xlsx: save it as .xlsx (Excel Workbook) first",
                    "buku kerja .xls lama, bukan .xlsx: simpan dulu sebagai .xlsx (Excel Workbook)")
        }
        if p.hasSuffix(".ods") {
            return ("an OpenDocument spreadsheet (.ods), not .xlsx: save it as .xlsx (Excel 2007-365) first",
                    "lembar kerja OpenDocument (.ods), bukan .xlsx: simpan dulu sebagai .xlsx (Excel 2007-365)")
        }
        return nil
    }

    /// Reads a workbook or CSV directory; an unreadable or hostile one is an exit-2 error.
    public static func read(_ path: String, limits: WorkbookLimits = WorkbookLimits()) throws -> Workbook {
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
}

/// The normal pipeline over a workbook: its sheets as generated YAML (in memory), the loader,
/// every rule, waivers and baseline; then each location goes back to the cell it came from.
/// Inline suppressions do not apply (a workbook has no comments; use waivers).
public enum WorkbookCheck {
    /// The prefix of the in-memory files of a workbook (`FILE.xlsx#pegawai.yaml`).
    static func virtualName(_ file: String, _ name: String) -> String { file + "#" + name }

    /// Reads the generated YAML into the model, with loader findings (located in the generated files).
    static func load(_ imported: ImportedWorkbook, limits: YAMLLimits) -> (Agency, [Diagnostic], [String: CellMap]) {
        let file = imported.file
        let sink = AgencySink(Agency(name: file, files: [file]))
        var sinkRef = sink
        var diagnostics = imported.diagnostics
        var maps: [String: CellMap] = [:]
        for g in imported.files {
            let virtual = virtualName(file, g.name)
            maps[virtual] = g.map
            let loaded = YAMLLoader.load(bytes: Array(g.text.utf8), file: virtual, limits: limits, into: &sinkRef)
            sinkRef.abandonDocument()
            diagnostics += loaded.diagnostics
        }
        var agency = sinkRef.agency
        agency.files = [file]
        diagnostics += sinkRef.builder.diagnostics
        if agency.instansi.isEmpty {
            if !diagnostics.contains(where: { $0.code.hasPrefix("Y0") && $0.code != "Y007" }) {
                let sheet = imported.files.first { $0.name.hasPrefix("instansi") }
                let at = sheet.map { SourceLocation(file: file, cell: CellReference(sheet: $0.sheet, row: 2, column: 1)) }
                    ?? SourceLocation(file: file, line: 1, column: 1)
                diagnostics.append(Diagnostic("S007", variant: "missing", at: at, path: "instansi", entity: file, args: ["agency": file]))
            }
        } else if agency.instansi.count > 1 {
            let first = agency.instansi[0]
            for extra in agency.instansi.dropFirst() {
                diagnostics.append(Diagnostic("S007", variant: "duplicate", at: extra.keyLocation, path: "instansi", entity: file,
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
    public static func findings(_ imported: ImportedWorkbook, rules: ActiveRules, asOf: CivilDate, limits: YAMLLimits = YAMLLimits()) -> (Agency, [Finding]) {
        let (agency, diagnostics, maps) = load(imported, limits: limits)
        var findings = Linter.findings(agency, loadDiagnostics: diagnostics, rules: rules, asOf: asOf)
        for i in findings.indices {
            findings[i].location = remap(findings[i].location, workbook: imported.file, maps: maps)
            for j in findings[i].notes.indices {
                findings[i].notes[j].location = remap(findings[i].notes[j].location, workbook: imported.file, maps: maps)
            }
        }
        return (agency, findings)
    }
}

extension Linter {
    /// One workbook as one agency.
    func checkWorkbook(_ imported: ImportedWorkbook, config: Configuration, rules: ActiveRules,
                       baseline: Baseline?, waivers: [WaiverEngine.Waiver]) -> AgencyResult {
        let asOf = options.asOf ?? config.asOf ?? options.today
        var (agency, findings) = WorkbookCheck.findings(imported, rules: rules, asOf: asOf, limits: options.limits)
        findings += NIPColumnCheck.summaries(findings, agency: agency, rules: rules)
        let files: Set<String> = [imported.file]
        if !waivers.isEmpty {
            let extra = WaiverEngine.apply(to: &findings, waivers: waivers, asOf: asOf, agencyFiles: files)
            findings += extra.filter { rules.isEnabled($0.code) }.compactMap { Wording.finding($0, rules: rules) }
        }
        var fixed = 0
        if let baseline { fixed = baseline.apply(to: &findings, files: files) }
        findings.sort(by: Finding.ordered)
        agency.name = imported.file
        var result = AgencyResult(name: imported.file, files: [imported.file], packs: rules.packs, asOf: asOf, configFile: config.file,
                                  findings: findings, sources: [:], fixedBaselineEntries: fixed, agency: agency)
        result.figures = AgencyFigures.compute(agency, rules: rules, findings: findings)
        return result
    }

    /// A workbook that could not be read as one agency with a single Y001 at 1:1. The reader's
    /// messages are written "English / Indonesian"; each language gets its own half.
    func unreadableWorkbook(_ path: String, _ error: LintasError, config: Configuration, rules: ActiveRules,
                            baseline: Baseline?) -> AgencyResult {
        let asOf = options.asOf ?? config.asOf ?? options.today
        let file = AgencyDiscovery.display(path)
        var problem = error.message
        if problem.hasPrefix(file + ": ") { problem.removeFirst(file.count + 2) }
        let halves = problem.components(separatedBy: " / ")
        var args = ["problem": problem]
        if halves.count == 2 {
            args["problem_en"] = halves[0]
            args["problem_id"] = halves[1]
        }
        let d = Diagnostic("Y001", variant: "unreadable", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file, args: args)
        var findings = rules.isEnabled("Y001") ? [Wording.finding(d, rules: rules)].compactMap { $0 } : []
        var fixed = 0
        if let baseline { fixed = baseline.apply(to: &findings, files: [file]) }
        var result = AgencyResult(name: file, files: [file], packs: rules.packs, asOf: asOf, configFile: config.file,
                                  findings: findings, sources: [:], fixedBaselineEntries: fixed, agency: nil)
        result.figures = AgencyFigures.compute(Agency(name: file, files: [file]), rules: rules, findings: findings)
        return result
    }
}

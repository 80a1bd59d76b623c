import Foundation

/// Workbooks as agencies (docs/workbook.md): an `.xlsx` file, or a directory of CSV files, given on
/// the command line or found while walking a directory. Its `pengaturan` sheet is its own
/// `.lintas.yml`; its findings are at cells (`pegawai!D3`); a workbook that cannot be read is one
/// Y001 finding of its own. The engine checks it as an ``AgencySource``.
struct WorkbookSource: AgencySource {
    func claims(_ path: String) -> Bool { WorkbookInput.isWorkbook(path) }

    func claims(discovered input: AgencyInput) -> Bool { input.isWorkbook }

    /// An `.xlsx` file, or a folder of CSV files (listed as `csv`, as when it is found in a batch).
    func listed(_ path: String) -> AgencyInput {
        let shown = AgencyDiscovery.display(path)
        var isDirectory: ObjCBool = false
        let folder = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        return AgencyInput(name: shown, root: shown, isDirectory: folder, files: [], isWorkbook: true)
    }

    /// The `pengaturan` sheet, shown as `FILE.xlsx#pengaturan`.
    func settings(_ path: String) -> (text: String, name: String)? {
        WorkbookInput.settings(path).map { ($0, AgencyDiscovery.display(path) + "#" + WorkbookLayout.settingsSheet) }
    }

    func check(_ path: String, _ context: AgencySourceContext) throws -> AgencyResult {
        // A path that is not there is exit 2, as for YAML; a workbook that is there but cannot be
        // read (not a ZIP, a bomb, a broken part) is a Y001 finding of its own, so the other
        // agencies of the run are still checked.
        guard FileManager.default.fileExists(atPath: path) else {
            throw LintasError("path not found / jalur tidak ditemukan: \(path)")
        }
        do {
            return check(try WorkbookInput.imported(path), context)
        } catch let e as LintasError {
            return unreadable(path, e, context)
        }
    }

    /// One read workbook as one agency.
    func check(_ imported: ImportedWorkbook, _ context: AgencySourceContext) -> AgencyResult {
        let asOf = context.asOf
        let rules = context.rules
        var (agency, findings) = WorkbookCheck.findings(
            imported, rules: rules, asOf: asOf, limits: context.options.limits)
        findings += NIPColumnCheck.summaries(findings, agency: agency, rules: rules)
        let files: Set<String> = [imported.file]
        if !context.waivers.isEmpty {
            let extra = WaiverEngine.apply(to: &findings, waivers: context.waivers, asOf: asOf, agencyFiles: files)
            findings += extra.filter { rules.isEnabled($0.code) }.compactMap { Wording.finding($0, rules: rules) }
        }
        var fixed = 0
        if let baseline = context.baseline { fixed = baseline.apply(to: &findings, files: files) }
        findings.sort(by: Finding.ordered)
        agency.name = imported.file
        var result = AgencyResult(
            name: imported.file, files: [imported.file], packs: rules.packs, asOf: asOf,
            configFile: context.config.file, findings: findings, sources: [:], fixedBaselineEntries: fixed,
            agency: agency)
        result.figures = AgencyFigures.compute(agency, rules: rules, findings: findings)
        return result
    }

    /// A workbook that could not be read as one agency with a single Y001 at 1:1. The reader's
    /// messages are written "English / Indonesian"; each language gets its own half.
    func unreadable(_ path: String, _ error: LintasError, _ context: AgencySourceContext) -> AgencyResult {
        let rules = context.rules
        let file = AgencyDiscovery.display(path)
        var problem = error.message
        if problem.hasPrefix(file + ": ") { problem.removeFirst(file.count + 2) }
        let halves = problem.components(separatedBy: " / ")
        var args = ["problem": problem]
        if halves.count == 2 {
            args["problem_en"] = halves[0]
            args["problem_id"] = halves[1]
        }
        let d = Diagnostic(
            "Y001", variant: "unreadable", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file,
            args: args)
        var findings = rules.isEnabled("Y001") ? [Wording.finding(d, rules: rules)].compactMap { $0 } : []
        var fixed = 0
        if let baseline = context.baseline { fixed = baseline.apply(to: &findings, files: [file]) }
        var result = AgencyResult(
            name: file, files: [file], packs: rules.packs, asOf: context.asOf, configFile: context.config.file,
            findings: findings, sources: [:], fixedBaselineEntries: fixed, agency: nil)
        result.figures = AgencyFigures.compute(Agency(name: file, files: [file]), rules: rules, findings: findings)
        return result
    }
}

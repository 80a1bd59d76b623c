import ArgumentParser
import Foundation
import LintasCore

/// Exit codes (README "Exit codes"): 0 clean, 1 findings at or above --fail-on, 2 could not run.
enum Exit {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let failure: Int32 = 2
}

extension Language: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Message language: id (Indonesian, default) or en.", valueName: "id|en"))
    var lang: Language = .id
}

struct Lintas: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lintas",
        abstract:
            "Compliance checker for tim kerja, Matriks Peran Hasil and the sistem kerja of Indonesian agencies (PermenPAN-RB 7/2022, Pergub Jabar 181/2021).",
        // "0.1.0 (commit 1a2b3c4d5e6f)": the version from LintasVersion.current, the commit from the
        // BuildInfo plugin (scripts/build-info.sh); scripts/release.sh reads the first word.
        version: "\(LintasVersion.current) (commit \(BuildInfo.commit))",
        subcommands: [
            Check.self, Rules.self, Explain.self, Init.self, Schema.self, Import.self, Export.self, ServeCommand.self,
        ],
        defaultSubcommand: Check.self)
}

/// Today in the local time zone: the default assessment date.
func today() -> CivilDate {
    let c = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? CivilDate(dayNumber: 0)
}

func loadCatalog(rulesDirs: [String]) throws -> RuleCatalog {
    var catalog = try RuleCatalog.builtIn()
    for d in rulesDirs { try catalog.addPacks(fromDirectory: d) }
    return catalog
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check agencies: a file, an agency directory, or a batch directory.")

    @Argument(help: "Files or directories to check (default: .); - reads one agency file from standard input.")
    var paths: [String] = []

    @Option(
        name: .customLong("stdin-filename"),
        help: ArgumentHelp(
            "With -: the file name to report standard input under; also where the config is looked up.",
            valueName: "NAME"))
    var stdinFilename: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Output format: \(OutputFormat.names).", valueName: "FORMAT"))
    var format: OutputFormat = .text

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write FORMAT to FILE (FORMAT:FILE); repeatable. html:DIR/ (a trailing / or an existing directory) writes an index page and one page per agency. xlsx:FILE.xlsx writes the checked workbook annotated with its findings (xlsx:DIR/ for a batch).",
            valueName: "FORMAT:FILE"))
    var output: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Config file (default: the nearest .lintas.yml in the checked path or its parents).", valueName: "FILE"))
    var config: String?

    @Option(
        name: .long, help: ArgumentHelp("Enable a rule pack (repeatable), in addition to the config.", valueName: "ID"))
    var pack: [String] = []

    @Option(
        name: .long, help: ArgumentHelp("Load extra or replacement rule packs from DIR (repeatable).", valueName: "DIR")
    )
    var rules: [String] = []

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Assessment date for deadline rules, YYYY-MM-DD (default: today).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Set a pack parameter, e.g. permenpanrb-7-2022.diundangkan=2022-02-14 (repeatable).",
            valueName: "PACK.NAME=VALUE"))
    var param: [String] = []

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Lowest severity that makes the exit code 1: error, warning or info.", valueName: "error|warning|info"))
    var failOn: Severity = .error

    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp("Report only findings not in this baseline file.", valueName: "FILE"))
    var baseline: String?

    @Option(
        name: .customLong("write-baseline"),
        help: ArgumentHelp("Record today's open findings in FILE.", valueName: "FILE"))
    var writeBaseline: String?

    @Option(
        name: .customLong("compare-to"),
        help: ArgumentHelp(
            "A JSON report of an earlier run (--format json): show per agency the findings resolved, new and still open since then.",
            valueName: "FILE"))
    var compareTo: String?

    @Flag(name: .customLong("no-inline-suppressions"), help: "Ignore suppression comments (auditing).")
    var noInlineSuppressions = false

    // `.unconditional`: `--jobs -1` takes "-1" as the value (not as a flag) and gets the message below.
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Agencies checked in parallel, at least 1 (default: number of cores).", valueName: "N"))
    var jobs: Int?

    @Flag(name: .long, help: "Counts per rule instead of every finding.")
    var statistics = false

    @Flag(name: .long, help: "Findings only, no summary.")
    var quiet = false

    @Flag(
        name: .customLong("list-agencies"),
        help:
            "List the agencies found under the paths (and the files skipped as not agency data), without checking them."
    )
    var listAgencies = false

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Order of the batch comparison (text, csv, markdown, html): a column such as errors, pasal25, ketua, cascade, roles, scope; -COLUMN for descending.",
            valueName: "COLUMN"))
    var sort: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Repository root that SARIF, GitLab and GitHub paths are relative to (default: the git top level, else the working directory).",
            valueName: "DIR"))
    var root: String?

    @Option(
        name: .customLong("max-per-rule"), parsing: .unconditional,
        help:
            "Text output: show at most N findings of each rule per agency, then a '+ K more' line (JSON, SARIF and the others keep every finding)."
    )
    var maxPerRule: Int?

    func validate() throws {
        if let a = asOf, CivilDate(iso: a) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD (got '\(a)')")
        }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
        if let m = maxPerRule, m < 0 { throw ValidationError("--max-per-rule must be at least 0") }
        for o in output where !o.hasPrefix("xlsx:") || o.count == 5 {
            guard let colon = o.firstIndex(of: ":"), OutputFormat(rawValue: String(o[..<colon])) != nil,
                o.index(after: colon) < o.endIndex
            else {
                throw ValidationError(
                    "--output takes FORMAT:FILE with FORMAT one of \(OutputFormat.names), or xlsx:FILE.xlsx for the annotated workbook (got '\(o)')"
                )
            }
        }
        if let s = sort, ComparisonSort(s) == nil {
            let hint = ComparisonSort.suggestion(for: s).map { "; did you mean '\($0)'?" } ?? ""
            throw ValidationError(
                "--sort: unknown column '\(s)'\(hint) (columns: \(ComparisonColumn.allCases.map(\.rawValue).joined(separator: ", ")); prefix - for descending)"
            )
        }
        for p in param where !p.contains("=") {
            throw ValidationError("--param takes pack.name=value (got '\(p)')")
        }
        if paths.contains("-") && paths.count > 1 {
            throw ValidationError("- (standard input) cannot be combined with other paths")
        }
        if let name = stdinFilename {
            if name.isEmpty { throw ValidationError("--stdin-filename needs a name") }
            if !paths.isEmpty && paths != ["-"] {
                throw ValidationError("--stdin-filename is for standard input (-), not for paths")
            }
        }
    }

    /// `-`, or `--stdin-filename` with no path (as in ruff): check standard input.
    var readsStandardInput: Bool { paths == ["-"] || (paths.isEmpty && stdinFilename != nil) }

    func run() throws {
        // Files to write are opened first: an unwritable one, or two naming one file, is exit 2
        // before the check runs; an input of the run is refused before anything is printed.
        // (Annotated workbooks, `xlsx:`, are planned after the check: a target may be a directory.
        // `html:DIR/` pages are written as each agency is checked.)
        let parsed = output.filter { !$0.hasPrefix("xlsx:") }.map { o in
            (
                format: OutputFormat(rawValue: String(o[..<o.firstIndex(of: ":")!]))!,
                path: String(o[o.index(after: o.firstIndex(of: ":")!)...]), option: "--output \(o)"
            )
        }
        let fileTargets = parsed.filter { !($0.format == .html && HTMLDirectory.isDirectoryTarget($0.path)) }
        let htmlDirs = try parsed.filter { $0.format == .html && HTMLDirectory.isDirectoryTarget($0.path) }.map {
            try HTMLDirectory(creating: $0.path)
        }
        let targets =
            fileTargets.map { (option: $0.option, path: $0.path) }
            + (writeBaseline.map { [(option: "--write-baseline \($0)", path: $0)] } ?? [])
        try SafeWrite.refuseClashes(outputs: targets, inputs: [])
        var files: [ReportOutput] = []
        defer { for f in files { f.abandon() } }
        for t in targets { files.append(try ReportOutput(atomicallyWriting: t.path)) }
        let anchor = try PathAnchor.current(root: root)
        let catalog = try loadCatalog(rulesDirs: rules)
        var options = LintOptions(today: today())
        options.configFile = config
        options.extraPacks = pack
        options.asOf = asOf.flatMap { CivilDate(iso: $0) }
        options.inlineSuppressions = !noInlineSuppressions
        options.jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        options.baselineFile = baseline
        options.anchor = anchor
        for p in param {
            let parts = p.split(separator: "=", maxSplits: 1)
            options.params[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let color =
            isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && format == .text
        let ctx = ReportContext(
            language: language.lang, color: color, statistics: statistics, quiet: quiet, failOn: failOn, anchor: anchor,
            sort: sort.flatMap { ComparisonSort($0) }, maxPerRule: maxPerRule)
        let fileCtx = {
            var c = ctx
            c.color = false
            return c
        }()
        // Only a single-file HTML report (up to its size limit) and annotated workbooks keep the
        // agencies' models to the end; the annotated workbooks tell a readable workbook by its model.
        let singleFileHTML = format == .html || fileTargets.contains { $0.format == .html }
        options.keepModels = singleFileHTML || output.contains { $0.hasPrefix("xlsx:") }
        options.keptEmployeesLimit = singleFileHTML ? HTMLReporter.singleFileEmployees : nil
        if !htmlDirs.isEmpty {
            options.eachAgency = { one in for d in htmlDirs { try d.writeAgencyPage(one, fileCtx) } }
        }
        let linter = Linter(catalog: catalog, options: options)
        if listAgencies {
            print(try linter.discover(paths: paths.isEmpty ? ["."] : paths).listing(language.lang), terminator: "")
            return
        }
        var report: LintReport
        if readsStandardInput {
            guard let bytes = AgencyLoader.readStandardInput(limit: options.limits.maxFileBytes) else {
                throw LintasError("cannot read standard input / masukan standar tidak dapat dibaca")
            }
            report = try linter.run(standardInput: bytes, name: stdinFilename ?? "<stdin>")
        } else {
            report = try linter.run(paths: paths.isEmpty ? ["."] : paths)
        }
        if singleFileHTML && report.modelsIncomplete { throw LintasError(HTMLReporter.tooBigAdvice) }
        if let earlier = compareTo { try SinceReview.attach(to: &report, earlier: earlier) }
        // Annotated workbooks: where they go is settled before any report is written.
        var annotated: [AnnotatedWorkbookOutput.Planned] = []
        for o in output where o.hasPrefix("xlsx:") {
            let plan = try AnnotatedWorkbookOutput.plan(report, target: String(o.dropFirst(5)), lang: language.lang)
            annotated += plan.planned
            for s in plan.skipped {
                FileHandle.standardError.write(
                    Data(
                        "lintas: \(UIText.t(.cliNoAnnotatedWorkbook, language.lang)): \(s)\n"
                            .utf8))
            }
        }
        let written = targets + annotated.map { (option: "--output xlsx:\($0.output)", path: $0.output) }
        try SafeWrite.refuseClashes(
            outputs: written, inputs: report.agencies.flatMap { $0.files + ($0.configFile.map { [$0] } ?? []) })
        // A report over the --baseline it was compared with (--write-baseline may update it).
        try SafeWrite.refuseClashes(
            outputs: written.filter { !$0.option.hasPrefix("--write-baseline") }, inputs: baseline.map { [$0] } ?? [])
        // Reports are streamed (never one string in memory); a closed stdout is not an error here.
        fflush(nil)
        let standardOutput = ReportOutput(fileDescriptor: STDOUT_FILENO)
        format.reporter.write(report, ctx, to: standardOutput)
        standardOutput.flush()
        // A CSV directory written as a workbook: the characters no cell can hold are said.
        for (output, notes) in try AnnotatedWorkbookOutput.write(annotated, lang: language.lang) {
            sayWritingNotes(notes, workbook: output, language.lang)
        }
        for d in htmlDirs { try d.writeIndex(report, fileCtx) }
        for (target, file) in zip(fileTargets, files) {
            target.format.reporter.write(report, fileCtx, to: file)
            try file.finish()
        }
        if writeBaseline != nil, let file = files.last {
            file.write(Baseline.from(report, anchor: anchor).encoded())
            try file.finish()
        }
        let failing = report.hasOpenFinding(atLeast: failOn)
        throw ExitCode(failing ? Exit.findings : Exit.clean)
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List packs and rules: code, severity, basis, title.")

    @Option(name: .long, help: ArgumentHelp("Only this pack.", valueName: "ID"))
    var pack: String?

    @Option(name: .long, help: ArgumentHelp("text, json or markdown.", valueName: "text|json|markdown"))
    var format: String = "text"

    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp("Load extra or replacement rule packs from DIR (repeatable).", valueName: "DIR"))
    var rulesDirs: [String] = []

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard ["text", "json", "markdown"].contains(format) else {
            throw ValidationError("--format must be text, json or markdown")
        }
    }

    func run() throws {
        let catalog = try loadCatalog(rulesDirs: rulesDirs)
        if let p = pack, catalog.pack(p) == nil { throw LintasError("unknown pack '\(p)'") }
        print(RuleDocs.list(catalog, pack: pack, format: format, lang: language.lang), terminator: "")
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What a rule checks, why (citation, basis), and a failing and a passing example.")

    @Argument(help: "Rule code, e.g. K001.")
    var code: String

    @Option(
        name: .customLong("rules"),
        help: ArgumentHelp("Load extra or replacement rule packs from DIR (repeatable).", valueName: "DIR"))
    var rulesDirs: [String] = []

    @Flag(name: .long, help: "Show the whole example files, not only the lines around each expected finding.")
    var full = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let catalog = try loadCatalog(rulesDirs: rulesDirs)
        let c = code.uppercased()
        guard catalog.describe(c) != nil else {
            let all = catalog.packs.flatMap { $0.rules.map(\.code) }
            let hint = Suggest.closest(to: c, in: all).map { "; did you mean \($0)?" } ?? ""
            throw LintasError("unknown rule '\(code)'\(hint)")
        }
        print(RuleDocs.explain(c, catalog: catalog, lang: language.lang, full: full), terminator: "")
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a small valid starter agency and a commented .lintas.yml into DIR.")

    @Argument(help: "Directory to write into (default: .); created when missing.")
    var dir: String = "."

    @Flag(name: .long, help: "Overwrite files that already exist.")
    var force = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the starter agency as a workbook instead (one sheet per section).", valueName: "FILE.xlsx"))
    var xlsx: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        if let xlsx {
            try LintasError.refuseOverwrite([xlsx], force: force)
            try XLSXWriter.write(
                WorkbookExporter.sheets(WorkbookExporter.starterAgency(), lang: language.lang), to: xlsx)
            print(
                language.lang == .en
                    ? "Wrote:\n  \(xlsx)\nNext: lintas check \(xlsx)"
                    : "Ditulis:\n  \(xlsx)\nBerikutnya: lintas check \(xlsx)")
            return
        }
        let written = try StarterAgency.write(to: dir, force: force)
        let en = language.lang == .en
        print(UIText.t(.cliWrote, en ? .en : .id))
        for p in written { print("  \(p)") }
        print(UIText.t(.cliNextCheck, en ? .en : .id, ["path": dir]))
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Turn a workbook (.xlsx) or a directory of CSV files into a format-v1 agency directory (one YAML file per sheet)."
    )

    @Argument(
        help: ArgumentHelp(
            "The workbook (.xlsx) or a directory of CSV files named after the sections (pegawai.csv...).",
            valueName: "FILE.xlsx|DIR"))
    var source: String

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Directory to write the agency into; created when missing.", valueName: "DIR"))
    var output: String

    @Flag(name: .long, help: "Overwrite files that already exist.")
    var force = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let imported = try WorkbookInput.imported(source, text: true)
        let paths = try AgencyFiles.write(imported.files.map { ($0.name, $0.text) }, to: output, force: force)
        let en = language.lang == .en
        print(UIText.t(.cliWrote, en ? .en : .id))
        for p in paths { print("  \(p)") }
        // What the YAML cannot carry (a NIP typed as a number, an unknown sheet or column) is said
        // here, at its cell; `lintas check` on the workbook reports it with every other finding.
        let catalog = try RuleCatalog.builtIn()
        let rules = try Configuration().activeRules(catalog: catalog, extraPacks: [], paramOverrides: [:])
        let notes = imported.diagnostics.compactMap { Wording.finding($0, rules: rules) }
        for f in notes {
            FileHandle.standardError.write(
                Data(
                    "\(f.location.displayed): \(f.severity.localized[language.lang])[\(f.rule)]: \(f.message[language.lang])\n"
                        .utf8))
        }
        print(UIText.t(.cliNextCheck, en ? .en : .id, ["path": output]))
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one agency (a file or an agency directory) as a workbook in the layout of lintas init --xlsx.")

    @Argument(help: ArgumentHelp("The agency: a YAML file or an agency directory.", valueName: "AGENCY"))
    var agency: String

    @Option(name: [.short, .long], help: ArgumentHelp("The workbook to write.", valueName: "FILE.xlsx"))
    var output: String

    @Flag(name: .long, help: "Overwrite the workbook when it exists.")
    var force = false

    @Flag(
        name: .long,
        help:
            "Check the exported workbook and write its findings into it: a comment and a fill on each cell, a first sheet listing them."
    )
    var annotate = false

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "With --annotate: assessment date, YYYY-MM-DD (default: the config's as_of, else today).",
            valueName: "YYYY-MM-DD"))
    var asOf: String?

    @OptionGroup var language: LanguageOption

    func validate() throws {
        if let a = asOf, CivilDate(iso: a) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD (got '\(a)')")
        }
        if asOf != nil && !annotate { throw ValidationError("--as-of is for --annotate") }
    }

    func run() throws {
        let inputs = try AgencyDiscovery().discover(agency)
        guard inputs.count == 1, let input = inputs.first else {
            throw LintasError(
                "\(agency): holds \(inputs.count) agencies; export one agency at a time / berisi \(inputs.count) instansi; ekspor satu per satu"
            )
        }
        try LintasError.refuseOverwrite([output], force: force)
        let loaded = AgencyLoader.load(input)
        // The agency's .lintas.yml goes along as the `pengaturan` sheet.
        let config = Configuration.find(from: input.root)
        // A value no cell can hold is refused (nothing written); replaced characters are said.
        let notes = try XLSXWriter.write(
            WorkbookExporter.sheets(loaded.agency, lang: language.lang)
                + (try config.map { [try WorkbookExporter.settingsSheet(config: $0)] } ?? []),
            to: output)
        sayWritingNotes(notes, workbook: output, language.lang)
        if annotate {
            var options = LintOptions(today: today())
            options.configFile = config
            options.asOf = asOf.flatMap { CivilDate(iso: $0) }
            let report = try Linter(catalog: try loadCatalog(rulesDirs: []), options: options).run(paths: [output])
            try AnnotatedWorkbookOutput.write(
                [
                    AnnotatedWorkbookOutput.Planned(
                        result: report.agencies[0], source: output, output: output, notes: notes)
                ],
                lang: language.lang)
        }
        print(UIText.t(.cliWrote, language.lang) + "\n  " + output)
        // Values the model could not read (broken YAML, wrong types) are not in the workbook.
        let broken = loaded.diagnostics.filter { $0.code.hasPrefix("Y") || $0.code.hasPrefix("S") }
        if !broken.isEmpty {
            FileHandle.standardError.write(
                Data(
                    (language.lang == .en
                        ? "note: \(broken.count) loading findings (Y/S); values they concern are not in the workbook: run lintas check \(agency)\n"
                        : "catatan: \(broken.count) temuan pemuatan (Y/S); nilai yang terkait tidak ada di buku kerja: jalankan lintas check \(agency)\n")
                        .utf8))
        }
    }
}

/// What writing a workbook changed (``XLSXWriter/Note``), on stderr as `note:` lines.
func sayWritingNotes(_ notes: [XLSXWriter.Note], workbook: String, _ lang: Language) {
    let prefix = UIText.t(.cliNote, lang)
    for line in XLSXWriter.lines(notes, lang, workbook: workbook, terminal: true) {
        FileHandle.standardError.write(Data("lintas: \(prefix): \(line)\n".utf8))
    }
}

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (draft 2020-12) of agency format v1, for editors (yaml-language-server).")

    func run() throws {
        print(JSONSchemaExport.render(), terminator: "")
    }
}

/// `lintas chek`: a first argument that is no subcommand, no option and no existing path, but close
/// to a subcommand's name, is a mistyped subcommand (not a path to check, as `check` is the default).
func mistypedSubcommand(_ args: [String]) -> String? {
    guard let first = args.first, !first.hasPrefix("-"), !first.contains("/"),
        !FileManager.default.fileExists(atPath: first)
    else { return nil }
    let names =
        Lintas.configuration.subcommands.map { $0.configuration.commandName ?? String(describing: $0).lowercased() } + [
            "help"
        ]
    guard !names.contains(first) else { return nil }
    return Suggest.closest(to: first, in: names)
}

// Parse and run with lintas's exit codes: usage errors are 2, not ArgumentParser's 64.
if let suggestion = mistypedSubcommand(Array(CommandLine.arguments.dropFirst())) {
    let word = CommandLine.arguments[1]
    FileHandle.standardError.write(
        Data(
            "lintas: error: unknown command '\(word)'; did you mean '\(suggestion)'? / perintah tidak dikenal; maksud Anda '\(suggestion)'? (lintas --help)\n"
                .utf8))
    exit(Exit.failure)
}
do {
    var command = try Lintas.parseAsRoot()
    try command.run()
} catch let e as ExitCode {
    exit(e.rawValue)
} catch let e as LintasError {
    // In the language asked for (`--lang`, default Indonesian), not both glued together.
    let args = CommandLine.arguments
    let en = zip(args, args.dropFirst()).contains { $0 == "--lang" && $1 == "en" } || args.contains("--lang=en")
    FileHandle.standardError.write(
        Data("lintas: \(UIText.t(.cliError, en ? .en : .id)): \(e.description(en ? .en : .id))\n".utf8))
    exit(Exit.failure)
} catch {
    let code = Lintas.exitCode(for: error)
    if code == .success {
        print(Lintas.fullMessage(for: error))
        exit(Exit.clean)
    }
    FileHandle.standardError.write(Data((Lintas.fullMessage(for: error) + "\n").utf8))
    exit(Exit.failure)
}

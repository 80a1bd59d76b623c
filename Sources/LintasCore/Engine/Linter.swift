import Foundation

public enum LintasVersion {
    public static let current = "0.1.0"

    /// The project's public address, the one place to change when it has one. It has none yet:
    /// `.invalid` (RFC 2606) marks the placeholder. SARIF's `informationUri` and every rule's
    /// `helpUri` derive from it.
    public static let homepage = "https://lintas.invalid/"

    /// A rule's documentation: `docs/rules.md` below the homepage, anchor = the lowercase code.
    public static func ruleHelpURI(_ code: String) -> String {
        homepage + "docs/rules.md#" + Escape.uriPath(code.lowercased())
    }
}

/// How a run is set up (from the command line). The clock is passed in: `today`.
public struct LintOptions: Sendable {
    public var configFile: String?
    public var extraPacks: [String] = []
    /// `--as-of`; wins over the config's `as_of`.
    public var asOf: CivilDate?
    public var today: CivilDate
    /// `--param pack.name=value`.
    public var params: [String: String] = [:]
    public var inlineSuppressions = true
    public var jobs = 1
    public var limits = YAMLLimits()
    /// `--baseline FILE`; wins over the config's `baseline`.
    public var baselineFile: String?
    /// Where baseline keys are anchored (the repository root, as in SARIF); nil: paths as displayed.
    public var anchor: PathAnchor?
    /// Keep each agency's model in its result (``AgencyResult/agency``) for reporters that draw it
    /// (the single-file HTML report). Off: the model is released as soon as the agency's findings,
    /// figures and ``eachAgency`` are done, and so is the source text of its files without a
    /// finding (the text output shows lines only where a finding is), so a batch needs the memory
    /// of its largest agencies (one per job), not of the whole batch.
    public var keepModels = true
    /// With ``keepModels``: the most employees the kept models may hold over the whole run (nil: no
    /// bound). Past it no further model is kept and ``LintReport/modelsIncomplete`` is set.
    public var keptEmployeesLimit: Int?
    /// Called once per agency as soon as it is checked, with a report of that agency alone (its
    /// model and its rules), on the thread that checked it (several at once with `jobs` above 1).
    /// What it throws is kept; the run then throws the first error (by agency name) at the end.
    public var eachAgency: (@Sendable (LintReport) throws -> Void)?

    public init(today: CivilDate) {
        self.today = today
    }
}

/// The outcome for one agency.
public struct AgencyResult: Sendable {
    public var name: String
    public var files: [String]
    public var packs: [String]
    public var asOf: CivilDate
    public var configFile: String?
    /// Sorted; includes suppressed, waived and baselined findings with their status.
    public var findings: [Finding]
    public var sources: [String: SourceText]
    /// Baseline entries of this agency that no longer match a finding (fixed).
    public var fixedBaselineEntries: Int = 0
    /// The agency as read, for reporters that draw it (HTML); nil when not kept.
    public var agency: Agency? = nil
    /// The batch comparison's figures (``AgencyFigures``); nil when not computed.
    public var figures: AgencyFigures? = nil

    public var openFindings: [Finding] { findings.filter(\.isOpen) }
}

/// The outcome of a run.
public struct LintReport: Sendable {
    public var toolVersion = LintasVersion.current
    public var agencies: [AgencyResult]
    /// The rules of every pack in force in any agency, for reporters that list rules (SARIF).
    public var rules: [String: RuleDescriptor]
    /// Some agency's model was not kept because ``LintOptions/keptEmployeesLimit`` was reached.
    public var modelsIncomplete = false
    /// YAML files discovery did not read as agency data (a CI workflow in a batch), each said as a note.
    public var skipped: [SkippedPath] = []
    /// With `--compare-to`: progress since the earlier review.
    public var since: SinceReview?

    public var allFindings: [Finding] { agencies.flatMap(\.findings) }

    public func count(_ severity: Severity) -> Int {
        var n = 0
        for a in agencies {
            for i in a.findings.indices where a.findings[i].severity == severity && a.findings[i].isOpen { n += 1 }
        }
        return n
    }

    public func count(status: String) -> Int {
        var n = 0
        for a in agencies {
            for i in a.findings.indices where a.findings[i].status.name == status { n += 1 }
        }
        return n
    }

    /// Whether any open finding is at or above `severity` (no copy of the findings).
    public func hasOpenFinding(atLeast severity: Severity) -> Bool {
        agencies.contains { a in
            a.findings.indices.contains { a.findings[$0].isOpen && a.findings[$0].severity >= severity }
        }
    }
}

/// Checks agencies: discovery, config, loading, rules, wording, suppressions, sorting.
public struct Linter: Sendable {
    public let catalog: RuleCatalog
    public let options: LintOptions

    public init(catalog: RuleCatalog, options: LintOptions) {
        self.catalog = catalog
        self.options = options
    }

    struct Plan: Sendable {
        var input: AgencyInput
        var config: Configuration
        var rules: ActiveRules
    }

    /// Checks every agency under `paths`. Throws only when the run cannot be done (exit 2).
    public func run(paths: [String]) throws -> LintReport {
        try run(paths: paths, standardInput: nil)
    }

    /// Checks `bytes` (standard input) as one agency file shown as `name`. The config is the
    /// nearest `.lintas.yml` at or above `name`'s directory (from the working directory when `name`
    /// has none), as ruff and ESLint do; `--config` wins. The file need not exist.
    public func run(standardInput bytes: [UInt8], name: String = "<stdin>") throws -> LintReport {
        try run(paths: [], standardInput: (bytes, name))
    }

    /// What `run(paths:)` would check, without checking it (`--list-agencies`): the agencies found
    /// under `paths` (each config's `ignore` applied) and the files skipped as not agency data.
    public func discover(paths: [String]) throws -> DiscoveredLayout {
        var out = DiscoveredLayout()
        var seen = Set<String>()
        for path in paths {
            let shown = AgencyDiscovery.display(path)
            if WorkbookInput.isWorkbook(path) {
                if seen.insert(shown).inserted {
                    out.agencies.append(
                        AgencyInput(name: shown, root: shown, isDirectory: false, files: [], isWorkbook: true))
                }
                continue
            }
            var discovery = AgencyDiscovery()
            if let file = options.configFile ?? Configuration.find(from: path) {
                discovery.ignore = try Configuration.load(file, catalog: catalog).ignore
            }
            let found = try discovery.discoverAll(path)
            out.agencies += found.agencies.filter { seen.insert($0.name).inserted }
            out.skipped += found.skipped
        }
        return out
    }

    func run(paths: [String], standardInput: ([UInt8], String)?) throws -> LintReport {
        var configs: [String: (Configuration, ActiveRules)] = [:]
        func setup(_ file: String?) throws -> (Configuration, ActiveRules) {
            let key = file ?? ""
            if let c = configs[key] { return c }
            var catalog = self.catalog
            var config = Configuration()
            if let f = file {
                config = try Configuration.load(f, catalog: catalog)
                if let dir = config.rulesDir {
                    try catalog.addPacks(fromDirectory: dir)
                    config = try Configuration.load(f, catalog: catalog)
                }
            }
            let rules = try config.activeRules(
                catalog: catalog, extraPacks: options.extraPacks, paramOverrides: options.params)
            configs[key] = (config, rules)
            return (config, rules)
        }
        func setup(settings text: String, of workbook: String) throws -> (Configuration, ActiveRules) {
            let file = AgencyDiscovery.display(workbook) + "#" + WorkbookLayout.settingsSheet
            if let c = configs[file] { return c }
            let config = try Configuration.parse(Array(text.utf8), file: file, catalog: catalog)
            let rules = try config.activeRules(
                catalog: catalog, extraPacks: options.extraPacks, paramOverrides: options.params)
            configs[file] = (config, rules)
            return (config, rules)
        }
        var plans: [Plan] = []
        var workbooks: [(path: String, config: Configuration, rules: ActiveRules)] = []
        var seen = Set<String>()
        var skipped: [SkippedPath] = []
        for path in paths {
            // A workbook (.xlsx, or a directory of CSV files) is one agency (docs/workbook.md).
            if WorkbookInput.isWorkbook(path) {
                // The workbook's own settings sheet is its nearest `.lintas.yml`; `--config` wins.
                let (config, rules) =
                    try options.configFile == nil
                    ? WorkbookInput.settings(path).map { try setup(settings: $0, of: path) }
                        ?? setup(Configuration.find(from: path)) : setup(options.configFile)
                if seen.insert(AgencyDiscovery.display(path)).inserted { workbooks.append((path, config, rules)) }
                continue
            }
            let pathConfig = try setup(options.configFile ?? Configuration.find(from: path))
            var discovery = AgencyDiscovery()
            discovery.ignore = pathConfig.0.ignore
            let found = try discovery.discoverAll(path)
            skipped += found.skipped
            for input in found.agencies where seen.insert(input.name).inserted {
                let (config, rules) = try setup(options.configFile ?? Configuration.find(from: input.root))
                if input.isWorkbook {
                    workbooks.append((input.root, config, rules))
                    continue
                }
                plans.append(Plan(input: input, config: config, rules: rules))
            }
        }
        if let (bytes, given) = standardInput {
            let name = AgencyDiscovery.display(given)
            let (config, rules) = try setup(options.configFile ?? Configuration.find(from: name))
            let input = AgencyInput(name: name, root: name, isDirectory: false, files: [name], contents: [name: bytes])
            plans.append(Plan(input: input, config: config, rules: rules))
        }
        var baselines: [String: Baseline] = [:]
        var waivers: [String: [WaiverEngine.Waiver]] = [:]
        for config in plans.map(\.config) + workbooks.map(\.config) {
            if let b = options.baselineFile ?? config.baseline, baselines[b] == nil,
                options.baselineFile != nil || FileManager.default.fileExists(atPath: b)
            {
                baselines[b] = try Baseline.load(b)
            }
            if let w = config.waivers, waivers[w] == nil {
                waivers[w] = try WaiverEngine.load(w)
            }
        }
        let baselinesByFile = baselines
        let waiversByFile = waivers
        let done = Finished()
        let results = ParallelMap.map(plans, jobs: options.jobs) { plan in
            finish(
                check(
                    plan, baseline: (self.options.baselineFile ?? plan.config.baseline).flatMap { baselinesByFile[$0] },
                    waivers: plan.config.waivers.flatMap { waiversByFile[$0] } ?? []), rules: plan.rules, done)
        }
        var allResults = results
        var allRules = plans.map(\.rules)
        for w in workbooks {
            let baseline = (options.baselineFile ?? w.config.baseline).flatMap { baselinesByFile[$0] }
            // A path that is not there is exit 2, as for YAML; a workbook that is there but cannot
            // be read (not a ZIP, a bomb, a broken part) is a Y001 finding of its own, so the other
            // agencies of the run are still checked.
            guard FileManager.default.fileExists(atPath: w.path) else {
                throw LintasError("path not found / jalur tidak ditemukan: \(w.path)")
            }
            do {
                let imported = try WorkbookInput.imported(w.path)
                allResults.append(
                    finish(
                        checkWorkbook(
                            imported, config: w.config, rules: w.rules, baseline: baseline,
                            waivers: w.config.waivers.flatMap { waiversByFile[$0] } ?? []), rules: w.rules, done))
            } catch let e as LintasError {
                allResults.append(
                    finish(
                        unreadableWorkbook(w.path, e, config: w.config, rules: w.rules, baseline: baseline),
                        rules: w.rules, done))
            }
            allRules.append(w.rules)
        }
        // Only the rules in force for a checked agency, merged in agency order (the first agency's
        // descriptor wins for a code two configs word differently): the same agencies give the same
        // rule table wherever lintas is run from, and from one run to the next.
        var rules: [String: RuleDescriptor] = [:]
        for (_, active) in zip(allResults, allRules).sorted(by: { $0.0.name < $1.0.name }) {
            rules.merge(active.rules) { a, _ in a }
        }
        if let (_, error) = done.errors.min(by: { $0.agency < $1.agency }) { throw error }
        var report = LintReport(agencies: allResults.sorted { $0.name < $1.name }, rules: rules)
        report.skipped = skipped.sorted { $0.path < $1.path }
        report.modelsIncomplete = done.modelsDropped
        return report
    }

    /// What the agencies checked so far have left: errors of ``LintOptions/eachAgency`` and the
    /// employees of the models kept. Shared by the checking threads.
    final class Finished: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var errors: [(agency: String, error: any Error)] = []
        private var keptEmployees = 0
        private(set) var modelsDropped = false

        func failed(_ agency: String, _ error: any Error) {
            lock.lock()
            errors.append((agency, error))
            lock.unlock()
        }

        /// Whether a model of `employees` employees may be kept within `limit`.
        func keep(_ employees: Int, limit: Int?) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard let limit else { return true }
            if modelsDropped || keptEmployees + employees > limit {
                modelsDropped = true
                return false
            }
            keptEmployees += employees
            return true
        }
    }

    /// An agency's result once checked: handed to ``LintOptions/eachAgency``, then its model
    /// released unless ``LintOptions/keepModels`` (and the limit) keep it.
    func finish(_ checked: AgencyResult, rules: ActiveRules, _ done: Finished) -> AgencyResult {
        var result = checked
        if let each = options.eachAgency {
            do { try each(LintReport(agencies: [result], rules: rules.rules)) } catch {
                done.failed(result.name, error)
            }
        }
        if !options.keepModels || !done.keep(result.agency?.employees.count ?? 0, limit: options.keptEmployeesLimit) {
            result.agency = nil
        }
        if !options.keepModels && !result.sources.isEmpty {
            let shown = Set(result.findings.map(\.location.file))
            result.sources = result.sources.filter { shown.contains($0.key) }
        }
        return result
    }

    /// The rules over one read agency: its loading findings and every check with an enabled rule,
    /// worded (before suppressions, waivers and baseline).
    /// `index` is the agency's index when the caller has built it already (it is built otherwise).
    static func findings(
        _ agency: Agency, index: AgencyIndex? = nil, loadDiagnostics: consuming [Diagnostic], rules: ActiveRules,
        asOf: CivilDate
    ) -> [Finding] {
        let context = CheckContext(agency: agency, index: index ?? AgencyIndex(agency), rules: rules, asOf: asOf)
        context.words = Wording.Cache(rules)
        for d in loadDiagnostics { context.report(d) }
        loadDiagnostics = []
        for check in CheckRegistry.checks where check.codes.contains(where: rules.isEnabled) {
            check.check(context)
        }
        return context.takeFindings()
    }

    func check(_ plan: Plan, baseline: Baseline?, waivers: [WaiverEngine.Waiver]) -> AgencyResult {
        let asOf = options.asOf ?? plan.config.asOf ?? options.today
        var loaded = AgencyLoader.load(plan.input, limits: options.limits)
        // Handed over, not kept: a flood's loading diagnostics are not held beside their findings.
        let loadDiagnostics = loaded.diagnostics
        loaded.diagnostics = []
        // One index for the rules and the batch figures.
        let index = AgencyIndex(loaded.agency)
        var findings = Linter.findings(
            loaded.agency, index: index, loadDiagnostics: consume loadDiagnostics, rules: plan.rules, asOf: asOf)
        var extra: [Diagnostic] = []
        if options.inlineSuppressions {
            extra += SuppressionEngine.apply(to: &findings, sources: loaded.sources, rules: plan.rules)
        }
        if !waivers.isEmpty {
            extra += WaiverEngine.apply(
                to: &findings, waivers: waivers, asOf: asOf, agencyFiles: plan.input.reportedPaths)
        }
        let words = Wording.Cache(plan.rules)
        findings += extra.filter { plan.rules.isEnabled($0.code) }.compactMap { Wording.finding($0, words: words) }
        var fixed = 0
        if let baseline {
            fixed = baseline.apply(
                to: &findings, files: plan.input.reportedPaths, agency: plan.input.name, anchor: options.anchor)
        }
        Finding.sortOrdered(&findings)
        return AgencyResult(
            name: plan.input.name, files: plan.input.files, packs: plan.rules.packs, asOf: asOf,
            configFile: plan.config.file, findings: findings, sources: loaded.sources, fixedBaselineEntries: fixed,
            agency: loaded.agency,
            figures: AgencyFigures.compute(loaded.agency, index: index, rules: plan.rules, findings: findings))
    }
}

/// Fills message templates from packs. The only place findings get their words.
public enum Wording {
    /// Placeholder names in a template.
    public static func placeholders(_ template: String) -> Set<String> {
        var out = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    public static func finding(_ d: Diagnostic, rules: ActiveRules) -> Finding? {
        finding(d, words: Cache(rules))
    }

    /// The finding of a diagnostic. Its message and notes keep the pack template and the
    /// diagnostic's values, and are worded when a reporter asks for a language (``LocalizedText``).
    static func finding(_ d: Diagnostic, words: Cache) -> Finding? {
        guard let rule = words.rule(d.code) else { return nil }
        let severity = rule.severityConfigured ? rule.severity : (d.suggestedSeverity ?? rule.severity)
        var notes: [FindingNote] = []
        if !d.notes.isEmpty {
            notes.reserveCapacity(d.notes.count)
            for n in d.notes {
                notes.append(
                    FindingNote(
                        message: LocalizedText(template: rule.note(n.variant), args: n.args.isEmpty ? d.args : n.args),
                        location: n.location))
            }
        }
        return Finding(
            rule: d.code, ruleName: rule.descriptor.name, severity: severity,
            message: LocalizedText(template: rule.message(d.variant), args: d.args),
            location: d.location, path: d.path, entity: d.entity, notes: notes,
            citation: rule.descriptor.citation, basis: rule.descriptor.basis)
    }

    /// The enabled rules' descriptors and compiled templates, looked up once per code and variant
    /// (not once per finding). One per agency check; not shared between threads.
    final class Cache {
        final class Rule {
            let descriptor: RuleDescriptor
            let severity: Severity
            let severityConfigured: Bool
            private var messages: [String: MessageTemplate] = [:]
            private var notes: [String: MessageTemplate] = [:]
            /// The variant asked for last (a flood asks for the same one in a row).
            private var lastMessage: (variant: String, template: MessageTemplate)?
            private var lastNote: (variant: String, template: MessageTemplate)?

            init(_ descriptor: RuleDescriptor, severity: Severity, configured: Bool) {
                self.descriptor = descriptor
                self.severity = severity
                self.severityConfigured = configured
            }

            func message(_ variant: String) -> MessageTemplate {
                if let last = lastMessage, last.variant == variant { return last.template }
                let t: MessageTemplate
                if let known = messages[variant] {
                    t = known
                } else {
                    let r = descriptor
                    t = MessageTemplate(
                        r.messages[variant] ?? r.messages["default"] ?? r.messages.values.first ?? r.title)
                    messages[variant] = t
                }
                lastMessage = (variant, t)
                return t
            }

            func note(_ variant: String) -> MessageTemplate {
                if let last = lastNote, last.variant == variant { return last.template }
                let t: MessageTemplate
                if let known = notes[variant] {
                    t = known
                } else {
                    t = MessageTemplate(descriptor.notes[variant] ?? LocalizedText(id: variant, en: variant))
                    notes[variant] = t
                }
                lastNote = (variant, t)
                return t
            }
        }

        let rules: ActiveRules
        /// nil: the rule is unknown or off.
        private var byCode: [String: Rule?] = [:]
        /// The code asked for last (a check reports one code many times in a row).
        private var last: (code: String, rule: Rule?)?

        init(_ rules: ActiveRules) { self.rules = rules }

        func rule(_ code: String) -> Rule? {
            if let last, last.code == code { return last.rule }
            var r: Rule?
            if let known = byCode[code] {
                r = known
            } else {
                if let d = rules.rule(code), case .on(let s) = d.severity {
                    r = Rule(d, severity: s, configured: rules.configuredSeverity.contains(code))
                }
                byCode[code] = r
            }
            last = (code, r)
            return r
        }
    }
}

/// Maps over items on up to `jobs` threads, keeping the input order.
enum ParallelMap {
    final class Box<T>: @unchecked Sendable {
        var items: [T?]
        let lock = NSLock()
        init(count: Int) { items = Array(repeating: nil, count: count) }
    }

    static func map<T: Sendable, U: Sendable>(_ input: [T], jobs: Int, _ f: @Sendable (T) -> U) -> [U] {
        if jobs <= 1 || input.count <= 1 { return input.map(f) }
        let box = Box<U>(count: input.count)
        let next = Box<Int>(count: 1)
        next.items[0] = 0
        let workers = min(jobs, input.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                next.lock.lock()
                let i = next.items[0]!
                next.items[0] = i + 1
                next.lock.unlock()
                if i >= input.count { return }
                let r = f(input[i])
                box.lock.lock()
                box.items[i] = r
                box.lock.unlock()
            }
        }
        return box.items.map { $0! }
    }
}

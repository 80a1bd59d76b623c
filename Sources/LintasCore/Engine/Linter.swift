import Foundation

/// Checks agencies: discovery, config, loading, rules, wording, suppressions, sorting. Inputs that
/// are not YAML are checked by the ``AgencySource`` that claims them.
public struct Linter: Sendable {
    let catalog: RuleCatalog
    let options: LintOptions
    /// The inputs that are not YAML, asked in order (``AgencySource``).
    let sources: [any AgencySource]

    /// The sources every run has: workbooks (`.xlsx`, a folder of CSV files; docs/workbook.md).
    static let builtInSources: [any AgencySource] = [WorkbookSource()]

    public init(catalog: RuleCatalog, options: LintOptions) {
        self.init(catalog: catalog, options: options, sources: Linter.builtInSources)
    }

    init(catalog: RuleCatalog, options: LintOptions, sources: [any AgencySource]) {
        self.catalog = catalog
        self.options = options
        self.sources = sources
    }

    /// The source that claims `path` given on the command line, if any.
    func source(claiming path: String) -> (any AgencySource)? { sources.first { $0.claims(path) } }

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
            if let source = source(claiming: path) {
                if seen.insert(shown).inserted { out.agencies.append(source.listed(path)) }
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
        // A source's own settings, shown as `file`.
        func setup(settings text: String, file: String) throws -> (Configuration, ActiveRules) {
            if let c = configs[file] { return c }
            let config = try Configuration.parse(Array(text.utf8), file: file, catalog: catalog)
            let rules = try config.activeRules(
                catalog: catalog, extraPacks: options.extraPacks, paramOverrides: options.params)
            configs[file] = (config, rules)
            return (config, rules)
        }
        // A source's agency, named or found in a folder: its own settings, else its nearest
        // `.lintas.yml`, so a workbook checks the same wherever it is (docs/workbook.md); `--config` wins.
        func setup(source: any AgencySource, _ path: String) throws -> (Configuration, ActiveRules) {
            if options.configFile == nil, let own = source.settings(path) {
                return try setup(settings: own.text, file: own.name)
            }
            return try setup(options.configFile ?? Configuration.find(from: path))
        }
        var plans: [Plan] = []
        var claimed: [(source: any AgencySource, path: String, config: Configuration, rules: ActiveRules)] = []
        var seen = Set<String>()
        var skipped: [SkippedPath] = []
        for path in paths {
            // A path a source claims is one agency of that source.
            if let source = source(claiming: path) {
                let (config, rules) = try setup(source: source, path)
                if seen.insert(AgencyDiscovery.display(path)).inserted { claimed.append((source, path, config, rules)) }
                continue
            }
            let pathConfig = try setup(options.configFile ?? Configuration.find(from: path))
            var discovery = AgencyDiscovery()
            discovery.ignore = pathConfig.0.ignore
            let found = try discovery.discoverAll(path)
            skipped += found.skipped
            for input in found.agencies where seen.insert(input.name).inserted {
                if let source = sources.first(where: { $0.claims(discovered: input) }) {
                    let (config, rules) = try setup(source: source, input.root)
                    claimed.append((source, input.root, config, rules))
                    continue
                }
                let (config, rules) = try setup(options.configFile ?? Configuration.find(from: input.root))
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
        for config in plans.map(\.config) + claimed.map(\.config) {
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
        for c in claimed {
            let context = AgencySourceContext(
                options: options, config: c.config, rules: c.rules,
                baseline: (options.baselineFile ?? c.config.baseline).flatMap { baselinesByFile[$0] },
                waivers: c.config.waivers.flatMap { waiversByFile[$0] } ?? [])
            allResults.append(finish(try c.source.check(c.path, context), rules: c.rules, done))
            allRules.append(c.rules)
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

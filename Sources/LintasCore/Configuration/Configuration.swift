import Foundation

/// A rule's setting in the config: `off`, a severity, or `{ severity, params }`.
struct RuleSetting: Sendable, Hashable {
    var level: RuleLevel?
    var params: [String: ParamValue]
}

/// `.lintas.yml`: versioned and strict. Unknown keys and bad values are errors with file:line:col.
public struct Configuration: Sendable {
    static let fileName = ".lintas.yml"
    static let keys = [
        "version", "packs", "as_of", "rules", "params", "ignore", "baseline", "waivers", "rules_dir",
    ]

    /// The config file, as displayed; nil for the defaults.
    var file: String?
    var packs: [String]?
    var asOf: CivilDate?
    var rules: [String: RuleSetting] = [:]
    var params: [String: ParamValue] = [:]
    var ignore: [String] = []
    /// Paths resolved against the config's directory.
    var baseline: String?
    var waivers: String?
    var rulesDir: String?

    public init() {}

    /// The nearest `.lintas.yml` in `path` (or its directory) or a parent.
    public static func find(from path: String) -> String? {
        var isDir: ObjCBool = false
        var dir = URL(fileURLWithPath: path).standardizedFileURL
        if !(FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) && isDir.boolValue) {
            dir = dir.deletingLastPathComponent()
        }
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return AgencyDiscovery.display(candidate) }
            let up = dir.deletingLastPathComponent()
            if up.path == dir.path { return nil }
            dir = up
        }
    }

    static func load(_ file: String, catalog: RuleCatalog) throws -> Configuration {
        let bytes = try SafeFile.toolFile(file, what: "cannot read config / konfigurasi tidak dapat dibaca")
        return try parse(bytes, file: file, catalog: catalog)
    }

    static func parse(_ bytes: [UInt8], file: String, catalog: RuleCatalog) throws -> Configuration {
        let r = DataReader(file: file)
        var c = Configuration()
        c.file = file
        if bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) { return c }
        let root = try r.load(bytes)
        if root.isNull { return c }
        let m = try r.map(root, allowed: keys, what: "config")
        let base = URL(fileURLWithPath: file).deletingLastPathComponent().path
        func resolve(_ p: String) -> String {
            p.hasPrefix("/")
                ? p
                : AgencyDiscovery.display(URL(fileURLWithPath: base).appendingPathComponent(p).standardizedFileURL.path)
        }
        if let v = m["version"] {
            guard v.value.scalar?.int == 1 else { throw r.error("unsupported config version (supported: 1)", v.value) }
        }
        if let p = m["packs"] {
            let ids = try r.stringList(p.value, "packs")
            for (i, id) in ids.enumerated() where catalog.pack(id) == nil {
                let hint = Suggest.closest(to: id, in: catalog.packs.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                throw r.error("unknown pack '\(id)'\(hint)", p.value.items?[i] ?? p.value)
            }
            c.packs = ids
        }
        if let a = m["as_of"] {
            guard let s = a.value.scalar, let d = CivilDate(iso: s.text) else {
                throw r.error("as_of must be a date YYYY-MM-DD", a.value)
            }
            c.asOf = d
        }
        let allRules = catalog.rules(enabling: catalog.packs.map(\.id))
        if let rules = m["rules"] {
            guard let pairs = rules.value.pairs else {
                throw r.error("rules must be a mapping of CODE -> setting", rules.value)
            }
            for p in pairs {
                let code = try r.string(p.key, "rule code")
                guard let rule = allRules[code] else {
                    let hint = Suggest.closest(to: code, in: allRules.keys).map { "; did you mean '\($0)'?" } ?? ""
                    throw r.error("unknown rule '\(code)'\(hint)", p.key)
                }
                var setting = RuleSetting(level: nil, params: [:])
                if p.value.scalar != nil {
                    setting.level = try r.level(p.value, "rules.\(code)")
                } else {
                    let sm = try r.map(p.value, allowed: ["severity", "params"], what: "rules.\(code)")
                    setting.level = try sm["severity"].map { try r.level($0.value, "rules.\(code).severity") }
                    if let pp = sm["params"] {
                        setting.params = try r.params(pp.value, "rules.\(code).params")
                        for (k, _) in setting.params where rule.params[k] == nil {
                            let node = pp.value.pairs?.first { $0.key.scalar?.text == k }?.key ?? pp.value
                            let hint =
                                Suggest.closest(to: k, in: rule.params.keys).map { "; did you mean '\($0)'?" } ?? ""
                            throw r.error(
                                "rule \(code) has no parameter '\(k)'\(hint) (has: \(rule.params.keys.sorted().joined(separator: ", ")))",
                                node)
                        }
                    }
                }
                c.rules[code] = setting
            }
        }
        if let params = m["params"] {
            let known = catalog.packs.flatMap { p in p.params.keys.map { "\(p.id).\($0)" } }
            c.params = try r.params(params.value, "params")
            for (k, _) in c.params where !known.contains(k) {
                let node = params.value.pairs?.first { $0.key.scalar?.text == k }?.key ?? params.value
                let hint = Suggest.closest(to: k, in: known).map { "; did you mean '\($0)'?" } ?? ""
                throw r.error(
                    "unknown pack parameter '\(k)'\(hint) (known: \(known.sorted().joined(separator: ", ")))", node)
            }
            for (k, v) in c.params where k.hasSuffix(".diundangkan") {
                guard let s = v.string, CivilDate(iso: s) != nil else {
                    let node = params.value.pairs?.first { $0.key.scalar?.text == k }?.value ?? params.value
                    throw r.error("\(k) must be a date YYYY-MM-DD", node)
                }
            }
        }
        if let i = m["ignore"] {
            c.ignore = try r.stringList(i.value, "ignore")
            if c.ignore.count > Glob.maxPatterns {
                throw r.error("too many ignore patterns: \(c.ignore.count) (at most \(Glob.maxPatterns))", i.value)
            }
            for (k, g) in c.ignore.enumerated() where g.utf8.count > Glob.maxPatternBytes {
                throw r.error(
                    "ignore pattern too long: \(g.utf8.count) bytes (at most \(Glob.maxPatternBytes))",
                    i.value.items?[k] ?? i.value)
            }
        }
        /// A path of the config stays inside the config's repository (its git top level, else its
        /// directory), links resolved: a pull request's `.lintas.yml` must not make lintas read the
        /// runner's files (`/proc/self/environ`). The command line's options are not confined.
        func confined(_ key: String, _ node: YAMLNode) throws -> String {
            let path = resolve(try r.string(node, key))
            let configDir = PathAnchor.normalise(URL(fileURLWithPath: base).standardizedFileURL.path)
            let root = PathAnchor.repositoryRoot(above: configDir) ?? configDir
            let rootReal = PathAnchor.physical(root) ?? root
            guard
                let real = Configuration.physicalPath(
                    PathAnchor.normalise(URL(fileURLWithPath: path).standardizedFileURL.path)),
                real == rootReal || real.hasPrefix(rootReal == "/" ? "/" : rootReal + "/")
            else {
                throw r.error(
                    "\(key) '\(path)': is outside the repository of the config (\(root)); give such a file on the command line / "
                        + "di luar repositori konfigurasi (\(root)); berikan berkas seperti itu lewat baris perintah",
                    node)
            }
            return path
        }
        if let b = m["baseline"] { c.baseline = try confined("baseline", b.value) }
        if let w = m["waivers"] { c.waivers = try confined("waivers", w.value) }
        if let d = m["rules_dir"] { c.rulesDir = try confined("rules_dir", d.value) }
        return c
    }

    /// `path` (absolute) with symbolic links resolved: its nearest existing ancestor's real path
    /// and the rest as written; nil when a component cannot be resolved (a link loop).
    static func physicalPath(_ path: String) -> String? {
        var head = path
        var rest: [Substring] = []
        while true {
            var s = stat()
            if lstat(head, &s) == 0 {
                guard let real = PathAnchor.physical(head) else { return nil }
                return rest.reversed().reduce(real) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            if head == "/" { return nil }
            rest.append(Substring((head as NSString).lastPathComponent))
            head = PathAnchor.parent(head)
        }
    }

    /// The rules in force: packs from the config (or defaults) plus `extraPacks`, then rule and
    /// parameter settings from the config, then `paramOverrides` (`--param pack.name=value`).
    public func activeRules(catalog: RuleCatalog, extraPacks: [String], paramOverrides: [String: String]) throws
        -> ActiveRules
    {
        let packs = try catalog.resolvePacks(self.packs, extra: extraPacks)
        var rules = catalog.rules(enabling: packs)
        var configured = Set<String>()
        for (code, rule) in rules where !rule.overriddenBy.isEmpty {
            if rule.severity != catalog.pack(rule.pack)?.rules.first(where: { $0.code == code })?.severity {
                configured.insert(code)
            }
        }
        for (code, s) in self.rules {
            guard var r = rules[code] else { continue }
            if let l = s.level {
                r.severity = l
                configured.insert(code)
            }
            let before = r.params
            for (k, v) in s.params { r.params[k] = v }
            // A rule that is off until its parameter is set (K003, K004) is on once the config sets it.
            if s.level == nil { r.activateBySetParameter(s.params, before: before) }
            rules[code] = r
        }
        var packParams: [String: PackParam] = [:]
        for id in packs {
            for (k, v) in catalog.pack(id)?.params ?? [:] { packParams["\(id).\(k)"] = v }
        }
        for (k, v) in params {
            packParams[k] = PackParam(value: v, source: "config \(file ?? Configuration.fileName)", verified: nil)
        }
        for (k, v) in paramOverrides {
            guard
                packParams[k] != nil
                    || catalog.packs.contains(where: { p in p.params.keys.contains { "\(p.id).\($0)" == k } })
            else {
                throw LintasError("unknown pack parameter '\(k)' in --param")
            }
            if k.hasSuffix(".diundangkan"), CivilDate(iso: v) == nil {
                throw LintasError("--param \(k) must be a date YYYY-MM-DD")
            }
            packParams[k] = PackParam(value: .string(v), source: "--param \(k)", verified: nil)
        }
        return ActiveRules(packs: packs, rules: rules, configuredSeverity: configured, packParams: packParams)
    }
}

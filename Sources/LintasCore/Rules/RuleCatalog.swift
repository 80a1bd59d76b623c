import Foundation

/// All packs known to a run: the built-in ones and any from `--rules` directories.
public struct RuleCatalog: Sendable {
    public private(set) var packs: [RulePack]

    /// The packs compiled into the binary.
    public static func builtIn() throws -> RuleCatalog {
        var packs: [RulePack] = []
        for (name, text) in EmbeddedResources.packs.sorted(by: { $0.key < $1.key }) {
            packs.append(try parsePack(Array(text.utf8), file: "<built-in>/rules/\(name)"))
        }
        return RuleCatalog(packs: packs)
    }

    /// Built-in packs a directory's pack may not replace: `dasar` is always on and holds the
    /// integrity rules (Y, S, R...); a same-named pack would switch them off silently.
    static let irreplaceable: Set<String> = ["dasar"]

    /// Adds (or replaces, by id) packs from every `*.yaml` file in a directory; a pack named like
    /// one of ``irreplaceable`` is refused.
    public mutating func addPacks(fromDirectory dir: String) throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            throw LintasError("cannot read rules directory / direktori aturan tidak dapat dibaca: \(dir)")
        }
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            let data = try SafeFile.toolFile(path, what: "cannot read rule pack / paket aturan tidak dapat dibaca")
            let pack = try RuleCatalog.parsePack(data, file: path)
            if RuleCatalog.irreplaceable.contains(pack.id) {
                throw LintasError(
                    "\(path): pack '\(pack.id)' holds the built-in integrity rules and cannot be replaced; give your pack another id / paket '\(pack.id)' berisi aturan integritas bawaan dan tidak dapat diganti; beri paket Anda id lain"
                )
            }
            packs.removeAll { $0.id == pack.id }
            packs.append(pack)
        }
        packs.sort { $0.id < $1.id }
    }

    public func pack(_ id: String) -> RulePack? { packs.first { $0.id == id } }

    /// Every rule of every pack, with the pack overrides of `enabled` packs applied.
    func rules(enabling enabled: [String]) -> [String: RuleDescriptor] {
        var out: [String: RuleDescriptor] = [:]
        for p in packs where enabled.contains(p.id) {
            for r in p.rules { out[r.code] = r }
        }
        for p in packs where enabled.contains(p.id) {
            for o in p.overrides {
                guard var r = out[o.code] else { continue }
                if let s = o.severity { r.severity = s }
                if let b = o.basis { r.basis = b }
                if let c = o.citation { r.citation = c }
                if let w = o.why { r.why = w }
                let before = r.params
                for (k, v) in o.params { r.params[k] = v }
                if o.severity == nil { r.activateBySetParameter(o.params, before: before) }
                r.overriddenBy.append(p.id)
                out[o.code] = r
            }
        }
        return out
    }

    /// The rule as described by its own pack, with the overrides of every pack that names it.
    public func describe(_ code: String) -> RuleDescriptor? {
        rules(enabling: packs.map(\.id))[code]
    }

    /// Default pack selection plus `extra`, with required packs pulled in; unknown ids are errors.
    func resolvePacks(_ requested: [String]?, extra: [String]) throws -> [String] {
        var want = requested ?? packs.filter(\.enabledByDefault).map(\.id)
        want += extra
        // `dasar` is always on.
        if !want.contains("dasar"), pack("dasar") != nil { want.insert("dasar", at: 0) }
        var out: [String] = []
        var queue = want
        while !queue.isEmpty {
            let id = queue.removeFirst()
            if out.contains(id) { continue }
            guard let p = pack(id) else {
                let hint = Suggest.closest(to: id, in: packs.map(\.id)).map { "; did you mean '\($0)'?" } ?? ""
                throw LintasError("unknown pack '\(id)'\(hint) (known: \(packs.map(\.id).joined(separator: ", ")))")
            }
            out.append(id)
            queue += p.requires
        }
        return out.sorted { a, b in
            // Base packs first, then by id, so overrides apply in a stable order.
            let ra = pack(a)?.requires.isEmpty ?? true
            let rb = pack(b)?.requires.isEmpty ?? true
            return ra != rb ? ra : a < b
        }
    }

    static func parsePack(_ bytes: [UInt8], file: String) throws -> RulePack {
        let r = DataReader(file: file)
        let root = try r.load(bytes)
        let top = try r.map(
            root,
            allowed: ["pack", "title", "regulation", "enabled_by_default", "requires", "params", "rules", "overrides"],
            what: "pack")
        guard let idPair = top["pack"] else { throw r.error("pack needs 'pack' (its id)", root) }
        let id = try r.string(idPair.value, "pack")
        var params: [String: PackParam] = [:]
        if let pp = top["params"], let pairs = pp.value.pairs {
            for p in pairs {
                let name = try r.string(p.key, "parameter name")
                let m = try r.map(p.value, allowed: ["value", "source", "verified"], what: "pack parameter '\(name)'")
                guard let v = m["value"], let value = ParamValue(node: v.value) else {
                    throw r.error("pack parameter '\(name)' needs a scalar 'value'", p.value)
                }
                // `source` is a text in both languages ({id, en}), or one string for both.
                let source: LocalizedText? = try m["source"].map {
                    $0.value.pairs != nil
                        ? try r.text($0.value, "source") : LocalizedText(try r.string($0.value, "source"))
                }
                params[name] = PackParam(
                    value: value, source: source?.id,
                    verified: try m["verified"].map { try r.bool($0.value, "verified") },
                    sourceText: source)
            }
        }
        var rules: [RuleDescriptor] = []
        for node in top["rules"]?.value.items ?? [] {
            rules.append(try parseRule(node, pack: id, reader: r))
        }
        var overrides: [RuleOverride] = []
        for node in top["overrides"]?.value.items ?? [] {
            let m = try r.map(
                node, allowed: ["code", "severity", "basis", "citation", "why", "params"], what: "override")
            guard let c = m["code"] else { throw r.error("override needs 'code'", node) }
            overrides.append(
                RuleOverride(
                    code: try r.string(c.value, "code"),
                    severity: try m["severity"].map { try r.level($0.value, "severity") },
                    basis: try m["basis"].map { try basis($0.value, r) },
                    citation: try m["citation"].map { try r.text($0.value, "citation") },
                    why: try m["why"].map { try r.text($0.value, "why") },
                    params: try m["params"].map { try r.params($0.value, "params") } ?? [:]))
        }
        return RulePack(
            id: id,
            title: try top["title"].map { try r.text($0.value, "title") } ?? LocalizedText(id),
            regulation: try top["regulation"].map { try r.text($0.value, "regulation") } ?? LocalizedText(""),
            enabledByDefault: try top["enabled_by_default"].map { try r.bool($0.value, "enabled_by_default") } ?? false,
            requires: try top["requires"].map { try r.stringList($0.value, "requires") } ?? [],
            params: params, rules: rules, overrides: overrides, source: file)
    }

    static func basis(_ node: YAMLNode, _ r: DataReader) throws -> Basis {
        let s = try r.string(node, "basis")
        guard let b = Basis(rawValue: s) else {
            throw r.error("basis must be one of text, secondary, practice, inference (got '\(s)')", node)
        }
        return b
    }

    static func parseRule(_ node: YAMLNode, pack: String, reader r: DataReader) throws -> RuleDescriptor {
        let keys = [
            "code", "name", "status", "severity", "basis", "inference", "citation", "title", "params", "messages",
            "notes", "what", "why", "fix",
        ]
        let m = try r.map(node, allowed: keys, what: "rule")
        func need(_ k: String) throws -> YAMLNode {
            guard let p = m[k] else { throw r.error("rule needs '\(k)'", node) }
            return p.value
        }
        let code = try r.string(try need("code"), "code")
        guard code.utf8.count == 4, code.first!.isUppercase, Int(code.dropFirst()) != nil else {
            throw r.error("rule code must be a letter and three digits (got '\(code)')", try need("code"))
        }
        func texts(_ k: String) throws -> [String: LocalizedText] {
            guard let n = m[k]?.value, !n.isNull else { return [:] }
            guard let pairs = n.pairs else { throw r.error("\(k) must be a mapping of variant -> {id, en}", n) }
            var out: [String: LocalizedText] = [:]
            for p in pairs { out[try r.string(p.key, k)] = try r.text(p.value, "\(code).\(k)") }
            return out
        }
        var inference: InferenceKind?
        if let k = m["inference"] {
            let text = try r.string(k.value, "inference")
            guard let kind = InferenceKind(rawValue: text) else {
                throw r.error("inference must be one of integrity, contradiction, judgement (got '\(text)')", k.value)
            }
            inference = kind
        }
        let messages = try texts("messages")
        guard messages["default"] != nil || !messages.isEmpty else {
            throw r.error("rule \(code) needs messages", node)
        }
        return RuleDescriptor(
            code: code, name: try r.string(try need("name"), "name"), pack: pack,
            status: try m["status"].map { try r.string($0.value, "status") } ?? "stable",
            severity: try r.level(try need("severity"), "severity"),
            basis: try basis(try need("basis"), r),
            inference: inference,
            citation: try r.text(try need("citation"), "\(code).citation"),
            title: try r.text(try need("title"), "\(code).title"),
            params: try m["params"].map { try r.params($0.value, "params") } ?? [:],
            messages: messages, notes: try texts("notes"),
            what: try m["what"].map { try r.text($0.value, "what") } ?? LocalizedText(""),
            why: try m["why"].map { try r.text($0.value, "why") } ?? LocalizedText(""),
            fix: try m["fix"].map { try r.text($0.value, "fix") } ?? LocalizedText(""))
    }
}

extension RuleDescriptor {
    /// The severity a rule that is off until its parameter is set (K003, K004: a parameter whose
    /// pack value is `null`) takes when a pack override or the config sets that parameter without
    /// naming a severity.
    static let severityWhenParameterSet = Severity.warning

    /// Turns such a rule on (``severityWhenParameterSet``) when `set` gives one of its parameters
    /// that were null (in `before`) a value; a rule that is on is unchanged.
    mutating func activateBySetParameter(_ set: [String: ParamValue], before: [String: ParamValue]) {
        guard case .off = severity else { return }
        let switches = set.contains { k, v in !v.isNull && before[k] == .null }
        if switches { severity = .on(RuleDescriptor.severityWhenParameterSet) }
    }
}

import Foundation

/// Reads strict YAML data files (packs, config, waivers) with errors at file:line:col.
struct DataReader {
    let file: String

    func error(_ message: String, _ node: YAMLNode) -> LintasError {
        LintasError(message, at: SourceLocation(file: file, range: node.range))
    }

    func load(_ bytes: [UInt8]) throws -> YAMLNode {
        let loaded = YAMLLoader.load(bytes: bytes, file: file)
        if let d = loaded.diagnostics.first {
            let detail = d.args["problem"] ?? d.args["key"].map { "duplicate key '\($0)'" } ?? DataReader.words(d)
            throw LintasError("invalid YAML (\(d.code)): \(detail)", at: d.location)
        }
        guard loaded.documents.count == 1, let root = loaded.documents.first else {
            throw LintasError("expected exactly one YAML document", at: SourceLocation(file: file, line: 1, column: 1))
        }
        return root
    }

    /// A loader limit in words (an alias bomb, nesting too deep, a scalar too long), for a tool
    /// file's error: "alias expansion over 100000 nodes", never just the code.
    static func words(_ d: Diagnostic) -> String {
        let limit = d.args["limit"] ?? "?"
        switch (d.code, d.variant) {
        case ("Y003", "aliases"): return "alias expansion (of '\(d.args["alias"] ?? "?")') over \(limit) nodes"
        case ("Y003", _): return "\(d.args["what"] ?? "nesting depth") over \(limit) levels"
        case ("Y005", _): return "\(d.args["what"] ?? "value") over \(limit) bytes"
        default:
            let args = d.args.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            return args.isEmpty ? d.code : args
        }
    }

    func map(_ node: YAMLNode, allowed: [String], what: String) throws -> [String: YAMLPair] {
        guard let pairs = node.pairs else { throw error("\(what) must be a mapping", node) }
        var out: [String: YAMLPair] = [:]
        for p in pairs {
            guard let k = p.key.scalar?.text else { throw error("keys of \(what) must be strings", p.key) }
            guard allowed.contains(k) else {
                let hint =
                    Suggest.closest(to: k, in: allowed).map { "; did you mean '\($0)'?" }
                    ?? "; allowed: \(allowed.joined(separator: ", "))"
                throw error("unknown key '\(k)' in \(what)\(hint)", p.key)
            }
            out[k] = p
        }
        return out
    }

    func string(_ node: YAMLNode, _ what: String) throws -> String {
        guard let s = node.scalar, !s.isNull else { throw error("\(what) must be a string", node) }
        return s.text
    }

    func text(_ node: YAMLNode, _ what: String) throws -> LocalizedText {
        let m = try map(node, allowed: ["id", "en"], what: what)
        guard let id = m["id"] else { throw error("\(what) needs 'id' (Indonesian)", node) }
        return LocalizedText(
            id: try string(id.value, "\(what).id"), en: try m["en"].map { try string($0.value, "\(what).en") } ?? "")
    }

    func bool(_ node: YAMLNode, _ what: String) throws -> Bool {
        guard let b = node.scalar?.bool else { throw error("\(what) must be true or false", node) }
        return b
    }

    func stringList(_ node: YAMLNode, _ what: String) throws -> [String] {
        guard let items = node.items else { throw error("\(what) must be a list", node) }
        return try items.map { try string($0, what) }
    }

    func params(_ node: YAMLNode, _ what: String) throws -> [String: ParamValue] {
        if node.isNull { return [:] }
        guard let pairs = node.pairs else { throw error("\(what) must be a mapping", node) }
        var out: [String: ParamValue] = [:]
        for p in pairs {
            let k = try string(p.key, "parameter name")
            guard let v = ParamValue(node: p.value) else {
                throw error("parameter '\(k)' must be a scalar or a list of scalars", p.value)
            }
            out[k] = v
        }
        return out
    }

    func level(_ node: YAMLNode, _ what: String) throws -> RuleLevel {
        let s = try string(node, what)
        guard let l = RuleLevel(s) else {
            throw error("\(what) must be one of error, warning, info, off (got '\(s)')", node)
        }
        return l
    }
}

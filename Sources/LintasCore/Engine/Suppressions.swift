import Foundation

/// Inline suppressions in agency YAML:
/// `# lintas-disable-line CODE[,CODE] -- reason`, `# lintas-disable-next-line ...`, `# lintas-disable-file ...`.
/// A suppression without a reason does not suppress (L001); one that suppressed nothing is L002;
/// an unknown code is L005.
enum SuppressionEngine {
    static let codes = ["L001", "L002", "L005"]

    enum Scope: String, Sendable {
        case line = "lintas-disable-line"
        case nextLine = "lintas-disable-next-line"
        case file = "lintas-disable-file"
    }

    struct Suppression: Sendable {
        var scope: Scope
        var codes: [String]
        var reason: String?
        var location: SourceLocation
        /// The line it covers (nil: the whole file).
        var target: Int?
    }

    /// Finds suppression comments in a file (comments start with `#` at the line start or after a
    /// blank). Only the lines that mention `lintas-disable` are looked at: the source knows them
    /// (a large file's are found while it is read, so its bytes are not needed here). Only a real
    /// comment counts: a `#` inside a scalar (a quoted value, a block scalar) is data, as the
    /// parser placed it; and a file that did not parse suppresses nothing in itself.
    static func parse(_ source: SourceText, file: String) -> [Suppression] {
        var out: [Suppression] = []
        guard source.canSuppress else { return out }
        let marker = ByteScan.marker
        for line in source.markedLines {
            let number = line.number
            let u = Array(line.text.utf8)
            guard let at = find(marker, in: u) else { continue }
            // The directive must follow a comment sign: '#' then optional blanks.
            var k = at - 1
            while k >= 0 && (u[k] == 32 || u[k] == 9) { k -= 1 }
            guard k >= 0, u[k] == UInt8(ascii: "#"), k == 0 || u[k - 1] == 32 || u[k - 1] == 9 else { continue }
            let directive = String(decoding: u[at...], as: UTF8.self)
            let word = directive.prefix { !$0.isWhitespace }
            guard let scope = Scope(rawValue: String(word)) else { continue }
            var rest = directive.dropFirst(word.count)
            var reason: String?
            if let sep = rest.range(of: "--") {
                let r = rest[sep.upperBound...].trimmingCharacters(in: .whitespaces)
                reason = r.isEmpty ? nil : r
                rest = rest[..<sep.lowerBound]
            }
            let codes = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
            let column = String(decoding: u[..<k], as: UTF8.self).unicodeScalars.count + 1
            if source.isInsideScalar(line: number, column: column) { continue }
            let target: Int? = scope == .file ? nil : (scope == .line ? number : line.nextContentLine)
            out.append(
                Suppression(
                    scope: scope, codes: codes, reason: reason,
                    location: SourceLocation(file: file, line: number, column: column), target: target))
        }
        return out
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        outer: for i in 0...(hay.count - needle.count) {
            for j in 0..<needle.count where hay[i + j] != needle[j] { continue outer }
            return i
        }
        return nil
    }

    /// Marks suppressed findings; returns L001/L002/L005 diagnostics.
    static func apply(to findings: inout [Finding], sources: [String: SourceText], rules: ActiveRules)
        -> [Diagnostic]
    {
        var out: [Diagnostic] = []
        var byFile: [String: [Int]] = [:]
        for (i, f) in findings.enumerated() { byFile[f.location.file, default: []].append(i) }
        for (file, source) in sources.sorted(by: { $0.key < $1.key }) {
            // Most files have no suppression at all: no line mentions the directive.
            guard !source.markedLines.isEmpty else { continue }
            for s in parse(source, file: file) {
                let path = "\(s.scope.rawValue)"
                let unknown = s.codes.filter { rules.rule($0) == nil && !CheckRegistry.allCodes.contains($0) }
                for u in unknown {
                    out.append(
                        Diagnostic(
                            "L005", at: s.location, path: path, entity: "\(file):\(u)", args: ["code": u, "rule": u]))
                }
                guard let reason = s.reason else {
                    out.append(
                        Diagnostic(
                            "L001", at: s.location, path: path, entity: "\(file):\(s.location.line)",
                            args: ["directive": s.scope.rawValue, "codes": s.codes.joined(separator: ",")]))
                    continue
                }
                let known = s.codes.filter { !unknown.contains($0) }
                guard !known.isEmpty else { continue }
                var used = false
                for i in byFile[file] ?? []
                where findings[i].isOpen && known.contains(findings[i].rule) && !findings[i].rule.hasPrefix("L") {
                    if s.target == nil || findings[i].location.line == s.target {
                        findings[i].status = .suppressed(reason: reason)
                        used = true
                    }
                }
                if !used {
                    out.append(
                        Diagnostic(
                            "L002", at: s.location, path: path, entity: "\(file):\(s.location.line)",
                            args: ["directive": s.scope.rawValue, "codes": known.joined(separator: ",")]))
                }
            }
        }
        return out
    }
}

/// A waivers file: `{rule, entity, justification, expires}` entries. An expired waiver no longer
/// waives and is itself a finding (L003); one that matches nothing is L004; an unknown rule L005.
enum WaiverEngine {
    static let codes = ["L003", "L004"]

    struct Waiver: Sendable {
        var rule: String
        var entity: String
        var file: String?
        var justification: String
        var expires: CivilDate?
        var location: SourceLocation
    }

    static func load(_ file: String) throws -> [Waiver] {
        let data = try SafeFile.toolFile(
            file, what: "cannot read waivers file / berkas pengecualian tidak dapat dibaca")
        let r = DataReader(file: file)
        let root = try r.load(data)
        let top = try r.map(root, allowed: ["version", "waivers"], what: "waivers file")
        if let v = top["version"], v.value.scalar?.int != 1 {
            throw r.error("unsupported waivers version (supported: 1)", v.value)
        }
        guard let list = top["waivers"]?.value else { return [] }
        if list.isNull { return [] }
        guard let items = list.items else { throw r.error("waivers must be a list", list) }
        return try items.map { node in
            let m = try r.map(node, allowed: ["rule", "entity", "file", "justification", "expires"], what: "waiver")
            for k in ["rule", "entity", "justification"] where m[k] == nil {
                throw r.error("waiver needs '\(k)'", node)
            }
            var expires: CivilDate?
            if let e = m["expires"] {
                guard let s = e.value.scalar, let d = CivilDate(iso: s.text) else {
                    throw r.error("expires must be a date YYYY-MM-DD", e.value)
                }
                expires = d
            }
            let justification = try r.string(m["justification"]!.value, "justification")
            if justification.trimmingCharacters(in: .whitespaces).isEmpty {
                throw r.error("a waiver needs a justification", m["justification"]!.value)
            }
            return Waiver(
                rule: try r.string(m["rule"]!.value, "rule"), entity: try r.string(m["entity"]!.value, "entity"),
                file: try m["file"].map { try r.string($0.value, "file") }, justification: justification,
                expires: expires, location: SourceLocation(file: file, range: node.range))
        }
    }

    /// Waives matching open findings of this agency; returns L003/L004/L005 diagnostics.
    static func apply(to findings: inout [Finding], waivers: [Waiver], asOf: CivilDate, agencyFiles: Set<String>)
        -> [Diagnostic]
    {
        var out: [Diagnostic] = []
        for w in waivers {
            let args = [
                "rule": w.rule, "entity": w.entity, "expires": w.expires?.description ?? "-",
                "justification": w.justification,
            ]
            if !CheckRegistry.allCodes.contains(w.rule) {
                out.append(
                    Diagnostic(
                        "L005", variant: "waiver", at: w.location, path: "waivers", entity: "\(w.rule)/\(w.entity)",
                        args: args.merging(["code": w.rule]) { a, _ in a }))
                continue
            }
            let matching = findings.indices.filter { i in
                findings[i].rule == w.rule && findings[i].entity == w.entity
                    && (w.file == nil || findings[i].location.file == w.file
                        || findings[i].location.file.hasSuffix("/" + (w.file ?? "")))
            }
            if let e = w.expires, asOf > e {
                // Only the agencies this waiver was about hear of its expiry.
                if !matching.isEmpty {
                    out.append(
                        Diagnostic("L003", at: w.location, path: "waivers", entity: "\(w.rule)/\(w.entity)", args: args)
                    )
                }
                continue
            }
            for i in matching where findings[i].isOpen {
                findings[i].status = .waived(justification: w.justification, expires: w.expires)
            }
            if matching.isEmpty && !agencyFiles.isEmpty {
                out.append(
                    Diagnostic("L004", at: w.location, path: "waivers", entity: "\(w.rule)/\(w.entity)", args: args))
            }
        }
        return out
    }
}

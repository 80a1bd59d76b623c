import Foundation

/// Findings recorded on a day, keyed by rule + file + entity (never line numbers), so the baseline
/// survives edits elsewhere in a file. Later runs report only findings not in it.
public struct Baseline: Sendable {
    struct Entry: Codable, Hashable, Sendable {
        var rule: String
        var file: String
        var entity: String
        var count: Int
    }

    var entries: [Entry]

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// Reads a baseline file. Anything wrong with it is exit 2 with `file:line:col` and what is
    /// wrong: JSON syntax, a missing or unknown key, a value of the wrong type, an unsupported
    /// version.
    static func load(_ file: String) throws -> Baseline {
        let bytes = try SafeFile.toolFile(file, what: "cannot read baseline / baseline tidak dapat dibaca")
        return try parse(bytes, file: file)
    }

    static func parse(_ bytes: [UInt8], file: String) throws -> Baseline {
        func fail(_ message: String, _ at: SourcePosition) -> LintasError {
            LintasError("invalid baseline: \(message)", at: SourceLocation(file: file, range: SourceRange(at: at)))
        }
        let root: PositionedJSON
        do {
            root = try PositionedJSON.parse(bytes)
        } catch let e as PositionedJSON.SyntaxError {
            throw fail("invalid JSON: \(e.message)", e.at)
        }
        /// The object's fields by key, after checking every key is known.
        func fields(_ v: PositionedJSON, _ what: String, allowed: [String]) throws -> [String: PositionedJSON] {
            guard case .object(let pairs) = v.value else {
                throw fail("\(what) must be an object, found \(v.kind)", v.at)
            }
            var out: [String: PositionedJSON] = [:]
            for p in pairs {
                guard allowed.contains(p.key) else {
                    let hint =
                        Suggest.closest(to: p.key, in: allowed).map { "; did you mean '\($0)'?" }
                        ?? "; allowed: \(allowed.joined(separator: ", "))"
                    throw fail("unknown key \"\(p.key)\" in \(what)\(hint)", p.keyAt)
                }
                out[p.key] = p.value
            }
            return out
        }
        func required(_ f: [String: PositionedJSON], _ key: String, _ what: String, _ at: SourcePosition) throws
            -> PositionedJSON
        {
            guard let v = f[key] else { throw fail("\(what) has no \"\(key)\"", at) }
            return v
        }
        func string(_ v: PositionedJSON, _ what: String) throws -> String {
            guard case .string(let s) = v.value else { throw fail("\(what) must be a string, found \(v.kind)", v.at) }
            return s
        }
        func integer(_ v: PositionedJSON, _ what: String) throws -> Int {
            guard case .number(let n) = v.value else {
                throw fail("\(what) must be a whole number, found \(v.kind)", v.at)
            }
            guard let i = Int(n) else { throw fail("\(what) must be a whole number, found \(n)", v.at) }
            return i
        }
        let top = try fields(root, "the baseline", allowed: ["version", "tool", "entries"])
        let version = try integer(try required(top, "version", "the baseline", root.at), "\"version\"")
        guard version == 1 else {
            throw LintasError(
                "unsupported baseline version \(version) (supported: 1)",
                at: SourceLocation(file: file, range: SourceRange(at: top["version"]!.at)))
        }
        if let t = top["tool"] { _ = try string(t, "\"tool\"") }
        let list = try required(top, "entries", "the baseline", root.at)
        guard case .array(let items) = list.value else {
            throw fail("\"entries\" must be an array, found \(list.kind)", list.at)
        }
        var entries: [Entry] = []
        for (n, item) in items.enumerated() {
            let what = "entry \(n + 1)"
            let f = try fields(item, what, allowed: ["rule", "file", "entity", "count"])
            let rule = try string(try required(f, "rule", what, item.at), "\"rule\" of \(what)")
            let path = try string(try required(f, "file", what, item.at), "\"file\" of \(what)")
            let entity = try string(try required(f, "entity", what, item.at), "\"entity\" of \(what)")
            let countValue = try required(f, "count", what, item.at)
            let count = try integer(countValue, "\"count\" of \(what)")
            guard count >= 1 else {
                throw fail("\"count\" of \(what) must be at least 1, found \(count)", countValue.at)
            }
            entries.append(Entry(rule: rule, file: path, entity: entity, count: count))
        }
        return Baseline(entries: entries)
    }

    /// How a finding is keyed: rule + file + entity, the file (and an entity that is one of the
    /// agency's paths) anchored at the repository root when an anchor is given, so a baseline
    /// written from one directory matches from any other. Without an anchor, paths as displayed.
    struct Keys {
        let anchor: PathAnchor?
        /// Paths an entity may be (the agency directory, its files): anchored like files.
        let paths: Set<String>

        func file(_ path: String) -> String { anchor.map { $0.place(path).path } ?? path }

        func key(_ f: Finding) -> String {
            "\(f.rule)|\(file(f.location.file))|\(paths.contains(f.entity) ? file(f.entity) : f.entity)"
        }
    }

    /// Records the open findings of a report; with `anchor`, files are relative to its root.
    public static func from(_ report: LintReport, anchor: PathAnchor? = nil) -> Baseline {
        var counts: [String: Entry] = [:]
        for a in report.agencies {
            let keys = Keys(anchor: anchor, paths: Set(a.files + [a.name]))
            for f in a.findings where f.isOpen {
                let file = keys.file(f.location.file)
                let entity = keys.paths.contains(f.entity) ? keys.file(f.entity) : f.entity
                counts[keys.key(f), default: Entry(rule: f.rule, file: file, entity: entity, count: 0)].count += 1
            }
        }
        return Baseline(entries: counts.values.sorted { ($0.file, $0.rule, $0.entity) < ($1.file, $1.rule, $1.entity) })
    }

    /// The baseline file: keys sorted, laid out as `JSONEncoder` wrote it (``JSONWriter/Layout/foundation``).
    public func encoded() -> String {
        let out = ReportOutput()
        JSONWriter.object(out, layout: .foundation) { file in
            file.array("entries") { list in
                for entry in entries {
                    list.object { e in
                        e.int("count", entry.count)
                        e.string("entity", entry.entity)
                        e.string("file", entry.file)
                        e.string("rule", entry.rule)
                    }
                }
            }
            file.string("tool", "lintas")
            file.int("version", 1)
        }
        out.write(byte: 0x0A)
        return out.text
    }

    /// Marks findings present in the baseline; returns how many entries of the agency's files
    /// matched nothing any more (fixed). `anchor` as in ``from(_:anchor:)``; `agency` is the agency's
    /// name (an entity that is the agency directory).
    func apply(
        to findings: inout [Finding], files: Set<String>, agency: String? = nil, anchor: PathAnchor? = nil
    ) -> Int {
        let keys = Keys(anchor: anchor, paths: agency.map { files.union([$0]) } ?? files)
        let anchored = Set(files.map(keys.file))
        var remaining: [String: Int] = [:]
        for e in entries where anchored.contains(e.file) {
            remaining["\(e.rule)|\(e.file)|\(e.entity)", default: 0] += e.count
        }
        for i in findings.indices where findings[i].isOpen {
            let k = keys.key(findings[i])
            if let n = remaining[k], n > 0 {
                findings[i].status = .baselined
                remaining[k] = n - 1
            }
        }
        return remaining.values.reduce(0, +)
    }
}

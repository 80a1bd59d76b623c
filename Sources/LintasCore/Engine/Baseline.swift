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

    /// Reads a baseline file. Anything wrong with it is exit 2 with `file:line:col` and what is
    /// wrong: JSON syntax, a missing or unknown key, a value of the wrong type, an unsupported
    /// version.
    static func load(_ file: String) throws -> Baseline {
        let bytes = try SafeFile.toolFile(file, what: "cannot read baseline / baseline tidak dapat dibaca")
        return try parse(bytes, file: file)
    }

    static func parse(_ bytes: [UInt8], file: String) throws -> Baseline {
        let (reader, root) = try DataReader.json(bytes, file: file, what: "baseline")
        func required(_ fields: [String: YAMLPair], _ key: String, of object: YAMLNode, _ what: String) throws
            -> YAMLNode
        {
            guard let pair = fields[key] else { throw reader.error("\(what) has no \"\(key)\"", object) }
            return pair.value
        }
        let top = try reader.map(root, allowed: ["version", "tool", "entries"], what: "the baseline")
        let versionNode = try required(top, "version", of: root, "the baseline")
        let version = try reader.wholeNumber(versionNode, "\"version\"")
        guard version == 1 else {
            throw LintasError(
                "unsupported baseline version \(version) (supported: 1)", at: reader.location(versionNode))
        }
        if let tool = top["tool"] { _ = try reader.string(tool.value, "\"tool\"") }
        let list = try required(top, "entries", of: root, "the baseline")
        guard let items = list.items else {
            throw reader.error("\"entries\" must be an array, found \(try reader.kind(list))", list)
        }
        var entries: [Entry] = []
        for (n, item) in items.enumerated() {
            let what = "entry \(n + 1)"
            let fields = try reader.map(item, allowed: ["rule", "file", "entity", "count"], what: what)
            let rule = try reader.string(try required(fields, "rule", of: item, what), "\"rule\" of \(what)")
            let path = try reader.string(try required(fields, "file", of: item, what), "\"file\" of \(what)")
            let entity = try reader.string(try required(fields, "entity", of: item, what), "\"entity\" of \(what)")
            let countNode = try required(fields, "count", of: item, what)
            let count = try reader.wholeNumber(countNode, "\"count\" of \(what)")
            guard count >= 1 else {
                throw reader.error("\"count\" of \(what) must be at least 1, found \(count)", countNode)
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

import Foundation

/// Findings recorded on a day, keyed by rule + file + entity (never line numbers), so the baseline
/// survives edits elsewhere in a file. Later runs report only findings not in it.
public struct Baseline: Sendable {
    public struct Entry: Codable, Hashable, Sendable {
        public var rule: String
        public var file: String
        public var entity: String
        public var count: Int
    }

    struct FileFormat: Codable {
        var version: Int
        var tool: String
        var entries: [Entry]
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public static func load(_ file: String) throws -> Baseline {
        let data = Data(try SafeFile.toolFile(file, what: "cannot read baseline / baseline tidak dapat dibaca"))
        do {
            let f = try JSONDecoder().decode(FileFormat.self, from: data)
            guard f.version == 1 else { throw LintasError("unsupported baseline version \(f.version) in \(file) (supported: 1)") }
            return Baseline(entries: f.entries)
        } catch let e as LintasError {
            throw e
        } catch {
            throw LintasError("invalid baseline \(file): \(error)")
        }
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

    public func encoded() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? enc.encode(FileFormat(version: 1, tool: "lintas", entries: entries))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Marks findings present in the baseline; returns how many entries of the agency's files
    /// matched nothing any more (fixed). `anchor` as in ``from(_:anchor:)``; `agency` is the agency's
    /// name (an entity that is the agency directory).
    public func apply(to findings: inout [Finding], files: Set<String>, agency: String? = nil, anchor: PathAnchor? = nil) -> Int {
        let keys = Keys(anchor: anchor, paths: agency.map { files.union([$0]) } ?? files)
        let anchored = Set(files.map(keys.file))
        var remaining: [String: Int] = [:]
        for e in entries where anchored.contains(e.file) { remaining["\(e.rule)|\(e.file)|\(e.entity)", default: 0] += e.count }
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

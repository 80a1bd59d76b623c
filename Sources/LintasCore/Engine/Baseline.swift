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

    /// Records the open findings of a report.
    public static func from(_ report: LintReport) -> Baseline {
        var counts: [String: Entry] = [:]
        for f in report.allFindings where f.isOpen {
            let k = f.fingerprintKey
            counts[k, default: Entry(rule: f.rule, file: f.location.file, entity: f.entity, count: 0)].count += 1
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
    /// matched nothing any more (fixed).
    public func apply(to findings: inout [Finding], files: Set<String>) -> Int {
        var remaining: [String: Int] = [:]
        for e in entries where files.contains(e.file) { remaining["\(e.rule)|\(e.file)|\(e.entity)", default: 0] += e.count }
        for i in findings.indices where findings[i].isOpen {
            let k = findings[i].fingerprintKey
            if let n = remaining[k], n > 0 {
                findings[i].status = .baselined
                remaining[k] = n - 1
            }
        }
        return remaining.values.reduce(0, +)
    }
}

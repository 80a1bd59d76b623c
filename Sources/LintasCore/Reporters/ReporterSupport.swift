import Foundation

/// Pieces shared by the machine-output reporters: a JSON writer with a fixed key order, stable
/// hashes, and the rule areas (escaping is ``Escape``). No wording of findings is made here.

/// A JSON value built where a tree is handier than writing as it goes (the agency schema), kept
/// in the order it was built and written by ``JSONWriter``.
/// Not `indirect`: lists and objects are arrays (already references), so a value costs no box.
enum JSONValue {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed (``JSONWriter/Layout/plain``); no trailing newline.
    func rendered() -> String {
        let out = ReportOutput()
        JSONWriter.value(out, self)
        return out.text
    }
}

/// Lower-case hexadecimal digits.
enum Hex {
    static func digits(_ v: UInt64, width: Int) -> String {
        var n = 1
        while n < 16 && v >> (4 * UInt64(n)) != 0 { n += 1 }
        let count = max(n, width)
        return String(unsafeUninitializedCapacity: count) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var x = v
            for i in stride(from: count - 1, through: 0, by: -1) {
                buffer[i] = digits.utf8Start[Int(x & 0xF)]
                x >>= 4
            }
            return count
        }
    }
}

/// Stable, platform-independent hashes for fingerprints (FNV-1a, 64 bit).
enum StableHash {
    static func fnv1a64(_ text: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// 16 hex digits.
    static func hex64(_ text: String) -> String { Hex.digits(fnv1a64(text), width: 16) }

    /// 32 hex digits (two independent 64-bit hashes), shaped like an MD5 digest.
    static func hex128(_ text: String) -> String {
        hex64(text) + Hex.digits(fnv1a64(text, seed: 0x8422_2325_cbf2_9ce4), width: 16)
    }
}

/// The area a rule belongs to, by its code's letter (rules-v1.md).
enum RuleArea: String, CaseIterable {
    case integrity, organisation, team, ketua, matrix, deadline, jabar, other

    init(code: String) {
        switch code.first {
        case "Y", "S", "R", "N", "L": self = .integrity
        case "O": self = .organisation
        case "T": self = .team
        case "K": self = .ketua
        case "M": self = .matrix
        case "D": self = .deadline
        case "J": self = .jabar
        default: self = .other
        }
    }

    var title: LocalizedText {
        switch self {
        case .integrity:
            return UIText[.reportAreaTitleIntegrity]
        case .organisation: return UIText[.reportAreaTitleOrganisation]
        case .team: return UIText[.reportAreaTitleTeam]
        case .ketua: return UIText[.reportAreaTitleKetua]
        case .matrix: return UIText[.reportAreaTitleMatrix]
        case .deadline: return UIText[.reportAreaTitleDeadline]
        case .jabar: return UIText[.reportAreaTitleJabar]
        case .other: return UIText[.reportAreaTitleOther]
        }
    }
}

extension LintReport {
    /// Whether a baseline took part in the run (a finding matched it, or an entry was fixed).
    var usedBaseline: Bool {
        agencies.contains { a in a.fixedBaselineEntries > 0 || a.findings.contains { $0.status == .baselined } }
    }

    /// The rule's title in a language, or its name when the rule is not described.
    func ruleTitle(_ code: String, _ lang: Language) -> String {
        rules[code]?.title[lang] ?? code
    }
}

extension FindingStatus {
    var localized: LocalizedText {
        switch self {
        case .open: return UIText[.reportStatusOpen]
        case .suppressed: return UIText[.reportStatusSuppressed]
        case .waived: return UIText[.reportStatusWaived]
        case .baselined: return UIText[.reportStatusInBaseline]
        }
    }
}

extension SourceLocation {
    /// Start and end clamped for consumers that need positive, ordered positions.
    var clamped: (line: Int, column: Int, endLine: Int, endColumn: Int) {
        let l = max(1, line)
        let c = max(1, column)
        var el = max(l, Int(range.end.line))
        var ec = Int(range.end.column)
        if el == l && ec <= c { ec = c + 1 }
        if ec < 1 { ec = 1 }
        if el < l { el = l }
        return (l, c, el, ec)
    }
}

extension ReportContext {
    /// A displayed path placed against the anchor. Without an anchor a relative path stays relative
    /// to the working directory, with `.` and empty components removed and parent-directory
    /// components resolved where they can be.
    func placed(_ file: String) -> PathAnchor.Placed {
        if let a = anchor { return a.place(file) }
        if file.hasPrefix("/") { return .absolute(PathAnchor.normalise(file)) }
        var parts: [Substring] = []
        for c in file.split(separator: "/") {
            switch c {
            case ".": continue
            case PathAnchor.parent:
                if let last = parts.last, last != PathAnchor.parent { parts.removeLast() } else { parts.append(c) }
            default: parts.append(c)
            }
        }
        return .relative(parts.isEmpty ? "." : parts.joined(separator: "/"))
    }

}

/// The anchored path of every file a report names, placed once, with its URI reference. A class:
/// the reporters hand it to every result they write without copying its table, and consecutive
/// findings, which mostly share a file, find theirs with one string comparison instead of a hash.
final class PlacedPaths {
    /// A file's place and its percent-encoded URI reference (against the root when relative).
    struct Place {
        let placed: PathAnchor.Placed
        let uri: String

        init(_ placed: PathAnchor.Placed) {
            self.placed = placed
            switch placed {
            case .absolute(let path): uri = "file://" + Escape.uriPath(path)
            case .relative(let path): uri = Escape.uriPath(path)
            }
        }
    }

    let context: ReportContext
    private var map: [String: Place] = [:]
    private var lastFile = ""
    private var last: Place?

    init(_ report: LintReport, _ context: ReportContext) {
        self.context = context
        for a in report.agencies where map[a.name] == nil { map[a.name] = Place(context.placed(a.name)) }
        for agency in report.agencies {
            for i in agency.findings.indices {
                add(agency.findings[i].location.file)
                for n in agency.findings[i].notes.indices { add(agency.findings[i].notes[n].location.file) }
            }
        }
    }

    private func add(_ file: String) {
        if file == lastFile, last != nil { return }
        if map[file] == nil { map[file] = Place(context.placed(file)) }
        lastFile = file
        last = map[file]
    }

    /// A file's place and URI.
    func place(_ file: String) -> Place {
        if let last, file == lastFile { return last }
        // Remembered only from the table, so `last` is always `map[lastFile]`.
        guard let p = map[file] else { return Place(context.placed(file)) }
        lastFile = file
        last = p
        return p
    }

    subscript(_ file: String) -> PathAnchor.Placed { place(file).placed }

    /// A finding's entity, anchored when it is a path (a file's or an agency directory's).
    func entity(_ f: Finding) -> String { entity(f.entity) }

    private func entity(_ entity: String) -> String {
        if let last, entity == lastFile { return last.placed.path }
        return map[entity]?.placed.path ?? entity
    }

    /// Fingerprint keys (rule + anchored file + entity, numbered when repeated) of an agency's
    /// findings, so they do not depend on the directory lintas was started from.
    func fingerprintKeys(_ findings: [Finding]) -> [String] {
        var keys: [String] = []
        keys.reserveCapacity(findings.count)
        var seen: [String: Int] = [:]
        for i in findings.indices {
            let k = String(
                joiningUTF8: findings[i].rule, "|", self[findings[i].location.file].path, "|",
                entity(findings[i].entity))
            // One lookup: the count so far, raised in place.
            let n = PlacedPaths.postIncrement(&seen[k, default: 0])
            keys.append(n == 0 ? k : String(joiningUTF8: k, "|#", String(n)))
        }
        return keys
    }

    private static func postIncrement(_ n: inout Int) -> Int {
        defer { n += 1 }
        return n
    }
}

extension String {
    /// The strings' UTF-8 joined, made in one allocation (a key built per finding).
    init(joiningUTF8 parts: String...) {
        var count = 0
        for p in parts { count += p.utf8.count }
        self.init(unsafeUninitializedCapacity: count) { buffer in
            var at = 0
            for p in parts {
                let copied = p.utf8.withContiguousStorageIfAvailable { u -> Int in
                    if u.count > 0 { (buffer.baseAddress! + at).update(from: u.baseAddress!, count: u.count) }
                    return u.count
                }
                if let copied {
                    at += copied
                } else {
                    for b in p.utf8 {
                        buffer[at] = b
                        at += 1
                    }
                }
            }
            return at
        }
    }
}

import Foundation

/// Pieces shared by the machine-output reporters: a JSON writer with a fixed key order, stable
/// hashes, escaping, and the rule areas. No wording of findings is made here.

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

    /// One key per finding: rule + file + entity, with an occurrence number when several findings
    /// share that key (so they stay distinct, and the first keeps the plain key).
    static func fingerprintKeys(_ findings: [Finding]) -> [String] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            let k = f.fingerprintKey
            let n = seen[k, default: 0]
            seen[k] = n + 1
            return n == 0 ? k : "\(k)|#\(n)"
        }
    }
}

public enum Escape {
    /// Text for HTML element content and attribute values.
    public static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// XML 1.0: escapes markup and drops characters XML cannot carry.
    static func xml(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default:
                let v = c.value
                // C1 controls too (U+009B is a terminal's CSI): a report may be shown in a log.
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF || (0xD800...0xDFFF).contains(v)
                {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// XML attribute values: line breaks and tabs kept as character references.
    static func xmlAttr(_ s: String) -> String {
        xml(s).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\r", with: "&#13;")
            .replacingOccurrences(of: "\t", with: "&#9;")
    }

    /// Inline Markdown (a table cell, a list item) from text whose backtick pairs are code, as
    /// messages write `sistem_kerja`: a pair becomes a code span with a fence longer than any
    /// backtick run in it (``markdownCode(_:table:)``), shown as code, never as literal
    /// backticks. Everything else is inert on GitHub: ASCII punctuation that makes links and images (`[`, `]`),
    /// emphasis, strike-through, math, HTML or entities is backslash-escaped (`<` and `&` as
    /// entities), and a word joiner (U+2060) breaks what GitHub links in plain text: `@mention`,
    /// `#123`, `https://` and `www.` autolinks, `user@host` mail links. No line breaks.
    /// `table`: inside a table cell, where `|` in a code span needs `\|`.
    static func markdown(_ s: String, table: Bool = true) -> String {
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "`") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "`") else { break }
            out += markdownProse(rest[..<open])
            out += markdownCode(String(rest[after..<close]), table: table)
            rest = rest[rest.index(after: close)...]
        }
        return out + markdownProse(rest)
    }

    private static let joiner: Unicode.Scalar = "\u{2060}"

    static func markdownProse(_ s: Substring) -> String {
        var out = ""
        let scalars = Array(s.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}", "\u{85}": out += " "
            case "\\", "`", "*", "_", "[", "]", "~", "|", "$":
                out += "\\"
                out.unicodeScalars.append(c)
            case "@", "#":
                out.unicodeScalars.append(c)
                out.unicodeScalars.append(joiner)
            case ":" where i + 2 < scalars.count && scalars[i + 1] == "/" && scalars[i + 2] == "/":
                out.unicodeScalars.append(c)
                out.unicodeScalars.append(joiner)
            case "." where i >= 3 && String(String.UnicodeScalarView(scalars[(i - 3)..<i])).lowercased() == "www":
                out.unicodeScalars.append(joiner)
                out.unicodeScalars.append(c)
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// A code span showing `s` literally: fenced by one backtick more than its longest run of
    /// backticks, padded with a space when it starts or ends with one; line breaks become spaces,
    /// control characters U+FFFD; in a table `|` is `\|` (GitHub's table syntax needs it even
    /// in code). Empty: nothing.
    static func markdownCode(_ s: String, table: Bool = true) -> String {
        var body = ""
        var run = 0
        var longest = 0
        for c in s.unicodeScalars {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
            switch c {
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}", "\u{85}": body += " "
            case "|" where table: body += "\\|"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) {
                    body += "\u{FFFD}"
                } else {
                    body.unicodeScalars.append(c)
                }
            }
        }
        if body.isEmpty { return "" }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || (body.hasPrefix(" ") && body.hasSuffix(" ")) ? " " : ""
        return fence + pad + body + pad + fence
    }

    /// A percent-encoded relative URI reference for a path (RFC 3986 unreserved and `/` kept).
    static func uriPath(_ path: String) -> String {
        if path.utf8.allSatisfy(isUnreserved) { return path }
        var out = ""
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + Hex.digits(UInt64(b), width: 2).uppercased()
            }
        }
        return out
    }
}

extension Escape {
    /// RFC 3986 unreserved characters and `/`: kept as they are by ``uriPath(_:)``.
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }
}

/// Labels of the reporters (not finding wording: that comes from the packs).
enum Label {
    static func t(_ lang: Language, _ id: String, _ en: String) -> String { lang == .id ? id : en }
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
            return LocalizedText(
                id: "Integritas data (berkas, skema, rujukan, NIP) dan penekanan temuan",
                en: "Data integrity (files, schema, references, NIP) and suppressions")
        case .organisation: return LocalizedText(id: "Organisasi", en: "Organisation")
        case .team: return LocalizedText(id: "Tim kerja", en: "Work teams")
        case .ketua: return LocalizedText(id: "Ketua tim", en: "Team leaders")
        case .matrix: return LocalizedText(id: "Matriks Peran Hasil", en: "Role-result matrix")
        case .deadline: return LocalizedText(id: "Tenggat Pasal 25", en: "Pasal 25 deadline")
        case .jabar: return LocalizedText(id: "Jawa Barat", en: "West Java")
        case .other: return LocalizedText(id: "Lainnya", en: "Other")
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
        case .open: return LocalizedText(id: "terbuka", en: "open")
        case .suppressed: return LocalizedText(id: "disenyapkan", en: "suppressed")
        case .waived: return LocalizedText(id: "dikecualikan", en: "waived")
        case .baselined: return LocalizedText(id: "di baseline", en: "in baseline")
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

/// The anchored path of every file a report names, placed once.
struct PlacedPaths {
    let context: ReportContext
    var map: [String: PathAnchor.Placed] = [:]

    init(_ report: LintReport, _ context: ReportContext) {
        self.context = context
        for a in report.agencies where map[a.name] == nil { map[a.name] = context.placed(a.name) }
        for f in report.allFindings {
            if map[f.location.file] == nil { map[f.location.file] = context.placed(f.location.file) }
            for n in f.notes where map[n.location.file] == nil {
                map[n.location.file] = context.placed(n.location.file)
            }
        }
    }

    subscript(_ file: String) -> PathAnchor.Placed { map[file] ?? context.placed(file) }

    /// A finding's entity, anchored when it is a path (a file's or an agency directory's).
    func entity(_ f: Finding) -> String {
        map[f.entity]?.path ?? f.entity
    }

    /// Fingerprint keys (rule + anchored file + entity, numbered when repeated) of an agency's
    /// findings, so they do not depend on the directory lintas was started from.
    func fingerprintKeys(_ findings: [Finding]) -> [String] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            let k = "\(f.rule)|\(self[f.location.file].path)|\(entity(f))"
            let n = seen[k, default: 0]
            seen[k] = n + 1
            return n == 0 ? k : "\(k)|#\(n)"
        }
    }
}

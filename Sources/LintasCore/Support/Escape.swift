import Foundation

/// Escaping, one function per target language: HTML, XML (reports and workbook parts), Markdown,
/// URI paths.
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

    /// Who reads an XML text: what it escapes and replaces besides markup.
    enum XMLReader {
        /// A report (JUnit): `'` as `&apos;`, and C1 controls replaced too (U+009B is a terminal's
        /// CSI): a report may be shown in a log.
        case report
        /// A workbook part: a cell keeps every character XML can carry.
        case workbook
    }

    /// XML 1.0 text for element content and attribute values: markup escaped, and each character
    /// XML cannot carry (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) written as
    /// U+FFFD.
    static func xml(_ s: String, for reader: XMLReader = .report) -> String {
        var replaced: [UInt32] = []
        return xml(s, for: reader, replaced: &replaced)
    }

    /// ``xml(_:for:)``, collecting the characters written as U+FFFD (a workbook says so at the cell).
    static func xml(_ s: String, for reader: XMLReader, replaced: inout [UInt32]) -> String {
        let report = reader == .report
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where report: out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(c)
            default:
                let v = c.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF || (report && (0x7F...0x9F).contains(v)) {
                    out += "\u{FFFD}"
                    replaced.append(v)
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

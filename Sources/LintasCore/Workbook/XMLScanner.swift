import Foundation

/// The markup of one start tag, as bytes of the part (valid only during the handler's call).
struct XMLStartTag {
    /// From just after `<` to just before `>` (or `/>`).
    let bytes: UnsafeRawBufferPointer
    /// Length of the element's qualified name at the start of `bytes`.
    let nameLength: Int

    /// Whether the element's local name (after any `x:` prefix) is `name`.
    @inline(__always) func `is`(_ name: StaticString) -> Bool {
        XMLBytes.localEquals(UnsafeRawBufferPointer(rebasing: bytes[0..<nameLength]), name)
    }

    /// The raw value (entities not decoded) of the attribute whose local name is `name`.
    func raw(_ name: StaticString) -> UnsafeRawBufferPointer? {
        value { XMLBytes.localEquals($0, name) }
    }

    /// Calls `body` with each attribute's (qualified) name and raw value, in order, until it
    /// returns false.
    @inline(__always) func forEachAttribute(
        _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool
    ) {
        var i = nameLength
        let n = bytes.count
        while i < n {
            // Skip blanks, read a name up to `=`, then a quoted value.
            while i < n, XMLBytes.isBlank(bytes[i]) { i += 1 }
            let nameStart = i
            while i < n, bytes[i] != UInt8(ascii: "="), !XMLBytes.isBlank(bytes[i]) { i += 1 }
            let attrName = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<i])
            while i < n, bytes[i] != UInt8(ascii: "\"") && bytes[i] != UInt8(ascii: "'") { i += 1 }
            guard i < n else { return }
            let quote = bytes[i]
            i += 1
            let valueStart = i
            while i < n, bytes[i] != quote { i += 1 }
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<min(i, n)])
            i += 1
            if !body(attrName, value) { return }
        }
    }

    /// The raw value of the first attribute whose (qualified) name satisfies `matches`.
    func value(where matches: (UnsafeRawBufferPointer) -> Bool) -> UnsafeRawBufferPointer? {
        var found: UnsafeRawBufferPointer?
        forEachAttribute { name, value in
            guard matches(name) else { return true }
            found = value
            return false
        }
        return found
    }

    /// The attribute's value with entities decoded; nil when absent.
    func attr(_ name: StaticString) throws -> String? {
        guard let r = raw(name) else { return nil }
        return try XMLText.decode(r)
    }

    /// The attribute as a decimal integer (nil when absent, empty or not one).
    func int(_ name: StaticString) -> Int? {
        guard let r = raw(name) else { return nil }
        return XMLBytes.decimal(r)
    }

    /// The value of an attribute with this exact qualified name (`r:id`, `Id`).
    func attr(qualified name: String) throws -> String? {
        let want = Array(name.utf8)
        return try value { $0.elementsEqual(want) }.map { try XMLText.decode($0) }
    }
}

/// What a part's reader does with the markup, called in document order.
protocol XMLHandler {
    /// A start tag (`empty`: `<x/>`, no end call follows).
    mutating func start(_ tag: XMLStartTag, empty: Bool) throws
    /// An end tag, by the local name's bytes.
    mutating func end(_ name: UnsafeRawBufferPointer) throws
    /// Character data, raw (entities not decoded; CDATA sections come decoded, `cdata` true).
    mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws
}

struct XMLError: Error {
    var message: String
    var line: Int
}

/// A streaming XML tokenizer for the parts of a workbook: bytes go in as the archive inflates
/// them, and the handler sees tags and text without a String or a dictionary per element. It
/// knows only what OOXML parts use: a document type declaration (DTD) is refused, whatever the
/// part's encoding (a UTF-16 part is turned into UTF-8 first), and with it any entity but XML's
/// five and character references: an unknown `&name;` is an error, never text dropped.
struct XMLScanner<H: XMLHandler> {
    var handler: H
    /// Bytes received and not yet consumed (an unfinished tag or text at the end of a chunk).
    private var pending: [UInt8] = []
    /// Where to resume looking for the end of the unfinished token (so a long one is scanned once).
    private var resume = 0
    private var depth = 0
    /// Names of the open elements, as bytes one after another (the first `namesUsed`; the buffer
    /// is not shrunk as elements close), with their lengths.
    private var names: [UInt8] = []
    private var namesUsed = 0
    private var nameLengths: [Int] = []
    private var sawRoot = false
    private var started = false
    /// UTF-16 input (detected on the first bytes): collected, then turned into UTF-8 at the end.
    private var utf16: (bigEndian: Bool, bytes: [UInt8])?
    /// Lines consumed so far (for messages).
    private var line = 1

    init(handler: H) { self.handler = handler }

    /// Feeds the next bytes of the part.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
        if !started {
            started = true
            let b = Array(chunk.prefix(4))
            if b.starts(with: [0xFF, 0xFE]) || (b.count >= 2 && b[0] == 0x3C && b[1] == 0) {
                utf16 = (false, [])
            } else if b.starts(with: [0xFE, 0xFF]) || (b.count >= 2 && b[0] == 0 && b[1] == 0x3C) {
                utf16 = (true, [])
            }
        }
        if utf16 != nil {
            utf16!.bytes.append(contentsOf: chunk)
            return
        }
        pending.append(contentsOf: chunk)
        try process(final: false)
    }

    /// The part ended: what is left must be complete.
    mutating func finish() throws {
        if let u = utf16 {
            utf16 = nil
            var units: [UInt16] = []
            units.reserveCapacity(u.bytes.count / 2)
            var i = 0
            while i + 1 < u.bytes.count {
                units.append(
                    u.bigEndian
                        ? UInt16(u.bytes[i]) << 8 | UInt16(u.bytes[i + 1])
                        : UInt16(u.bytes[i + 1]) << 8 | UInt16(u.bytes[i]))
                i += 2
            }
            if units.first == 0xFEFF { units.removeFirst() }
            guard let text = String(validating: units, as: UTF16.self) else {
                throw XMLError(message: "invalid UTF-16", line: 1)
            }
            pending = Array(text.utf8)
        }
        try process(final: true)
        if !pending.isEmpty || depth != 0 || !sawRoot {
            throw XMLError(
                message: depth != 0 || !pending.isEmpty ? "the part ends inside an element" : "no root element",
                line: line)
        }
    }

    private mutating func process(final: Bool) throws {
        var consumed = 0
        var failure: Error?
        pending.withUnsafeBytes { all in
            do { consumed = try scan(all, final: final) } catch { failure = error }
        }
        if let failure { throw failure }
        if consumed > 0 {
            pending.removeSubrange(0..<consumed)
            resume = 0
        }
    }

    private func find(_ b: UnsafeRawBufferPointer, _ byte: UInt8, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress, let hit = memchr(base + from, Int32(byte), b.count - from)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    private func find(_ b: UnsafeRawBufferPointer, _ needle: [UInt8], from: Int) -> Int? {
        var i = from
        while let at = find(b, needle[0], from: i) {
            if at + needle.count > b.count { return nil }
            if (1..<needle.count).allSatisfy({ b[at + $0] == needle[$0] }) { return at }
            i = at + 1
        }
        return nil
    }

    private mutating func countLines(_ b: UnsafeRawBufferPointer, _ from: Int, _ to: Int) {
        var i = from
        while let at = find(UnsafeRawBufferPointer(rebasing: b[0..<to]), 0x0A, from: i) {
            line += 1
            i = at + 1
        }
    }

    /// Consumes complete tokens of `b`; returns how many bytes were consumed.
    private mutating func scan(_ b: UnsafeRawBufferPointer, final: Bool) throws -> Int {
        var i = 0
        let n = b.count
        while i < n {
            if b[i] != UInt8(ascii: "<") {
                // Text up to the next tag.
                let end: Int
                if let lt = find(b, UInt8(ascii: "<"), from: max(i, resume)) {
                    end = lt
                } else if final {
                    end = n
                } else {
                    resume = n
                    return i
                }
                let raw = UnsafeRawBufferPointer(rebasing: b[i..<end])
                if depth == 0 {
                    guard raw.allSatisfy(XMLBytes.isBlank) else {
                        throw XMLError(message: "text outside the root element", line: line)
                    }
                } else {
                    try handler.text(raw, cdata: false)
                }
                countLines(b, i, end)
                i = end
                resume = 0
                continue
            }
            // Markup: which kind, and where it ends.
            guard i + 1 < n else {
                if final { throw XMLError(message: "the part ends inside markup", line: line) }
                return i
            }
            let next = b[i + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                let kind: (open: [UInt8], close: [UInt8])
                if next == UInt8(ascii: "?") {
                    kind = (Array("<?".utf8), Array("?>".utf8))
                } else {
                    let head = UnsafeRawBufferPointer(rebasing: b[i..<min(n, i + 9)])
                    let cdata = Array("<![CDATA[".utf8)
                    let comment = Array("<!--".utf8)
                    if head.count >= 4, head.starts(with: comment) {
                        kind = (comment, Array("-->".utf8))
                    } else if head.count >= 9, head.starts(with: cdata) {
                        kind = (cdata, Array("]]>".utf8))
                    } else if head.count < 9 && !final && (cdata.starts(with: head) || comment.starts(with: head)) {
                        return i
                    } else {
                        throw XMLError(
                            message:
                                "a document type declaration (<!DOCTYPE or <!ENTITY), which workbooks never have (refused: entity expansion)",
                            line: line)
                    }
                }
                guard let close = find(b, kind.close, from: max(i + kind.open.count, resume - kind.close.count)) else {
                    if final { throw XMLError(message: "the part ends inside markup", line: line) }
                    resume = n
                    return i
                }
                if kind.open.count == 9 {
                    guard depth > 0 else { throw XMLError(message: "text outside the root element", line: line) }
                    try handler.text(UnsafeRawBufferPointer(rebasing: b[(i + 9)..<close]), cdata: true)
                }
                if next == UInt8(ascii: "?") {
                    let decl = UnsafeRawBufferPointer(rebasing: b[i..<close])
                    if let enc = XMLBytes.declaredEncoding(decl), !["utf-8", "utf8", "utf-16", "utf16"].contains(enc) {
                        throw XMLError(message: "encoding \"\(enc)\" (workbook parts are UTF-8)", line: line)
                    }
                }
                countLines(b, i, close)
                i = close + kind.close.count
                resume = 0
                continue
            }
            // A start or end tag: up to `>` outside quotes.
            var j = max(i + 1, resume)
            var quote: UInt8 = 0
            if resume > i + 1 { quote = resumeQuote }
            var gt = -1
            while j < n {
                let c = b[j]
                if quote != 0 {
                    if let q = find(b, quote, from: j) {
                        j = q + 1
                        quote = 0
                        continue
                    }
                    j = n
                    break
                }
                if c == UInt8(ascii: ">") {
                    gt = j
                    break
                }
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c }
                if c == UInt8(ascii: "<") { throw XMLError(message: "`<` inside a tag", line: line) }
                j += 1
            }
            if gt < 0 {
                if final { throw XMLError(message: "the part ends inside a tag", line: line) }
                resume = n
                resumeQuote = quote
                return i
            }
            resumeQuote = 0
            resume = 0
            if next == UInt8(ascii: "/") {
                var e = gt
                while e > i + 2, XMLBytes.isBlank(b[e - 1]) { e -= 1 }
                let name = UnsafeRawBufferPointer(rebasing: b[(i + 2)..<e])
                try close(name)
                try handler.end(name)
            } else {
                let selfClosing = b[gt - 1] == UInt8(ascii: "/")
                let body = UnsafeRawBufferPointer(rebasing: b[(i + 1)..<(selfClosing ? gt - 1 : gt)])
                var k = 0
                while k < body.count, !XMLBytes.isBlank(body[k]), body[k] != UInt8(ascii: "/") { k += 1 }
                guard k > 0 else { throw XMLError(message: "a tag without a name", line: line) }
                if depth == 0 {
                    if sawRoot { throw XMLError(message: "a second root element", line: line) }
                    sawRoot = true
                }
                let tag = XMLStartTag(bytes: body, nameLength: k)
                if !selfClosing {
                    for p in 0..<k {
                        if namesUsed + p < names.count {
                            names[namesUsed + p] = body[p]
                        } else {
                            names.append(body[p])
                        }
                    }
                    namesUsed += k
                    nameLengths.append(k)
                    depth += 1
                }
                try handler.start(tag, empty: selfClosing)
                countLines(b, i, gt)
            }
            i = gt + 1
        }
        return i
    }

    private var resumeQuote: UInt8 = 0

    private mutating func close(_ name: UnsafeRawBufferPointer) throws {
        guard depth > 0, let len = nameLengths.last else {
            throw XMLError(message: "an end tag with no open element", line: line)
        }
        let start = namesUsed - len
        guard len == name.count, (0..<len).allSatisfy({ names[start + $0] == name[$0] }) else {
            throw XMLError(
                message:
                    "end tag </\(String(decoding: name, as: UTF8.self).prefix(40))> does not match <\(String(decoding: names[start..<namesUsed], as: UTF8.self).prefix(40))>",
                line: line)
        }
        namesUsed = start
        nameLengths.removeLast()
        depth -= 1
    }

}

enum XMLBytes {
    /// The bytes as a String, or nil when they are not UTF-8. ASCII (the common case) is taken
    /// as it is; `String(validating:as:)` checks the rest (it is not specialized, and looks up
    /// type metadata on every call).
    @inline(__always) static func utf8String(_ bytes: UnsafeRawBufferPointer) -> String? {
        var high: UInt8 = 0
        for b in bytes { high |= b }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    @inline(__always) static func utf8String(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { utf8String($0) }
    }

    /// `encoding="..."` of an XML declaration, lower-cased.
    static func declaredEncoding(_ decl: UnsafeRawBufferPointer) -> String? {
        let s = String(decoding: decl.prefix(200), as: UTF8.self)
        guard s.hasPrefix("<?xml"), let r = s.range(of: "encoding=") else { return nil }
        let rest = s[r.upperBound...].dropFirst()
        return String(rest.prefix { $0 != "\"" && $0 != "'" }).lowercased()
    }
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// Whether the local part of a qualified name is `name`.
    @inline(__always) static func localEquals(_ qname: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        var start = 0
        for i in 0..<qname.count where qname[i] == UInt8(ascii: ":") { start = i + 1 }
        let n = name.utf8CodeUnitCount
        guard qname.count - start == n else { return false }
        let p = name.utf8Start
        for k in 0..<n where qname[start + k] != p[k] { return false }
        return true
    }

    static func decimal(_ r: UnsafeRawBufferPointer) -> Int? {
        var v = 0
        var any = false
        for b in r {
            if isBlank(b) { continue }
            guard b >= 0x30, b <= 0x39, v < (Int.max - 9) / 10 else { return nil }
            v = v * 10 + Int(b - 0x30)
            any = true
        }
        return any ? v : nil
    }
}

/// The one decoder of XML character data and attribute values: the five entities, character
/// references, and (strict) XML's line ends. Two policies, for the two ways a part is used.
enum XMLText {
    enum Policy {
        /// Reading a part (``XMLScanner``): a `&` that starts no reference within 12 bytes, an
        /// entity other than XML's five, `&#0;` and text that is not UTF-8 are errors; CR LF and a
        /// lone CR become one line feed.
        case strict
        /// Patching a part (``XMLPatch``: names and ids read back, comment text carried over): what
        /// is not a reference XML defines stays as written (through the next `;`, or to the end
        /// when none follows), line ends are kept, `&#0;` is U+0000 and nothing is an error.
        case lenient
    }

    /// Decodes character data (see ``XMLScanner/text(_:)``).
    static func decode(_ raw: UnsafeRawBufferPointer, policy: Policy = .strict) throws -> String {
        var plain = true
        for b in raw where b == UInt8(ascii: "&") || (b == 0x0D && policy == .strict) {
            plain = false
            break
        }
        var out: [UInt8] = []
        if !plain {
            out.reserveCapacity(raw.count)
            try append(raw, to: &out, policy: policy)
        }
        let decoded = plain ? XMLBytes.utf8String(raw) : XMLBytes.utf8String(out)
        if let decoded { return decoded }
        guard policy == .lenient else { throw XMLError(message: "text that is not UTF-8", line: 0) }
        return plain ? String(decoding: raw, as: UTF8.self) : String(decoding: out, as: UTF8.self)
    }

    /// ``decode(_:policy:)`` of a string with ``Policy/lenient``, which cannot fail.
    static func decodeLeniently(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var copy = text
        return copy.withUTF8 { (try? decode(UnsafeRawBufferPointer($0), policy: .lenient)) ?? text }
    }

    /// Appends decoded character data to `out` (for text that comes in pieces).
    static func append(_ raw: UnsafeRawBufferPointer, to out: inout [UInt8], policy: Policy = .strict) throws {
        var i = 0
        let n = raw.count
        while i < n {
            // A run with no reference and no CR is copied as it is.
            var plainEnd = i
            while plainEnd < n, raw[plainEnd] != UInt8(ascii: "&"), raw[plainEnd] != 0x0D || policy != .strict {
                plainEnd += 1
            }
            if plainEnd > i {
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<plainEnd]))
                i = plainEnd
                if i == n { break }
            }
            let b = raw[i]
            if b == 0x0D && policy == .strict {
                // CR LF and a lone CR are one line feed in XML.
                out.append(0x0A)
                i += (i + 1 < n && raw[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            guard b == UInt8(ascii: "&") else {
                out.append(b)
                i += 1
                continue
            }
            var j = i + 1
            while j < n, raw[j] != UInt8(ascii: ";"), policy == .lenient || j - i < 12 { j += 1 }
            guard j < n, raw[j] == UInt8(ascii: ";") else {
                guard policy == .lenient else { throw XMLError(message: "a `&` that starts no entity", line: 0) }
                // No `;` anywhere after: the rest as written.
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<n]))
                return
            }
            let name = String(decoding: raw[(i + 1)..<j], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var value: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    value = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    value = UInt32(name.dropFirst(), radix: 10)
                }
                if let v = value, let scalar = Unicode.Scalar(v), v != 0 || policy == .lenient {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                } else if policy == .lenient {
                    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...j]))
                } else {
                    throw XMLError(
                        message: "the entity &\(name.prefix(12)); (only XML's own and character references are read)",
                        line: 0)
                }
            }
            i = j + 1
        }
    }
}

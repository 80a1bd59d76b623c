import Foundation

/// A tag of an XML part as written, for patching a part without parsing it into a tree: the bytes
/// around the tags we change are copied as they are. Tags only; text between them is never read.
struct XMLTag {
    enum Kind { case open, close, empty, other }
    /// Offset of `<` and one past `>`.
    var start: Int
    var end: Int
    var kind: Kind
    /// The qualified name as written (`x:c`).
    var name: String
    /// The name without its namespace prefix (computed once: every tag of a sheet is asked).
    var local: Substring

    init(start: Int, end: Int, kind: Kind, name: String) {
        self.start = start
        self.end = end
        self.kind = kind
        self.name = name
        local = name.firstIndex(of: ":").map { name[name.index(after: $0)...] } ?? Substring(name)
    }
    /// `x:` when the name has a prefix, else empty.
    var prefix: String { name.contains(":") ? String(name[..<name.firstIndex(of: ":")!]) + ":" : "" }
}

enum XMLPatch {
    struct Malformed: Error {}

    /// The next tag at or after `from`; nil at the end. A document type declaration is refused
    /// (OOXML has none; it is how entity expansion comes in).
    static func next(_ b: [UInt8], from: Int) throws -> XMLTag? {
        var i = from
        let n = b.count
        while i < n && b[i] != UInt8(ascii: "<") { i += 1 }
        guard i < n else { return nil }
        let start = i
        func find(_ pattern: [UInt8], from j: Int) throws -> Int {
            var k = j
            while k + pattern.count <= n {
                if b[k] == pattern[0] && Array(b[k..<k + pattern.count]) == pattern { return k + pattern.count }
                k += 1
            }
            throw Malformed()
        }
        if i + 1 < n && b[i + 1] == UInt8(ascii: "?") {
            return XMLTag(start: start, end: try find(Array("?>".utf8), from: i + 2), kind: .other, name: "?")
        }
        if i + 1 < n && b[i + 1] == UInt8(ascii: "!") {
            if b[i...].starts(with: Array("<!--".utf8)) {
                return XMLTag(start: start, end: try find(Array("-->".utf8), from: i + 4), kind: .other, name: "!")
            }
            if b[i...].starts(with: Array("<![CDATA[".utf8)) {
                return XMLTag(start: start, end: try find(Array("]]>".utf8), from: i + 9), kind: .other, name: "!")
            }
            throw Malformed()
        }
        var kind = XMLTag.Kind.open
        i += 1
        if i < n && b[i] == UInt8(ascii: "/") {
            kind = .close
            i += 1
        }
        let nameStart = i
        while i < n, !isSpace(b[i]), b[i] != UInt8(ascii: ">"), b[i] != UInt8(ascii: "/") { i += 1 }
        let name = String(decoding: b[nameStart..<i], as: UTF8.self)
        var quote: UInt8 = 0
        while i < n {
            let c = b[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                if kind == .open && b[i - 1] == UInt8(ascii: "/") { kind = .empty }
                return XMLTag(start: start, end: i + 1, kind: kind, name: name)
            }
            i += 1
        }
        throw Malformed()
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// The attributes of a start tag, values as written (still escaped).
    static func attributes(_ b: [UInt8], _ t: XMLTag) -> [(name: String, value: String)] {
        var out: [(String, String)] = []
        var i = t.start + 1 + t.name.utf8.count
        let end = t.end - 1
        while i < end {
            while i < end && (isSpace(b[i]) || b[i] == UInt8(ascii: "/")) { i += 1 }
            let ns = i
            while i < end && b[i] != UInt8(ascii: "=") && !isSpace(b[i]) { i += 1 }
            let name = String(decoding: b[ns..<i], as: UTF8.self)
            while i < end && b[i] != UInt8(ascii: "\"") && b[i] != UInt8(ascii: "'") { i += 1 }
            guard i < end else { break }
            let q = b[i]
            i += 1
            let vs = i
            while i < end && b[i] != q { i += 1 }
            if !name.isEmpty { out.append((name, String(decoding: b[vs..<min(i, end)], as: UTF8.self))) }
            i += 1
        }
        return out
    }

    static func attribute(_ b: [UInt8], _ t: XMLTag, _ local: String) -> String? {
        attributes(b, t).first { $0.name == local }?.value
    }

    /// The tag written again with `set` applied (a nil value removes the attribute; a new one is
    /// appended); every other attribute is kept as written.
    static func rewrite(_ b: [UInt8], _ t: XMLTag, set: [(String, String?)], close: Bool? = nil) -> String {
        var attrs = attributes(b, t)
        for (k, v) in set {
            if let i = attrs.firstIndex(where: { $0.name == k }) {
                if let v { attrs[i].value = v } else { attrs.remove(at: i) }
            } else if let v {
                attrs.append((k, v))
            }
        }
        var out = "<" + t.name
        for a in attrs { out += " \(a.name)=\"\(a.value.replacingOccurrences(of: "\"", with: "&quot;"))\"" }
        out += (close ?? (t.kind == .empty)) ? "/>" : ">"
        return out
    }

    /// The prefix bound to `uri` on the root element (`r`), if any.
    static func prefix(bound uri: String, in b: [UInt8], root: XMLTag) -> String? {
        for a in attributes(b, root) where a.name.hasPrefix("xmlns:") && a.value == uri {
            return String(a.name.dropFirst(6))
        }
        return nil
    }

    /// The first element tag (the root).
    static func root(_ b: [UInt8]) throws -> XMLTag? {
        var i = 0
        while let t = try next(b, from: i) {
            if t.kind == .open || t.kind == .empty { return t }
            i = t.end
        }
        return nil
    }

    /// Every tag in order.
    static func tags(_ b: [UInt8]) throws -> [XMLTag] {
        var out: [XMLTag] = []
        var i = 0
        while let t = try next(b, from: i) {
            out.append(t)
            i = t.end
        }
        return out
    }
}

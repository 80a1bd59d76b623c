import Foundation
import Testing

@testable import LintasCore

/// The one XML text decoder (`XMLText`) with its two policies replaced two decoders: the reader's
/// strict `XMLText.decode` and the patcher's lenient `XMLPatch.unescape`. Both old decoders are
/// kept here, as written before, as oracles: the new one must give what each gave (so the bytes an
/// annotation writes back are unchanged), on every input of a large generated set.
@Suite("XML text decoder: strict and lenient policies")
struct XMLTextTests {
    /// `XMLPatch.unescape` as it was (String-based, lenient).
    static func legacyUnescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else {
                out += rest[amp...]
                return out
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                var scalar: UnicodeScalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(UnicodeScalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst(1)).flatMap(UnicodeScalar.init)
                }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += rest[amp...semi] }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// `XMLText.decode` as it was (bytes, strict); nil where it threw.
    static func legacyStrict(_ raw: [UInt8]) -> String? {
        var out: [UInt8] = []
        var i = 0
        let n = raw.count
        while i < n {
            let b = raw[i]
            if b == 0x0D {
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
            while j < n, raw[j] != UInt8(ascii: ";"), j - i < 12 { j += 1 }
            guard j < n, raw[j] == UInt8(ascii: ";") else { return nil }
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
                guard let v = value, let scalar = Unicode.Scalar(v), v != 0 else { return nil }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = j + 1
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Pieces that make entities, near-entities and broken ones when strung together.
    static let pieces: [String] = [
        "&", ";", "#", "#x", "#X", "amp", "lt", "gt", "quot", "apos", "AMP", "a", "x", "0", "41", "1F600", "D800",
        "110000", "+41", "-1", "&amp;", "&lt;", "&#65;", "&#x41;", "&#0;", "&#x0;", "&#xD800;", "&#1114112;",
        "&nbsp;", "&e;", "&amp", "&#;", "&#x;", " ", "\r", "\n", "\r\n", "\t", "é", "日本", "😀", "<", ">", "\"",
        "'", "abcdefghijklmnop", "&#00000000065;", "&#x00000041;",
    ]

    /// A deterministic generator (the test is the same every run).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static func samples(_ count: Int) -> [String] {
        var generator = Generator(state: 20)
        return (0..<count).map { _ in
            (0..<(1 + generator.next(12))).map { _ in pieces[generator.next(pieces.count)] }.joined()
        }
    }

    @Test("lenient: what XMLPatch.unescape gave, on 50,000 generated texts and the listed ones")
    func lenientAsBefore() {
        let listed = [
            "", "plain", "a &amp; b", "&lt;x&gt;", "&#65;&#x42;&#X43;", "&unknown; stays", "& no semicolon",
            "&aaaaaaaaaaaaaaaaa&amp;", "&#0;", "&#xD800;", "&#1114112;", "&#x+41;", "R&amp;D\r\nline",
            "Sheet 'a&apos;b'", "&amp;amp;", "&&&;;;",
        ]
        for text in listed + Self.samples(50_000) {
            #expect(XMLText.decodeLeniently(text) == Self.legacyUnescape(text), "\(text.debugDescription)")
        }
    }

    @Test("strict: what XMLText.decode gave (or the same refusal), on 50,000 generated texts")
    func strictAsBefore() throws {
        for text in Self.samples(50_000) + ["a\rb\r\nc", "&#0;", "&e;", "&amp", "&aaaaaaaaaaaa;"] {
            let bytes = Array(text.utf8)
            let now = bytes.withUnsafeBytes { try? XMLText.decode($0) }
            #expect(now == Self.legacyStrict(bytes), "\(text.debugDescription)")
        }
    }

    @Test("the policies differ where they should: line ends, unknown entities, &#0;, a bare &")
    func policies() throws {
        func strict(_ s: String) throws -> String { try Array(s.utf8).withUnsafeBytes { try XMLText.decode($0) } }
        #expect(try strict("a\r\nb\rc") == "a\nb\nc")
        #expect(XMLText.decodeLeniently("a\r\nb&amp;") == "a\r\nb&")
        #expect(throws: XMLError.self) { try strict("A&e;B") }
        #expect(XMLText.decodeLeniently("A&e;B") == "A&e;B")
        #expect(throws: XMLError.self) { try strict("&#0;") }
        #expect(XMLText.decodeLeniently("&#0;") == "\u{0}")
        #expect(throws: XMLError.self) { try strict("R & D") }
        #expect(XMLText.decodeLeniently("R & D") == "R & D")
        // Bytes that are not UTF-8: strict refuses, lenient repairs (it never throws).
        let broken: [UInt8] = [0x41, 0xFF, 0x26, 0x61, 0x6D, 0x70, 0x3B]
        #expect(throws: XMLError.self) { try broken.withUnsafeBytes { try XMLText.decode($0) } }
        #expect(try broken.withUnsafeBytes { try XMLText.decode($0, policy: .lenient) } == "A\u{FFFD}&")
    }

    @Test("the one place the lenient policy now differs: `&` or `;` followed by a combining mark")
    func combiningMark() {
        // The old decoder searched Characters, so `;` + U+0301 was not a `;` and a valid reference
        // before it stayed undecoded; XML is bytes, and the reference is decoded now.
        let text = "&amp;\u{301}"
        #expect(Self.legacyUnescape(text) == "&amp;\u{301}")
        #expect(XMLText.decodeLeniently(text) == "&\u{301}")
    }
}

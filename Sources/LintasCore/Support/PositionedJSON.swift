/// A small strict JSON reader (RFC 8259) that keeps where each value starts, so a tool file in JSON
/// (the baseline) can be rejected with `file:line:col` and what is wrong, instead of a decoder's
/// coding-path dump. Columns count Unicode scalars, as ``SourcePosition`` does.
struct PositionedJSON {
    indirect enum Value {
        case object([(key: String, keyAt: SourcePosition, value: PositionedJSON)])
        case array([PositionedJSON])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    var value: Value
    var at: SourcePosition

    /// What the value is, in words, for "expected ..., found ..." messages.
    var kind: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    struct SyntaxError: Error {
        var message: String
        var at: SourcePosition
    }

    /// Nesting deeper than this is refused (a hostile file must not exhaust the stack).
    static let maxDepth = 256

    static func parse(_ bytes: [UInt8]) throws -> PositionedJSON {
        var p = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == bytes.count else { throw p.error("unexpected \(p.describeHere()) after the JSON value") }
        return v
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var column = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        var position: SourcePosition { SourcePosition(line: line, column: column) }

        func error(_ message: String) -> SyntaxError { SyntaxError(message: message, at: position) }

        func describeHere() -> String {
            guard i < bytes.count else { return "end of file" }
            let b = bytes[i]
            return b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : String(format: "byte 0x%02X", b)
        }

        mutating func advance() {
            let b = bytes[i]
            i += 1
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1  // not a UTF-8 continuation byte: one more scalar
            }
        }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { advance() }
        }

        mutating func expect(_ c: UInt8, _ what: String) throws {
            guard i < bytes.count, bytes[i] == c else { throw error("expected \(what), found \(describeHere())") }
            advance()
        }

        mutating func value(depth: Int) throws -> PositionedJSON {
            guard depth < PositionedJSON.maxDepth else {
                throw error("nesting deeper than \(PositionedJSON.maxDepth) levels")
            }
            let at = position
            guard i < bytes.count else { throw error("expected a value, found end of file") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                advance()
                var pairs: [(key: String, keyAt: SourcePosition, value: PositionedJSON)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    advance()
                    return PositionedJSON(value: .object(pairs), at: at)
                }
                while true {
                    skipSpace()
                    let keyAt = position
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                        throw error("expected a key in double quotes, found \(describeHere())")
                    }
                    let key = try string()
                    if pairs.contains(where: { $0.key == key }) {
                        throw SyntaxError(message: "duplicate key \"\(key)\"", at: keyAt)
                    }
                    skipSpace()
                    try expect(UInt8(ascii: ":"), "':' after the key")
                    skipSpace()
                    pairs.append((key, keyAt, try value(depth: depth + 1)))
                    skipSpace()
                    if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
                        advance()
                        continue
                    }
                    try expect(UInt8(ascii: "}"), "',' or '}'")
                    return PositionedJSON(value: .object(pairs), at: at)
                }
            case UInt8(ascii: "["):
                advance()
                var items: [PositionedJSON] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    advance()
                    return PositionedJSON(value: .array(items), at: at)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    if i < bytes.count, bytes[i] == UInt8(ascii: ",") {
                        advance()
                        continue
                    }
                    try expect(UInt8(ascii: "]"), "',' or ']'")
                    return PositionedJSON(value: .array(items), at: at)
                }
            case UInt8(ascii: "\""):
                return PositionedJSON(value: .string(try string()), at: at)
            case UInt8(ascii: "t"):
                try word("true")
                return PositionedJSON(value: .bool(true), at: at)
            case UInt8(ascii: "f"):
                try word("false")
                return PositionedJSON(value: .bool(false), at: at)
            case UInt8(ascii: "n"):
                try word("null")
                return PositionedJSON(value: .null, at: at)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return PositionedJSON(value: .number(try number()), at: at)
            default:
                throw error("expected a value, found \(describeHere())")
            }
        }

        mutating func word(_ w: String) throws {
            for c in w.utf8 {
                guard i < bytes.count, bytes[i] == c else { throw error("expected '\(w)', found \(describeHere())") }
                advance()
            }
        }

        mutating func number() throws -> String {
            let start = i
            func digits() -> Int {
                var n = 0
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                    advance()
                    n += 1
                }
                return n
            }
            if bytes[i] == UInt8(ascii: "-") { advance() }
            if i < bytes.count, bytes[i] == UInt8(ascii: "0") {
                advance()
            } else if digits() == 0 {
                throw error("expected a digit, found \(describeHere())")
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                advance()
                if digits() == 0 { throw error("expected a digit after '.', found \(describeHere())") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                advance()
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { advance() }
                if digits() == 0 { throw error("expected a digit in the exponent, found \(describeHere())") }
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func hex4() throws -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard i < bytes.count, let d = hexDigit(bytes[i]) else {
                    throw error("expected 4 hex digits after \\u, found \(describeHere())")
                }
                v = v << 4 | d
                advance()
            }
            return v
        }

        func hexDigit(_ b: UInt8) -> UInt32? {
            switch b {
            case 0x30...0x39: return UInt32(b - 0x30)
            case 0x41...0x46: return UInt32(b - 0x41 + 10)
            case 0x61...0x66: return UInt32(b - 0x61 + 10)
            default: return nil
            }
        }

        /// A string at `i` (on its opening quote); invalid UTF-8 and control characters are errors.
        mutating func string() throws -> String {
            let start = position
            advance()
            var out = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() throws {
                guard !raw.isEmpty else { return }
                guard let s = String(validating: raw, as: UTF8.self) else {
                    throw SyntaxError(message: "invalid UTF-8 in the string starting here", at: start)
                }
                out.append(contentsOf: s.unicodeScalars)
                raw.removeAll()
            }
            while true {
                guard i < bytes.count else { throw error("unterminated string (no closing '\"')") }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    advance()
                    try flush()
                    return String(out)
                }
                if b < 0x20 {
                    throw error(
                        "control character (byte 0x\(String(b, radix: 16, uppercase: true))) in a string; write it escaped"
                    )
                }
                if b != UInt8(ascii: "\\") {
                    raw.append(b)
                    advance()
                    continue
                }
                try flush()
                advance()
                guard i < bytes.count else { throw error("unterminated string (no closing '\"')") }
                let e = bytes[i]
                let simple: [UInt8: Unicode.Scalar] = [
                    0x22: "\"", 0x5C: "\\", 0x2F: "/", 0x62: "\u{08}", 0x66: "\u{0C}", 0x6E: "\n", 0x72: "\r",
                    0x74: "\t",
                ]
                if let s = simple[e] {
                    out.append(s)
                    advance()
                    continue
                }
                guard e == UInt8(ascii: "u") else { throw error("invalid escape \\\(describeHere()) in a string") }
                advance()
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("a high surrogate \\u\(String(code, radix: 16)) without its low surrogate")
                    }
                    advance()
                    advance()
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw error("\\u\(String(low, radix: 16)) is not a low surrogate")
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(code) else {
                    throw error("\\u\(String(code, radix: 16)) is a lone surrogate")
                }
                out.append(s)
            }
        }
    }
}

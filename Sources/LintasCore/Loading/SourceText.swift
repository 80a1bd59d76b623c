import Foundation

/// The bytes of a source file, with line lookup for showing the offending line.
public final class SourceText: Sendable {
    public let bytes: [UInt8]
    /// Byte offset of each line's start (32 bits: files are limited to far less than 4 GiB).
    private let lineStarts: [UInt32]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts: [UInt32] = [0]
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            // Lines average a few dozen bytes; memchr finds each break.
            starts.reserveCapacity(raw.count / 32 + 1)
            var offset = 0
            while offset < raw.count, let hit = memchr(base + offset, 10, raw.count - offset) {
                let at = base.distance(to: UnsafeRawPointer(hit))
                starts.append(UInt32(truncatingIfNeeded: at + 1))
                offset = at + 1
            }
        }
        self.lineStarts = starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its line break (invalid UTF-8 is replaced).
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = Int(lineStarts[number - 1])
        var end = number < lineStarts.count ? Int(lineStarts[number]) - 1 : bytes.count
        if end > start, bytes[end - 1] == 13 { end -= 1 }
        var s = start
        if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { s = 3 }
        guard s <= end else { return "" }
        return String(decoding: bytes[s..<end], as: UTF8.self)
    }

    /// Each line's text with its 1-based number, for comment scanning.
    public func lines() -> [(number: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        out.reserveCapacity(lineStarts.count)
        for n in 1...lineStarts.count {
            out.append((n, Substring(line(n) ?? "")))
        }
        return out
    }
}

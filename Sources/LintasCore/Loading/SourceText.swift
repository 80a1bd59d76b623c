import Foundation

/// The bytes of a source file, with line lookup for showing the offending line. The line index is
/// built on first use: most files of a large clean run never need it.
public final class SourceText: @unchecked Sendable {
    public let bytes: [UInt8]
    private let lock = NSLock()
    /// Byte offset of each line's start (32 bits: files are limited to far less than 4 GiB).
    /// Guarded by `lock`.
    private var index: [UInt32]?

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private var lineStarts: [UInt32] {
        lock.lock()
        defer { lock.unlock() }
        if let index { return index }
        let built = SourceText.lineIndex(bytes)
        index = built
        return built
    }

    static func lineIndex(_ bytes: [UInt8]) -> [UInt32] {
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
        return starts
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line without its line break (invalid UTF-8 is replaced).
    public func line(_ number: Int) -> String? {
        let lineStarts = self.lineStarts
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
        let count = lineStarts.count
        out.reserveCapacity(count)
        for n in 1...count {
            out.append((n, Substring(line(n) ?? "")))
        }
        return out
    }
}

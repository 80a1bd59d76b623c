import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scans over UTF-8 bytes: line breaks, characters, the suppression marker.
enum ByteScan {
    /// How many `\n` are in `p[0..<n]` (eight bytes at a time).
    static func newlines(_ p: UnsafeRawPointer, _ n: Int) -> Int {
        var count = 0
        var i = 0
        let ones: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= n {
            let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ ones
            // A byte of `w` is zero exactly where a newline was: only its high bit is set in `z`;
            // the multiplication sums those (at most 8) into the top byte (no popcount needed).
            let t = (w & low) &+ low
            let z = ~(t | w | low)
            count += Int(truncatingIfNeeded: ((z >> 7) &* 0x0101_0101_0101_0101) >> 56)
            i += 8
        }
        while i < n {
            if p.load(fromByteOffset: i, as: UInt8.self) == 10 { count += 1 }
            i += 1
        }
        return count
    }

    /// The index of the last `\n` in `p[0..<n]`, or -1.
    static func lastNewline(_ p: UnsafeRawPointer, _ n: Int) -> Int {
        var i = n - 1
        while i >= 0 && p.load(fromByteOffset: i, as: UInt8.self) != 10 { i -= 1 }
        return i
    }

    /// Characters in `p[from..<to]`: the bytes that are not UTF-8 continuation bytes (as columns
    /// count them).
    static func characters(_ p: UnsafeRawPointer, _ from: Int, _ to: Int) -> Int {
        var count = 0
        var i = from
        while i < to {
            if p.load(fromByteOffset: i, as: UInt8.self) & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }

    /// The suppression directives' common prefix.
    static let marker: [UInt8] = Array("lintas-disable".utf8)
    /// The marker's rarest byte in agency files ('b', about 1% of the bytes), and where it is in it.
    static let markerProbe = 11

    /// Calls `body` with the offset of each `lintas-disable` that starts in `p[0..<n]` and ends
    /// in it. memchr finds the marker's rare byte; the rest is compared around it.
    static func markers(_ p: UnsafeRawPointer, _ n: Int, _ body: (Int) -> Void) {
        let m = marker.count
        guard n >= m else { return }
        marker.withUnsafeBytes { mk in
            let probe = Int32(mk[markerProbe])
            var from = markerProbe
            let last = n - (m - markerProbe)  // the last offset the probe byte can be at
            while from <= last, let hit = memchr(p + from, probe, last - from + 1) {
                let at = p.distance(to: UnsafeRawPointer(hit))
                if memcmp(p + (at - markerProbe), mk.baseAddress!, m) == 0 { body(at - markerProbe) }
                from = at + 1
            }
        }
    }

    /// Whether `p[0..<n]` holds the marker at all.
    static func mentionsMarker(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        var found = false
        markers(p, n) { _ in found = true }
        return found
    }
}

/// A checksum of a byte stream, the same however the stream is cut into chunks: a file's
/// fingerprint, to tell whether it changed between two readings.
struct Checksum: Sendable {
    private var h: UInt64 = 0x243F_6A88_85A3_08D3
    private var tail: UInt64 = 0
    private var tailCount = 0
    private(set) var count = 0

    @inline(__always) private mutating func mix(_ w: UInt64) {
        h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 29
    }

    mutating func update(_ b: UnsafeRawBufferPointer) {
        guard var p = b.baseAddress else { return }
        var n = b.count
        count += n
        while tailCount != 0 && n > 0 {
            tail |= UInt64(p.load(as: UInt8.self)) << (8 * UInt64(tailCount))
            tailCount += 1
            p += 1
            n -= 1
            if tailCount == 8 {
                mix(tail)
                tail = 0
                tailCount = 0
            }
        }
        while n >= 8 {
            mix(p.loadUnaligned(as: UInt64.self))
            p += 8
            n -= 8
        }
        while n > 0 {
            tail |= UInt64(p.load(as: UInt8.self)) << (8 * UInt64(tailCount))
            tailCount += 1
            p += 1
            n -= 1
        }
    }

    /// The checksum of everything given so far (its length included).
    var value: UInt64 {
        var c = self
        c.mix(c.tail ^ (UInt64(c.tailCount) << 56))
        c.mix(UInt64(c.count))
        return c.h
    }
}

/// UTF-8 validation of a stream given in pieces: the offset of the first byte that is not part of
/// a valid sequence (as ``UTF8Check/firstInvalid(_:)`` finds it in a whole buffer: the lead byte of
/// the first bad, overlong, surrogate, out-of-range or truncated sequence).
struct UTF8Stream {
    private var need = 0
    private var code: UInt32 = 0
    private var minCode: UInt32 = 0
    /// Offset of the lead byte of the sequence being read.
    private var start = 0

    /// Reads `p[0..<n]`, at offset `base` of the stream; the first invalid offset, or nil.
    mutating func feed(_ p: UnsafeRawPointer, _ n: Int, base: Int) -> Int? {
        var i = 0
        while i < n {
            if need == 0 {
                // ASCII eight bytes at a time.
                while i + 8 <= n && p.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                }
                if i >= n { break }
                let c = p.load(fromByteOffset: i, as: UInt8.self)
                if c < 0x80 {
                    i += 1
                    continue
                }
                start = base + i
                if c >= 0xC2 && c <= 0xDF {
                    need = 1
                    code = UInt32(c & 0x1F)
                    minCode = 0x80
                } else if c >= 0xE0 && c <= 0xEF {
                    need = 2
                    code = UInt32(c & 0x0F)
                    minCode = 0x800
                } else if c >= 0xF0 && c <= 0xF4 {
                    need = 3
                    code = UInt32(c & 0x07)
                    minCode = 0x10000
                } else {
                    return start
                }
                i += 1
            } else {
                let cc = p.load(fromByteOffset: i, as: UInt8.self)
                guard cc & 0xC0 == 0x80 else { return start }
                code = (code << 6) | UInt32(cc & 0x3F)
                need -= 1
                i += 1
                if need == 0 && (code < minCode || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                    return start
                }
            }
        }
        return nil
    }

    /// At the end of the stream: a sequence still open is invalid at its lead byte.
    func finish() -> Int? { need > 0 ? start : nil }
}

/// A regular file read from its start in chunks, never more than `limit` + 1 bytes in all. Keeps
/// the current and the previous chunk and where each starts (line, and characters of that line
/// before it), so that a byte offset in the last two chunks can be given a line and column (a bad
/// byte, a reader error of libyaml) without the file in memory; and a checksum of each chunk, so
/// that bytes read again later can be checked against what was read (``VerifiedChunkReader``).
/// Every chunk but the last is `chunkBytes` long: chunk `k` starts at `k * chunkBytes`.
final class ChunkedFile {
    struct Chunk {
        /// File offset of the chunk's first byte.
        var start = 0
        var count = 0
        /// The line the chunk starts on (1-based).
        var line = 1
        /// Characters of that line before the chunk (a BOM not counted).
        var characters = 0
        /// File offset where that line starts.
        var lineStart = 0
    }

    let fd: Int32
    let limit: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var spare: UnsafeMutableRawBufferPointer
    private(set) var current = Chunk()
    private(set) var previous: Chunk?
    /// Bytes read so far.
    private(set) var total = 0
    /// Whether the file starts with a UTF-8 byte-order mark.
    private(set) var bom = false
    /// The checksum of each chunk read.
    private(set) var sums: [UInt64] = []
    private(set) var failure: ReadProblem?
    /// The end of the file was reached.
    private(set) var atEnd = false
    /// Where the next chunk starts: its line, characters before it on that line, the line's start.
    private var next = Chunk()
    /// Every chunk read so far (where each starts), for a second reading of the same file.
    private(set) var chunks: [Chunk] = []
    /// The chunks of a first reading: a chunk found again at the same offset with the same length
    /// takes its successor's start from there instead of counting its line breaks again (the
    /// second pass only needs them to place a reader error).
    private let replay: [Chunk]

    init(fd: Int32, limit: Int, chunkBytes: Int, replay: [Chunk] = []) {
        self.fd = fd
        self.limit = limit
        self.replay = replay
        buffer = .allocate(byteCount: chunkBytes, alignment: 16)
        spare = .allocate(byteCount: chunkBytes, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        spare.deallocate()
    }

    /// Lines read so far (line breaks + 1).
    var lineCount: Int { next.line }

    /// The next chunk's bytes (the current one becomes the previous); empty at the end of the
    /// file, nil on a failure (``failure``: a read error, or more than `limit` bytes).
    func read() -> UnsafeRawBufferPointer? {
        if atEnd { return UnsafeRawBufferPointer(start: nil, count: 0) }
        if failure != nil { return nil }
        let want = min(spare.count, limit + 1 - total)
        let n: Int
        switch SafeFile.readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: spare[0..<want])) {
        case .success(let got): n = got
        case .failure(let p):
            failure = p
            return nil
        }
        if n == 0 {
            atEnd = true
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        let start = total
        total += n
        if total > limit {
            failure = .tooLarge(size: nil)
            return nil
        }
        swap(&buffer, &spare)
        if start == 0 {
            bom = n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
        } else {
            previous = current
        }
        current = Chunk(start: start, count: n, line: next.line, characters: next.characters, lineStart: next.lineStart)
        let k = chunks.count
        chunks.append(current)
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
        var sum = Checksum()
        sum.update(bytes)
        sums.append(sum.value)
        if k + 1 < replay.count && replay[k].start == start && replay[k].count == n && replay[k].line == current.line {
            next = replay[k + 1]
            return bytes
        }
        let base = bytes.baseAddress!
        next.line += ByteScan.newlines(base, n)
        let last = ByteScan.lastNewline(base, n)
        if last >= 0 {
            next.characters = ByteScan.characters(base, last + 1, n)
            next.lineStart = start + last + 1
        } else {
            next.characters += ByteScan.characters(base, skip(current, n), n)
        }
        return bytes
    }

    /// Bytes of a chunk not counted as characters: a BOM at the start of the file.
    private func skip(_ c: Chunk, _ upTo: Int) -> Int {
        c.start == 0 && bom ? min(3, upTo) : 0
    }

    /// The chunk holding `offset` (the current or the previous one) and its bytes; an offset
    /// before both is taken as the start of the older one (libyaml reports errors at most its
    /// 16 KiB buffer behind what it was given, and chunks are larger).
    private func chunk(at offset: Int) -> (Chunk, UnsafeRawPointer?, Int) {
        if offset >= current.start || previous == nil {
            return (current, UnsafeRawPointer(buffer.baseAddress), max(0, min(offset - current.start, current.count)))
        }
        let p = previous!
        return (p, UnsafeRawPointer(spare.baseAddress), max(0, min(offset - p.start, p.count)))
    }

    /// Line and column (in characters; a BOM not counted) of a byte offset in the last two chunks,
    /// as ``UTF8Check/position(ofByte:in:)`` gives it for a whole buffer.
    func position(ofByte offset: Int) -> SourcePosition {
        let (c, p, rel) = chunk(at: offset)
        guard let p, rel > 0 else { return SourcePosition(line: c.line, column: c.characters + 1) }
        let line = c.line + ByteScan.newlines(p, rel)
        let last = ByteScan.lastNewline(p, rel)
        if last >= 0 { return SourcePosition(line: line, column: ByteScan.characters(p, last + 1, rel) + 1) }
        return SourcePosition(line: line, column: c.characters + ByteScan.characters(p, skip(c, rel), rel) + 1)
    }

    /// The byte at an offset in the last two chunks (0 when it is not there).
    func byte(at offset: Int) -> UInt8 {
        let (c, p, rel) = chunk(at: offset)
        guard let p, rel < c.count else { return 0 }
        return p.load(fromByteOffset: rel, as: UInt8.self)
    }

    /// The line of an offset in the current chunk, and where that line starts in the file.
    func line(ofChunkOffset rel: Int) -> (line: Int, lineStart: Int) {
        guard let p = UnsafeRawPointer(buffer.baseAddress), rel > 0 else { return (current.line, current.lineStart) }
        let last = ByteScan.lastNewline(p, rel)
        return (current.line + ByteScan.newlines(p, rel), last >= 0 ? current.start + last + 1 : current.lineStart)
    }

    /// As ``line(ofChunkOffset:)``, counting on from an earlier offset of the current chunk and its
    /// answer: the hits of one chunk, asked for in order, cost one pass over it (not one each).
    func line(ofChunkOffset rel: Int, from earlier: (rel: Int, line: Int, lineStart: Int)) -> (
        line: Int, lineStart: Int
    ) {
        guard let p = UnsafeRawPointer(buffer.baseAddress), rel > earlier.rel else {
            return (earlier.line, earlier.lineStart)
        }
        let n = ByteScan.newlines(p + earlier.rel, rel - earlier.rel)
        guard n > 0 else { return (earlier.line, earlier.lineStart) }
        let last = ByteScan.lastNewline(p + earlier.rel, rel - earlier.rel)
        return (earlier.line + n, current.start + earlier.rel + last + 1)
    }
}

/// A file's bytes read again by range, in whole chunks of a first reading (``ChunkedFile``), each
/// checked against that reading's checksum of it: bytes that are not what was read are never
/// given. Keeps the chunks read last (findings come in line order). `fetch` reads at an offset
/// into a buffer and returns how many bytes it read, or nil on a failure.
struct VerifiedChunkReader {
    let size: Int
    let chunkBytes: Int
    let sums: [UInt64]
    let fetch: (Int, UnsafeMutableRawBufferPointer) -> Int?
    private var cache: [UInt8] = []
    private var cacheStart = 0

    init(size: Int, chunkBytes: Int, sums: [UInt64], fetch: @escaping (Int, UnsafeMutableRawBufferPointer) -> Int?) {
        self.size = size
        self.chunkBytes = chunkBytes
        self.sums = sums
        self.fetch = fetch
    }

    /// The bytes from `start` to `end` (exclusive); nil when they cannot be read or are not what
    /// was read.
    mutating func bytes(_ start: Int, _ end: Int) -> ArraySlice<UInt8>? {
        guard start >= 0, start <= end, end <= size else { return nil }
        if start == end { return ArraySlice() }
        if start >= cacheStart && end <= cacheStart + cache.count {
            return cache[(start - cacheStart)..<(end - cacheStart)]
        }
        let first = start / chunkBytes
        let last = (end - 1) / chunkBytes
        guard last < sums.count else { return nil }
        let from = first * chunkBytes
        let to = min(size, (last + 1) * chunkBytes)
        var fresh = [UInt8](repeating: 0, count: to - from)
        guard let n = fresh.withUnsafeMutableBytes({ fetch(from, $0) }), n == to - from else { return nil }
        let same = fresh.withUnsafeBytes { raw -> Bool in
            for k in first...last {
                let a = k * chunkBytes - from
                let b = min(to, (k + 1) * chunkBytes) - from
                var sum = Checksum()
                sum.update(UnsafeRawBufferPointer(rebasing: raw[a..<b]))
                if sum.value != sums[k] { return false }
            }
            return true
        }
        guard same else { return nil }
        cache = fresh
        cacheStart = from
        return cache[(start - from)..<(end - from)]
    }

    /// The line starting at `offset` (without its `\n`) and where the next one starts; nil when it
    /// cannot be read.
    mutating func line(at offset: Int) -> (bytes: [UInt8], next: Int)? {
        var out: [UInt8] = []
        var at = offset
        while at < size {
            let chunkEnd = min(size, (at / chunkBytes + 1) * chunkBytes)
            guard let piece = bytes(at, chunkEnd) else { return nil }
            if let nl = piece.firstIndex(of: 10) {
                out += piece[piece.startIndex..<nl]
                return (out, at + (nl - piece.startIndex) + 1)
            }
            out += piece
            at = chunkEnd
        }
        return (out, size)
    }
}

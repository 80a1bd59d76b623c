import Foundation

/// Where a reporter writes: standard output, a file, or memory. Writes are buffered and go out in
/// blocks of 64 KiB, so a report of 200,000 findings is never one string in memory
/// (``Reporter/write(_:_:to:)``).
public final class ReportOutput: TextOutputStream {
    // Unchecked: these are touched on every write; the class is used by one thread at a time
    // (dynamic exclusivity checks would cost more than the copying itself).
    @exclusivity(unchecked) private var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var count = 0
    @exclusivity(unchecked) private var capacity: Int
    private var fd: Int32
    private let ownsDescriptor: Bool
    /// For a file written atomically: the temporary file, renamed onto `finalPath` by ``finish()``.
    private let temporaryPath: String?
    private let finalPath: String?
    /// The first `errno` of a failed write (later writes are dropped).
    private(set) var failure: Int32?
    private static let blockSize = 1 << 16

    /// Collects the output in memory (``text``).
    convenience init() {
        self.init(fd: -1, owns: false, temporary: nil, final: nil, capacity: 1 << 12)
    }

    private init(fd: Int32, owns: Bool, temporary: String?, final: String?, capacity: Int) {
        self.fd = fd
        ownsDescriptor = owns
        temporaryPath = temporary
        finalPath = final
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    /// Writes to an open descriptor (e.g. `STDOUT_FILENO`); ``finish()`` flushes, never closes it.
    public convenience init(fileDescriptor: Int32) {
        self.init(fd: fileDescriptor, owns: false, temporary: nil, final: nil, capacity: ReportOutput.blockSize)
    }

    /// Writes `path` atomically: into a temporary file beside it, created exclusively (never
    /// through a link planted there), renamed onto it by ``finish()`` (a reader never sees half a
    /// report; a failed run leaves the old file). A target that is not a regular file (a device, a
    /// FIFO, `/dev/stdout`) is written in place, never replaced; a directory is refused. Opening
    /// happens here, so an unwritable path is found before a check runs (``SafeWrite``).
    public convenience init(atomicallyWriting path: String) throws {
        switch SafeWrite.target(path) {
        case .directory:
            throw LintasError("cannot write / tidak dapat menulis: \(path) (is a directory / berupa direktori)")
        case .special:
            let d = try SafeWrite.openInPlace(path)
            self.init(fd: d, owns: true, temporary: nil, final: path, capacity: ReportOutput.blockSize)
        case .missing, .regular:
            let (d, tmp) = try SafeWrite.createTemporary(beside: path)
            self.init(fd: d, owns: true, temporary: tmp, final: path, capacity: ReportOutput.blockSize)
        }
    }

    /// Gives up a file output: its temporary is removed, the target left as it was.
    public func abandon() {
        guard ownsDescriptor, fd >= 0 else { return }
        close(fd)
        fd = -1
        if let t = temporaryPath { unlink(t) }
    }

    deinit {
        if ownsDescriptor, fd >= 0 {
            close(fd)
            if let t = temporaryPath { unlink(t) }
        }
        bytes.deallocate()
    }

    /// Everything written (memory outputs only).
    var text: String { String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self) }

    public func write(_ string: String) {
        if string.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var s = string
            s.makeContiguousUTF8()
            s.utf8.withContiguousStorageIfAvailable { append($0) }
        }
    }

    func write(_ string: Substring) {
        write(String(string))
    }

    func write(static s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    func write(byte: UInt8) {
        if count == capacity { makeRoom(1) }
        bytes[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ b: UnsafeBufferPointer<UInt8>) {
        let n = b.count
        if n == 0 { return }
        if count + n > capacity { makeRoom(n) }
        (bytes + count).update(from: b.baseAddress!, count: n)
        count += n
    }

    /// Room for `n` more bytes: a descriptor output writes its block out (and takes a larger
    /// write whole); a memory output grows.
    private func makeRoom(_ n: Int) {
        if fd >= 0 {
            flush()
            if n <= capacity { return }
        }
        var c = capacity * 2
        while c < count + n { c *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        grown.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = grown
        capacity = c
    }

    /// Writes the buffer out (descriptor outputs; memory outputs keep it).
    public func flush() {
        guard fd >= 0, count > 0 else { return }
        defer { count = 0 }
        guard failure == nil else { return }
        var offset = 0
        while offset < count {
            let n = Foundation.write(fd, bytes + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += n
        }
    }

    /// Flushes; for an atomic file, closes it and renames it into place. Throws when a write failed
    /// (a full disk, a closed pipe...).
    public func finish() throws {
        flush()
        if temporaryPath == nil, let path = finalPath {
            // A device or FIFO written in place.
            guard fd >= 0 else { return }
            let closed = close(fd) == 0
            fd = -1
            if failure != nil || !closed { throw LintasError("cannot write / tidak dapat menulis: \(path)") }
            return
        }
        if let tmp = temporaryPath, let path = finalPath {
            guard fd >= 0 else { return }
            let closed = close(fd) == 0
            fd = -1
            var ok = failure == nil && closed
            if ok { ok = rename(tmp, path) == 0 }
            if !ok {
                unlink(tmp)
                throw LintasError("cannot write / tidak dapat menulis: \(path)")
            }
            return
        }
        if failure != nil { throw LintasError("cannot write the report / laporan tidak dapat ditulis") }
    }
}

extension ReportOutput {
    /// Writes `s` as a JSON string literal. `jsonEncoderStyle`: escapes as Foundation's
    /// `JSONEncoder` does (`\b`, `\f`, `\n`, `\r`, `\t`, other controls `\u00XX`, U+2028/9 as is);
    /// otherwise as ``JSONValue/quote(_:)`` (`\n`, `\r`, `\t`, other controls and U+2028/9 `\uXXXX`).
    func writeJSONString(_ string: String, jsonEncoderStyle: Bool) {
        write(byte: UInt8(ascii: "\""))
        writeJSONEscaped(string, jsonEncoderStyle: jsonEncoderStyle)
        write(byte: UInt8(ascii: "\""))
    }

    /// A text in a language as a JSON string literal, written piece by piece (a message is not
    /// joined into one string first).
    func writeJSONString(_ text: LocalizedText, _ language: Language, jsonEncoderStyle: Bool) {
        write(byte: UInt8(ascii: "\""))
        text.forEachPiece(language) { writeJSONEscaped($0, jsonEncoderStyle: jsonEncoderStyle) }
        write(byte: UInt8(ascii: "\""))
    }

    /// Bytes that may need an escape: controls, `"`, `\`, and 0xE2 (U+2028/9 start with it).
    private static let special: [Bool] = (0..<256).map { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }

    func writeJSONEscaped(_ string: String, jsonEncoderStyle: Bool) {
        if string.utf8.withContiguousStorageIfAvailable({ writeJSONEscaped($0, jsonEncoderStyle: jsonEncoderStyle) })
            == nil
        {
            var s = string
            s.makeContiguousUTF8()
            s.utf8.withContiguousStorageIfAvailable { writeJSONEscaped($0, jsonEncoderStyle: jsonEncoderStyle) }
        }
    }

    private func writeJSONEscaped(_ u: UnsafeBufferPointer<UInt8>, jsonEncoderStyle: Bool) {
        ReportOutput.special.withUnsafeBufferPointer { special in
            var runStart = 0
            var i = 0
            let n = u.count
            while i < n {
                let b = u[i]
                if !special[Int(b)] {
                    i += 1
                    continue
                }
                var escape: StaticString?
                var width = 1
                switch b {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08 where jsonEncoderStyle: escape = "\\b"
                case 0x0C where jsonEncoderStyle: escape = "\\f"
                case 0xE2:
                    if !jsonEncoderStyle && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9) {
                        escape = u[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                        width = 3
                    }
                default:
                    escape = ReportOutput.controlEscapes[Int(b)]
                }
                if let e = escape {
                    if i > runStart { append(UnsafeBufferPointer(rebasing: u[runStart..<i])) }
                    write(static: e)
                    i += width
                    runStart = i
                } else {
                    i += 1
                }
            }
            if n > runStart { append(UnsafeBufferPointer(rebasing: u[runStart..<n])) }
        }
    }

    private static let controlEscapes: [StaticString] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\u0008", "\\u0009", "\\u000a", "\\u000b", "\\u000c", "\\u000d", "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ]

    /// The start of a JSON object member in one step (the JSON writers' most frequent call): `,`
    /// unless it is the first, a line break, two spaces per level, and `"name": ` (`"name" : ` in
    /// Foundation's layout). Written straight into the buffer, without a call per piece.
    func writeMemberStart(first: Bool, indent levels: Int, name: StaticString, foundationStyle: Bool) {
        let nameCount = name.utf8CodeUnitCount
        let n = (first ? 1 : 2) + 2 * levels + 1 + nameCount + (foundationStyle ? 4 : 3)
        if count + n > capacity { makeRoom(n) }
        var p = bytes + count
        if !first { p.put(UInt8(ascii: ",")) }
        p.put(UInt8(ascii: "\n"))
        p.put(UInt8(ascii: " "), 2 * levels)
        p.put(UInt8(ascii: "\""))
        p.put(name.utf8Start, nameCount)
        p.put(UInt8(ascii: "\""))
        if foundationStyle { p.put(UInt8(ascii: " ")) }
        p.put(UInt8(ascii: ":"))
        p.put(UInt8(ascii: " "))
        count += n
    }

    /// The start of a JSON array element: `,` unless it is the first, a line break, the indentation.
    func writeElementStart(first: Bool, indent levels: Int) {
        let n = (first ? 1 : 2) + 2 * levels
        if count + n > capacity { makeRoom(n) }
        var p = bytes + count
        if !first { p.put(UInt8(ascii: ",")) }
        p.put(UInt8(ascii: "\n"))
        p.put(UInt8(ascii: " "), 2 * levels)
        count += n
    }

    /// The end of a non-empty JSON container: a line break, the indentation, the closing bracket.
    func writeContainerEnd(indent levels: Int, close: UInt8) {
        let n = 2 + 2 * levels
        if count + n > capacity { makeRoom(n) }
        var p = bytes + count
        p.put(UInt8(ascii: "\n"))
        p.put(UInt8(ascii: " "), 2 * levels)
        p.put(close)
        count += n
    }

    /// `count` levels of two-space indentation.
    func writeIndent(_ levels: Int) {
        writeRepeated(UInt8(ascii: " "), 2 * levels)
    }

    func writeRepeated(_ byte: UInt8, _ n: Int) {
        if n <= 0 { return }
        if count + n > capacity { makeRoom(n) }
        (bytes + count).update(repeating: byte, count: n)
        count += n
    }

    /// A decimal integer, without making a String.
    func write(_ value: Int) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for any Int64
        var v = value.magnitude
        var n = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                n += 1
                raw[24 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            if value < 0 { write(byte: UInt8(ascii: "-")) }
            append(UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + 24 - n, count: n))
        }
    }

    /// Text for a terminal, as ``TextReporter/printable(_:)`` makes it, written without a copy
    /// when it is already printable.
    func writePrintable(_ s: String) {
        let clean = s.utf8.withContiguousStorageIfAvailable { u -> Bool in
            for b in u where b < 0x20 || b == 0x7F || b == 0xC2 { return false }
            append(u)
            return true
        }
        if clean != true { write(TextReporter.printable(s)) }
    }
}

extension UnsafeMutablePointer<UInt8> {
    /// Stores a byte and moves past it.
    @inline(__always)
    fileprivate mutating func put(_ byte: UInt8) {
        pointee = byte
        self += 1
    }

    /// Stores a byte `n` times and moves past them (a loop: the runs are a few bytes long).
    @inline(__always)
    fileprivate mutating func put(_ byte: UInt8, _ n: Int) {
        for i in 0..<n { self[i] = byte }
        self += n
    }

    /// Copies `n` bytes and moves past them (a loop: static names are short).
    @inline(__always)
    fileprivate mutating func put(_ from: UnsafePointer<UInt8>, _ n: Int) {
        for i in 0..<n { self[i] = from[i] }
        self += n
    }
}

import CZlib
import Foundation
import ZIPFoundation

/// A ZIP archive whose entries lintas inflates itself, each from its own compressed bytes only.
///
/// ZIPFoundation 0.9.20 (the mirror's version) inflates on Linux in a loop that asks for more input
/// until the deflate stream says it has ended; past the end of the file it is handed empty chunks,
/// and a stream that never ends (a damaged or crafted entry) spins there for ever
/// (weichsel/ZIPFoundation#389, not merged). A 1.5 KB workbook found by the fuzzer hung
/// `lintas import`, a folder check and the server's upload the same way. So ZIPFoundation still
/// opens the archive and lists its entries, and this type reads them: the central directory once
/// more for each entry's local header, then at most the entry's compressed size, stored or inflated
/// with zlib. A stream that has not ended when its bytes run out, or whose CRC-32 is not the one
/// listed, is a damaged entry: an error, never a wait.
package final class BoundedZip {
    package let archive: Archive
    /// ZIPFoundation's entries in central-directory order, each with its record.
    package private(set) var entries: [(entry: Entry, record: Int)] = []
    private let source: Source
    private var records: [Record] = []

    package struct Damaged: Error, CustomStringConvertible {
        package let description: String
    }

    /// The bytes of the archive: a file read with `pread`, or data in memory.
    private enum Source {
        case file(Int32)
        case data(Data)
    }

    /// What lintas needs of a central-directory record.
    private struct Record {
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeader: UInt64
        var nameLength: Int
    }

    private let size: UInt64

    /// Opens the archive at `path`; pairs at most `maxEntries + 1` entries (the caller refuses more).
    package init(path: String, maxEntries: Int) throws {
        archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Damaged(description: "cannot open the archive") }
        source = .file(fd)
        var st = stat()
        size = fstat(fd, &st) == 0 ? UInt64(max(0, st.st_size)) : 0
        try pair(maxEntries)
    }

    /// Opens an archive in memory; pairs at most `maxEntries + 1` entries.
    package init(data: Data, maxEntries: Int) throws {
        archive = try Archive(data: data, accessMode: .read)
        source = .data(data)
        size = UInt64(data.count)
        try pair(maxEntries)
    }

    deinit {
        if case .file(let fd) = source { close(fd) }
    }

    /// `count` bytes at `offset`, fewer at the end of the archive.
    private func read(_ offset: UInt64, _ count: Int) -> [UInt8] {
        guard offset < size, count > 0 else { return [] }
        let n = Int(min(UInt64(count), size - offset))
        switch source {
        case .data(let data):
            let start = data.startIndex + Int(offset)
            return [UInt8](data[start..<start + n])
        case .file(let fd):
            var buffer = [UInt8](repeating: 0, count: n)
            var got = 0
            buffer.withUnsafeMutableBytes { raw in
                while got < n {
                    let r = pread(fd, raw.baseAddress! + got, n - got, off_t(offset) + off_t(got))
                    if r < 0 && errno == EINTR { continue }
                    if r <= 0 { break }
                    got += r
                }
            }
            return Array(buffer.prefix(got))
        }
    }

    private static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ at: Int) -> UInt32 { UInt32(u16(b, at)) | UInt32(u16(b, at + 2)) << 16 }
    private static func u64(_ b: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32 }

    /// Reads the central directory (as ZIPFoundation did, from the end-of-central-directory record,
    /// ZIP64 included) and pairs its records with ZIPFoundation's entries, in order.
    private func pair(_ maxEntries: Int) throws {
        let tail = Int(min(size, 22 + 65_535))
        let end = read(size - UInt64(tail), tail)
        guard end.count == tail, tail >= 22,
            let at = stride(from: tail - 22, through: 0, by: -1).first(where: { BoundedZip.u32(end, $0) == 0x0605_4b50 }
            )
        else { throw Damaged(description: "no end of the central directory") }
        var count = UInt64(BoundedZip.u16(end, at + 10))
        var offset = UInt64(BoundedZip.u32(end, at + 16))
        // ZIP64: the locator just before the record points at the ZIP64 end record.
        if at >= 20, BoundedZip.u32(end, at - 20) == 0x0706_4b50 {
            let zip64 = read(BoundedZip.u64(end, at - 20 + 8), 56)
            if zip64.count == 56, BoundedZip.u32(zip64, 0) == 0x0606_4b50 {
                count = BoundedZip.u64(zip64, 32)
                offset = BoundedZip.u64(zip64, 48)
            }
        }
        var position = offset
        for entry in archive {
            if entries.count > maxEntries { break }
            guard UInt64(records.count) < count else { throw Damaged(description: "more entries than records") }
            let fixed = read(position, 46)
            guard fixed.count == 46, BoundedZip.u32(fixed, 0) == 0x0201_4b50 else {
                throw Damaged(description: "central directory record \(records.count + 1) is unreadable")
            }
            let nameLength = Int(BoundedZip.u16(fixed, 28))
            let extraLength = Int(BoundedZip.u16(fixed, 30))
            let commentLength = Int(BoundedZip.u16(fixed, 32))
            var record = Record(
                method: BoundedZip.u16(fixed, 10), compressedSize: UInt64(BoundedZip.u32(fixed, 20)),
                uncompressedSize: UInt64(BoundedZip.u32(fixed, 24)), localHeader: UInt64(BoundedZip.u32(fixed, 42)),
                nameLength: nameLength)
            // The ZIP64 extra field holds, in this order, the values whose 32-bit fields are all ones.
            let extra = read(position + 46 + UInt64(nameLength), extraLength)
            var e = 0
            while e + 4 <= extra.count {
                let id = BoundedZip.u16(extra, e)
                let length = Int(BoundedZip.u16(extra, e + 2))
                if id == 0x0001 {
                    var v = e + 4
                    let stop = min(extra.count, e + 4 + length)
                    func next(_ value: inout UInt64) {
                        guard value == 0xFFFF_FFFF, v + 8 <= stop else { return }
                        value = BoundedZip.u64(extra, v)
                        v += 8
                    }
                    next(&record.uncompressedSize)
                    next(&record.compressedSize)
                    next(&record.localHeader)
                }
                e += 4 + length
            }
            // The same record as ZIPFoundation's entry (an ASCII name must be the entry's path).
            let name = read(position + 46, nameLength)
            if name.allSatisfy({ $0 < 0x80 }), String(decoding: name, as: UTF8.self) != entry.path {
                throw Damaged(description: "central directory record \(records.count + 1) is not the entry listed")
            }
            records.append(record)
            entries.append((entry, records.count - 1))
            position += 46 + UInt64(nameLength + extraLength + commentLength)
        }
    }

    /// Reads an entry's bytes in chunks of at most `bufferSize`, handing each to `consumer`; throws
    /// ``Damaged`` for an entry that is not whole (its stream ends early or late, or its CRC-32 differs).
    package func extract(_ record: Int, of entry: Entry, bufferSize: Int = 64 << 10, _ consumer: (Data) throws -> Void)
        throws
    {
        let r = records[record]
        let header = read(r.localHeader, 30)
        guard header.count == 30, BoundedZip.u32(header, 0) == 0x0403_4b50 else {
            throw Damaged(description: "its local header is unreadable")
        }
        var position = r.localHeader + 30 + UInt64(BoundedZip.u16(header, 26)) + UInt64(BoundedZip.u16(header, 28))
        // Compared before adding: a ZIP64 size can be near 2^64.
        guard position <= size, r.compressedSize <= size - position else {
            throw Damaged(description: "its data runs past the end of the archive")
        }
        let stop = position + r.compressedSize
        var crc = crc32(0, nil, 0)
        func emit(_ bytes: UnsafeRawBufferPointer) throws {
            guard bytes.count > 0 else { return }
            crc = crc32(crc, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(bytes.count))
            try consumer(Data(bytes))
        }
        let chunk = max(1, bufferSize)
        switch r.method {
        case 0:
            while position < stop {
                let bytes = read(position, Int(min(UInt64(chunk), stop - position)))
                guard !bytes.isEmpty else { throw Damaged(description: "its data is cut short") }
                try bytes.withUnsafeBytes { try emit($0) }
                position += UInt64(bytes.count)
            }
        case 8:
            var stream = z_stream()
            guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                throw Damaged(description: "zlib cannot start")
            }
            defer { inflateEnd(&stream) }
            var output = [UInt8](repeating: 0, count: chunk)
            var ended = false
            while !ended {
                // Only the entry's own bytes: when they are used up before the stream ends, it is damaged.
                guard position < stop else {
                    throw Damaged(description: "its compressed data ends before the deflate stream does")
                }
                var input = read(position, Int(min(UInt64(chunk), stop - position)))
                guard !input.isEmpty else { throw Damaged(description: "its data is cut short") }
                position += UInt64(input.count)
                try input.withUnsafeMutableBufferPointer { inBuffer in
                    stream.next_in = inBuffer.baseAddress
                    stream.avail_in = uInt(inBuffer.count)
                    repeat {
                        let status = try output.withUnsafeMutableBufferPointer { outBuffer -> Int32 in
                            stream.next_out = outBuffer.baseAddress
                            stream.avail_out = uInt(outBuffer.count)
                            let status = inflate(&stream, Z_NO_FLUSH)
                            let produced = outBuffer.count - Int(stream.avail_out)
                            try emit(UnsafeRawBufferPointer(start: outBuffer.baseAddress, count: produced))
                            return status
                        }
                        if status == Z_STREAM_END {
                            ended = true
                            break
                        }
                        // Z_BUF_ERROR: no progress possible with this input; more is read above.
                        guard status == Z_OK || status == Z_BUF_ERROR else {
                            throw Damaged(description: "its data is not a valid deflate stream")
                        }
                        if status == Z_BUF_ERROR { break }
                    } while stream.avail_in > 0 || stream.avail_out == 0
                }
            }
        default:
            throw Damaged(description: "it uses compression method \(r.method), which lintas does not read")
        }
        if UInt32(truncatingIfNeeded: crc) != entry.checksum {
            throw Damaged(description: "its CRC-32 differs from the one the archive lists")
        }
    }
}

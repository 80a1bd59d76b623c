import Foundation
import Testing
import ZIPFoundation

@testable import LintasCore

/// lintas's own reading of archive entries (ZIPFoundation lists them): bytes as written, and a
/// damaged entry an error, never a wait.
@Suite("BoundedZip")
struct BoundedZipTests {
    /// A repetitive part (deflates well, inflates across many chunks), a stored one, an empty one.
    static let big = Data(
        (0..<40_000).map { "<row r=\"\($0)\"><c t=\"s\"><v>\($0 % 97)</v></c></row>\n" }.joined().utf8)
    static let stored = Data("stored bytes, kept as they are".utf8)

    static func archive() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        let stamp = Date(timeIntervalSince1970: 1_735_689_600)
        for (name, data, method) in [
            ("xl/big.xml", big, CompressionMethod.deflate), ("stored.txt", stored, .none),
            ("empty.txt", Data(), .deflate),
        ] {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                compressionMethod: method
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return try #require(archive.data)
    }

    static func read(_ zip: BoundedZip, _ name: String, bufferSize: Int = 1_000) throws -> Data {
        let (entry, record) = try #require(zip.entries.first { $0.entry.path == name })
        var out = Data()
        var chunks = 0
        try zip.extract(record, of: entry, bufferSize: bufferSize) { chunk in
            #expect(chunk.count <= bufferSize)
            chunks += 1
            out.append(chunk)
        }
        if name == "xl/big.xml" { #expect(chunks > 100) }
        return out
    }

    /// The offset of the central-directory record of `name` (its signature, then the name at 46).
    static func record(_ data: Data, _ name: String) throws -> Int {
        let bytes = [UInt8](data)
        let n = Array(name.utf8)
        let at = (0..<bytes.count - 46 - n.count).first {
            bytes[$0] == 0x50 && bytes[$0 + 1] == 0x4B && bytes[$0 + 2] == 1 && bytes[$0 + 3] == 2
                && Array(bytes[$0 + 46..<$0 + 46 + n.count]) == n
        }
        return try #require(at)
    }

    @Test("entries read back byte for byte, from memory and from a file, in chunks of the buffer size")
    func roundTrip() throws {
        let data = try Self.archive()
        let inMemory = try BoundedZip(data: data, maxEntries: 10)
        #expect(inMemory.entries.map(\.entry.path) == ["xl/big.xml", "stored.txt", "empty.txt"])
        let path = NSTemporaryDirectory() + "lintas-boundedzip-" + UUID().uuidString + ".zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try data.write(to: URL(fileURLWithPath: path))
        let onDisk = try BoundedZip(path: path, maxEntries: 10)
        for zip in [inMemory, onDisk] {
            #expect(try Self.read(zip, "xl/big.xml") == Self.big)
            #expect(try Self.read(zip, "stored.txt", bufferSize: 7) == Self.stored)
            #expect(try Self.read(zip, "empty.txt").isEmpty)
        }
    }

    @Test("a deflate stream whose bytes end first is damaged, even with the rest of the file after it")
    func cutShort() throws {
        var data = try Self.archive()
        // The central directory says the entry is 100 bytes: its stream cannot end within them.
        let at = try Self.record(data, "xl/big.xml")
        data.replaceSubrange(at + 20..<at + 24, with: [100, 0, 0, 0])
        let zip = try BoundedZip(data: data, maxEntries: 10)
        #expect(throws: BoundedZip.Damaged.self) { _ = try Self.read(zip, "xl/big.xml") }
        do {
            _ = try Self.read(zip, "xl/big.xml")
        } catch let e as BoundedZip.Damaged {
            #expect(e.description == "its compressed data ends before the deflate stream does")
        }
        #expect(try Self.read(zip, "stored.txt") == Self.stored)
    }

    @Test("a CRC-32 other than the listed one, a stored entry past the archive, a ZIP64 size near 2^64: damaged")
    func crcAndLength() throws {
        var data = try Self.archive()
        let big = try Self.record(data, "xl/big.xml")
        data[big + 16] ^= 0xFF
        let stored = try Self.record(data, "stored.txt")
        data.replaceSubrange(stored + 20..<stored + 24, with: [0xFF, 0xFF, 0xFF, 0x7F])
        // A ZIP64 extra field giving empty.txt a compressed size of 2^64 - 1 (its 32-bit field all ones).
        let empty = try Self.record(data, "empty.txt")
        data.replaceSubrange(empty + 20..<empty + 24, with: [0xFF, 0xFF, 0xFF, 0xFF])
        let extraLength = Int(data[empty + 30]) | Int(data[empty + 31]) << 8
        let nameLength = Int(data[empty + 28]) | Int(data[empty + 29]) << 8
        let zip64: [UInt8] = [0x01, 0x00, 8, 0] + [UInt8](repeating: 0xFF, count: 8)
        data.insert(contentsOf: zip64, at: empty + 46 + nameLength + extraLength)
        data[empty + 30] = UInt8((extraLength + zip64.count) & 0xFF)
        data[empty + 31] = UInt8((extraLength + zip64.count) >> 8)
        // The end record's central-directory size grows by the same 12 bytes.
        let end = data.count - 22
        let cdSize = Int(data[end + 12]) | Int(data[end + 13]) << 8 | Int(data[end + 14]) << 16
        let grown = cdSize + zip64.count
        data.replaceSubrange(
            end + 12..<end + 16, with: [UInt8(grown & 0xFF), UInt8(grown >> 8 & 0xFF), UInt8(grown >> 16), 0])
        let zip = try BoundedZip(data: data, maxEntries: 10)
        for (name, message) in [
            ("xl/big.xml", "its CRC-32 differs from the one the archive lists"),
            ("stored.txt", "its data runs past the end of the archive"),
            ("empty.txt", "its data runs past the end of the archive"),
        ] {
            do {
                _ = try Self.read(zip, name)
                Issue.record("\(name) was read")
            } catch let e as BoundedZip.Damaged {
                #expect(e.description == message)
            }
        }
    }

    @Test("the fuzzer's workbook: its sheet part is damaged, the reader says so at once")
    func fuzzerWorkbook() throws {
        let path = TestSupport.path("Tests/LintasCoreTests/Fixtures/fuzz-workbook/truncated-deflate.xlsx")
        let zip = try BoundedZip(path: path, maxEntries: 10)
        do {
            _ = try Self.read(zip, "xl/worksheets/sheet1.xml", bufferSize: 256 << 10)
            Issue.record("the part was read")
        } catch let e as BoundedZip.Damaged {
            #expect(e.description == "its compressed data ends before the deflate stream does")
        }
        #expect(throws: LintasError.self) {
            _ = try WorkbookAnnotator.Package(
                Data(contentsOf: URL(fileURLWithPath: path)), file: "book.xlsx", limits: WorkbookLimits())
        }
    }
}

import Foundation
import Testing

@testable import LintasCore

/// Files larger than ``YAMLLimits/streamAboveBytes`` are read in chunks and never held in memory:
/// their findings, positions, suppressions and quoted source lines must be those of the in-memory
/// path, and a file that changes before the report shows no source line rather than a wrong one.
@Suite("Streamed files")
struct StreamedFileTests {
    static let header = """
        versi: 1
        instansi:
          kode: X
          nama: Instansi Uji
          jenis: pemerintah-provinsi
        unit_organisasi:
          - kode: U1
            nama: Unit Satu
            tingkat: jpt-pratama
        pegawai:

        """

    /// `count` employees with valid, distinct NIPs (five lines, about 200 bytes each), `before(i)`
    /// written before the i-th.
    static func employees(_ count: Int, before: (Int) -> String = { _ in "" }) -> String {
        var s = ""
        s.reserveCapacity(count * 210)
        for i in 0..<count {
            s += before(i)
            let month = 1 + i % 12
            s += "  - nip: \"199001012020\(month < 10 ? "0" : "")\(month)1\(String(1000 + i / 12).suffix(3))\"\n"
            s += "    nama: Pegawai Nomor \(i) dengan Nama Yang Agak Panjang Sekali\n"
            s += "    jabatan: Analis Kebijakan Ahli Pertama pada Subbagian Perencanaan dan Pelaporan\n"
            s += "    jenis_jabatan: pelaksana\n"
            s += "    unit: U1\n"
        }
        return s
    }

    /// An agency of `count` employees then `tail`. With 6,000 employees it is about 1.2 MB: over
    /// the 1 MiB threshold.
    static func agency(employees count: Int, tail: String = "") -> String {
        header + employees(count) + tail
    }

    /// An employee with a NIP that is too short (N001).
    static func shortNIP(_ nip: String, _ comment: String = "") -> String {
        "  - nip: \"\(nip)\"\(comment)\n    nama: NIP Pendek\n    jabatan: Analis\n    jenis_jabatan: pelaksana\n    unit: U1\n"
    }

    /// The 1-based line of the first line of `text` that contains `needle`.
    static func line(of needle: String, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.contains(needle) } ?? -2) + 1
    }

    static func write(_ bytes: [UInt8], name: String) throws -> (dir: String, file: String) {
        let dir = try HostileInputTests.tempDir("streamed-\(name)")
        let file = dir + "/" + name
        try HostileInputTests.write(bytes, to: file)
        return (dir, file)
    }

    /// Lints `file` read in chunks (`chunk` bytes; the threshold -1 streams any file) and in memory.
    static func both(_ file: String, chunk: Int = 64 << 10) throws -> (streamed: LintReport, memory: LintReport) {
        let streamed = try HostileInputTests.lint([file]) {
            $0.limits.streamAboveBytes = -1
            $0.limits.chunkBytes = chunk
        }
        let memory = try HostileInputTests.lint([file]) { $0.limits.streamAboveBytes = .max }
        #expect(streamed.agencies.first?.sources.values.first?.isStreamed == true)
        #expect(memory.agencies.first?.sources.values.first?.isStreamed == false)
        return (streamed, memory)
    }

    static func text(_ report: LintReport) -> String {
        TextReporter().render(report, ReportContext(language: .en))
    }

    static func summary(_ report: LintReport) -> [String] {
        report.allFindings.map {
            "\($0.rule)@\($0.location.line):\($0.location.column):\($0.isOpen ? "open" : "closed")"
        }
    }

    @Test(
        "a file over the threshold is streamed by default; its text output quotes the right source lines, as in memory")
    func quotesSourceLines() throws {
        let text = Self.agency(employees: 6_000, tail: Self.shortNIP("12345"))
        let bytes = Array(text.utf8)
        #expect(bytes.count > YAMLLimits().streamAboveBytes)
        let (dir, file) = try Self.write(bytes, name: "besar.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The default limits: streamed, in 256 KiB chunks.
        let report = try HostileInputTests.lint([file])
        let source = try #require(report.agencies.first?.sources[AgencyDiscovery.display(file)])
        #expect(source.isStreamed)
        #expect(source.bytesInMemory == nil)
        let n = Self.line(of: "nip: \"12345\"", in: text)
        let f = try #require(report.allFindings.first { $0.rule == "N001" })
        #expect(f.location.line == n && f.location.column == 10)
        let out = Self.text(report)
        #expect(out.contains(" \(n) |   - nip: \"12345\"\n"), "\(out.prefix(2000))")
        #expect(source.line(n) == "  - nip: \"12345\"")
        #expect(source.line(1) == "versi: 1")
        #expect(source.lineCount == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(source.line(source.lineCount + 1) == nil)
        // Byte for byte what the in-memory path prints.
        let memory = try HostileInputTests.lint([file]) { $0.limits.streamAboveBytes = .max }
        #expect(Self.text(memory) == out)
    }

    @Test("suppression comments in a large file suppress as in memory, one across a chunk boundary too")
    func suppressions() throws {
        let chunk = 64 << 10
        var head = Self.agency(employees: 200)
        // A directive whose `lintas-disable` starts 5 bytes before the first chunk boundary.
        let pad = chunk - 5 - head.utf8.count - 4  // "  # " precedes the marker
        #expect(pad > 10)
        head += "# " + String(repeating: "x", count: pad - 3) + "\n"
        #expect(head.utf8.count + 4 == chunk - 5)
        head += "  # lintas-disable-next-line N001 -- diperiksa manual\n" + Self.shortNIP("1")
        let text =
            head
            + Self.employees(5_000) { i in
                i == 3_000
                    ? "  # lintas-disable-next-line N001 -- alasan tertulis\n\n  # komentar di antaranya\n"
                        + Self.shortNIP("4444") : ""
            } + Self.shortNIP("22", " # lintas-disable-line N001 -- uji baris")
            + Self.shortNIP("333", " # lintas-disable-line N001")
        let bytes = Array(text.utf8)
        let at = try #require(text.range(of: "lintas-disable-next-line N001 -- diperiksa"))
        #expect(text.utf8.distance(from: text.utf8.startIndex, to: at.lowerBound) == chunk - 5)
        let (dir, file) = try Self.write(bytes, name: "tekan.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (streamed, memory) = try Self.both(file, chunk: chunk)
        #expect(Self.summary(streamed) == Self.summary(memory))
        #expect(Self.text(streamed) == Self.text(memory))
        let n001 = streamed.allFindings.filter { $0.rule == "N001" }
        #expect(n001.count == 4, "\(Self.summary(streamed))")
        // The one after the boundary directive, the one after the comment block, the one with
        // its own directive: suppressed. The one whose directive has no reason: open, with L001.
        let closed = Set(n001.filter { !$0.isOpen }.map(\.location.line))
        #expect(
            closed == [
                Self.line(of: "nip: \"1\"", in: text), Self.line(of: "nip: \"4444\"", in: text),
                Self.line(of: "nip: \"22\"", in: text),
            ])
        #expect(n001.contains { $0.isOpen && $0.location.line == Self.line(of: "nip: \"333\"", in: text) })
        #expect(
            streamed.allFindings.contains {
                $0.rule == "L001" && $0.location.line == Self.line(of: "nip: \"333\"", in: text)
            })
        let marked = try #require(streamed.agencies.first?.sources.values.first).markedLines
        #expect(marked.map(\.number) == memory.agencies.first!.sources.values.first!.markedLines.map(\.number))
        #expect(marked.count == 4)
    }

    @Test(
        "invalid UTF-8 and a control character past the first chunk are at the right line:col; the file gives no document"
    )
    func badBytesPastFirstChunk() throws {
        let chunk = 64 << 10
        let text = Self.agency(employees: 3_000)
        let line = Self.line(of: "Nomor 2500 ", in: text)
        for (name, bad) in [("utf8.yaml", [UInt8(0xE9)]), ("kendali.yaml", [UInt8(0x01)]), ("nul.yaml", [UInt8(0)])] {
            var bytes = Array(text.utf8)
            let at = Array(text.utf8).firstRange(of: Array("Nomor 2500 ".utf8))!.lowerBound
            #expect(at > 4 * chunk)
            bytes.insert(contentsOf: bad, at: at)
            let (dir, file) = try Self.write(bytes, name: name)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (streamed, memory) = try Self.both(file, chunk: chunk)
            let code = bad == [0xE9] ? "Y004" : "Y001"
            // "    nama: Pegawai " is 18 characters: the bad byte is the 19th.
            #expect(
                Self.summary(streamed).filter { $0.hasPrefix("Y") } == ["\(code)@\(line):19:open"],
                "\(name): \(Self.summary(streamed))")
            #expect(Self.summary(streamed) == Self.summary(memory), "\(name)")
            #expect(Self.text(streamed) == Self.text(memory), "\(name)")
            if code == "Y004" {
                // No document: no employee was read.
                #expect(streamed.agencies.first?.agency?.employees.isEmpty == true)
            }
        }
    }

    @Test(
        "a sequence split by a chunk boundary is read whole; a bad one there is Y004 at its lead byte; a BOM is skipped"
    )
    func chunkBoundaries() throws {
        let chunk = 64 << 10
        let text = Array(Self.agency(employees: 400).utf8)
        #expect(text.count > chunk + 1000)
        for lead in [chunk - 3, chunk - 2, chunk - 1, chunk] {
            // A 2-, 3- and 4-byte character starting at `lead` (counting the BOM), so that the
            // boundary falls inside it (or just before it).
            for char in ["é", "€", "𝄞"] {
                var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + text
                bytes.insert(contentsOf: Array(char.utf8), at: lead)
                let (dir, file) = try Self.write(bytes, name: "batas.yaml")
                defer { try? FileManager.default.removeItem(atPath: dir) }
                let (streamed, memory) = try Self.both(file, chunk: chunk)
                #expect(Self.summary(streamed) == Self.summary(memory), "\(lead) \(char)")
                #expect(!Self.summary(streamed).contains { $0.hasPrefix("Y004") }, "\(lead) \(char)")
                // The same character cut short (its last byte dropped): Y004 at its lead byte.
                bytes.remove(at: lead + char.utf8.count - 1)
                try HostileInputTests.write(bytes, to: file)
                let (s2, m2) = try Self.both(file, chunk: chunk)
                #expect(Self.summary(s2) == Self.summary(m2), "\(lead) \(char) cut")
                #expect(
                    Self.summary(s2).filter { $0.hasPrefix("Y") } == Self.summary(m2).filter { $0.hasPrefix("Y004") },
                    "\(lead) \(char) cut")
                let y = try #require(s2.allFindings.first { $0.rule == "Y004" })
                #expect(
                    y.location
                        == SourceLocation(
                            file: y.location.file, range: SourceRange(at: UTF8Check.position(ofByte: lead, in: bytes))))
            }
        }
    }

    @Test("a file changed between loading and the report shows no source line rather than a wrong one")
    func changedBeforeReport() throws {
        let text = Self.agency(employees: 1_500, tail: Self.shortNIP("12345"))
        let (dir, file) = try Self.write(Array(text.utf8), name: "berubah.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let n = Self.line(of: "nip: \"12345\"", in: text)
        let quoted = " \(n) |   - nip: \"12345\"\n"
        // Streamed in 64 KiB chunks.
        func lint() throws -> LintReport {
            try HostileInputTests.lint([file]) {
                $0.limits.streamAboveBytes = -1
                $0.limits.chunkBytes = 64 << 10
            }
        }
        // Same size, one byte different, the modification time put back: only the chunk
        // checksums can tell.
        func rewrite(_ change: (inout [UInt8]) -> Void) throws {
            var st = stat()
            #expect(stat(file, &st) == 0)
            var bytes = Array(text.utf8)
            change(&bytes)
            try HostileInputTests.write(bytes, to: file)
            #if os(Linux)
                var times = [st.st_atim, st.st_mtim]
                #expect(utimensat(AT_FDCWD, file, &times, 0) == 0)
            #endif
        }
        // Changed before any line was read.
        var report = try lint()
        try rewrite { $0[$0.count - 20] = UInt8(ascii: "X") }
        var out = Self.text(report)
        #expect(out.contains("[N001]") && !out.contains(quoted), "\(out.suffix(600))")
        #expect(!out.contains(" | "), "no line of the file is quoted")
        // Changed after the line index was built: the chunk read for a later line is checked.
        try rewrite { _ in }
        report = try lint()
        let source = try #require(report.agencies.first?.sources.values.first)
        #expect(source.line(1) == "versi: 1")
        try rewrite { $0[$0.count - 20] = UInt8(ascii: "X") }
        #expect(source.line(n) == nil)
        // The file removed, or grown: no line either.
        try rewrite { _ in }
        report = try lint()
        try FileManager.default.removeItem(atPath: file)
        #expect(!Self.text(report).contains(quoted))
        try HostileInputTests.write(Array((text + "# lagi\n").utf8), to: file)
        #expect(!Self.text(report).contains(quoted))
        // Untouched, it is quoted.
        try HostileInputTests.write(Array(text.utf8), to: file)
        report = try lint()
        out = Self.text(report)
        #expect(out.contains(quoted))
    }

    @Test("the hostile fixtures give the same findings streamed as in memory")
    func fixturesStreamed() throws {
        for f in HostileInputTests.fixtures {
            let path = TestSupport.path("\(HostileInputTests.fixtureDir)/\(f.file)")
            let (streamed, memory) = try Self.both(path)
            #expect(Self.summary(streamed) == Self.summary(memory), "\(f.file)")
            #expect(Self.text(streamed) == Self.text(memory), "\(f.file)")
        }
    }

    @Test("streamed reading keeps the file-size limit: Y005, never more than limit + 1 bytes read")
    func sizeLimit() throws {
        let text = Self.agency(employees: 1_000)
        let (dir, file) = try Self.write(Array(text.utf8), name: "batas-ukuran.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Over the limit by `stat`: not read.
        var found = HostileInputTests.found(
            try HostileInputTests.lint([file]) {
                $0.limits.streamAboveBytes = -1
                $0.limits.maxFileBytes = 1000
            })
        #expect(found == ["batas-ukuran.yaml:Y005@1:1"])
        // A chunked file stops at the limit + 1 byte.
        guard case .success(let opened) = SafeFile.open(file) else {
            Issue.record("not opened")
            return
        }
        defer { opened.close() }
        let chunks = ChunkedFile(fd: opened.fd, limit: 70_000, chunkBytes: 64 << 10)
        while let c = chunks.read(), c.count > 0 {}
        #expect(chunks.failure == .tooLarge(size: nil))
        #expect(chunks.total == 70_001)
        found = HostileInputTests.found(try HostileInputTests.lint([file]) { $0.limits.streamAboveBytes = -1 })
        #expect(found.isEmpty, "\(found)")
    }

    /// Line and column of every byte offset, computed plainly in one pass over the whole buffer
    /// (the loader's definition: lines end at `\n`, columns count the bytes that are not UTF-8
    /// continuation bytes, a BOM is not counted).
    static func reference(_ b: [UInt8]) -> [SourcePosition] {
        var out: [SourcePosition] = []
        out.reserveCapacity(b.count + 1)
        var line = 1
        var column = 1
        let bom = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
        for i in 0...b.count {
            out.append(SourcePosition(line: line, column: column))
            guard i < b.count else { break }
            if b[i] == 10 {
                line += 1
                column = 1
            } else if b[i] & 0xC0 != 0x80 && !(bom && i < 3) {
                column += 1
            }
        }
        return out
    }

    @Test("line and column tracking across chunks agrees with the whole-buffer computation")
    func positions() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        // Lines of varied lengths with multibyte characters, one line longer than two chunks.
        for i in 0..<4_000 { bytes += Array("baris \(i) é€ \(String(repeating: "x", count: i % 97))\n".utf8) }
        bytes += Array(String(repeating: "панjang ", count: 40_000).utf8) + [10]
        for i in 0..<500 { bytes += Array("akhir \(i)\n".utf8) }
        let (dir, file) = try Self.write(bytes, name: "posisi.yaml")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard case .success(let opened) = SafeFile.open(file) else {
            Issue.record("not opened")
            return
        }
        defer { opened.close() }
        let chunks = ChunkedFile(fd: opened.fd, limit: 1 << 30, chunkBytes: 64 << 10)
        let reference = Self.reference(bytes)
        var checked = 0
        while let c = chunks.read(), c.count > 0 {
            let start = chunks.current.start
            // Offsets in this chunk and the previous one.
            for offset in stride(from: max(0, start - 40_000), to: start + c.count, by: 997) {
                #expect(chunks.position(ofByte: offset) == reference[offset], "\(offset)")
                #expect(UTF8Check.position(ofByte: offset, in: bytes) == reference[offset], "\(offset)")
                checked += 1
            }
        }
        #expect(checked > 500)
        #expect(chunks.lineCount == 1 + bytes.filter { $0 == 10 }.count)
    }
}

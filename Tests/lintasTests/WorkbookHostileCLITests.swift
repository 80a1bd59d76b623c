import Foundation
import LintasTestSupport
import Testing

/// Issue 20's hostile workbooks and CSV folders through the binary: each was a crash, a hang or a
/// memory blow-up of the old reader (scripts/hostile-workbooks.py writes them). Bounds are loose
/// (the debug binary on a loaded machine): a return of the quadratic cost still fails them.
@Suite("lintas binary: hostile workbooks")
struct WorkbookHostileCLITests {
    /// The fixtures, written once per test run.
    static let dir: String = {
        let d = NSTemporaryDirectory() + "lintas-hostile-wb-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        _ = try? Spawn.run("/usr/bin/env", ["python3", CLITests.root + "/scripts/hostile-workbooks.py", d])
        return d
    }()

    struct Measured {
        var status: Int32
        var stdout: String
        var stderr: String
        var seconds: Double
        var peakMB: Int
    }

    /// Runs the binary under /usr/bin/time (its own peak RSS, whatever else runs), killed after 60 s.
    static func measure(_ args: [String], cwd: String = dir) throws -> Measured {
        let stats = NSTemporaryDirectory() + "lintas-time-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: stats) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Files, not pipes: a child writing much to both would block on the one not being read.
        let outPath = stats + ".out"
        let errPath = stats + ".err"
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let run = try Spawn.run(
            "/usr/bin/time", ["-f", "%e %M", "-o", stats, "timeout", "-s", "KILL", "60", CLITests.binary] + args,
            cwd: cwd, environment: env, stdout: .file(outPath), stderr: .file(errPath))
        let o = FileManager.default.contents(atPath: outPath) ?? Data()
        let e = FileManager.default.contents(atPath: errPath) ?? Data()
        let t =
            ((try? String(contentsOfFile: stats, encoding: .utf8)) ?? "").split(whereSeparator: \.isNewline).last.map(
                String.init) ?? ""
        let f = t.split(separator: " ")
        let status = run.status
        return Measured(
            status: status, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
            seconds: f.count == 2 ? Double(f[0]) ?? 999 : 999,
            peakMB: f.count == 2 ? (Int(f[1]) ?? 1 << 30) / 1024 : 1 << 20)
    }

    static func check(_ file: String, _ extra: [String] = []) throws -> Measured {
        try measure(["check", "--lang", "en", "--as-of", "2024-06-30", file] + extra)
    }

    @Test("2: tingkat 1..8000 is Y007 too_deep at each cell past the deepest level, no deep structure")
    func deepLevels() throws {
        let r = try Self.check("deep-levels.xlsx")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "deep-levels.xlsx:matriks_peran_hasil!C12: error[Y007]: level 11 is deeper than lintas reads (at most 10)"
            ), "\(r.stdout.prefix(2000))")
        #expect(r.stdout.contains("matriks_peran_hasil!C8001: error[Y007]: level 8000 is deeper"))
        #expect(r.seconds < 30 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let i = try Self.measure(["import", "deep-levels.xlsx", "-o", "deep-" + UUID().uuidString, "--lang", "en"])
        #expect(i.status == 0, "\(i.stderr.prefix(500))")
        #expect(i.seconds < 30 && i.peakMB < 512, "\(i.seconds) s, \(i.peakMB) MB")
    }

    @Test("9: a 5 MB number format is refused at once; a format used by 20,000 cell formats is classified once")
    func numberFormats() throws {
        let r = try Self.check("long-format.xlsx")
        #expect(r.status == 1)
        #expect(
            r.stdout.contains(
                "long-format.xlsx:1:1: error[Y001]: the file cannot be read: number format 164 in xl/styles.xml is 5242884 characters long, more than the limit of 1000"
            ), "\(r.stdout)")
        #expect(r.seconds < 10 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let m = try Self.check("many-formats.xlsx", ["--format", "json"])
        #expect(!m.stdout.contains("not a valid date") && !m.stdout.contains("\"S005\""), "\(m.stdout.prefix(3000))")
        #expect(!m.stdout.contains("Y001"))
        #expect(m.seconds < 10, "\(m.seconds) s")
    }

    @Test(
        "10: a DTD is refused in a UTF-16 part too; an unknown entity is an error, never text dropped; clean UTF-16 is read"
    )
    func utf16() throws {
        let r = try Self.check("utf16-dtd.xlsx")
        #expect(
            r.stdout.contains(
                "utf16-dtd.xlsx:1:1: error[Y001]: the file cannot be read: part xl/worksheets/sheet1.xml has a document type declaration"
            ), "\(r.stdout)")
        #expect(r.seconds < 10 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let e = try Self.check("utf16-entity.xlsx")
        #expect(e.stdout.contains("is not well-formed XML: the entity &e;"), "\(e.stdout)")
        let c = try Self.check("utf16-clean.xlsx")
        #expect(!c.stdout.contains("Y001"), "\(c.stdout)")
        #expect(c.stdout.contains("utf16-clean.xlsx:instansi!C2: error[S004]"), "\(c.stdout)")
    }

    @Test("11: sheets are bounded (32,000 refused), each read once; 900 sheets named alike are named linearly")
    func sheets() throws {
        let r = try Self.check("many-sheets.xlsx")
        #expect(
            r.stdout.contains("many-sheets.xlsx:1:1: error[Y001]: the file cannot be read: more than 1000 sheets"),
            "\(r.stdout)")
        #expect(r.seconds < 10 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let s = try Self.check("shared-part.xlsx")
        #expect(
            s.stdout.contains("sheets \"instansi\" and \"pegawai\" have the same part (xl/worksheets/sheet1.xml)"),
            "\(s.stdout)")
        let out = "imported-" + UUID().uuidString
        let i = try Self.measure(["import", "900-sheets.xlsx", "-o", out])
        #expect(i.status == 0, "\(i.stderr.prefix(500))")
        #expect(FileManager.default.fileExists(atPath: Self.dir + "/" + out + "/pegawai-900.yaml"))
        #expect(i.seconds < 30, "\(i.seconds) s")
    }

    @Test("12: 2,000,000 merged ranges with no first cell are charged and refused; malformed ranges are Y007")
    func merges() throws {
        let r = try Self.check("many-merges.xlsx")
        #expect(
            r.stdout.contains(
                "many-merges.xlsx:1:1: error[Y001]: the file cannot be read: sheet \"instansi\": merged ranges cover more than 100000 cells"
            ), "\(r.stdout)")
        #expect(r.seconds < 10 && r.peakMB < 512, "\(r.seconds) s, \(r.peakMB) MB")
        let b = try Self.check("bad-merges.xlsx")
        #expect(
            b.stdout.contains(
                "bad-merges.xlsx:instansi!B2: error[Y007]: merged range \"B2:A1\" on sheet \"instansi\" is not a range"),
            "\(b.stdout)")
        #expect(b.stdout.contains("bad-merges.xlsx:instansi!A1: error[Y007]: merged range \"A0\""), "\(b.stdout)")
    }

    @Test("13: shared and merged values are budgeted as produced; a 2 MB cell is Y005 at its cell and the rest is read")
    func amplification() throws {
        for f in ["shared-amplified.xlsx", "merge-amplified.xlsx"] {
            let r = try Self.check(f)
            #expect(
                r.stdout.contains(
                    "\(f):1:1: error[Y001]: the file cannot be read: the cell values add up to more than 268435456 bytes"
                ), "\(r.stdout)")
            #expect(r.seconds < 10 && r.peakMB < 512, "\(f): \(r.seconds) s, \(r.peakMB) MB")
        }
        let l = try Self.check("long-cell.xlsx")
        #expect(
            l.stdout.contains(
                "long-cell.xlsx:pegawai!B2: error[Y005]: the value of this cell is 2097152 bytes long, over the safe limit of 1048576 bytes"
            ), "\(l.stdout)")
        #expect(
            l.stdout.contains("long-cell.xlsx:pegawai!A2: error[S002]: required key \"jabatan\" is missing"),
            "\(l.stdout)")
    }

    @Test("14: a CSV folder past the cell limit is refused while reading, not after ~1 GB")
    func csvCellLimit() throws {
        let d = Self.dir + "/csv-big-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        // 2,100,000 cells in 4 MB: "a,a,...".
        let line = String(repeating: "a,", count: 99) + "a\n"
        let block = String(repeating: line, count: 1000)
        FileManager.default.createFile(atPath: d + "/pegawai.csv", contents: nil)
        let h = try #require(FileHandle(forWritingAtPath: d + "/pegawai.csv"))
        for _ in 0..<21 { h.write(Data(block.utf8)) }
        try h.close()
        let r = try Self.check(d)
        #expect(r.stdout.contains("error[Y001]: the file cannot be read: more than 2000000 cells"), "\(r.stdout)")
        #expect(r.seconds < 60 && r.peakMB < 1024, "\(r.seconds) s, \(r.peakMB) MB")
    }

    @Test(
        "16: a sheet name with line breaks is escaped in the generated YAML's comments; one that trims to a section is read"
    )
    func names() throws {
        let out = "names-" + UUID().uuidString
        // The file's name carries YAML too.
        let book = "x\n# lintas-disable-file\nunit_organisasi: []\n#\(out).xlsx"
        try FileManager.default.copyItem(atPath: Self.dir + "/name-injection.xlsx", toPath: Self.dir + "/" + book)
        let i = try Self.measure(["import", book, "-o", out])
        #expect(i.status == 0, "\(i.stderr)")
        let yaml = try String(contentsOfFile: Self.dir + "/" + out + "/pegawai.yaml", encoding: .utf8)
        #expect(
            yaml.contains(
                "dari x\\n# lintas-disable-file\\nunit_organisasi: []\\n#\(out).xlsx, lembar \"pegawai\\n\";"),
            "\(yaml)")
        #expect(!yaml.contains("\n# lintas-disable-file\n"))
        let c = try Self.check(Self.dir + "/" + out)
        #expect(c.stdout.contains("error[N001]"), "\(c.stdout)")
        let t = try Self.check("name-trims.xlsx")
        #expect(
            !t.stdout.contains("Y001") && !t.stdout.contains("unknown_sheet") && t.stdout.contains("error[N001]"),
            "\(t.stdout)")
    }

    @Test("smaller: a cell past XFD is Y007; 0x10 is no date serial; 45000.99999999 is not T24:00")
    func smaller() throws {
        let x = try Self.check("past-xfd.xlsx")
        #expect(
            x.stdout.contains("past-xfd.xlsx:pegawai!A2: error[Y007]: cell or row reference \"XFE2\""),
            "\(x.stdout.prefix(1500))")
        let s = try Self.check("serials.xlsx")
        #expect(s.stdout.contains("\"ditetapkan\" is \"0x10\", not a valid date"), "\(s.stdout)")
        #expect(s.stdout.contains("\"berlaku\" is \"2023-03-16T00:00\""), "\(s.stdout)")
        #expect(!s.stdout.contains("T24:00"))
    }

    @Test(
        "CSV: leading blanks, TAB, NBSP, U+2028, U+0085 kept; an unterminated quote said; Windows-1252 named by file and line, the rest read; an empty x.xlsx directory is no workbook"
    )
    func csv() throws {
        let d = Self.dir + "/csv-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try "kode,nama,jenis\nX, Dinas\u{A0}X\u{2028},pemerintah-provinsi\n".write(
            toFile: d + "/instansi.csv", atomically: true, encoding: .utf8)
        try "kode,nama,tingkat\n\tU1,\u{85}Unit,eselon_ii\nU2,\"Unit dua,eselon_ii\nU3,Unit,eselon_ii\n".write(
            toFile: d + "/unit_organisasi.csv", atomically: true, encoding: .utf8)
        var latin = Data("nip,nama,jabatan,jenis_jabatan,unit\n".utf8)
        latin.append(Data("199001012020011001,Andi,Analis,pelaksana,U1\n".utf8))
        latin.append(Data("199001012020011002,Jos".utf8) + Data([0xE9]) + Data(",Analis,pelaksana,U1\n".utf8))
        try latin.write(to: URL(fileURLWithPath: d + "/pegawai.csv"))
        let out = "csv-out-" + UUID().uuidString
        let i = try Self.measure(["import", d, "-o", out, "--lang", "en"])
        #expect(i.status == 0, "\(i.stderr)")
        let units = try String(contentsOfFile: Self.dir + "/" + out + "/unit_organisasi.yaml", encoding: .utf8)
        #expect(units.contains("kode: \"\\tU1\""), "\(units)")
        #expect(units.contains("nama: \"\\u0085Unit\""), "\(units)")
        let inst = try String(contentsOfFile: Self.dir + "/" + out + "/instansi.yaml", encoding: .utf8)
        #expect(inst.contains("nama: \" Dinas\u{A0}X\\u2028\""), "\(inst)")
        #expect(
            i.stderr.contains(
                "unit_organisasi!B3: error[Y007]: the quote that opens this cell is never closed; the rest of file unit_organisasi.csv from this cell on is not read"
            ), "\(i.stderr)")
        #expect(
            i.stderr.contains("pegawai!B3: error[Y007]: file pegawai.csv is not UTF-8 text from line 3 on (byte 0xE9)"),
            "\(i.stderr)")
        // The empty directory named like a workbook.
        try FileManager.default.createDirectory(
            atPath: Self.dir + "/empty-\(out).xlsx", withIntermediateDirectories: true)
        let e = try Self.measure(["import", "empty-\(out).xlsx", "-o", out + "-e"])
        #expect(e.status == 2, "\(e.stdout)\(e.stderr)")
        #expect(!e.stdout.contains("Ditulis"), "\(e.stdout)")
    }

    @Test("a part whose deflate stream never ends is damaged at once: check, a folder check and import (it hung)")
    func truncatedDeflate() throws {
        // The fuzzer's input (Fixtures/fuzz-workbook): ZIPFoundation's inflate loop spun for ever past
        // the end of the file; killed after 60 s, these runs would fail their bounds.
        let d = Self.dir + "/truncated-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/Tests/LintasCoreTests/Fixtures/fuzz-workbook/truncated-deflate.xlsx",
            toPath: d + "/book.xlsx")
        let damaged =
            "part xl/worksheets/sheet1.xml cannot be read (its compressed data ends before the deflate stream does)"
        for args in [["book.xlsx"], ["."]] {
            let r = try Self.measure(["check", "--lang", "en"] + args, cwd: d)
            #expect(r.status == 1, "\(args): \(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("book.xlsx:1:1: error[Y001]: the file cannot be read: " + damaged), "\(r.stdout)")
            #expect(r.seconds < 10, "\(args): \(r.seconds) s")
        }
        let i = try Self.measure(["import", "book.xlsx", "-o", "out", "--lang", "en"], cwd: d)
        #expect(i.status == 2, "\(i.stdout)\(i.stderr)")
        #expect(i.stderr.contains(damaged), "\(i.stderr)")
        #expect(i.seconds < 10, "\(i.seconds) s")
    }
}

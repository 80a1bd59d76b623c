import Foundation
import LintasTestSupport
import Testing

/// Issue 20 items 1, 7, 15, 20 and the smaller configuration items, through the binary: a hostile
/// `.lintas.yml` or rule pack in the checked repository. Runs are killed after a generous bound
/// (``SpecialFileCLITests/run(_:)``), so a return of a hang fails rather than stalls.
@Suite("lintas binary: hostile configuration and packs")
struct HostileConfigCLITests {
    static func repo(config: String) throws -> String {
        let d = OutputOptionsTests.tempDir()
        try FileManager.default.createDirectory(atPath: d + "/.git", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/fail.yaml", toPath: d + "/agency.yaml")
        try config.write(toFile: d + "/.lintas.yml", atomically: true, encoding: .utf8)
        return d
    }

    static func timed(_ args: [String], killAfter: Double = SpecialFileCLITests.killAfter) throws -> (
        CLITests.Result, TimeInterval
    ) {
        let start = Date()
        let r = try SpecialFileCLITests.run(args, killAfter: killAfter)
        return (r, Date().timeIntervalSince(start))
    }

    @Test("an ignore glob of 300,000 stars is a config error at its line and column, not a stack overflow (item 1)")
    func globTooLong() throws {
        let d = try Self.repo(config: "ignore:\n  - \"" + String(repeating: "*", count: 300_000) + "\"\n")
        defer { try? FileManager.default.removeItem(atPath: d) }
        let (r, t) = try Self.timed(["check", d])
        #expect(!r.killed && r.status == 2, "\(r.status) \(r.stderr.prefix(300))")
        #expect(
            r.stderr.contains(".lintas.yml:2:5: ignore pattern too long: 300000 bytes (at most 1024)"),
            "\(r.stderr.prefix(300))")
        #expect(t < 30)
        try ("ignore:\n" + String(repeating: "  - \"**a**b\"\n", count: 257)).write(
            toFile: d + "/.lintas.yml", atomically: true, encoding: .utf8)
        let many = try SpecialFileCLITests.run(["check", d])
        #expect(
            many.status == 2 && many.stderr.contains(".lintas.yml:2:3: too many ignore patterns: 257 (at most 256)"),
            "\(many.stderr)")
    }

    @Test("1,000-byte globs of double stars against a 1,000-character path: fast, not minutes (item 1)")
    func globQuadratic() throws {
        // Before the fix the first took over 120 s (debug build), each `**` trying every rest.
        let d = try Self.repo(
            config: "ignore:\n  - \"" + String(repeating: "**", count: 500) + "b\"\n  - \""
                + String(repeating: "**a", count: 333) + "b\"\n")
        defer { try? FileManager.default.removeItem(atPath: d) }
        // The copy's path is over 1,026 bytes: made with the C calls, because Foundation's
        // FileManager.copyItem copies its destination into a buffer of 1,026 bytes and writes the end
        // of the string past it (swift-foundation's `_linkOrCopyFile`), a heap corruption that killed
        // the test process later, elsewhere, now and then.
        var dir = d
        for _ in 0..<4 {
            dir += "/" + String(repeating: "a", count: 240)
            #expect(mkdir(dir, 0o755) == 0)
        }
        let yaml = try Data(contentsOf: URL(fileURLWithPath: d + "/agency.yaml"))
        let copy = open(dir + "/" + String(repeating: "a", count: 30) + ".yaml", O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(copy >= 0)
        #expect(yaml.withUnsafeBytes { write(copy, $0.baseAddress, $0.count) } == yaml.count)
        close(copy)
        let (r, t) = try Self.timed(["check", d])
        #expect(!r.killed && r.status == 1, "\(r.stderr)")
        #expect(t < 20, "\(t) s")
    }

    @Test("a rules_dir pack named dasar is refused, not a silent replacement of the integrity rules (item 20)")
    func dasarReplaced() throws {
        let d = try Self.repo(config: "rules_dir: packs\n")
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.createDirectory(atPath: d + "/packs", withIntermediateDirectories: true)
        try "pack: dasar\nrules: []\n".write(toFile: d + "/packs/dasar.yaml", atomically: true, encoding: .utf8)
        let r = try SpecialFileCLITests.run(["check", "--lang", "en", d])
        #expect(r.status == 2, "\(r.stdout)")
        #expect(
            r.stderr.contains("pack 'dasar' holds the built-in integrity rules and cannot be replaced"), "\(r.stderr)")
        let cli = try SpecialFileCLITests.run(["check", "--rules", d + "/packs", d + "/agency.yaml"])
        #expect(cli.status == 2)
    }

    @Test("baseline/waivers/rules_dir of a repository's config stay inside its repository, links resolved (item 20)")
    func confinedPaths() throws {
        let outside = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try "{\"version\": 1, \"entries\": []}\n".write(toFile: outside + "/b.json", atomically: true, encoding: .utf8)
        for (key, value) in [
            ("baseline", "/proc/self/environ"), ("waivers", "/etc/passwd"), ("baseline", outside + "/b.json"),
            ("baseline", "sub/" + String(repeating: String(repeating: ".", count: 2) + "/", count: 8) + "etc/passwd"),
            ("baseline", "link/b.json"),
            ("rules_dir", "/etc"),
        ] {
            let d = try Self.repo(config: "\(key): \(value)\n")
            defer { try? FileManager.default.removeItem(atPath: d) }
            try FileManager.default.createSymbolicLink(atPath: d + "/link", withDestinationPath: outside)
            let r = try SpecialFileCLITests.run(["check", "--lang", "en", d])
            #expect(r.status == 2, "\(key): \(value)")
            #expect(
                r.stderr.contains(".lintas.yml:1:") && r.stderr.contains("is outside the repository of the config"),
                "\(r.stderr)")
        }
        // Inside the repository (and one given on the command line) is fine.
        let d = try Self.repo(config: "baseline: b.json\n")
        defer { try? FileManager.default.removeItem(atPath: d) }
        try "{\"version\": 1, \"entries\": []}\n".write(toFile: d + "/b.json", atomically: true, encoding: .utf8)
        #expect(try SpecialFileCLITests.run(["check", d]).status == 1)
        #expect(try SpecialFileCLITests.run(["check", "--baseline", outside + "/b.json", d]).status == 1)
    }

    @Test("an alias bomb in .lintas.yml says what it is (not 'Y003: Y003')")
    func aliasBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let d = try Self.repo(config: yaml)
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try SpecialFileCLITests.run(["check", d])
        #expect(r.status == 2)
        #expect(r.stderr.contains("alias expansion") && r.stderr.contains("100000"), "\(r.stderr)")
        #expect(!r.stderr.contains("Y003): Y003"))
    }

    /// A pack in `rules_dir` that rewords R003 (the rule of an unknown unit).
    static func packRepo(message: String, unit: String) throws -> String {
        let d = try Self.repo(config: "rules_dir: packs\n")
        try FileManager.default.createDirectory(atPath: d + "/packs", withIntermediateDirectories: true)
        let pack = """
            pack: kata
            rules:
              - code: R003
                name: unknown-unit
                severity: error
                basis: inference
                citation: {id: c}
                title: {id: t}
                messages:
                  default: {id: '\(message)', en: '\(message)'}
                  did_you_mean: {id: '\(message)', en: '\(message)'}

            """
        try pack.write(toFile: d + "/packs/kata.yaml", atomically: true, encoding: .utf8)
        let agency = try String(contentsOfFile: d + "/agency.yaml", encoding: .utf8)
        try (agency + "\n").replacingOccurrences(of: "unit: BKD\n", with: "unit: '\(unit)'\n")
            .write(toFile: d + "/agency.yaml", atomically: true, encoding: .utf8)
        return d
    }

    @Test("a pack message that renders to gigabytes is cut at 64 KiB and says so (item 15)")
    func hugeMessage() throws {
        let d = try Self.packRepo(
            message: String(repeating: "{unit}", count: 2_000), unit: String(repeating: "u", count: 50_000))
        defer { try? FileManager.default.removeItem(atPath: d) }
        let (r, t) = try Self.timed(["check", "--pack", "kata", "--format", "json", d])
        #expect(!r.killed && r.status == 1, "\(r.stderr.prefix(500))")
        #expect(r.stdout.utf8.count < 2 << 20, "\(r.stdout.utf8.count) bytes")
        #expect(r.stdout.contains("[dipotong: pesan lebih dari 65536 bita]"))
        #expect(t < 30)
    }

    @Test("a pack message with an unclosed { renders as written, once")
    func unclosedBrace() throws {
        let d = try Self.packRepo(message: "unit {unit} lalu {tanpa tutup", unit: "XYZ")
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try SpecialFileCLITests.run(["check", "--pack", "kata", "--format", "json", d])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("\"unit XYZ lalu {tanpa tutup\""), "\(r.stdout.prefix(2000))")
    }

    @Test("did you mean: two 1 MB values, and 20,000 wrong references against 5,000 units, are bounded (item 7)")
    func suggestions() throws {
        let d = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let big = String(repeating: "k", count: 1_000_000)
        var yaml = "versi: 1\ninstansi: {kode: X, nama: X, jenis: pemerintah-provinsi}\nunit_organisasi:\n"
        yaml += "  - {kode: '\(big)a', nama: U, tingkat: jpt-pratama}\n"
        for i in 0..<5_000 { yaml += "  - {kode: UNIT-\(10_000 + i), nama: U, tingkat: jpt-pratama}\n" }
        yaml +=
            "pegawai:\n  - {nip: '199000000000000001', nama: P, jabatan: J, jenis_jabatan: pelaksana, unit: '\(big)b'}\n"
        for i in 0..<20_000 {
            yaml +=
                "  - {nip: '\(199_100_000_000_000_000 + i)', nama: P, jabatan: J, jenis_jabatan: pelaksana, unit: TINU-\(30_000 + i)}\n"
        }
        yaml += "  - {nip: '199200000000000001', nama: P, jabatan: J, jenis_jabatan: pelaksana, unit: UNIT-1000}\n"
        try yaml.write(toFile: d + "/a.yaml", atomically: true, encoding: .utf8)
        // A debug build checks this 25,000-item agency in about 10 s on an idle machine (a release
        // build in about 1 s); before the fix the suggestions alone took hours (a 1 MB pair) or
        // minutes. Killed at 180 s, so a busy test machine does not fail it.
        let (r, t) = try Self.timed(["check", "--format", "json", d + "/a.yaml"], killAfter: 180)
        #expect(!r.killed && r.status == 1)
        #expect(r.stdout.contains("mungkin maksudnya \\\"UNIT-10000\\\"?"))
        #expect(t < 180, "\(t) s")
        #expect(
            r.peakWithin(SpecialFileCLITests.maxResidentKB),
            "peak \(r.peakResidentKB) KiB, test process \(r.parentPeakKB) KiB"
        )
    }
}

/// The smaller walk items of issue 20: paths the system cannot name are reported, never skipped.
@Suite("lintas binary: paths past PATH_MAX and names that are not UTF-8")
struct UnnamablePathCLITests {
    @Test("a YAML file below a directory path longer than PATH_MAX is Y001 at that directory, not skipped")
    func pathMax() throws {
        let d = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/pass.yaml", toPath: d + "/top.yaml")
        // Built with *at() calls: no chdir in a test process running others in parallel.
        var fd = open(d, O_RDONLY | O_DIRECTORY)
        let name = String(repeating: "d", count: 250)
        for _ in 0..<20 {
            #expect(mkdirat(fd, name, 0o755) == 0)
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
        }
        let f = openat(fd, "deep.yaml", O_WRONLY | O_CREAT, 0o644)
        _ = "a: [\n".withCString { write(f, $0, 4) }
        close(f)
        close(fd)
        let r = try SpecialFileCLITests.run(["check", "--lang", "en", d])
        #expect(r.status == 1, "\(r.stdout.suffix(300))")
        #expect(
            r.stdout.contains(
                "error[Y001]: the file cannot be read: its path is longer than the system allows (PATH_MAX"),
            "\(r.stdout.suffix(400))")
        // removeItem cannot reach past PATH_MAX either: `rm -rf` can.
        _ = try Spawn.run("/bin/rm", ["-rf", d])
    }

    @Test("two file names that are not UTF-8 are told apart and reported, not 'does not exist'")
    func nonUTF8Names() throws {
        let d = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/pass.yaml", toPath: d + "/ok.yaml")
        let dir = open(d, O_RDONLY | O_DIRECTORY)
        for byte: UInt8 in [0xE9, 0xE8] {
            let raw = Array("caf".utf8) + [byte] + Array(".yaml".utf8) + [0]
            let f = raw.withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { openat(dir, $0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
            }
            #expect(f >= 0)
            close(f)
        }
        close(dir)
        let r = try SpecialFileCLITests.run(["check", "--lang", "en", d])
        #expect(r.status == 1)
        #expect(
            r.stdout.contains("caf\\xE9.yaml:1:1: error[Y001]: the file cannot be read: its name is not valid UTF-8"),
            "\(r.stdout)")
        #expect(r.stdout.contains("caf\\xE8.yaml:1:1: error[Y001]"))
        #expect(!r.stdout.contains("does not exist") && !r.stdout.contains("\u{FFFD}"))
    }
}

import Foundation
import LintasTestSupport
import Testing

/// Issue 20 items 3-6 and issue 26 §6, through the binary: what `--output`, `--write-baseline` and
/// `import --force` do with hostile targets.
@Suite("lintas binary: safe writes")
struct SafeWriteCLITests {
    static func agency() throws -> String {
        let d = OutputOptionsTests.tempDir()
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/fail.yaml", toPath: d + "/agency.yaml")
        return d
    }

    static func kind(_ path: String) -> mode_t {
        var s = stat()
        return lstat(path, &s) == 0 ? s.st_mode & S_IFMT : 0
    }

    /// The temporaries left beside a target (none after a run).
    static func leftovers(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".lintas-") }
    }

    /// A reader of a FIFO (as `--output json:>(jq ...)` has one), started before lintas opens it.
    static func reader(_ fifo: String) throws -> Spawn.Child {
        try Spawn.start("/bin/cat", [fifo], stderr: .discard)
    }

    /// What the reader read, once it ended.
    static func read(_ reader: Spawn.Child) -> String {
        let got = reader.readStdout()
        reader.wait()
        return String(decoding: got, as: UTF8.self)
    }

    @Test("--output to a FIFO (or a link to one) writes into it and leaves it a FIFO, never a regular file")
    func fifoStaysFIFO() throws {
        let d = try Self.agency()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let fifo = d + "/out.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: d + "/link", withDestinationPath: fifo)
        for target in [fifo, d + "/link"] {
            let reader = try Self.reader(fifo)
            let r = try CLITests.run([
                "check", "--output", "json:\(target)", "--write-baseline", d + "/b.json", d + "/agency.yaml",
            ])
            #expect(r.status == 1, "\(r.stderr)")
            #expect(Self.read(reader).contains("\"R001\""))
            #expect(Self.kind(fifo) == S_IFIFO)
        }
        #expect(Self.kind(d + "/link") == S_IFLNK)
        #expect(Self.leftovers(d).isEmpty, "\(Self.leftovers(d))")
    }

    @Test("--write-baseline to a FIFO writes into it, never replaces it")
    func baselineFIFO() throws {
        let d = try Self.agency()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let fifo = d + "/b.fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = try Self.reader(fifo)
        let r = try CLITests.run(["check", "--write-baseline", fifo, d + "/agency.yaml"])
        #expect(r.status == 1)
        #expect(Self.read(reader).contains("\"entries\""))
        #expect(Self.kind(fifo) == S_IFIFO)
    }

    @Test("an --output or --write-baseline naming an input file of the run is refused (exit 2), the input untouched")
    func outputOntoInput() throws {
        let d = try Self.agency()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let before = try String(contentsOfFile: d + "/agency.yaml", encoding: .utf8)
        for args in [
            ["--output", "json:\(d)/agency.yaml"], ["--output", "json:\(d)/./agency.yaml"],
            ["--write-baseline", "\(d)/agency.yaml"],
        ] {
            let r = try CLITests.run(["check"] + args + [d])
            #expect(r.status == 2, "\(args)")
            #expect(r.stdout.isEmpty, "\(args): nothing is printed before the refusal")
            #expect(r.stderr.contains("akan menimpa masukan pemeriksaan ini"), "\(r.stderr)")
            #expect(try String(contentsOfFile: d + "/agency.yaml", encoding: .utf8) == before)
        }
        // So is the --baseline compared with, for a report; --write-baseline may update it in place.
        let base = try CLITests.run(["check", "--write-baseline", d + "/b.json", d])
        #expect(base.status == 1)
        let onto = try CLITests.run(["check", "--baseline", d + "/b.json", "--output", "json:\(d)/b.json", d])
        #expect(onto.status == 2 && onto.stderr.contains("akan menimpa masukan pemeriksaan ini"), "\(onto.stderr)")
        let update = try CLITests.run(["check", "--baseline", d + "/b.json", "--write-baseline", d + "/b.json", d])
        #expect(update.status == 0, "\(update.stderr)")
        // The config of the run is an input too.
        try "ignore: []\n".write(toFile: d + "/.lintas.yml", atomically: true, encoding: .utf8)
        let cfg = try CLITests.run(["check", "--output", "json:\(d)/.lintas.yml", d])
        #expect(cfg.status == 2, "\(cfg.stderr)")
        #expect(try String(contentsOfFile: d + "/.lintas.yml", encoding: .utf8) == "ignore: []\n")
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("two outputs to one file are refused before the check (issue 26 §6)")
    func sameFileTwice() throws {
        let d = try Self.agency()
        defer { try? FileManager.default.removeItem(atPath: d) }
        for args in [
            ["--output", "json:\(d)/r", "--output", "sarif:\(d)/r"],
            ["--output", "json:\(d)/r", "--output", "json:\(d)/../\((d as NSString).lastPathComponent)/r"],
            ["--output", "json:\(d)/r", "--write-baseline", "\(d)/r"],
        ] {
            let r = try CLITests.run(["check"] + args + [d + "/agency.yaml"])
            #expect(r.status == 2, "\(args)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("menulis berkas yang sama"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: d + "/r"))
        }
    }

    @Test("an unwritable --output is exit 2 at once, no report printed first (issue 26 §6)")
    func unwritableFirst() throws {
        let d = try Self.agency()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.createDirectory(atPath: d + "/adir", withIntermediateDirectories: true)
        for target in ["\(d)/missing/r.json", "\(d)/adir", "\(d)/agency.yaml/x"] {
            for option in ["--output", "--write-baseline"] {
                let r = try CLITests.run([
                    "check", option, option == "--output" ? "json:\(target)" : target, d + "/agency.yaml",
                ])
                #expect(r.status == 2, "\(target)")
                #expect(r.stdout.isEmpty, "\(target): \(r.stdout)")
                #expect(r.stderr.contains("tidak dapat menulis"), "\(r.stderr)")
            }
        }
    }

    @Test("a file already at the path is replaced whole, a link there replaced by the report (its target untouched)")
    func replacesLinkNotTarget() throws {
        let d = try Self.agency()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try "victim\n".write(toFile: d + "/victim", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: d + "/r.json", withDestinationPath: d + "/victim")
        let r = try CLITests.run(["check", "--output", "json:\(d)/r.json", d + "/agency.yaml"])
        #expect(r.status == 1)
        #expect(Self.kind(d + "/r.json") == S_IFREG)
        #expect(try String(contentsOfFile: d + "/victim", encoding: .utf8) == "victim\n")
        #expect(Self.leftovers(d).isEmpty)
    }

    @Test("import --force that fails on one file writes none of them (issue 20 item 6)")
    func importAllOrNothing() throws {
        let d = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let made = try CLITests.run(["init", "--xlsx", d + "/w.xlsx"])
        #expect(made.status == 0, "\(made.stderr)")
        let out = d + "/out"
        try FileManager.default.createDirectory(atPath: out + "/tim_kerja.yaml", withIntermediateDirectories: true)
        for name in ["instansi.yaml", "unit_organisasi.yaml", "pegawai.yaml"] {
            try "old: \(name)\n".write(toFile: out + "/" + name, atomically: true, encoding: .utf8)
        }
        let r = try CLITests.run(["import", d + "/w.xlsx", "-o", out, "--force"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("tim_kerja.yaml"), "\(r.stderr)")
        for name in ["instansi.yaml", "unit_organisasi.yaml", "pegawai.yaml"] {
            #expect(try String(contentsOfFile: out + "/" + name, encoding: .utf8) == "old: \(name)\n", "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/matriks_peran_hasil.yaml"))
        #expect(Self.leftovers(out).isEmpty, "\(Self.leftovers(out))")
        // Into a directory that does not exist yet: nothing is left behind on failure either.
        let fresh = try CLITests.run(["import", d + "/w.xlsx", "-o", d + "/fresh"])
        #expect(fresh.status == 0)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: d + "/fresh")) ?? []).count == 6)
    }

    @Test("export and init --xlsx never write through a link planted at the workbook's name")
    func exportThroughLink() throws {
        let d = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let fifo = d + "/w.xlsx"
        #expect(mkfifo(fifo, 0o600) == 0)
        // A FIFO at the name, with --force: refused or written in place, never replaced.
        let reader = try Self.reader(fifo)
        let r = try CLITests.run(["init", "--xlsx", fifo, "--force"])
        #expect(Self.read(reader).hasPrefix("PK"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.kind(fifo) == S_IFIFO)
        #expect(Self.leftovers(d).isEmpty)
    }
}

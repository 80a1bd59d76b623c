import Foundation
import LintasTestSupport
import Testing

/// `lintas check -` and `--stdin-filename`: standard input as one agency file, through the binary.
@Suite("lintas binary: standard input")
struct StdinTests {
    /// Runs the binary with `input` on its standard input.
    static func run(_ args: [String], input: Data, cwd: String = CLITests.root) throws -> CLITests.Result {
        try Binary.run(args, cwd: cwd, input: input)
    }

    static func file(_ relative: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: CLITests.root + "/" + relative))
    }

    @Test("- checks standard input as one file named <stdin>")
    func dash() throws {
        let r = try Self.run(["check", "--fail-on", "warning", "-"], input: Self.file("examples/rules/K001/fail.yaml"))
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("<stdin>:49:12: peringatan[K001]"))
        #expect(
            r.stdout.contains(" 49 |     ketua: \"198104222006042002\""), "the source line comes from standard input")
        #expect(r.stdout.contains("Ringkasan: 0 galat, 1 peringatan, 0 info dalam 1 instansi (1 berkas)"))
        let ok = try Self.run(["check", "-"], input: Self.file("examples/rules/K001/pass.yaml"))
        #expect(ok.status == 0, "\(ok.stdout)")
    }

    @Test("--stdin-filename names the findings, with or without -")
    func named() throws {
        for args in [
            ["check", "--stdin-filename", "dinas/tim_kerja.yaml", "-"],
            ["check", "--stdin-filename", "dinas/tim_kerja.yaml"],
        ] {
            let r = try Self.run(
                args + ["--format", "json", "--fail-on", "warning"], input: Self.file("examples/rules/K001/fail.yaml"))
            #expect(r.status == 1)
            #expect(r.stdout.contains("\"file\" : \"dinas/tim_kerja.yaml\""), "\(r.stdout.prefix(400))")
            #expect(!r.stdout.contains("<stdin>"))
        }
        let text = try Self.run(
            ["check", "--lang", "en", "--stdin-filename=./dinas/tim_kerja.yaml", "-"],
            input: Self.file("examples/rules/K001/fail.yaml"))
        #expect(text.stdout.contains("dinas/tim_kerja.yaml:49:12: warning[K001]"), "\(text.stdout)")
        #expect(text.stdout.contains("(dinas/tim_kerja.yaml:24:5)"), "notes point into the same name")
    }

    @Test("the config is the nearest .lintas.yml of --stdin-filename; --config wins")
    func configFromName() throws {
        let input = try Self.file("examples/rules/T001/fail.yaml")
        // examples/rules/T001/.lintas.yml enables the West Java pack, which raises T001 to an error.
        let there = try Self.run(["check", "--stdin-filename", "examples/rules/T001/fail.yaml", "-"], input: input)
        #expect(there.status == 1, "\(there.stdout)")
        #expect(there.stdout.contains("examples/rules/T001/fail.yaml:"))
        #expect(there.stdout.contains("galat[T001]"))
        // A name that does not exist still finds the config of its directory.
        let new = try Self.run(
            ["check", "--stdin-filename", "examples/rules/T001/belum-disimpan.yaml", "-"], input: input)
        #expect(new.status == 1)
        #expect(new.stdout.contains("galat[T001]"))
        // No name: the config is looked up from the working directory (none at the root: national pack only).
        let plain = try Self.run(["check", "-"], input: input)
        #expect(plain.status == 0, "\(plain.stdout)")
        #expect(plain.stdout.contains("peringatan[T001]"))
        let forced = try Self.run(
            [
                "check", "--config", "examples/agencies/kementerian-contoh/.lintas.yml", "--stdin-filename",
                "examples/rules/T001/fail.yaml", "-",
            ], input: input)
        #expect(forced.status == 0, "\(forced.stdout)")
        #expect(forced.stdout.contains("peringatan[T001]"))
    }

    @Test("inline suppressions and the baseline work on standard input")
    func suppressionsAndBaseline() throws {
        var text = String(decoding: try Self.file("examples/rules/K001/fail.yaml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "# expect: K001", with: "# lintas-disable-line K001 -- diuji lewat stdin")
        let r = try Self.run(
            ["check", "--fail-on", "warning", "--stdin-filename", "dinas/tim.yaml"], input: Data(text.utf8))
        #expect(r.status == 0, "\(r.stdout)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lintas-stdin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = dir.appendingPathComponent("baseline.json").path
        let input = try Self.file("examples/rules/K001/fail.yaml")
        let w = try Self.run(
            ["check", "--fail-on", "warning", "--stdin-filename", "dinas/tim.yaml", "--write-baseline", baseline],
            input: input)
        #expect(w.status == 1)
        let b = try Self.run(
            ["check", "--fail-on", "warning", "--stdin-filename", "dinas/tim.yaml", "--baseline", baseline],
            input: input)
        #expect(b.status == 0, "\(b.stdout)")
    }

    @Test("bad standard input is a finding, never a crash")
    func hostile() throws {
        let empty = try Self.run(["check", "-"], input: Data())
        #expect(empty.status == 1)
        #expect(empty.stdout.contains("<stdin>:1:1: galat[S007]"))
        let junk = try Self.run(["check", "-"], input: Data([0xFF, 0xFE, 0x00, 0x41]))
        #expect(junk.status == 1)
        #expect(junk.stdout.contains("galat[Y004]"))
        let broken = try Self.run(["check", "--lang", "en", "-"], input: Data("instansi: {kode: A\n".utf8))
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("<stdin>:2:1: error[Y001]"), "\(broken.stdout)")
    }

    @Test("- with other paths, or --stdin-filename with paths, is exit 2")
    func misuse() throws {
        let both = try Self.run(["check", "-", "examples/agencies"], input: Data())
        #expect(both.status == 2)
        #expect(both.stderr.contains("cannot be combined"))
        let named = try Self.run(["check", "--stdin-filename", "x.yaml", "examples/agencies"], input: Data())
        #expect(named.status == 2)
        #expect(named.stderr.contains("--stdin-filename"))
    }

    @Test("standard input over the file-size limit is Y005, read no further than the limit")
    func oversize() throws {
        // 256 MiB + 1 byte through a pipe from the shell (its `head` takes the broken pipe, not this process).
        let r = try Spawn.run(
            "/bin/sh",
            [
                "-c", "head -c 268435457 /dev/zero | \"$0\" check --lang en --stdin-filename besar.yaml -",
                CLITests.binary,
            ], cwd: CLITests.root, stderr: .discard)
        let o = r.stdoutText
        #expect(r.status == 1, "\(o)")
        #expect(o.contains("besar.yaml:1:1: error[Y005]: standard input is more than 268435456 bytes"), "\(o)")
    }
}

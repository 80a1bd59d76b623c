import Foundation
import LintasTestSupport
import Testing

@testable import LintasCore

/// What the release ships, through the built binary: `--version` with the commit, the man page made
/// by scripts/gen-manpage.py from the argument parser, and the shell completions.
@Suite("lintas binary: version, man page, completions")
struct ReleaseTests {
    /// The subcommands `lintas --help` lists (without `help`).
    static func subcommands() throws -> [String] {
        let help = try CLITests.run(["--help"])
        let lines = help.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex(of: "SUBCOMMANDS:"))
        var names: [String] = []
        for line in lines[(start + 1)...] {
            if line.isEmpty { break }
            // "  check (default)    Check ...": a name two spaces in; continuation lines are indented further.
            if line.hasPrefix("  "), line.dropFirst(2).first?.isLetter == true,
                let name = line.split(separator: " ").first
            {
                names.append(String(name))
            }
        }
        return names.filter { $0 != "help" }
    }

    @Test("--version prints LintasVersion.current and the commit it was built from")
    func version() throws {
        let r = try CLITests.run(["--version"])
        #expect(r.status == 0)
        let line = r.stdout.trimmingCharacters(in: .newlines)
        let match = try #require(
            line.wholeMatch(of: /([0-9]+\.[0-9]+\.[0-9]+\S*) \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)/),
            "unexpected --version: \(line)")
        #expect(String(match.output.1) == LintasVersion.current)
    }

    @Test("scripts/build-info.sh says unknown outside git and names the commit inside")
    func buildInfo() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("lintas-buildinfo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        func stamp(_ dir: String, env: [String: String] = [:]) throws -> String {
            let out = tmp.appendingPathComponent("out-\(UUID().uuidString)").path
            var environment = ProcessInfo.processInfo.environment
            environment["LINTAS_COMMIT"] = nil
            environment["GIT_DIR"] = nil
            for (k, v) in env { environment[k] = v }
            let r = try Spawn.run(
                "/bin/sh", [CLITests.root + "/scripts/build-info.sh", dir, out], environment: environment,
                stdout: .discard, stderr: .discard)
            #expect(r.status == 0)
            return try String(contentsOfFile: out + "/BuildInfo.swift", encoding: .utf8)
        }
        #expect(try stamp(tmp.path).contains("static let commit = \"unknown\""))
        #expect(try stamp(tmp.path, env: ["LINTAS_COMMIT": "v1.2.3"]).contains("static let commit = \"v1.2.3\""))
        // Anything but a plain name is not pasted into Swift source.
        #expect(try stamp(tmp.path, env: ["LINTAS_COMMIT": "x\"; evil()"]).contains("static let commit = \"unknown\""))
        if FileManager.default.fileExists(atPath: CLITests.root + "/.git") {
            #expect(try stamp(CLITests.root).contains(#/static let commit = "[0-9a-f]{12}(-dirty)?"/#))
        }
    }

    @Test("the man page from scripts/gen-manpage.py describes every subcommand and the exit codes")
    func manPage() throws {
        let r = try Spawn.run(
            "/usr/bin/env",
            [
                "python3", CLITests.root + "/scripts/gen-manpage.py", CLITests.binary, "--date", "2026-01-01",
                "--version", LintasVersion.current,
            ], stderr: .discard)
        #expect(r.status == 0)
        let page = r.stdoutText
        #expect(page.hasPrefix(".TH \"LINTAS\" \"1\" \"2026-01-01\" \"lintas \(LintasVersion.current)\""))
        let subs = try Self.subcommands()
        #expect(subs.count >= 7, "subcommands read from --help: \(subs)")
        for s in subs {
            #expect(page.contains("\n.SS lintas \(s)\n"), "the man page has no section for lintas \(s)")
        }
        // Every option of check is on the page (roff escapes `-` as `\-`).
        for option in HelpDocsTests.options(Substring(try CLITests.run(["check", "--help"]).stdout)) {
            #expect(
                page.contains("\\fB" + option.replacingOccurrences(of: "-", with: "\\-") + "\\fR"), "\(option) missing")
        }
        #expect(page.contains(".SH EXIT STATUS"))
    }

    @Test("completion scripts for bash, zsh and fish name the subcommands", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) throws {
        let r = try CLITests.run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        for s in try Self.subcommands() {
            #expect(r.stdout.contains(s), "\(shell) completion lacks \(s)")
        }
    }
}

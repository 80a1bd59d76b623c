import Foundation
import LintasTestSupport
import Testing

/// End-to-end tests through the built `lintas` binary: arguments, inputs, stdout, exit codes.
@Suite("lintas binary")
struct CLITests {
    static let root = Binary.root

    /// The built binary beside the test bundle.
    static let binary = Binary.path()

    typealias Result = Binary.Run

    static func run(_ args: [String], cwd: String = root, env: [String: String] = [:]) throws -> Result {
        try Binary.run(args, cwd: cwd, env: env)
    }

    @Test("a failing example exits 1 with a compiler-style line, caret and summary")
    func failingExample() throws {
        let r = try Self.run(["check", "examples/rules/R001/fail.yaml"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("examples/rules/R001/fail.yaml:"))
        #expect(r.stdout.contains("galat[R001]"))
        #expect(r.stdout.contains("^"))
        #expect(r.stdout.contains("Ringkasan: 1 galat"))
    }

    @Test("English on request")
    func english() throws {
        let r = try Self.run(["check", "--lang", "en", "examples/rules/R001/fail.yaml"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("error[R001]"))
        #expect(r.stdout.contains("Summary: 1 error"))
    }

    @Test("a passing example exits 0")
    func passingExample() throws {
        let r = try Self.run(["check", "examples/rules/R001/pass.yaml"])
        #expect(r.status == 0, "\(r.stdout)")
    }

    @Test("--fail-on warning turns warnings into exit 1")
    func failOn() throws {
        let r0 = try Self.run(["check", "examples/rules/N005/fail.yaml"])
        let r1 = try Self.run(["check", "--fail-on", "warning", "examples/rules/N005/fail.yaml"])
        #expect(r0.status == 0)
        #expect(r1.status == 1)
    }

    @Test("an unreadable path is exit 2 with a message")
    func missingPath() throws {
        let r = try Self.run(["check", "does/not/exist.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("does/not/exist.yaml"))
    }

    @Test("bad arguments are exit 2")
    func badArguments() throws {
        #expect(try Self.run(["check", "--format", "xml"]).status == 2)
        #expect(try Self.run(["check", "--as-of", "2024-02-30", "."]).status == 2)
        #expect(try Self.run(["--no-such-flag"]).status == 2)
    }

    @Test("JSON output is deterministic and carries the contract's fields")
    func json() throws {
        let a = try Self.run(["check", "--format", "json", "examples/rules/R001/fail.yaml"])
        let b = try Self.run(["check", "--format", "json", "--jobs", "1", "examples/rules/R001/fail.yaml"])
        #expect(a.stdout == b.stdout)
        let doc = try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any]
        let agency = (doc?["agencies"] as? [[String: Any]])?.first
        let finding = (agency?["findings"] as? [[String: Any]])?.first
        for key in [
            "rule", "severity", "message", "file", "line", "column", "endLine", "endColumn", "path", "entity",
            "citation", "basis",
        ] {
            #expect(finding?[key] != nil, "missing \(key)")
        }
        #expect(doc?["version"] as? Int == 1)
    }

    @Test("explain prints citation, basis and both examples")
    func explain() throws {
        let r = try Self.run(["explain", "R001"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("R001"))
        #expect(r.stdout.contains("(contoh bawaan R001/fail.yaml)"))
        #expect(r.stdout.contains("(contoh bawaan R001/pass.yaml)"))
        #expect(!r.stdout.contains("examples/"), "no repository path the user of an installed binary lacks")
        #expect(r.stdout.contains("\nDasar: inferensi (inference)\n"))
        #expect(r.stdout.contains("\nTingkat bawaan: galat (error)\n"))
        #expect(r.stdout.contains("\nJenis inferensi: keutuhan data\n"))
        // The keyword is not repeated as its own translation.
        #expect(try Self.run(["explain", "R001", "--lang", "en"]).stdout.contains("\nBasis: inference\n"))
        #expect(try Self.run(["explain", "Z999"]).status == 2)
    }

    @Test("rules lists every pack")
    func rules() throws {
        let r = try Self.run(["rules"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("dasar"))
        #expect(r.stdout.contains("permenpanrb-7-2022"))
        #expect(r.stdout.contains("pergub-jabar-181-2021"))
    }

    @Test("works from another directory (packs are built in)")
    func anyDirectory() throws {
        let r = try Self.run(["rules"], cwd: NSTemporaryDirectory())
        #expect(r.status == 0)
        #expect(r.stdout.contains("R001"))
    }
}

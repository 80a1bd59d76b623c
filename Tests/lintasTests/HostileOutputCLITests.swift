import Foundation
import LintasTestSupport
import Testing

/// Issue 20 items 17-19 through the binary: names and values that would drive a terminal or a CI
/// log, render live in a pull-request comment, or run as a formula in a spreadsheet.
@Suite("lintas binary: hostile names in outputs")
struct HostileOutputCLITests {
    /// A batch whose agency directory has a hostile name (a line break starting a GitHub workflow
    /// command, ESC, BEL, an OSC 8 link).
    static func batch(_ name: String) throws -> (dir: String, agency: String) {
        let d = OutputOptionsTests.tempDir()
        let agency = d + "/" + name
        try FileManager.default.createDirectory(atPath: agency, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/fail.yaml", toPath: agency + "/agency.yaml")
        try FileManager.default.createDirectory(atPath: d + "/ok", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/pass.yaml", toPath: d + "/ok/agency.yaml")
        return (d, agency)
    }

    @Test("text output never prints a control character or line break from a path (item 17)")
    func textPaths() throws {
        let (d, _) = try Self.batch("x\n::error file=README.md,line=1::pwned\u{1B}]8;;http://e\u{7}y\u{1B}[2J")
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try CLITests.run(["check", d])
        #expect(r.status == 1)
        #expect(!r.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" })
        for line in r.stdout.split(separator: "\n") { #expect(!line.hasPrefix("::"), "\(line)") }
        #expect(r.stdout.contains("x\u{FFFD}::error file=README.md,line=1::pwned"))
        // --stdin-filename too.
        let piped = try Binary.run(
            ["check", "--stdin-filename", "a\n::add-mask::\u{1B}[31mb.yaml", "-"],
            input: Data(contentsOf: URL(fileURLWithPath: CLITests.root + "/examples/rules/R001/fail.yaml")))
        let text = piped.stdout
        #expect(piped.status == 1)
        #expect(text.contains("a\u{FFFD}::add-mask::\u{FFFD}[31mb.yaml:"))
        for line in text.split(separator: "\n") { #expect(!line.hasPrefix("::")) }
        // An error (exit 2) naming a path found in the repository: one line too.
        let bad = d + "/x\n::error::y"
        try FileManager.default.createDirectory(atPath: bad, withIntermediateDirectories: true)
        try "version: 9\n".write(toFile: bad + "/.lintas.yml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/pass.yaml", toPath: bad + "/a.yaml")
        let e = try CLITests.run(["check", bad + "/a.yaml"])
        #expect(e.status == 2)
        #expect(e.stderr.contains("x\u{FFFD}::error::y/.lintas.yml:1:10: unsupported config version"), "\(e.stderr)")
        for line in e.stderr.split(separator: "\n") { #expect(!line.hasPrefix("::")) }
    }

    @Test("Markdown output renders no link, image, mention, issue reference, HTML or emphasis from a value (item 18)")
    func markdownInert() throws {
        let name = "[c](https:evil) ![p](http:t) @octocat #12 <img> *e* ~~s~~ $m$ www.e.com"
        let (d, _) = try Self.batch(name)
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try CLITests.run(["check", "--format", "markdown", d])
        #expect(r.status == 1)
        // Code spans show their text literally (inert): look at the rest.
        let md = r.stdout.replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
        #expect(!md.contains("[c]") && !md.contains("![p]") && !md.contains("<img>"))
        #expect(!md.contains("@octocat") && !md.contains("#12") && !md.contains("www.e"))
        #expect(!md.contains(" *e* ") && !md.contains("~~s~~") && !md.contains("$m$"))
        #expect(
            md.contains("\\[c\\]") && md.contains("@\u{2060}octocat") && md.contains("#\u{2060}12")
                && md.contains("&lt;img&gt;"))
        // Paths are code spans, message code spans stay code (not `\``).
        #expect(r.stdout.contains("- `"))
        #expect(!r.stdout.contains("\\`"))
    }

    @Test("CSV: every ;-separated piece that would start a formula is guarded (item 19)")
    func csvSemicolons() throws {
        let (d, _) = try Self.batch("x;=1+1;@SUM(A1);\" -2")
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try CLITests.run(["check", "--format", "csv", d])
        #expect(r.status == 1)
        // Split as a decimal-comma spreadsheet would: no piece starts a formula.
        for line in r.stdout.split(separator: "\r\n") {
            for piece in line.split(separator: ";", omittingEmptySubsequences: false) {
                let start = piece.drop { $0 == "\"" || $0 == " " }
                #expect(!["=", "+", "-", "@"].contains(start.first ?? "x"), "\(line)")
            }
        }
        #expect(r.stdout.contains("x;'=1+1;'@SUM(A1);'\"\" -2"))
    }
}

import Foundation
import Testing

/// docs/cli.md promises that `lintas COMMAND --help` lists the same options as its section.
@Suite("lintas binary: --help and docs/cli.md agree")
struct HelpDocsTests {
    /// `--name` tokens in `text`, without ArgumentParser's own `--help` and `--version` and the
    /// docs' generic `--option`.
    static func options(_ text: Substring) -> Set<String> {
        let regex = /--[a-z][a-z-]*[a-z]/
        return Set(text.matches(of: regex).map { String($0.output) }).subtracting(["--help", "--version", "--option"])
    }

    /// The section of docs/cli.md headed "## `lintas COMMAND`", up to the next "## " heading.
    static func section(_ command: String, in doc: String) throws -> Substring {
        let heading = "\n## `lintas \(command)`\n"
        let start = try #require(doc.range(of: heading), "no section for \(command)")
        let rest = doc[start.upperBound...]
        return rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
    }

    @Test(
        "every command's options are documented in its section, and nothing more",
        arguments: ["check", "rules", "explain", "schema", "init", "import", "export"])
    func sameOptions(command: String) throws {
        let doc = try String(contentsOfFile: CLITests.root + "/docs/cli.md", encoding: .utf8)
        let help = try CLITests.run([command, "--help"])
        #expect(help.status == 0)
        let inHelp = Self.options(Substring(help.stdout))
        let inDoc = Self.options(try Self.section(command, in: doc))
        #expect(
            inHelp.subtracting(inDoc).isEmpty, "in --help, not in docs/cli.md: \(inHelp.subtracting(inDoc).sorted())")
        #expect(
            inDoc.subtracting(inHelp).isEmpty, "in docs/cli.md, not in --help: \(inDoc.subtracting(inHelp).sorted())")
    }
}

import Foundation
import Testing

/// SARIF, GitLab and GitHub paths anchored at the repository root, through the binary: the same
/// agency checked from different directories gives the same bytes. Each test builds its own
/// repository in a temporary directory (a `.git` directory or, as in worktrees, a `.git` file), so
/// it does not depend on how this checkout was made.
@Suite("lintas binary: paths anchored at the repository root")
struct AnchorTests {
    /// A parent-directory component, spelt out at run time (see SelfContainedTests).
    static let up = String(repeating: ".", count: 2) + "/"

    /// A temporary repository holding the review draft at `agencies/draf`; returns its physical path.
    static func repository(gitFile: Bool = false) throws -> String {
        let base = OutputOptionsTests.tempDir()
        let repo = base + "/repo"
        try FileManager.default.createDirectory(atPath: repo + "/agencies", withIntermediateDirectories: true)
        if gitFile {
            try "gitdir: /nowhere/.git/worktrees/repo\n".write(
                toFile: repo + "/.git", atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.createDirectory(atPath: repo + "/.git", withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/review/jabar-diskominfo-draf", toPath: repo + "/agencies/draf")
        return URL(fileURLWithPath: repo).resolvingSymlinksInPath().path
    }

    static func remove(_ repo: String) {
        try? FileManager.default.removeItem(atPath: (repo as NSString).deletingLastPathComponent)
    }

    static func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    static func uris(_ sarif: String) throws -> [(uri: String, base: String?)] {
        let log = try #require(try json(sarif) as? [String: Any])
        let results = try #require((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        return results.compactMap { r in
            guard
                let a = ((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?[
                    "artifactLocation"] as? [String: Any],
                let uri = a["uri"] as? String
            else { return nil }
            return (uri, a["uriBaseId"] as? String)
        }
    }

    @Test("SARIF of the same agency from several directories (and with // and ./ in the path) is byte-identical")
    func sameBytesEverywhere() throws {
        let repo = try Self.repository()
        defer { Self.remove(repo) }
        let common = ["check", "--format", "sarif", "--as-of", "2024-06-30"]
        let runs = [
            try CLITests.run(common + ["agencies/draf"], cwd: repo),
            try CLITests.run(common + ["./agencies//draf/"], cwd: repo),
            try CLITests.run(common + ["draf"], cwd: repo + "/agencies"),
            try CLITests.run(common + ["."], cwd: repo + "/agencies/draf"),
            try CLITests.run(common + [Self.up + "draf/./"], cwd: repo + "/agencies/draf"),
            try CLITests.run(common + ["--root", repo, repo + "/agencies/draf"], cwd: CLITests.root),
            try CLITests.run(
                common + ["--root", "repo", "repo/agencies/draf"], cwd: (repo as NSString).deletingLastPathComponent),
        ]
        for (i, r) in runs.enumerated() {
            #expect(r.status == 1, "run \(i): \(r.stderr)")
            #expect(r.stdout == runs[0].stdout, "run \(i) differs from run 0")
        }
        let uris = try Self.uris(runs[0].stdout)
        #expect(uris.count == 6)
        for u in uris {
            #expect(u.uri.hasPrefix("agencies/draf/") && u.base == "%SRCROOT%", "\(u)")
            #expect(!u.uri.contains("//") && !u.uri.contains("./"), "\(u.uri)")
        }
        let log = try #require(try Self.json(runs[0].stdout) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let bases = try #require(run["originalUriBaseIds"] as? [String: [String: String]])
        #expect(bases["%SRCROOT%"]?["uri"] == "file://" + repo + "/")
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["informationUri"] as? String)?.hasPrefix("https://") == true)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(
            rules.allSatisfy {
                ($0["helpUri"] as? String)?.hasSuffix("docs/rules.md#" + (($0["id"] as? String) ?? "").lowercased())
                    == true
            })
    }

    @Test("the SARIF rule table is that of the checked agencies' config, whatever directory was named, run after run")
    func ruleTableFromTheAgencyConfig() throws {
        // `agencies` has no .lintas.yml of its own; the draft's (with the West Java pack) rewords
        // K001 and T001. The table once merged every config looked at, in hash order.
        let repo = try Self.repository()
        defer { Self.remove(repo) }
        let common = ["check", "--format", "sarif", "--as-of", "2024-06-30"]
        let reference = try CLITests.run(common + ["agencies/draf"], cwd: repo)
        for i in 0..<4 {
            let r = try CLITests.run(common + ["agencies"], cwd: repo)
            #expect(r.stdout == reference.stdout, "run \(i) of 'agencies' differs from 'agencies/draf'")
        }
        #expect(reference.stdout.contains("Pergub Jabar 181/2021 (penyusunan dan penetapan tim)"))
    }

    @Test("a baseline is keyed at the repository root: written from one directory, it matches from any other")
    func baselineFromAnyDirectory() throws {
        let repo = try Self.repository()
        defer { Self.remove(repo) }
        let baseline = repo + "/baseline.json"
        let common = ["check", "--as-of", "2024-06-30", "--quiet"]
        let write = try CLITests.run(common + ["--write-baseline", baseline, "agencies/draf"], cwd: repo)
        #expect(write.status == 1)
        let written = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(written.contains("\"file\" : \"agencies/draf/tim_kerja.yaml\""))
        for (cwd, path) in [
            (repo + "/agencies", "draf"), (repo + "/agencies/draf", "."), (repo + "/agencies", "./draf//"),
        ] {
            let r = try CLITests.run(common + ["--baseline", baseline, path], cwd: cwd)
            #expect(r.status == 0, "from \(cwd) checking \(path): \(r.stdout)")
            #expect(r.stdout.isEmpty, "from \(cwd) checking \(path): \(r.stdout)")
        }
        let again = repo + "/again.json"
        _ = try CLITests.run(common + ["--write-baseline", again, "."], cwd: repo + "/agencies/draf")
        #expect(try String(contentsOfFile: again, encoding: .utf8) == written)
    }

    @Test("one agency named with ./, // or a trailing slash is one agency, shown without them")
    func oneAgencyNamedSeveralWays() throws {
        let repo = try Self.repository()
        defer { Self.remove(repo) }
        let r = try CLITests.run(
            ["check", "--as-of", "2024-06-30", "agencies/draf", "./agencies//draf/./", "agencies/./draf/"], cwd: repo)
        #expect(r.status == 1)
        #expect(r.stdout.contains("dalam 1 instansi (9 berkas)"), "\(r.stdout)")
        #expect(
            r.stdout.contains("\nagencies/draf/tim_kerja.yaml:") || r.stdout.hasPrefix("agencies/draf/"), "\(r.stdout)")
        #expect(!r.stdout.contains("//") && !r.stdout.contains("/./"), "\(r.stdout)")
    }

    @Test("a .git file (worktree) marks the root too; text output stays relative to the working directory")
    func worktreeRoot() throws {
        let repo = try Self.repository(gitFile: true)
        defer { Self.remove(repo) }
        let sarif = try CLITests.run(["check", "--format", "sarif", "draf"], cwd: repo + "/agencies")
        #expect(try Self.uris(sarif.stdout).allSatisfy { $0.uri.hasPrefix("agencies/draf/") })
        let text = try CLITests.run(["check", "draf"], cwd: repo + "/agencies")
        #expect(text.stdout.contains("\ndraf/tim_kerja.yaml:") || text.stdout.hasPrefix("draf/"))
        #expect(!text.stdout.contains("agencies/draf/"))
    }

    @Test("GitLab location.path and GitHub file= are relative to the repository root")
    func gitlabAndGitHub() throws {
        let repo = try Self.repository()
        defer { Self.remove(repo) }
        let fromRoot = try CLITests.run(
            ["check", "--format", "gitlab", "--as-of", "2024-06-30", "agencies/draf"], cwd: repo)
        let fromSub = try CLITests.run(
            ["check", "--format", "gitlab", "--as-of", "2024-06-30", "."], cwd: repo + "/agencies/draf")
        #expect(fromRoot.stdout == fromSub.stdout)
        let items = try #require(try Self.json(fromSub.stdout) as? [[String: Any]])
        #expect(items.count == 6)
        #expect(
            items.allSatisfy {
                (($0["location"] as? [String: Any])?["path"] as? String)?.hasPrefix("agencies/draf/") == true
            })
        let gh = try CLITests.run(
            ["check", "--format", "github", "--as-of", "2024-06-30", "."], cwd: repo + "/agencies/draf")
        let annotations = gh.stdout.split(separator: "\n").filter { $0.contains(" file=") }
        #expect(annotations.count == 6)
        #expect(annotations.allSatisfy { $0.contains(" file=agencies/draf/") })
    }

    @Test("a file outside the root is an absolute file URI without a base")
    func outsideRoot() throws {
        let repo = try Self.repository()
        defer { Self.remove(repo) }
        let outside = (repo as NSString).deletingLastPathComponent + "/elsewhere dir"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/fail.yaml", toPath: outside + "/r.yaml")
        let r = try CLITests.run(["check", "--format", "sarif", Self.up + "elsewhere dir/r.yaml"], cwd: repo)
        #expect(r.status == 1)
        let uris = try Self.uris(r.stdout)
        #expect(!uris.isEmpty)
        #expect(
            uris.allSatisfy {
                $0.base == nil && $0.uri == "file://" + outside.replacingOccurrences(of: " ", with: "%20") + "/r.yaml"
            }, "\(uris)")
    }

    @Test("--root that is not a directory is exit 2")
    func badRoot() throws {
        let r = try CLITests.run([
            "check", "--format", "sarif", "--root", "/nonexistent/lintas-root", "examples/rules/R001/fail.yaml",
        ])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--root"))
        let f = try CLITests.run(["check", "--root", "README.md", "examples/rules/R001/fail.yaml"])
        #expect(f.status == 2)
    }
}

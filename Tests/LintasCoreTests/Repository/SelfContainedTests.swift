import Foundation
import LintasTestSupport
import Testing

@testable import LintasCore

/// A fresh clone is the whole product: no file of the repository may read or name a path outside
/// the repository root (the team's shared folder beside a checkout, or parent-directory components
/// climbing above the root). This file spells neither, so it does not match itself.
@Suite("repository is self-contained")
struct SelfContainedTests {
    /// The team's shared folder as a relative path. Built at run time so this file does not name it.
    static let sharedNeedle = [".", ".", "/", "sha", "red"].joined()
    static let dotDot = [".", "."].joined()

    /// Files of the repository, relative to the root: `git ls-files` (tracked, plus untracked files
    /// that are not ignored) in a git checkout, else a walk of the tree without `.git` and `.build*`.
    static func repositoryFiles() -> [String] {
        if let listed = gitFiles() { return listed }
        var out: [String] = []
        let root = URL(fileURLWithPath: TestSupport.root)
        guard
            let walk = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey])
        else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        for case let url as URL in walk {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey])
            let name = url.lastPathComponent
            if values?.isDirectory == true {
                if name == ".git" || name.hasPrefix(".build") || name == ".swiftpm" { walk.skipDescendants() }
                continue
            }
            guard values?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            if full.hasPrefix(prefix) { out.append(String(full.dropFirst(prefix.count))) }
        }
        return out.sorted()
    }

    static func gitFiles() -> [String]? {
        guard FileManager.default.fileExists(atPath: TestSupport.path(".git")) else { return nil }
        guard
            let r = try? Spawn.run(
                "/usr/bin/env",
                ["git", "-C", TestSupport.root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                stderr: .discard), r.status == 0
        else { return nil }
        let files = r.stdoutText.split(separator: "\0").map(String.init)
            .filter { !$0.hasPrefix(".build") && FileManager.default.fileExists(atPath: TestSupport.path($0)) }
        return files.isEmpty ? nil : files.sorted()
    }

    /// Where `text` (the contents of `file`, relative to the root) names a path outside the root:
    /// the shared folder, or a run of parent-directory components that climbs above the root from the file's
    /// own directory (links in docs) or, in Swift sources, from the root (the tests' working
    /// directory). Returns "line: excerpt" strings.
    static func outsideReferences(in text: String, file: String) -> [String] {
        let depth = file.split(separator: "/").count - 1
        let isSwift = file.hasSuffix(".swift")
        var hits: [String] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let s = String(line)
            if s.contains(sharedNeedle) {
                hits.append("\(i + 1): \(s.prefix(160))")
                continue
            }
            for ups in dotDotRuns(in: s) where ups > depth || (isSwift && ups > 0) {
                hits.append(
                    "\(i + 1): \(s.prefix(160)) (climbs \(ups) level(s) from \(depth == 0 || isSwift ? "the root" : "depth \(depth)"))"
                )
                break
            }
        }
        return hits
    }

    /// The number of parent-directory components of each relative path in `line` that starts with
    /// one (one or more "dot dot slash", or a bare "dot dot"). One inside a longer path ("a/<up>/b",
    /// "$(dirname $0)/<up>"), ellipses and Swift's half-open range operator are not counted.
    static func dotDotRuns(in line: String) -> [Int] {
        let chars = Array(line.unicodeScalars)
        var runs: [Int] = []
        var i = 0
        func isPathChar(_ c: Unicode.Scalar) -> Bool {
            CharacterSet.alphanumerics.contains(c) || "._-/~$".unicodeScalars.contains(c)
        }
        while i < chars.count {
            guard chars[i] == ".", i + 1 < chars.count, chars[i + 1] == ".", i == 0 || !isPathChar(chars[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            var ups = 0
            while j + 1 < chars.count, chars[j] == ".", chars[j + 1] == "." {
                let after = j + 2 < chars.count ? chars[j + 2] : " "
                if after == "/" {
                    ups += 1
                    j += 3
                    continue
                }
                // A bare one ends the path: end of line, space or a closing quote or bracket
                // (not an ellipsis, a name that starts with two dots, nor a half-open range).
                if " \t\"'`)]".unicodeScalars.contains(after) {
                    ups += 1
                    j += 2
                }
                break
            }
            if ups > 0 { runs.append(ups) }
            i = max(j, i + 1)
        }
        return runs
    }

    @Test("no file of the repository names a path outside the repository root")
    func noOutsidePaths() throws {
        let files = Self.repositoryFiles()
        #expect(files.count > 100, "found only \(files.count) files below \(TestSupport.root)")
        var offenders: [String] = []
        for f in files {
            guard let data = FileManager.default.contents(atPath: TestSupport.path(f)) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for hit in Self.outsideReferences(in: text, file: f) { offenders.append("\(f):\(hit)") }
        }
        #expect(offenders.isEmpty, "paths outside the repository:\n\(offenders.joined(separator: "\n"))")
    }

    @Test("the detector finds what it must and nothing else")
    func detector() {
        let shared = Self.sharedNeedle
        let up = Self.dotDot + "/"
        #expect(!Self.outsideReferences(in: "see `\(shared)/spec/format-v1.md`", file: "docs/format.md").isEmpty)
        #expect(!Self.outsideReferences(in: "[x](\(up)\(up)x.md)", file: "docs/x.md").isEmpty)
        #expect(!Self.outsideReferences(in: "open \(up)README.md", file: "README.md").isEmpty)
        #expect(!Self.outsideReferences(in: "let p = path(\"\(up)vendor/x.json\")", file: "Tests/A/B/x.swift").isEmpty)
        #expect(!Self.outsideReferences(in: "cd \(Self.dotDot)", file: "run.sh").isEmpty)
        #expect(Self.outsideReferences(in: "[x](\(up)\(up)docs/outputs.md)", file: "examples/ci/README.md").isEmpty)
        #expect(Self.outsideReferences(in: "cd \"$(dirname \"$0\")/\(Self.dotDot)\"", file: ".ci/run").isEmpty)
        #expect(Self.outsideReferences(in: "for i in 0...3 { } // and so on...", file: "Sources/x.swift").isEmpty)
        #expect(Self.outsideReferences(in: "a/\(up)b", file: "x.md").isEmpty)
        #expect(
            Self.outsideReferences(in: "let t = s[\(Self.dotDot)<i] + s[i\(Self.dotDot)<j]", file: "x.swift").isEmpty)
    }
}

import Foundation
import Testing

@testable import LintasCore

/// Issue 20 item 1: the `ignore` glob matcher, linear in the path, no recursion.
@Suite("glob matcher")
struct GlobTests {
    @Test("semantics: * within a segment, ** across, ? one character, **/ optional")
    func semantics() {
        let cases: [(String, String, Bool)] = [
            ("*.yaml", "a.yaml", true), ("*.yaml", "d/a.yaml", false), ("**/*.yaml", "a.yaml", true),
            ("**/*.yaml", "d/e/a.yaml", true), ("**", "x/y/z", true), ("d/*", "d/a", true), ("d/*", "d/a/b", false),
            ("d/**", "d/a/b", true), ("?.yaml", "a.yaml", true), ("?.yaml", "ab.yaml", false), ("?", "/", false),
            ("a*b*c", "axxbyyc", true), ("a*b*c", "axxbyy", false), ("***", "a/b", true), ("a**b", "a/x/b", true),
            ("", "", true), ("", "a", false), ("*", "", true), ("draf/**/x.yaml", "draf/x.yaml", true),
            ("*a*a*a*b", String(repeating: "a", count: 50), false),
        ]
        for (p, s, want) in cases { #expect(Glob.matches(p, s) == want, "\(p) ~ \(s)") }
    }

    @Test("the linear matcher agrees with the old recursive one on random short patterns and paths")
    func agreesWithReference() {
        var g = SystemRandomNumberGenerator()
        let pieces = ["*", "**", "?", "/", "a", "b", "**/", "*/", "."]
        let pathPieces = ["a", "b", "/", ".", "ab"]
        for _ in 0..<20_000 {
            let p = (0..<Int.random(in: 0...7, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let s = (0..<Int.random(in: 0...8, using: &g)).map { _ in pathPieces.randomElement(using: &g)! }.joined()
            #expect(Glob.matches(p, s) == Glob.reference(p, s), "\(p) ~ \(s)")
        }
        #expect(!Glob.matches("***/x", "x") && Glob.matches("***/x", "a/x") && Glob.matches("**/x", "x"))
    }

    @Test("a 300,000-star pattern and a 20,000-star one against a long path: no recursion, milliseconds")
    func hostile() {
        let start = Date()
        #expect(Glob.matches(String(repeating: "*", count: 300_000), "a/b.yaml"))
        let path = String(repeating: "a", count: 1_000)
        #expect(!Glob.matches(String(repeating: "*a", count: 10_000) + "b", path))
        #expect(Glob.matches(String(repeating: "*a", count: 500), path))
        #expect(!Glob.matches(String(repeating: "?", count: 20_000), path))
        #expect(Date().timeIntervalSince(start) < 10)
    }
}

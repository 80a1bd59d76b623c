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

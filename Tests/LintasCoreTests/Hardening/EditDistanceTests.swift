import Foundation
import Testing

@testable import LintasCore

/// Issue 20 item 7: "did you mean" bounded (length, band, index, work budget), same answers.
@Suite("did you mean")
struct EditDistanceTests {
    /// The full quadratic table, as the distance was before: the reference.
    static func fullDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        var prev = Array(0...y.count)
        for i in 0..<x.count {
            var cur = [i + 1] + [Int](repeating: 0, count: y.count)
            for j in 0..<y.count { cur[j + 1] = min(prev[j + 1] + 1, cur[j] + 1, prev[j] + (x[i] == y[j] ? 0 : 1)) }
            prev = cur
        }
        return prev[y.count]
    }

    @Test("the banded distance agrees with the full table within its limit")
    func banded() {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("abcAB-1")
        for _ in 0..<3_000 {
            let a = String((0..<Int.random(in: 0...9, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let b = String((0..<Int.random(in: 0...9, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            let full = Self.fullDistance(a, b)
            for limit in [0, 1, 2, 3, 20] {
                let d = Suggest.distance(a, b, limit: limit)
                #expect(full <= limit ? d == full : d == limit + 1, "\(a) \(b) \(limit)")
            }
            #expect(Suggest.distance(a, b) == full)
        }
    }

    @Test("the index gives the answer of a plain scan")
    func indexAgrees() {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("abcdAB-1")
        for _ in 0..<300 {
            let candidates = (0..<Int.random(in: 0...30, using: &g)).map { _ in
                String((0..<Int.random(in: 1...10, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            }
            let index = SuggestIndex { candidates }
            for _ in 0..<20 {
                let w = String((0..<Int.random(in: 1...11, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
                #expect(index.closest(to: w) == Self.plainClosest(w, candidates), "\(w) in \(candidates)")
            }
        }
    }

    /// `Suggest.closest` as it was: every candidate, the full distance.
    static func plainClosest(_ word: String, _ candidates: [String]) -> String? {
        let lower = word.lowercased()
        let limit = max(1, min(3, lower.count / 3))
        var best: (String, Int)?
        for c in Set(candidates) where c != word {
            let d = fullDistance(lower, c.lowercased())
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    @Test("two 1 MB values and 20,000 wrong references against 5,000 codes: bounded")
    func hostile() {
        let start = Date()
        let big = String(repeating: "a", count: 1 << 20)
        #expect(Suggest.closest(to: big + "b", in: [big + "c"]) == nil)
        #expect(Suggest.distance(big + "b", big + "c", limit: 3) == 1)
        let index = SuggestIndex { (0..<5_000).map { "UNIT-\(10_000 + $0)" } }
        for i in 0..<20_000 { _ = index.closest(to: "TINU-\(30_000 + i)") }
        #expect(index.closest(to: "UNIT-1000") == "UNIT-10000")
        #expect(Date().timeIntervalSince(start) < 30)
    }
}

/// Suggestions for misspelt keys and codes ("did you mean").
///
/// Bounded whatever the input (docs/limits.md): a word or candidate longer than
/// ``maxWordLength`` scalars gets no suggestion, the distance is computed only in a band of width
/// 2 x limit + 1 (at most 3 edits), and a set of candidates asked many times is indexed once
/// (``SuggestIndex``), so 20,000 wrong references against 5,000 codes take well under a second.
public enum Suggest {
    /// The longest word (in Unicode scalars) a suggestion is looked for, or offered: codes, keys
    /// and ids are far shorter; a longer value is not a typo of one.
    static let maxWordLength = 64

    /// Levenshtein distance on Unicode scalars, stopping early past `limit`.
    static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
        let x = Array(a.unicodeScalars)
        let y = Array(b.unicodeScalars)
        return distance(x, y, limit: limit)
    }

    /// The distance in a band around the diagonal: cells farther than `limit` from it cannot be
    /// within `limit`, so the work is (length) x (2 x limit + 1), not length squared.
    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], limit: Int) -> Int {
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        // No distance exceeds the longer length: a larger limit changes nothing (and `.max + 1`
        // would overflow).
        let limit = min(limit, max(x.count, y.count))
        let band = limit
        let big = limit + 1
        var prev = [Int](repeating: big, count: y.count + 1)
        var cur = prev
        for j in 0...min(y.count, band) { prev[j] = j }
        for i in 1...x.count {
            let lo = max(1, i - band)
            let hi = min(y.count, i + band)
            if lo > hi { return big }
            cur[lo - 1] = lo == 1 && i <= band ? i : big
            var rowMin = cur[lo - 1]
            for j in lo...hi {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = prev[j - 1] + cost
                if prev[j] + 1 < v { v = prev[j] + 1 }
                if cur[j - 1] + 1 < v { v = cur[j - 1] + 1 }
                if v > big { v = big }
                cur[j] = v
                if v < rowMin { rowMin = v }
            }
            if hi < y.count { cur[hi + 1] = big }
            if rowMin > limit { return big }
            swap(&prev, &cur)
        }
        return min(prev[y.count], big)
    }

    /// How far a word may be from a candidate to be suggested: a third of its length, 1 to 3.
    static func limit(_ lower: String) -> Int { max(1, min(3, lower.count / 3)) }

    /// The closest candidate, if it is close enough to be a likely typo. For one question; a set
    /// of candidates asked many times is a ``SuggestIndex``.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        guard word.unicodeScalars.count <= maxWordLength else { return nil }
        let lower = word.lowercased()
        let x = Array(lower.unicodeScalars)
        let limit = limit(lower)
        var best: (String, Int)?
        for c in candidates {
            if c == word || c.unicodeScalars.count > maxWordLength + limit { continue }
            let d = distance(x, Array(c.lowercased().unicodeScalars), limit: best.map { min(limit, $0.1) } ?? limit)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) {
                best = (c, d)
            }
        }
        return best?.0
    }
}

/// Candidates indexed once for many "did you mean" questions (unit codes for every unknown unit
/// reference): the answer is ``Suggest/closest(to:in:)``'s. Exact (case-insensitive) matches and
/// one-edit typos are found through hash tables (each candidate's one-deletion variants); only
/// when neither gives an answer are the candidates of a near length compared in the band, and
/// each distinct word is answered once.
final class SuggestIndex {
    private let source: () -> [String]
    private var built = false
    /// Candidates, sorted (ties go to the smaller), lowercased as scalars.
    private var names: [String] = []
    private var lowered: [[Unicode.Scalar]] = []
    private var byLower: [String: [Int]] = [:]
    /// A candidate's lowercase form with one scalar deleted -> candidates.
    private var byDeletion: [String: [Int]] = [:]
    private var byLength: [Int: [Int]] = [:]
    /// Which scalars (hashed to 64 bits) each candidate holds: a scalar of one that the other
    /// lacks costs an edit, so a pair differing in more than `limit` of them is skipped unseen.
    private var masks: [UInt64] = []
    private var answers: [String: String?] = [:]
    /// Work left for comparing candidates one by one (one unit per candidate looked at, one per
    /// distance cell). Spent, questions are answered from the hash tables only (distance 0 or 1):
    /// a hostile agency cannot make suggestions quadratic.
    private(set) var budget = SuggestIndex.workBudget
    static let workBudget = 20_000_000

    static func mask(_ s: [Unicode.Scalar]) -> UInt64 {
        var m: UInt64 = 0
        for c in s { m |= 1 << UInt64(c.value &* 2_654_435_761 >> 26 & 63) }
        return m
    }

    /// `candidates` is read on the first question (none asked: no index built).
    init(_ candidates: @escaping () -> [String]) {
        source = candidates
    }

    private func build() {
        built = true
        names = source().filter { $0.unicodeScalars.count <= Suggest.maxWordLength + 3 }.sorted()
        lowered.reserveCapacity(names.count)
        for (i, n) in names.enumerated() {
            let l = Array(n.lowercased().unicodeScalars)
            lowered.append(l)
            masks.append(SuggestIndex.mask(l))
            byLower[String(String.UnicodeScalarView(l)), default: []].append(i)
            byLength[l.count, default: []].append(i)
            for k in l.indices {
                var v = l
                v.remove(at: k)
                byDeletion[String(String.UnicodeScalarView(v)), default: []].append(i)
            }
        }
    }

    func closest(to word: String) -> String? {
        if let a = answers[word] { return a }
        let a = answer(word)
        answers[word] = a
        return a
    }

    private func answer(_ word: String) -> String? {
        guard word.unicodeScalars.count <= Suggest.maxWordLength else { return nil }
        if !built { build() }
        let lower = word.lowercased()
        let x = Array(lower.unicodeScalars)
        let limit = Suggest.limit(lower)
        // Distance 0: the same word in another case. Candidate indices are in name order.
        if let i = byLower[lower]?.first(where: { names[$0] != word }) { return names[i] }
        // Distance 1: a candidate one deletion from the word, the word one deletion from it, or
        // both one deletion from the same text (a substitution).
        var ones: [Int] = byDeletion[lower] ?? []
        for k in x.indices {
            var v = x
            v.remove(at: k)
            let key = String(String.UnicodeScalarView(v))
            ones += byLower[key] ?? []
            ones += byDeletion[key] ?? []
        }
        if let i = ones.sorted().first(where: { names[$0] != word && Suggest.distance(x, lowered[$0], limit: 1) <= 1 })
        {
            return names[i]
        }
        guard limit >= 2, budget > 0 else { return nil }
        let xm = SuggestIndex.mask(x)
        // Nothing is within 1 (the tables said so): the first candidate (in name order) at 2 is
        // the answer, so each length's list stops at its first one, or past a better one found.
        var best: (i: Int, d: Int)?
        for len in max(0, x.count - limit)...(x.count + limit) {
            for i in byLength[len] ?? [] where names[i] != word {
                if let b = best, b.d == 2, i > b.i { break }
                budget -= 1
                let cap = best.map { $0.i < i ? $0.d - 1 : $0.d } ?? limit
                if cap < 2 { continue }
                let m = masks[i]
                if max((xm & ~m).nonzeroBitCount, (m & ~xm).nonzeroBitCount) > cap { continue }
                budget -= (len + 1) * (2 * cap + 1)
                let d = Suggest.distance(x, lowered[i], limit: cap)
                if d <= cap { best = (i, d) }
                if d == 2 { break }
            }
            if budget <= 0 { break }
        }
        return best.map { names[$0.i] }
    }
}

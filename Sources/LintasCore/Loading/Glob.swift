import Foundation

/// Minimal glob matching: `*` (within a path segment), `**` (across segments; a `/` right after it
/// is optional), `?` (one character but `/`).
///
/// The pattern is compiled into a short list of steps and matched by a set-of-states simulation
/// (no recursion, no backtracking): time is at most (steps + 1) x (path length + 1), memory one
/// flag per step, whatever the pattern. Stars after `**` add no step (`***` is `**`). Patterns are
/// bounded by ``maxPatternBytes`` where they are read (the config's `ignore`).
enum Glob {
    /// The longest `ignore` pattern accepted (docs/limits.md); longer is a config error.
    static let maxPatternBytes = 1024
    /// The most `ignore` patterns accepted (each file is matched against each).
    static let maxPatterns = 256

    enum Step: Equatable {
        case byte(UInt8)
        /// `?`: any one byte but `/`.
        case one
        /// `*`: any run of bytes without `/`.
        case star
        /// `**`: any run of bytes.
        case globstar
    }

    static func compile(_ pattern: String) -> [Step] {
        let p = Array(pattern.utf8)
        var steps: [Step] = []
        var i = 0
        while i < p.count {
            let b = p[i]
            if b == UInt8(ascii: "*") {
                // Read in pairs, as the matcher always has: `**` (and a `/` right after it is
                // optional: `**/x` matches `x`), else `*`. After `**` another star adds nothing.
                let double = i + 1 < p.count && p[i + 1] == UInt8(ascii: "*")
                i += double ? 2 : 1
                if double && i < p.count && p[i] == UInt8(ascii: "/") { i += 1 }
                if steps.last != .globstar { steps.append(double ? .globstar : .star) }
            } else {
                steps.append(b == UInt8(ascii: "?") ? .one : .byte(b))
                i += 1
            }
        }
        return steps
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        matches(compile(pattern), path)
    }

    /// The meaning of a pattern, as the matcher was before issue 20 (recursive, memoised,
    /// quadratic in memory): the reference the tests and the `config` fuzz target compare
    /// ``matches(_:_:)`` with, on short inputs only.
    static func reference(_ pattern: String, _ path: String) -> Bool {
        let p = Array(pattern.utf8)
        let s = Array(path.utf8)
        var memo = [Int: Bool]()
        func m(_ i: Int, _ j: Int) -> Bool {
            let key = i * (s.count + 1) + j
            if let v = memo[key] { return v }
            var r = false
            if i == p.count {
                r = j == s.count
            } else if p[i] == UInt8(ascii: "*") {
                if i + 1 < p.count && p[i + 1] == UInt8(ascii: "*") {
                    var ni = i + 2
                    if ni < p.count && p[ni] == UInt8(ascii: "/") { ni += 1 }
                    r = (j...s.count).contains { m(ni, $0) }
                } else {
                    var k = j
                    while true {
                        if m(i + 1, k) {
                            r = true
                            break
                        }
                        if k == s.count || s[k] == UInt8(ascii: "/") { break }
                        k += 1
                    }
                }
            } else if j < s.count && (p[i] == UInt8(ascii: "?") ? s[j] != UInt8(ascii: "/") : p[i] == s[j]) {
                r = m(i + 1, j + 1)
            }
            memo[key] = r
            return r
        }
        return m(0, 0)
    }

    static func matches(_ steps: [Step], _ path: String) -> Bool {
        let n = steps.count
        let slash = UInt8(ascii: "/")
        // The states (how many steps have matched the path read so far) still alive, each once
        // (`seen` holds the byte position that added it): the work per byte is the live states,
        // at most n + 1.
        var active: [Int] = []
        var next: [Int] = []
        var seen = [Int](repeating: -1, count: n + 1)
        /// Adds state `i` and, since stars match the empty run, the states after the stars at it.
        func add(_ i: Int, _ position: Int, _ list: inout [Int]) {
            var i = i
            while seen[i] != position {
                seen[i] = position
                list.append(i)
                guard i < n else { return }
                switch steps[i] {
                case .star, .globstar: i += 1
                default: return
                }
            }
        }
        add(0, 0, &active)
        var position = 0
        for c in path.utf8 {
            position += 1
            next.removeAll(keepingCapacity: true)
            for i in active where i < n {
                switch steps[i] {
                case .byte(let b): if b == c { add(i + 1, position, &next) }
                case .one: if c != slash { add(i + 1, position, &next) }
                case .star: if c != slash { add(i, position, &next) }
                case .globstar: add(i, position, &next)
                }
            }
            if next.isEmpty { return false }
            swap(&active, &next)
        }
        return active.contains(n)
    }
}

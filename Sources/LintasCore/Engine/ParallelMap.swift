import Foundation

/// Maps over items on up to `jobs` threads, keeping the input order.
enum ParallelMap {
    final class Box<T>: @unchecked Sendable {
        var items: [T?]
        let lock = NSLock()
        init(count: Int) { items = Array(repeating: nil, count: count) }
    }

    static func map<T: Sendable, U: Sendable>(_ input: [T], jobs: Int, _ f: @Sendable (T) -> U) -> [U] {
        if jobs <= 1 || input.count <= 1 { return input.map(f) }
        let box = Box<U>(count: input.count)
        let next = Box<Int>(count: 1)
        next.items[0] = 0
        let workers = min(jobs, input.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                next.lock.lock()
                let i = next.items[0]!
                next.items[0] = i + 1
                next.lock.unlock()
                if i >= input.count { return }
                let r = f(input[i])
                box.lock.lock()
                box.items[i] = r
                box.lock.unlock()
            }
        }
        return box.items.map { $0! }
    }
}

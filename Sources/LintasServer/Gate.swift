/// A bounded number of holders at once, with a short queue behind them: enter at once while a place
/// is free, else wait (up to `maxWaiting` waiters, each for at most the given time), else refused.
actor Gate {
    let limit: Int
    let maxWaiting: Int
    private(set) var active = 0
    private var waiters: [(id: Int, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID = 0

    init(limit: Int, maxWaiting: Int) {
        self.limit = max(1, limit)
        self.maxWaiting = max(0, maxWaiting)
    }

    /// Enters now or not at all.
    func tryEnter() -> Bool {
        guard active < limit else { return false }
        active += 1
        return true
    }

    /// Enters now, or after waiting in the queue for at most `wait`; false when refused.
    func enter(wait: Duration) async -> Bool {
        if active < limit {
            active += 1
            return true
        }
        guard waiters.count < maxWaiting else { return false }
        nextID += 1
        let id = nextID
        return await withCheckedContinuation { c in
            waiters.append((id, c))
            Task {
                try? await Task.sleep(for: wait)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        guard let i = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: i).continuation.resume(returning: false)
    }

    /// Leaves: the place goes to the first waiter, if any.
    func leave() {
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: true)
        } else {
            active -= 1
        }
    }

    var waiting: Int { waiters.count }
}

import Foundation
import LintasCore

/// The parent's side of a check: starts `lintas-serve worker` in the private directory and kills
/// it at the time limit.
enum WorkerProcess {
    enum Outcome: Sendable {
        case exited(Int32)
        case timedOut
        case couldNotStart
    }

    /// Resumed once, by whichever comes first: the worker's exit or its failure to start.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Outcome, Never>?
        init(_ c: CheckedContinuation<Outcome, Never>) { continuation = c }
        func resume(_ o: Outcome) {
            lock.lock()
            let c = continuation
            continuation = nil
            lock.unlock()
            c?.resume(returning: o)
        }
    }

    static func arguments(_ r: Worker.Request) -> [String] {
        var a = [
            "worker", "--kind", r.kind.rawValue, "--name", r.name, "--lang", r.language.rawValue, "--as-of",
            r.asOf.description,
        ]
        if let packs = r.packs {
            a.append("--packs-chosen")
            for p in packs { a += ["--pack", p] }
        }
        if r.bundle { a.append("--bundle") }
        a += [
            "--max-entries", String(r.limits.maxEntries), "--max-entry-bytes", String(r.limits.maxEntryBytes),
            "--max-total-bytes", String(r.limits.maxTotalBytes), "--max-cells", String(r.limits.maxCells),
        ]
        return a
    }

    /// Starts the worker (``ChildProcess``, not Foundation's `Process`), kills it with SIGKILL at
    /// `timeout`, and answers once it is reaped (its files closed).
    static func run(_ request: Worker.Request, binary: String, directory: String, timeout: Duration) async -> Outcome {
        // Nothing of the parent's environment but what the runtime needs.
        var env: [String: String] = ["TMPDIR": directory]
        for k in ["PATH", "LANG", "LC_ALL"] { if let v = ProcessInfo.processInfo.environment[k] { env[k] = v } }
        let child: ReapableChild
        do {
            let null = try ChildProcess.open("/dev/null", O_RDWR)
            defer { close(null) }
            child = ReapableChild(
                pid: try ChildProcess.spawn(
                    binary, arguments(request), cwd: directory, environment: env, streams: (null, null, null)))
        } catch {
            return .couldNotStart
        }
        return await withCheckedContinuation { c in
            let once = Once(c)
            // waitid blocks: a thread of its own, not one of the concurrency pool's.
            Thread {
                let exit = child.wait()
                once.resume(child.wasKilled ? .timedOut : .exited(exit.status))
            }.start()
            Task {
                try? await Task.sleep(for: timeout)
                child.send(SIGKILL)  // a no-op once the worker is reaped
            }
        }
    }
}

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

    /// Set once by whichever comes first: the worker's exit or the time limit.
    final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Outcome, Never>?
        private var killed = false
        init(_ c: CheckedContinuation<Outcome, Never>) { continuation = c }
        func markKilled() {
            lock.lock()
            killed = true
            lock.unlock()
        }
        var wasKilled: Bool {
            lock.lock()
            defer { lock.unlock() }
            return killed
        }
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

    static func run(_ request: Worker.Request, binary: String, directory: String, timeout: Duration) async -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = arguments(request)
        p.currentDirectoryURL = URL(fileURLWithPath: directory)
        // Nothing of the parent's environment but what the runtime needs.
        var env: [String: String] = ["TMPDIR": directory]
        for k in ["PATH", "LANG", "LC_ALL"] { if let v = ProcessInfo.processInfo.environment[k] { env[k] = v } }
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        return await withCheckedContinuation { c in
            let once = Once(c)
            p.terminationHandler = { proc in once.resume(once.wasKilled ? .timedOut : .exited(proc.terminationStatus)) }
            do {
                try p.run()
            } catch {
                once.resume(.couldNotStart)
                return
            }
            let pid = p.processIdentifier
            Task {
                try? await Task.sleep(for: timeout)
                // The termination handler answers once the process is gone (and its files closed).
                if p.isRunning {
                    once.markKilled()
                    kill(pid, SIGKILL)
                }
            }
        }
    }
}

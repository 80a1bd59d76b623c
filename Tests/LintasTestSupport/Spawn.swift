import Foundation
import LintasServer

#if canImport(Glibc)
    import Glibc
#endif

/// Child processes for the tests: started by LintasServer's ``ChildProcess`` (posix_spawn, not
/// Foundation's `Process`, whose Linux implementation corrupted the test process's heap now and
/// then), their output read here, reaped by the thread that started them.
public enum Spawn {
    /// Where a child's standard output or error goes.
    public enum Sink: Sendable {
        /// Read by the caller (``Output/stdout``, ``Output/stderr``, or ``Child``'s descriptors).
        case capture
        /// `/dev/null`.
        case discard
        /// A file, created or truncated.
        case file(String)
    }

    /// What a finished run left.
    public struct Output: Sendable {
        /// The exit code; for a child killed by a signal, the signal's number (as `Process` did).
        public var status: Int32
        /// Whether a signal ended the child.
        public var signaled: Bool
        public var stdout: Data
        public var stderr: Data
        /// Whether the run outlived `killAfter` and was killed.
        public var killed: Bool
        /// The child's peak resident memory, in KiB (`wait4`'s ru_maxrss). Linux carries the old
        /// image's high-water mark into the new one at exec, so this is at least this process's own
        /// peak when the child started: see ``Spawn/peakWithin(_:parentPeakKB:_:)``.
        public var peakResidentKB: Int
        /// This process's own peak resident memory (VmHWM) once the child had ended, in KiB.
        public var parentPeakKB: Int = 0

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A started child. Its captured streams are read through ``stdout`` and ``stderr`` (-1 when
    /// not captured); ``wait()`` reaps it once.
    public final class Child: @unchecked Sendable {
        private let process: ReapableChild
        public var pid: pid_t { process.pid }
        public private(set) var stdout: Int32
        public private(set) var stderr: Int32
        private var stdin: Int32

        init(pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
            process = ReapableChild(pid: pid)
            self.stdin = stdin
            self.stdout = stdout
            self.stderr = stderr
        }

        /// Sends `signal` unless the child was already reaped (so never to a reused process id).
        public func send(_ signal: Int32) { process.send(signal) }

        /// Waits for the child to end (once; later calls give the same answer): its exit status and
        /// its own peak resident memory.
        @discardableResult public func wait() -> ChildProcess.Exit { process.wait() }

        /// Everything the child writes to its standard output, until it closes it.
        public func readStdout() -> Data { Spawn.readAll(&stdout) }

        /// Everything the child writes to its standard error, until it closes it.
        public func readStderr() -> Data { Spawn.readAll(&stderr) }

        /// The child's standard output up to and including the first line break (or its end).
        public func readStdoutLine() -> Data {
            var line = Data()
            var byte: UInt8 = 0
            while stdout >= 0 {
                let n = read(stdout, &byte, 1)
                if n == 1 {
                    line.append(byte)
                    if byte == 0x0A { break }
                } else if n == 0 || errno != EINTR {
                    break
                }
            }
            return line
        }

        /// Feeds `input` to the child's standard input (on this thread) and closes it.
        func feed(_ input: Data) {
            guard stdin >= 0 else { return }
            input.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(stdin, raw.baseAddress! + offset, raw.count - offset)
                    if n > 0 {
                        offset += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        break  // the child closed its end
                    }
                }
            }
            close(stdin)
            stdin = -1
        }

        deinit {
            for fd in [stdin, stdout, stderr] where fd >= 0 { close(fd) }
            // A child nobody waited for is not left running or as a zombie.
            process.send(SIGKILL)
            process.wait()
        }
    }

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments`.
    /// `environment` nil: this process's. `input` nil: standard input is `/dev/null`; else a pipe
    /// the caller feeds (``run(_:_:cwd:environment:input:stdout:stderr:killAfter:)`` does).
    public static func start(
        _ executable: String, _ arguments: [String], cwd: String? = nil, environment: [String: String]? = nil,
        input: Bool = false, stdout: Sink = .capture, stderr: Sink = .capture
    ) throws -> Child {
        _ = ignoreBrokenPipes
        // The parent's ends of the pipes; the child's ends are closed once it is started.
        var parentEnds: [Int32] = [-1, -1, -1]
        var childEnds: [Int32] = []
        defer { for fd in childEnds { close(fd) } }
        do {
            if input {
                let p = try ChildProcess.pipe()
                parentEnds[0] = p.write
                childEnds.append(p.read)
            } else {
                childEnds.append(try ChildProcess.open("/dev/null", O_RDONLY))
            }
            for (index, sink) in [(1, stdout), (2, stderr)] {
                switch sink {
                case .capture:
                    let p = try ChildProcess.pipe()
                    parentEnds[index] = p.read
                    childEnds.append(p.write)
                case .discard:
                    childEnds.append(try ChildProcess.open("/dev/null", O_WRONLY))
                case .file(let path):
                    childEnds.append(try ChildProcess.open(path, O_WRONLY | O_CREAT | O_TRUNC))
                }
            }
            let pid = try ChildProcess.spawn(
                executable, arguments, cwd: cwd, environment: environment ?? ProcessInfo.processInfo.environment,
                streams: (childEnds[0], childEnds[1], childEnds[2]))
            return Child(pid: pid, stdin: parentEnds[0], stdout: parentEnds[1], stderr: parentEnds[2])
        } catch {
            for fd in parentEnds where fd >= 0 { close(fd) }
            throw error
        }
    }

    /// Runs `executable` to its end: `input` fed to its standard input, its captured output and
    /// error read at the same time (a child writing much to both never blocks), killed with
    /// SIGKILL after `killAfter` seconds.
    public static func run(
        _ executable: String, _ arguments: [String], cwd: String? = nil, environment: [String: String]? = nil,
        input: Data? = nil, stdout: Sink = .capture, stderr: Sink = .capture, killAfter: Double? = nil
    ) throws -> Output {
        let child = try start(
            executable, arguments, cwd: cwd, environment: environment, input: input != nil, stdout: stdout,
            stderr: stderr)
        if let input {
            // Fed from its own thread, so that neither side waits for the other.
            let feeder = Thread { child.feed(input) }
            feeder.start()
        }
        var out = Data()
        var err = Data()
        var killed = false
        let deadline = killAfter.map { Date().addingTimeInterval($0) }
        var open = [child.stdout, child.stderr]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while open.contains(where: { $0 >= 0 }) {
            var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var timeout: Int32 = -1
            if let deadline, !killed {
                timeout = Int32(max(0, min(Double(Int32.max), deadline.timeIntervalSinceNow * 1000)))
            }
            let ready = poll(&polls, nfds_t(polls.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 {
                // The time is up: kill it (not reaped yet, so the PID is still its own).
                killed = true
                child.send(SIGKILL)
                continue
            }
            for (slot, p) in polls.enumerated() where p.fd >= 0 && p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    if slot == 0 {
                        out.append(contentsOf: buffer[0..<n])
                    } else {
                        err.append(contentsOf: buffer[0..<n])
                    }
                } else if n == 0 || errno != EINTR {
                    open[slot] = -1
                }
            }
        }
        let exit = child.wait()
        return Output(
            status: exit.status, signaled: exit.signaled, stdout: out, stderr: err, killed: killed,
            peakResidentKB: exit.peakResidentKB, parentPeakKB: ownPeakKB())
    }

    /// This process's peak resident memory (VmHWM of /proc/self/status), in KiB; 0 when unknown.
    public static func ownPeakKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Whether a child's own peak memory is known to be under `limitKB`. A peak under the limit
    /// proves it. A peak at or over it is the child's own when it is above what this process had
    /// reached by the child's end (the most the child can have carried over), and then fails;
    /// otherwise this process itself had passed the limit (the heap-checked run's quarantine, many
    /// tests at once) and the child's own peak cannot be told from ru_maxrss: not counted as a
    /// failure, and `scripts/test.sh`'s serial run, whose process stays under the limit, decides.
    public static func peakWithin(_ peakKB: Int, parentPeakKB: Int, _ limitKB: Int) -> Bool {
        peakKB > 0 && (peakKB < limitKB || peakKB <= parentPeakKB)
    }

    /// A child that stops reading its input makes a write fail (EPIPE), not the test process die.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Reads `fd` to its end and closes it.
    static func readAll(_ fd: inout Int32) -> Data {
        guard fd >= 0 else { return Data() }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                data.append(contentsOf: buffer[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        close(fd)
        fd = -1
        return data
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starting and reaping child processes with `posix_spawn` and `waitid`/`waitpid`, without
/// Foundation's `Process`.
///
/// On Linux, `Process` hands every child to one shared run-loop thread that publishes
/// `isRunning` before `processIdentifier` and reads and writes the process's weak `runLoop` from
/// two threads without a lock. With many children at once (the test suite's parallel run) the
/// process using it died now and then of a corrupted heap; a server must not. Here every
/// descriptor made is close-on-exec, a child gets only its three standard streams (closefrom), an
/// empty signal mask and default signal actions, and it is reaped by whoever waits for it.
public enum ChildProcess {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// How a child ended: its exit code, or (`signaled`) the number of the signal that ended it;
    /// and its own peak resident memory.
    public struct Exit: Sendable, Equatable {
        public var status: Int32
        public var signaled: Bool
        /// The child's largest resident set, in KiB (`wait4`'s `ru_maxrss`: this child alone, not
        /// every child the process has waited for).
        public var peakResidentKB: Int = 0
    }

    /// Starts `executable` (a path, or a name looked up in `PATH`) with `arguments` and
    /// `environment`, in `cwd`, with `streams` as its standard input, output and error (the
    /// caller closes its copies). Returns its process id.
    public static func spawn(
        _ executable: String, _ arguments: [String], cwd: String?, environment: [String: String],
        streams: (input: Int32, output: Int32, error: Int32)
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_adddup2(&actions, streams.input, 0)
        posix_spawn_file_actions_adddup2(&actions, streams.output, 1)
        posix_spawn_file_actions_adddup2(&actions, streams.error, 2)
        if let cwd {
            guard let addchdir = GlibcExtensions.addchdir, addchdir(&actions, cwd) == 0 else {
                throw failure("cannot start \(executable): no chdir action (glibc 2.29 or later is needed)")
            }
        }
        // Nothing but the three standard streams reaches the child.
        if let closefrom = GlibcExtensions.addclosefrom { _ = closefrom(&actions, 3) }
        // No signal blocked, every signal at its default action (the parent may block or ignore some).
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigemptyset(&all)
        for s in 1..<32 where s != SIGKILL && s != SIGSTOP { sigaddset(&all, Int32(s)) }
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp =
            environment.filter { !$0.key.isEmpty && !$0.key.contains("=") }.map { strdup("\($0.key)=\($0.value)") }
            + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let result =
            executable.contains("/")
            ? posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            : posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw failure("cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// A pipe whose two ends are close-on-exec.
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard let pipe2 = GlibcExtensions.pipe2, pipe2(&fds, O_CLOEXEC) == 0 else {
            throw failure("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        return (fds[0], fds[1])
    }

    /// `path` opened close-on-exec (created 0644 with `O_CREAT`).
    public static func open(_ path: String, _ flags: Int32) throws -> Int32 {
        let fd = Glibc.open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("cannot open \(path): \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Blocks until `pid` has ended, leaving it unreaped (so its id cannot be reused yet).
    public static func waitUntilEnded(_ pid: pid_t) {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
    }

    /// Reaps `pid` (waiting for it if it is still running): how it ended.
    public static func reap(_ pid: pid_t) -> Exit {
        var raw: Int32 = 0
        var usage = rusage()
        while wait4(pid, &raw, 0, &usage) == -1 && errno == EINTR {}
        let signal = raw & 0x7F
        let peak = Int(usage.ru_maxrss)
        return signal == 0
            ? Exit(status: (raw >> 8) & 0xFF, signaled: false, peakResidentKB: peak)
            : Exit(status: signal, signaled: true, peakResidentKB: peak)
    }

    private static func failure(_ text: String) -> Failure { Failure(description: text) }
}

/// A started child that may be killed from another thread: never after it is reaped, so never a
/// process that took over its id.
public final class ReapableChild: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var exit: ChildProcess.Exit?
    private var killed = false

    public init(pid: pid_t) { self.pid = pid }

    /// Sends `signal` unless the child was reaped; whether it was sent.
    @discardableResult public func send(_ signal: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard exit == nil else { return false }
        if signal == SIGKILL { killed = true }
        return kill(pid, signal) == 0
    }

    /// Whether ``send(_:)`` sent SIGKILL before the child was reaped.
    public var wasKilled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return killed
    }

    /// Waits for the child to end and reaps it (once; later calls give the same answer).
    @discardableResult public func wait() -> ChildProcess.Exit {
        ChildProcess.waitUntilEnded(pid)
        lock.lock()
        defer { lock.unlock() }
        if let exit { return exit }
        let e = ChildProcess.reap(pid)
        exit = e
        return e
    }
}

/// glibc's functions its Swift module does not show: pipe2, and the spawn actions of glibc 2.29
/// (chdir) and 2.34 (closefrom).
private enum GlibcExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) ->
        Int32
    typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    static let pipe2: Pipe2? = symbol("pipe2")
    static let addchdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addclosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let s = dlsym(handle, name) else { return nil }
        return unsafeBitCast(s, to: T.self)
    }
}

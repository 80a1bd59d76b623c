import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built programs (`lintas`, `lintas-serve`), run as a user runs them: the one way the test
/// targets start a binary and collect its exit status and output.
public enum Binary {
    /// The repository root (examples/, rules/, scripts/).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A built program beside the test bundle, else in `.build/debug`.
    public static func path(_ name: String = "lintas") -> String {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return root + "/.build/debug/" + name
    }

    /// What a run left behind.
    public struct Run: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Whether the run outlived `killAfter` and was killed.
        public var killed: Bool
    }

    /// Runs `executable` (the built `lintas` unless given) with `args` in `cwd`, `NO_COLOR=1` and
    /// `env` added to this process's environment. `input` is fed to its standard input (else it
    /// inherits none); after `killAfter` seconds a run still going is killed with SIGKILL (a child
    /// of the test process inherits its blocked SIGTERM). Standard output and error are read at
    /// the same time, so a child writing much to both never blocks.
    public static func run(
        _ args: [String], executable: String = path(), cwd: String = root, env: [String: String] = [:],
        input: Data? = nil, killAfter: Double? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in env { environment[key] = value }
        process.environment = environment
        let stdinPipe = input.map { _ in Pipe() }
        if let stdinPipe { process.standardInput = stdinPipe }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let input, let stdinPipe {
            // Fed from another thread so that a large output cannot block the write.
            Thread {
                try? stdinPipe.fileHandleForWriting.write(contentsOf: input)
                try? stdinPipe.fileHandleForWriting.close()
            }.start()
        }
        let killed = Flag()
        if let killAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) {
                if process.isRunning {
                    killed.set()
                    kill(process.processIdentifier, SIGKILL)
                }
            }
        }
        let errorText = Received()
        let errorRead = DispatchSemaphore(value: 0)
        Thread {
            errorText.set(err.fileHandleForReading.readDataToEndOfFile())
            errorRead.signal()
        }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errorText.value, as: UTF8.self), killed: killed.value)
    }

    /// A flag set from another thread.
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var flag = false

        func set() {
            lock.lock()
            flag = true
            lock.unlock()
        }

        var value: Bool {
            lock.lock()
            defer { lock.unlock() }
            return flag
        }
    }

    /// Bytes handed over from another thread.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        func set(_ new: Data) {
            lock.lock()
            data = new
            lock.unlock()
        }

        var value: Data {
            lock.lock()
            defer { lock.unlock() }
            return data
        }
    }
}

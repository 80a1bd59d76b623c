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
        /// The program's peak resident memory, in KiB (see ``Spawn/Output/peakResidentKB``).
        public var peakResidentKB: Int = 0
        /// The test process's own peak once the program had ended, in KiB.
        public var parentPeakKB: Int = 0

        /// Whether the program's own peak is known to be under `limitKB` (``Spawn/peakWithin(_:parentPeakKB:_:)``).
        public func peakWithin(_ limitKB: Int) -> Bool {
            Spawn.peakWithin(peakResidentKB, parentPeakKB: parentPeakKB, limitKB)
        }
    }

    /// Runs `executable` (the built `lintas` unless given) with `args` in `cwd`, `NO_COLOR=1` and
    /// `env` added to this process's environment, through ``Spawn``. `input` is fed to its standard
    /// input (else it reads `/dev/null`); after `killAfter` seconds a run still going is killed with
    /// SIGKILL. Standard output and error are read at the same time, so a child writing much to
    /// both never blocks.
    public static func run(
        _ args: [String], executable: String = path(), cwd: String = root, env: [String: String] = [:],
        input: Data? = nil, killAfter: Double? = nil
    ) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (key, value) in env { environment[key] = value }
        let r = try Spawn.run(
            executable, args, cwd: cwd, environment: environment, input: input, killAfter: killAfter)
        return Run(
            status: r.status, stdout: r.stdoutText, stderr: r.stderrText, killed: r.killed,
            peakResidentKB: r.peakResidentKB, parentPeakKB: r.parentPeakKB)
    }
}

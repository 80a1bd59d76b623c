import Foundation
import Testing

/// Files that are not what they seem, through the binary: a link to /dev/zero, a FIFO, a link to a
/// 2 GiB sparse file. Each run is killed after a generous bound (a regression hangs or eats memory;
/// it must fail the test, not stall the suite), and its peak memory is bounded.
@Suite("lintas binary: special files")
struct SpecialFileCLITests {
    /// Generous bounds: these runs take milliseconds and a few MB; before the fix they ran until
    /// killed and grew past 2 GB.
    static let killAfter = 30.0
    static let maxResidentKB = 1 << 20  // 1 GiB

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var killed: Bool
    }

    /// Runs the binary; kills it after ``killAfter`` seconds.
    static func run(_ args: [String]) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLITests.binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: CLITests.root)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let killed = LockedFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) {
            if p.isRunning {
                killed.set()
                // SIGKILL: a child of the test process inherits its blocked SIGTERM.
                kill(p.processIdentifier, SIGKILL)
            }
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self),
                   killed: killed.value)
    }

    final class LockedFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var flag = false
        func set() { lock.lock(); flag = true; lock.unlock() }
        var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
    }

    /// The largest resident set of any child this test process has waited for, in KB. Every other
    /// child of the suite checks small examples, so a run over the bound is the one that grew.
    static func childrenPeakKB() -> Int {
        var u = rusage()
        #if os(Linux)
        getrusage(RUSAGE_CHILDREN.rawValue, &u)
        #else
        getrusage(RUSAGE_CHILDREN, &u)
        #endif
        return Int(u.ru_maxrss)
    }

    static func agencyDir(_ name: String) throws -> String {
        let d = NSTemporaryDirectory() + "lintas-cli-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLITests.root + "/examples/rules/R001/fail.yaml", toPath: d + "/agency.yaml")
        return d
    }

    @Test("a link to /dev/zero in an agency: Y001 at z.yaml:1:1, exit 1, the other file still checked, bounded")
    func devZero() throws {
        let d = try Self.agencyDir("zero")
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.createSymbolicLink(atPath: d + "/z.yaml", withDestinationPath: "/dev/zero")
        let r = try Self.run(["check", "--lang", "en", d])
        #expect(!r.killed, "killed after \(Self.killAfter) s")
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("z.yaml:1:1: error[Y001]: not a regular file but a character device"), "\(r.stdout)")
        #expect(r.stdout.contains("agency.yaml:89:19: error[R001]"), "\(r.stdout)")
        #expect(Self.childrenPeakKB() < Self.maxResidentKB, "peak \(Self.childrenPeakKB()) KB")
    }

    @Test("a FIFO named a.yaml, in a directory or named directly: Y001, exit 1, never blocks")
    func fifo() throws {
        let d = try Self.agencyDir("fifo")
        defer { try? FileManager.default.removeItem(atPath: d) }
        #expect(mkfifo(d + "/a.yaml", 0o644) == 0)
        for target in [d, d + "/a.yaml"] {
            let r = try Self.run(["check", "--lang", "en", "--format", "json", target])
            #expect(!r.killed, "killed after \(Self.killAfter) s")
            #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
            let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            let findings = ((doc?["agencies"] as? [[String: Any]]) ?? []).flatMap { ($0["findings"] as? [[String: Any]]) ?? [] }
            let y001 = findings.filter { $0["rule"] as? String == "Y001" }
            #expect(y001.count == 1 && (y001.first?["file"] as? String)?.hasSuffix("/a.yaml") == true, "\(findings)")
            #expect((y001.first?["message"] as? String)?.contains("FIFO (named pipe)") == true, "\(y001)")
            #expect(y001.first?["line"] as? Int == 1 && y001.first?["column"] as? Int == 1)
            if target == d { #expect(findings.contains { $0["rule"] as? String == "R001" }, "\(findings)") }
        }
    }

    @Test("a link to a 2 GiB sparse file: Y005 at 1:1 without reading it, bounded")
    func hugeLink() throws {
        let d = try Self.agencyDir("huge")
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.createDirectory(atPath: d + "/data", withIntermediateDirectories: false)
        #expect(FileManager.default.createFile(atPath: d + "/data/big.bin", contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: d + "/data/big.bin"))
        try h.truncate(atOffset: 2 << 30)
        try h.close()
        try FileManager.default.createSymbolicLink(atPath: d + "/huge.yaml", withDestinationPath: "data/big.bin")
        let r = try Self.run(["check", "--lang", "en", d])
        #expect(!r.killed, "killed after \(Self.killAfter) s")
        #expect(r.status == 1)
        #expect(r.stdout.contains("huge.yaml:1:1: error[Y005]: file is 2147483648 bytes, over the safe limit of 268435456 bytes"), "\(r.stdout)")
        #expect(r.stdout.contains("error[R001]"))
        #expect(Self.childrenPeakKB() < Self.maxResidentKB, "peak \(Self.childrenPeakKB()) KB")
    }

    @Test("--jobs below 1, written as a negative number, says it must be at least 1 (exit 2)")
    func negativeJobs() throws {
        for args in [["--jobs", "-1"], ["--jobs=-1"], ["--jobs", "0"]] {
            let r = try Self.run(["check"] + args + ["examples/rules/R001/pass.yaml"])
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("--jobs must be at least 1"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("Missing value"), "\(args): \(r.stderr)")
        }
        #expect(try Self.run(["check", "--jobs", "1", "examples/rules/R001/pass.yaml"]).status == 0)
    }
}

import Foundation
import LintasTestSupport
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

    @Test(
        "a child's peak: under the limit passes; over it and over the test process's own peak fails; within the test process's peak cannot be told"
    )
    func peakWithin() {
        #expect(Spawn.peakWithin(30_000, parentPeakKB: 200_000, Self.maxResidentKB))
        #expect(!Spawn.peakWithin(2_000_000, parentPeakKB: 200_000, Self.maxResidentKB))
        #expect(!Spawn.peakWithin(1_300_000, parentPeakKB: 1_200_000, Self.maxResidentKB))
        #expect(Spawn.peakWithin(1_200_000, parentPeakKB: 1_250_000, Self.maxResidentKB))
        #expect(!Spawn.peakWithin(0, parentPeakKB: 0, Self.maxResidentKB), "no measurement is no proof")
        // This process's own peak is read from /proc/self/status.
        #expect(Spawn.ownPeakKB() > 1_000)
    }

    /// Runs the binary; kills it after ``killAfter`` seconds.
    static func run(_ args: [String], killAfter: Double = killAfter) throws -> Binary.Run {
        try Binary.run(args, killAfter: killAfter)
    }

    static func agencyDir(_ name: String) throws -> String {
        let d = NSTemporaryDirectory() + "lintas-cli-\(name)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/rules/R001/fail.yaml", toPath: d + "/agency.yaml")
        return d
    }

    @Test("a directory holding no YAML file is not a silent pass: S007 at the directory, exit 1")
    func noYAML() throws {
        let d = NSTemporaryDirectory() + "lintas-cli-empty-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d + "/x/y", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try Self.run(["check", "--lang", "en", d])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\(d):1:1: error[S007]: no YAML file to check in the directory"), "\(r.stdout)")
        // A batch with an empty agency directory: said (info), the run stays green.
        let batch = NSTemporaryDirectory() + "lintas-cli-empty-batch-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: batch + "/kosong", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: batch) }
        try FileManager.default.copyItem(
            atPath: CLITests.root + "/examples/agencies/kementerian-contoh", toPath: batch + "/kementerian")
        let b = try Self.run(["check", "--lang", "en", "--as-of", "2024-06-30", batch])
        #expect(b.status == 0, "\(b.stdout)\(b.stderr)")
        #expect(
            b.stdout.contains(
                "\(batch)/kosong:1:1: info[Y006]: \"\(batch)/kosong\" is a directory of the batch that holds no YAML file"
            ), "\(b.stdout)")
        let strict = try Self.run(["check", "--lang", "en", "--as-of", "2024-06-30", "--fail-on", "info", batch])
        #expect(strict.status == 1)
    }

    /// A directory under /proc/1 this process cannot list even as root (in a container,
    /// `map_files` and `fdinfo` of another namespace's init), or nil where every one can be.
    static let unlistableProc: String? = ["/proc/1/map_files", "/proc/1/fdinfo"].first {
        opendir($0).map {
            closedir($0)
            return false
        } ?? true
    }

    @Test(
        "walking into a directory the system refuses (/proc/1): Y001 at it, exit 1, not exit 2",
        .enabled(if: unlistableProc != nil, "every directory under /proc/1 can be listed here"))
    func unlistableDirectory() throws {
        let dir = try #require(Self.unlistableProc)
        let r = try Self.run(["check", "--lang", "en", "/proc/1"])
        #expect(!r.killed)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\(dir):1:1: error[Y001]: the directory cannot be read: "), "\(r.stdout)")
        // Indonesian output says why in Indonesian, not in the system's English.
        let id = try Self.run(["check", "/proc/1"])
        #expect(
            id.stdout.contains("\(dir):1:1: galat[Y001]: direktori tidak dapat dibaca: izin ditolak; "), "\(id.stdout)")
        #expect(!id.stdout.contains("Permission denied"), "\(id.stdout)")
    }

    /// A file under /proc/1 that `stat` and `access` accept but `open` refuses with EACCES (another
    /// namespace's init, even as root), or nil where it opens.
    static let unopenableProc: String? = ["/proc/1/environ", "/proc/1/auxv"].first { path in
        let fd = open(path, O_RDONLY)
        if fd >= 0 {
            close(fd)
            return false
        }
        return errno == EACCES
    }

    @Test(
        "Y001 for a file the system refuses: the errno in Indonesian by default, the system's words in English",
        .enabled(if: unopenableProc != nil, "every file under /proc/1 opens here"))
    func errnoWords() throws {
        let file = try #require(Self.unopenableProc)
        let id = try Self.run(["check", file])
        #expect(id.status == 1, "\(id.stdout)\(id.stderr)")
        #expect(
            id.stdout.contains("\(file):1:1: galat[Y001]: berkas tidak dapat dibaca: izin ditolak ("), "\(id.stdout)")
        let en = try Self.run(["check", "--lang", "en", file])
        #expect(
            en.stdout.contains("\(file):1:1: error[Y001]: the file cannot be read: Permission denied ("), "\(en.stdout)"
        )
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
        #expect(r.peakWithin(Self.maxResidentKB), "peak \(r.peakResidentKB) KiB, test process \(r.parentPeakKB) KiB")
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
            let findings = ((doc?["agencies"] as? [[String: Any]]) ?? []).flatMap {
                ($0["findings"] as? [[String: Any]]) ?? []
            }
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
        #expect(
            r.stdout.contains(
                "huge.yaml:1:1: error[Y005]: file is 2147483648 bytes, over the safe limit of 268435456 bytes"),
            "\(r.stdout)")
        #expect(r.stdout.contains("error[R001]"))
        #expect(r.peakWithin(Self.maxResidentKB), "peak \(r.peakResidentKB) KiB, test process \(r.parentPeakKB) KiB")
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

import Foundation
import Testing

@testable import LintasCore

/// Issue 20 item 3: a report's temporary file is created exclusively, never through a link.
@Suite("safe writes")
struct SafeWriteTests {
    static func tempDir() throws -> String {
        let d = NSTemporaryDirectory() + "lintas-safewrite-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test("a link planted at the old temporary name (.FILE.lintas-PID.tmp) is not written through")
    func plantedTemporary() throws {
        let d = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try "victim\n".write(toFile: d + "/victim", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: d + "/.r.json.lintas-\(getpid()).tmp", withDestinationPath: d + "/victim")
        let out = try ReportOutput(atomicallyWriting: d + "/r.json")
        out.write("report\n")
        try out.finish()
        #expect(try String(contentsOfFile: d + "/victim", encoding: .utf8) == "victim\n")
        var s = stat()
        #expect(lstat(d + "/r.json", &s) == 0 && s.st_mode & S_IFMT == S_IFREG)
        #expect(try String(contentsOfFile: d + "/r.json", encoding: .utf8) == "report\n")
        try SafeWrite.write(Array("whole\n".utf8), to: d + "/r.json")
        #expect(try String(contentsOfFile: d + "/r.json", encoding: .utf8) == "whole\n")
        #expect(try String(contentsOfFile: d + "/victim", encoding: .utf8) == "victim\n")
    }

    @Test("an abandoned output leaves the old file and no temporary")
    func abandoned() throws {
        let d = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try "old\n".write(toFile: d + "/r.json", atomically: true, encoding: .utf8)
        let out = try ReportOutput(atomicallyWriting: d + "/r.json")
        out.write("half")
        out.abandon()
        #expect(try String(contentsOfFile: d + "/r.json", encoding: .utf8) == "old\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: d) == ["r.json"])
    }
}

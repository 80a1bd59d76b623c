import Foundation
import Testing

@testable import LintasCore

/// Standard input in the library: bounded reading, the size limit, the name findings carry.
@Suite("standard input")
struct StandardInputTests {
    @Test("reading a stream stops one byte past the limit, however much the writer has")
    func boundedRead() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let payload = [UInt8](repeating: 0x61, count: 4096)
        let written = payload.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        #expect(written == 4096)
        close(fds[1])
        defer { close(fds[0]) }
        let got = try #require(AgencyLoader.readBytes(fd: fds[0], limit: 100))
        #expect(got.count == 101)
        // The rest stays unread in the pipe.
        var rest = [UInt8](repeating: 0, count: 8192)
        let left = rest.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
        #expect(left == 4096 - 101)
    }

    @Test("input over the limit is one Y005 under the given name; at the limit it is checked")
    func limit() throws {
        let text = try #require(FileManager.default.contents(atPath: TestSupport.path("examples/rules/K001/pass.yaml")))
        var options = LintOptions(today: TestSupport.today)
        options.limits.maxFileBytes = text.count - 1
        let over = try Linter(catalog: TestSupport.catalog(), options: options).run(
            standardInput: [UInt8](text) + [0x0A], name: "dinas/x.yaml")
        #expect(over.allFindings.map(\.rule) == ["Y005"])
        #expect(over.allFindings.first?.location.file == "dinas/x.yaml")
        #expect(
            over.allFindings.first?.message.en.contains("standard input is more than \(text.count - 1) bytes") == true)
        options.limits.maxFileBytes = text.count
        let at = try Linter(catalog: TestSupport.catalog(), options: options).run(
            standardInput: [UInt8](text), name: "dinas/x.yaml")
        #expect(at.allFindings.isEmpty, "\(at.allFindings.map(\.rule))")
        #expect(at.agencies.map(\.name) == ["dinas/x.yaml"])
        #expect(at.agencies.first?.files == ["dinas/x.yaml"])
    }
}

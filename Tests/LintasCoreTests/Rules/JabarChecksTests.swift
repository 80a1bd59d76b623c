import Foundation
import Testing

@testable import LintasCore

@Suite("J001")
struct JabarChecksTests {
    /// The J001 failing example with the team's jenis_pekerjaan set to `value` (nil: removed).
    func findings(jenisPekerjaan value: String?) throws -> [String] {
        let base = try #require(FileManager.default.contents(atPath: TestSupport.path("examples/rules/J001/pass.yaml")))
        var text = String(decoding: base, as: UTF8.self)
        let line = try #require(text.split(separator: "\n").first { $0.contains("jenis_pekerjaan:") })
        let indent = line.prefix { $0 == " " }
        text = text.replacingOccurrences(of: String(line), with: value.map { "\(indent)jenis_pekerjaan: \($0)" } ?? "")
        let s = Scratch()
        s.write("agency.yaml", text)
        let r = try s.lint { $0.extraPacks = ["pergub-jabar-181-2021"] }
        return r.allFindings.filter(\.isOpen).map(\.rule).sorted()
    }

    @Test("a missing jenis_pekerjaan is J001; an invalid one is S004 only")
    func missingVersusInvalid() throws {
        #expect(try findings(jenisPekerjaan: nil).contains("J001"))
        let invalid = try findings(jenisPekerjaan: "teknis")
        #expect(invalid.contains("S004"))
        #expect(!invalid.contains("J001"))
        #expect(try findings(jenisPekerjaan: "pengembangan") == [])
    }
}

import Foundation
import Testing

/// `--output` (repeatable), `--write-baseline` / `--baseline` and `--statistics` through the binary.
@Suite("lintas binary: outputs and baseline")
struct OutputOptionsTests {
    static func tempDir() -> String {
        let d = NSTemporaryDirectory() + "lintas-cli-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test("one run writes several formats")
    func severalOutputs() throws {
        let d = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let r = try CLITests.run([
            "check", "--format", "json", "--output", "sarif:\(d)/out.sarif", "--output", "junit:\(d)/out.xml",
            "--output", "gitlab:\(d)/cq.json", "examples/review/jabar-diskominfo-draf",
        ])
        #expect(r.status == 1)
        let sarif = try #require(FileManager.default.contents(atPath: "\(d)/out.sarif"))
        let doc = try JSONSerialization.jsonObject(with: sarif) as? [String: Any]
        #expect(doc?["version"] as? String == "2.1.0")
        let results = ((doc?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 6)
        let xml = String(decoding: try #require(FileManager.default.contents(atPath: "\(d)/out.xml")), as: UTF8.self)
        #expect(xml.contains("<testsuite"))
        let cq =
            try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: "\(d)/cq.json")))
            as? [[String: Any]]
        #expect(cq?.count == 6)
        // stdout carries the --format output.
        #expect(
            (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["tool"] as? String
                == "lintas")
    }

    @Test("a baseline written today makes the same findings pass tomorrow")
    func baselineRoundTrip() throws {
        let d = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let first = try CLITests.run([
            "check", "--write-baseline", "\(d)/baseline.json", "examples/review/jabar-diskominfo-draf",
        ])
        #expect(first.status == 1)
        let second = try CLITests.run([
            "check", "--baseline", "\(d)/baseline.json", "examples/review/jabar-diskominfo-draf",
        ])
        #expect(second.status == 0, "\(second.stdout)")
        #expect(second.stdout.contains("6 di baseline"))
        let missing = try CLITests.run([
            "check", "--baseline", "\(d)/none.json", "examples/review/jabar-diskominfo-draf",
        ])
        #expect(missing.status == 2)
        // A hand-edited baseline with a mistake: exit 2 at file:line:col saying what is wrong.
        try
            "{\"version\": 1, \"entries\": [\n  {\"rule\": \"T004\", \"file\": \"x\", \"entity\": \"e\", \"count\": \"2\"}\n]}\n"
            .write(toFile: "\(d)/bad.json", atomically: true, encoding: .utf8)
        let bad = try CLITests.run(["check", "--baseline", "\(d)/bad.json", "examples/review/jabar-diskominfo-draf"])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.contains(
                "\(d)/bad.json:2:57: invalid baseline: \"count\" of entry 1 must be a whole number, found a string"),
            "\(bad.stderr)")
    }

    @Test("--statistics counts per rule")
    func statistics() throws {
        let r = try CLITests.run(["check", "--statistics", "examples/review/jabar-diskominfo-draf"])
        #expect(r.status == 1)
        for code in ["T004", "T001", "M011", "M012", "M014", "D002"] { #expect(r.stdout.contains(code)) }
        #expect(!r.stdout.contains("^"))
    }

    @Test("--max-per-rule shortens a flood in text, and JSON keeps every finding (streamed past 64 KiB)")
    func maxPerRule() throws {
        let d = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        // The flood of issue 10: one systematic mistake, four findings per employee.
        let file = "\(d)/flood.yaml"
        try ("pegawai:\n" + String(repeating: "  - {nip: '1', nama: a}\n", count: 300)).write(
            toFile: file, atomically: true, encoding: .utf8)
        let text = try CLITests.run(["check", "--max-per-rule", "5", file])
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        for code in ["S002", "N001", "R001"] {
            #expect(lines.filter { $0.contains("galat[\(code)]") }.count == 5, "\(code)")
        }
        #expect(lines.contains("+ 595 lagi S002"))
        #expect(lines.contains("+ 295 lagi N001"))
        #expect(lines.contains("+ 294 lagi R001"))
        #expect(lines.last?.hasPrefix("Ringkasan: 1200 galat") == true)
        let en = try CLITests.run(["check", "--lang", "en", "--max-per-rule", "0", file])
        #expect(en.stdout.contains("+ 600 more S002\n"))
        let json = try CLITests.run([
            "check", "--format", "json", "--max-per-rule", "1", "--output", "text:\(d)/out.txt", file,
        ])
        #expect(json.stdout.utf8.count > 1 << 16)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = ((doc["agencies"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
        #expect(findings.count == 1200)
        let written = String(
            decoding: try #require(FileManager.default.contents(atPath: "\(d)/out.txt")), as: UTF8.self)
        #expect(written.contains("+ 599 lagi S002"), "--output text follows the option too")
        #expect(try CLITests.run(["check", "--max-per-rule", "-1", file]).status == 2)
    }

    @Test("a bad --output is exit 2")
    func badOutput() throws {
        #expect(try CLITests.run(["check", "--output", "pdf:x.pdf", "examples/agencies"]).status == 2)
        #expect(
            try CLITests.run(["check", "--output", "sarif:/nonexistent-dir/x.sarif", "examples/agencies"]).status == 2)
    }
}

import Foundation
import LintasTestSupport
import Testing

/// The batch comparison through the binary: the text table, csv read back by Python's csv module,
/// `--sort`, and the JSON figures.
@Suite("lintas binary: batch comparison")
struct BatchComparisonTests {
    static func run(_ args: [String]) throws -> CLITests.Result { try CLITests.run(args) }

    static let batch = ["check", "--as-of", "2024-06-30", "examples/agencies", "examples/review/jabar-diskominfo-draf"]

    @Test("text: one comparison row per agency after the findings")
    func text() throws {
        let r = try Self.run(Self.batch + ["--lang", "en"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex(of: "Agency comparison:"))
        #expect(lines[at + 1].contains("Agency") && lines[at + 1].contains("Employees with a role"))
        #expect(lines[at + 2].hasPrefix("  examples/agencies/jabar-diskominfo ") && lines[at + 2].contains("on time"))
        #expect(
            lines[at + 4].hasPrefix("  examples/review/jabar-diskominfo-draf ")
                && lines[at + 4].contains("late by 197 days")
                && lines[at + 4].contains("32/33 (97%)") && lines[at + 4].contains("1/7 (14%)"))
    }

    @Test("csv: Python's csv module reads a header and one row per agency")
    func csv() throws {
        let r = try Self.run(Self.batch + ["--format", "csv", "--sort", "-errors"])
        let py = """
            import csv, io, sys
            rows = list(csv.reader(io.StringIO(sys.stdin.read(), newline='')))
            print(len(rows) - 1, rows[0][0], rows[1][0], rows[1][1], rows[1][4])
            """
        let parsed = try Spawn.run("/usr/bin/env", ["python3", "-c", py], input: Data(r.stdout.utf8))
        let out = parsed.stdoutText
        #expect(parsed.status == 0)
        #expect(out == "3 agency examples/review/jabar-diskominfo-draf 3 terlambat 197 hari\n")
    }

    @Test("--sort: unknown column is exit 2 with a suggestion; -COLUMN sorts descending")
    func sort() throws {
        let bad = try Self.run(Self.batch + ["--sort", "-erors"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown column '-erors'") && bad.stderr.contains("did you mean 'errors'"))
        let asc = try Self.run(Self.batch + ["--format", "csv", "--sort", "roles"])
        let names = asc.stdout.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }
        #expect(names.first == "examples/review/jabar-diskominfo-draf")
        let desc = try Self.run(Self.batch + ["--format", "csv", "--sort=-agency"])
        #expect(
            desc.stdout.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) }.first
                == "examples/review/jabar-diskominfo-draf")
    }

    @Test("json: each agency carries its figures")
    func json() throws {
        let r = try Self.run(Self.batch + ["--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let agencies = try #require(doc["agencies"] as? [[String: Any]])
        #expect(agencies.count == 3)
        let draft = try #require(agencies.last?["figures"] as? [String: Any])
        let pasal25 = try #require(draft["pasal25"] as? [String: Any])
        #expect(pasal25["status"] as? String == "late" && pasal25["lateDays"] as? Int == 197)
        let roles = try #require(draft["employeesWithRole"] as? [String: Any])
        #expect(roles["n"] as? Int == 32 && roles["of"] as? Int == 33 && roles["text"] as? String == "32/33 (97%)")
        #expect(draft["scopeMismatchTeams"] as? [String] == ["TK-DISKOMINFO-01"])
    }

    @Test("an agency with an unreadable or unparsable file: its model figures are marked incomplete")
    func incomplete() throws {
        let batch = OutputOptionsTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: batch) }
        let fm = FileManager.default
        try fm.copyItem(atPath: CLITests.root + "/examples/agencies/jabar-diskominfo", toPath: batch + "/a-utuh")
        try fm.copyItem(atPath: CLITests.root + "/examples/agencies/jabar-diskominfo", toPath: batch + "/b-rusak")
        try "tim_kerja: [\n  - kode: X\n".write(
            toFile: batch + "/b-rusak/rusak.yaml", atomically: true, encoding: .utf8)
        try Data([0x61, 0x3a, 0x20, 0xff, 0x0a]).write(to: URL(fileURLWithPath: batch + "/b-rusak/latin1.yaml"))
        let args = ["check", "--as-of", "2024-06-30", batch]

        let text = try Self.run(args)
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let at = try #require(lines.firstIndex(of: "Perbandingan instansi:"))
        let whole = try #require(lines[(at + 1)...].first { $0.contains("/a-utuh") })
        let broken = try #require(lines[(at + 1)...].first { $0.contains("/b-rusak") })
        #expect(whole.contains("tepat waktu") && !whole.contains("tidak lengkap"))
        #expect(broken.contains("tepat waktu (tidak lengkap)") && broken.contains("7/7 (100%) (tidak lengkap)"))
        let en = try Self.run(args + ["--lang", "en"])
        #expect(en.stdout.contains("on time (incomplete)"))

        let csv = try Self.run(args + ["--format", "csv"]).stdout.split(separator: "\r\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(csv.first)
        let col = try #require(header.firstIndex(of: "incomplete_files"))
        let pasal = try #require(header.firstIndex(of: "pasal25"))
        #expect(csv[1][col] == "0" && csv[1][pasal] == "tepat waktu")
        #expect(csv[2][col] == "2" && csv[2][pasal] == "tepat waktu (tidak lengkap)")

        let json = try Self.run(args + ["--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let agencies = try #require(doc["agencies"] as? [[String: Any]])
        let good = try #require(agencies.first?["figures"] as? [String: Any])
        let bad = try #require(agencies.last?["figures"] as? [String: Any])
        #expect(good["incomplete"] as? Bool == false && (good["unreadFiles"] as? [String])?.isEmpty == true)
        #expect(bad["incomplete"] as? Bool == true)
        #expect(
            (bad["unreadFiles"] as? [String])?.map { ($0 as NSString).lastPathComponent }.sorted() == [
                "latin1.yaml", "rusak.yaml",
            ])
        #expect((bad["pasal25"] as? [String: Any])?["text"] as? String == "tepat waktu (tidak lengkap)")
    }
}

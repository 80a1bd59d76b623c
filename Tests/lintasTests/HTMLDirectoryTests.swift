import Foundation
import Testing

/// `--output html:DIR/` through the binary (issue 23 §2): an index with the comparison, each row
/// linking to its agency's page; each page the single-agency report with a link back, under the
/// same Content-Security-Policy.
@Suite("lintas binary: HTML directory")
struct HTMLDirectoryTests {
    static func temp() throws -> String {
        let d = NSTemporaryDirectory() + "lintas-htmldir-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static func read(_ p: String) throws -> String { try String(contentsOfFile: p, encoding: .utf8) }

    static func links(_ index: String) -> [String] {
        index.components(separatedBy: "<a href=\"").dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
    }

    static func csp(_ page: String) -> String? {
        page.components(separatedBy: "http-equiv=\"Content-Security-Policy\" content=\"").dropFirst().first?.split(
            separator: "\""
        ).first.map(String.init)
    }

    @Test("index + one page per agency; each page is the agency's own report with a link back; same CSP")
    func directory() throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLITests.run([
            "check", "--as-of", "2024-06-30", "--quiet", "--output", "html:\(dir)/out/", "--output",
            "json:\(dir)/r.json",
            "examples/agencies", "examples/review/jabar-diskominfo-draf",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        let index = try Self.read(dir + "/out/index.html")
        #expect(index.contains("<table class=\"cmp\">"))
        #expect(!index.contains("<section class=\"agency\""), "the index holds no agency section")
        let pages = Self.links(index).filter { $0.hasPrefix("instansi-") }
        #expect(pages.count == 3)
        #expect(Set(pages).count == 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0 != "index.html" }
            .sorted()
        #expect(files == pages.sorted())
        let single = dir + "/one.html"
        let one = try CLITests.run([
            "check", "--as-of", "2024-06-30", "--quiet", "--output", "html:\(single)",
            "examples/agencies/jabar-diskominfo",
        ])
        #expect(one.status == 0, "\(one.stderr)")
        let expected = try Self.read(single)
        for p in pages {
            let page = try Self.read(dir + "/out/" + p)
            #expect(Self.csp(page) == Self.csp(index))
            #expect(page.contains("<a href=\"index.html\">"))
            #expect(Self.count(page, "<section class=\"agency\"") == 1)
            if page.contains("<h2>examples/agencies/jabar-diskominfo</h2>") {
                let withoutNav = page.components(separatedBy: "\n").filter { !$0.hasPrefix("<nav>") }.joined(
                    separator: "\n")
                #expect(withoutNav == expected, "the page is the agency's own single-file report plus the link back")
            }
        }
        #expect(Self.csp(index) == Self.csp(expected))
        // The other output of the run is written as usual.
        #expect(FileManager.default.fileExists(atPath: dir + "/r.json"))
    }

    static func count(_ s: String, _ needle: String) -> Int { s.components(separatedBy: needle).count - 1 }

    @Test("a directory that cannot be made is said before the check, exit 2")
    func unwritable() throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/file", contents: Data())
        let r = try CLITests.run(["check", "--output", "html:\(dir)/file/sub/", "examples/agencies"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("direktori laporan tidak dapat dibuat"), "\(r.stderr)")
    }

    @Test("page names: safe characters, distinct for names that read alike, stable")
    func pageNames() throws {
        let dir = try Self.temp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fixture = try Self.read(CLITests.root + "/examples/rules/M011/fail.yaml")
        for name in ["a b.yaml", "a_b.yaml"] {
            try fixture.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        let r = try CLITests.run(["check", "--output", "html:\(dir)/out/", dir + "/a b.yaml", dir + "/a_b.yaml"])
        #expect(r.status <= 1, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0 != "index.html" }
        #expect(files.count == 2)
        #expect(
            files.allSatisfy {
                $0.hasPrefix("instansi-a_b.yaml-") && $0.hasSuffix(".html") && $0.allSatisfy { $0.isASCII }
            })
        let again = try CLITests.run(["check", "--output", "html:\(dir)/out/", dir + "/a b.yaml", dir + "/a_b.yaml"])
        #expect(again.status <= 1)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir + "/out").filter { $0 != "index.html" }.sorted()
                == files.sorted())
    }
}

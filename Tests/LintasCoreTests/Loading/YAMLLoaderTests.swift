import Testing

@testable import LintasCore

@Suite("YAML loader")
struct YAMLLoaderTests {
    func load(_ text: String) -> LoadedFile {
        YAMLLoader.load(bytes: Array(text.utf8), file: "t.yaml")
    }

    @Test("every node keeps its 1-based line and column")
    func positions() throws {
        let f = load("a:\n  b: [x, 'y']\n  c:\n    - d: 1\n")
        let root = try #require(f.documents.first)
        let b = try #require(root["a"]?["b"])
        #expect(b.range.start == SourcePosition(line: 2, column: 6))
        let y = try #require(b.items?[1])
        #expect(y.range.start == SourcePosition(line: 2, column: 10))
        #expect(y.scalar?.style == .singleQuoted)
        let d = try #require(root["a"]?["c"]?.items?.first?["d"])
        #expect(d.range.start == SourcePosition(line: 4, column: 10))
        #expect(f.diagnostics.isEmpty)
    }

    @Test("a duplicate key is reported at the second key with a note at the first")
    func duplicateKey() throws {
        let f = load("pegawai:\n  nama: A\n  nip: '1'\n  nama: B\n")
        let d = try #require(f.diagnostics.first)
        #expect(d.code == "Y002")
        #expect(d.location.line == 4 && d.location.column == 3)
        #expect(d.notes.first?.location.line == 2)
        // The first value is kept.
        #expect(f.documents.first?["pegawai"]?["nama"]?.scalar?.text == "A")
    }

    @Test("duplicate keys in a large mapping are found in linear time")
    func duplicateKeyLarge() throws {
        var s = ""
        for i in 0..<20_000 { s += "k\(i): \(i)\n" }
        s += "k17: again\n"
        let f = load(s)
        #expect(f.diagnostics.map(\.code) == ["Y002"])
        #expect(f.diagnostics.first?.location.line == 20_001)
        #expect(f.diagnostics.first?.notes.first?.location.line == 18)
    }

    @Test("a syntax error is Y001 at the parser's position")
    func syntaxError() throws {
        let f = load("a: 1\nb: [1, 2\nc: 3\n")
        let d = try #require(f.diagnostics.first)
        #expect(d.code == "Y001")
        #expect(d.location.line >= 2)
        #expect(f.documents.isEmpty)
    }

    @Test("invalid UTF-8 is Y004 at line:col of the bad byte; a BOM is accepted")
    func utf8() throws {
        var bytes = Array("a: 1\nnama: Bandung ".utf8)
        bytes.append(0xE9)
        bytes += Array(" x\n".utf8)
        let f = YAMLLoader.load(bytes: bytes, file: "t.yaml")
        #expect(f.diagnostics.map(\.code) == ["Y004"])
        #expect(f.diagnostics.first?.location.line == 2)
        #expect(f.diagnostics.first?.location.column == 15)
        let bom = YAMLLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), file: "t.yaml")
        #expect(bom.diagnostics.isEmpty)
        #expect(bom.documents.first?["a"]?.scalar?.text == "1")
    }

    @Test("aliases expand, merge keys merge, an alias bomb is Y003")
    func aliases() throws {
        let f = load("base: &b {jenis: fungsional, jenjang: ahli-muda}\nx:\n  <<: *b\n  jenjang: ahli-madya\n")
        #expect(f.diagnostics.isEmpty)
        #expect(f.documents.first?["x"]?["jenis"]?.scalar?.text == "fungsional")
        #expect(f.documents.first?["x"]?["jenjang"]?.scalar?.text == "ahli-madya")
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        var prev = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ", ") + "]\n"
            prev = name
        }
        let b = load(bomb)
        #expect(b.diagnostics.map(\.code) == ["Y003"])
    }

    @Test("deep nesting stops at the limit with Y003")
    func depth() throws {
        let f = load(String(repeating: "[", count: 100_000))
        #expect(f.diagnostics.map(\.code) == ["Y003"])
    }

    @Test("several documents in one stream; empty and comment-only files have none")
    func documents() throws {
        #expect(load("a: 1\n---\nb: 2\n").documents.count == 2)
        #expect(load("").documents.isEmpty)
        #expect(load("# only a comment\n").documents.isEmpty)
    }

    @Test("scalars resolve as the format needs: quoted text stays text")
    func scalars() throws {
        let f = load("a: 2024\nb: '2024'\nc: ~\nd: true\ne: 198001012005011002\n")
        let r = try #require(f.documents.first)
        #expect(r["a"]?.scalar?.int == 2024)
        #expect(r["b"]?.scalar?.int == nil)
        #expect(r["c"]?.isNull == true)
        #expect(r["d"]?.scalar?.bool == true)
        #expect(r["e"]?.scalar?.text == "198001012005011002")
    }
}

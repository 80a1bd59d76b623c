import Testing

@testable import LintasCore

/// S003 names the kind of node it found in the message's own language, and names the document
/// itself when the whole document has the wrong type (it showed `""` and YAML's English words).
@Suite("S003 wording")
struct WrongTypeWordingTests {
    static func s003(_ yaml: String) throws -> [Finding] {
        let rules = try InMemoryCheck.allRules(TestSupport.catalog())
        return InMemoryCheck.run(Array(yaml.utf8), rules: rules, asOf: TestSupport.today).filter { $0.rule == "S003" }
    }

    @Test("a wrong kind of node is named in Indonesian, and in English with --lang en")
    func kinds() throws {
        let found = try Self.s003(
            """
            - a
            - b
            """)
        let f = try #require(found.first)
        #expect(f.message.id == "\"(dokumen)\" harus bertipe peta (mapping), tetapi berisi daftar (list)")
        #expect(f.message.en == "\"(document)\" must be of type mapping, but holds a sequence")
    }

    @Test("fields and keys of the wrong kind: no English kind word in the Indonesian message")
    func fields() throws {
        let found = try Self.s003(
            """
            instansi:
              kode: [1]
              nama: {a: 1}
              jenis: kementerian
            versi: "1"
            ? [a]
            : 1
            """)
        #expect(found.count == 4)
        for f in found {
            // YAML's English words may stand only in parentheses after the Indonesian one, and in
            // the template's own "kunci mapping".
            var bare = f.message.id.replacingOccurrences(of: "kunci mapping", with: "")
            while let open = bare.firstIndex(of: "("), let close = bare[open...].firstIndex(of: ")") {
                bare.removeSubrange(open...close)
            }
            for english in ["sequence", "scalar", "mapping", "string", "quoted", "holds"] {
                #expect(!bare.contains(english), "\(f.message.id)")
            }
        }
        #expect(
            found.map(\.message.id).contains(
                "\"versi\" harus bertipe bilangan bulat, tetapi berisi teks bertanda kutip"))
        #expect(found.map(\.message.en).contains("\"versi\" must be of type integer, but holds a quoted string"))
        #expect(found.map(\.message.id).contains("kunci mapping harus bertipe teks, bukan daftar (list)"))
    }
}

import Foundation
import Testing

@testable import LintasCore

/// The items of the top-level lists are read from a flat tape as their events arrive (no node
/// tree per item); the rest of a document, and every document of the plain API, as a node tree.
/// Both ways must give the same model and the same findings at the same places.
@Suite("Items read from the tape")
struct NodeTapeTests {
    /// The model and the loader's and builder's findings, read item by item (the tape).
    static func streamed(_ yaml: String) -> (agency: String, findings: [String]) {
        let sink = AgencySink(Agency(name: "a", files: ["a.yaml"]))
        var s = sink
        let loaded = YAMLLoader.load(bytes: Array(yaml.utf8), file: "a.yaml", into: &s)
        s.abandonDocument()
        return (String(describing: s.agency), describe(loaded.diagnostics + s.builder.diagnostics))
    }

    /// The same from whole node trees.
    static func whole(_ yaml: String) -> (agency: String, findings: [String]) {
        let loaded = YAMLLoader.load(bytes: Array(yaml.utf8), file: "a.yaml")
        var agency = Agency(name: "a", files: ["a.yaml"])
        var builder = ModelBuilder()
        for d in loaded.documents { builder.add(document: d, file: "a.yaml", to: &agency) }
        return (String(describing: agency), describe(loaded.diagnostics + builder.diagnostics))
    }

    static func describe(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { d in
            let notes = d.notes.map { "\($0.location.line):\($0.location.column)" }
            return "\(d.code) \(d.location.line):\(d.location.column) \(d.path) \(d.args.sorted { $0.key < $1.key })"
                + " \(notes)"
        }.sorted()
    }

    static let cases: [String] = [
        // Duplicate keys inside items, at every depth: reported at the second key, first value kept.
        """
        pegawai:
          - nip: '1'
            nama: A
            nip: '2'
          - {nip: '3', nama: B, nama: C}
        tim_kerja:
          - kode: T1
            penetapan: {nomor: X, nomor: Y, tanggal: 2024-01-02}
            anggota: ['1', '3']
        """,
        // Anchors inside items, aliases and merge keys across items, an alias as a whole item.
        """
        tim_kerja:
          - kode: T1
            periode: &per {mulai: 2024-01-01, selesai: 2024-12-31}
            penetapan: &sk {oleh: '9', tanggal: 2024-01-02, nomor: A}
            anggota: &members ['1', '2']
          - kode: T2
            periode: *per
            penetapan: {<<: *sk, nomor: B}
            anggota: *members
          - kode: T3
            penetapan:
              <<: [*sk, {nomor: C, extra: 1}]
              oleh: '8'
          - &whole {kode: T4, nama: N}
          - *whole
          - kode: T5
            penetapan: {<<: *undefined, nomor: D}
          - kode: T6
            penetapan: {<<: x}
        """,
        // Wrong types, null spellings, non-scalar keys, unknown keys, nesting.
        """
        unit_organisasi:
          - kode: U1
            tingkat: [a]
            ? [complex]
            : key
            nama:
          - just a scalar
          - ~
          - []
        matriks_peran_hasil:
          - unit: U1
            tahun: '2024'
            hasil:
              - kode: H1
                turunan:
                  - {kode: H1.1, uraian: a, kode: H1.2}
                  - kode: H1.2
                    turunan: nope
              - kode: H2
                turunan: ~
        perjanjian_kinerja:
          - unit: U1
            tahun: 2024
            indikator:
              - {kode: I1, target: 80.5}
              - [not, a, map]
        pegawai: not a list
        """,
        // Long and non-ASCII keys (compared by their texts), many keys (the hashed table).
        """
        pegawai:
          - {nip: '1', a_very_long_key_name_indeed_1: x, a_very_long_key_name_indeed_1: y, "é": 1, "é": 2}
          - {k01: 1, k02: 2, k03: 3, k04: 4, k05: 5, k06: 6, k07: 7, k08: 8, k09: 9, k10: 10, k11: 11, k12: 12,
             k13: 13, k14: 14, k15: 15, k16: 16, k17: 17, k18: 18, k05: again, nip: '2'}
        """,
        // Two documents, the second broken: its items contribute nothing.
        """
        pegawai:
          - {nip: '1', nama: A}
        ---
        pegawai:
          - {nip: '2', nama: B}
          - {nip: '3', nama: [
        """,
    ]

    @Test("the tape gives the model and the findings that node trees give", arguments: cases.indices)
    func sameAsTrees(_ i: Int) {
        let yaml = Self.cases[i]
        let tape = Self.streamed(yaml)
        let tree = Self.whole(yaml)
        #expect(tape.findings == tree.findings)
        #expect(tape.agency == tree.agency)
        #expect(!tape.findings.isEmpty)
    }

    @Test("a duplicate key in an item is reported at the second key, the first kept")
    func duplicateInItem() {
        let yaml = "pegawai:\n  - nip: '1'\n    nama: A\n    nama: B\n"
        let sink = AgencySink(Agency(name: "a", files: ["a.yaml"]))
        var s = sink
        let loaded = YAMLLoader.load(bytes: Array(yaml.utf8), file: "a.yaml", into: &s)
        let y002 = loaded.diagnostics.filter { $0.code == "Y002" }
        #expect(y002.count == 1)
        #expect(y002.first?.location.line == 4 && y002.first?.location.column == 5)
        #expect(y002.first?.notes.first?.location.line == 3)
        #expect(s.agency.employees.first?.nama?.value == "A")
    }

    @Test("a merge key inside an item: written keys win, merged ones follow")
    func mergeInItem() {
        let yaml = """
            tim_kerja:
              - kode: T1
                penetapan: &sk {oleh: '9', nomor: A}
              - kode: T2
                penetapan: {nomor: B, <<: *sk}
            """
        let sink = AgencySink(Agency(name: "a", files: ["a.yaml"]))
        var s = sink
        _ = YAMLLoader.load(bytes: Array(yaml.utf8), file: "a.yaml", into: &s)
        let p = s.agency.teams.last?.penetapan
        #expect(p?.nomor?.value == "B")
        #expect(p?.oleh?.value == "9")
        #expect(p?.oleh?.location.line == 3)
    }

    @Test("the tape lays a node tree out and gives it back")
    func roundTrip() {
        let loaded = YAMLLoader.load(bytes: Array("a: [1, {b: c}]\nd: ~\n".utf8), file: "t.yaml")
        let tape = NodeTape(capacity: 2)
        let root = tape.append(loaded.documents[0])
        #expect(tape.count == 9)
        #expect(tape.kind(root) == .mapping && tape.count(root) == 2 && tape.end(root) == 9)
        #expect(String(describing: tape.node(root)) == String(describing: loaded.documents[0]))
        let a = tape.value("a", in: root)!
        #expect(tape.kind(a) == .sequence && Array(tape.items(a)).count == 2)
        #expect(tape.isNull(tape.value("d", in: root)!))
        tape.removeAll()
        #expect(tape.count == 0)
    }
}

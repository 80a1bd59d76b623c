import Foundation
import Testing

@testable import LintasCore

/// The compact location (a shared file name, not a string per location) and list-item paths (a shared prefix, not a
/// string per item) behave as the strings they replace.
@Suite("Compact locations and item paths")
struct CompactModelTests {
    @Test("a location is a plain value: equal, hashed and ordered by its file's name")
    func locations() {
        let a = SourceLocation(file: "b/agency.yaml", line: 3, column: 4)
        let b = SourceLocation(file: "b/agency.yaml", line: 3, column: 4)
        let c = SourceLocation(file: "a/agency.yaml", line: 9, column: 1)
        #expect(MemoryLayout<LintasCore.SourceLocation>.size == 24)
        #expect(a == b && a.hashValue == b.hashValue && a.fileID == b.fileID)
        #expect(a != c && c < a && !(a < c))
        #expect(a.file == "b/agency.yaml")
        var moved = a
        moved.file = "c.yaml"
        #expect(moved.file == "c.yaml" && moved.range == a.range && a.file == "b/agency.yaml")
        // Names made first are not ordered first: the order is the names'.
        let z = SourceLocation(file: "zz-first-registered.yaml", line: 1, column: 1)
        let y = SourceLocation(file: "aa-registered-later.yaml", line: 1, column: 1)
        #expect(y < z)
    }

    @Test("a workbook cell is kept with the file: same file, other sheet is another location")
    func cells() {
        let cell = CellReference(sheet: "pegawai", row: 12, column: 2)
        let l = SourceLocation(file: "agency.xlsx", cell: cell)
        #expect(l.cell == cell && l.line == 12 && l.column == 2 && l.file == "agency.xlsx")
        let other = SourceLocation(file: "agency.xlsx", cell: CellReference(sheet: "tim_kerja", row: 12, column: 2))
        #expect(l != other && l.fileID != other.fileID && other.file == "agency.xlsx")
        #expect(SourceLocation(file: "agency.xlsx", line: 12, column: 2).cell == nil)
        #expect(l.displayed == "agency.xlsx:pegawai!B12")
    }

    @Test("file names are shared safely between threads")
    func concurrentNames() async {
        let names = (0..<200).map { "thread-test/\($0).yaml" }
        await withTaskGroup(of: Bool.self) { group in
            for t in 0..<4 {
                group.addTask {
                    var ok = true
                    for (i, n) in names.enumerated() where (i + t) % 2 == 0 {
                        let l = SourceLocation(file: n, line: i + 1, column: 1)
                        ok = ok && l.file == n && SourceLocation(file: n, line: 1, column: 1).fileID == l.fileID
                    }
                    return ok
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    static func model(_ yaml: String) -> Agency {
        let loaded = YAMLLoader.load(bytes: Array(yaml.utf8), file: "a.yaml")
        var agency = Agency(name: "a", files: ["a.yaml"])
        var builder = ModelBuilder()
        for d in loaded.documents { builder.add(document: d, file: "a.yaml", to: &agency) }
        return agency
    }

    @Test("item paths: by identifier, by index without one, as written when the identifier is a null spelling")
    func itemPaths() {
        let a = Self.model(
            """
            pegawai:
              - {nip: "199001012020011001", nama: A}
              - {nama: B}
              - {nip: ~, nama: C}
              - {nip: '', nama: D}
            tim_kerja:
              - {kode: TK-1, nama: T, anggota: []}
              - {nama: T2, anggota: []}
            matriks_peran_hasil:
              - unit: U1
                tahun: 2024
                hasil:
                  - kode: H1
                    turunan:
                      - {kode: H1.1}
                      - {uraian: x}
            """)
        #expect(
            a.employees.map(\.path) == [
                "pegawai[nip=199001012020011001]", "pegawai[1]", "pegawai[nip=~]", "pegawai[3]",
            ])
        #expect(a.teams.map(\.path) == ["tim_kerja[kode=TK-1]", "tim_kerja[1]"])
        let h1 = a.matrices[0].hasil[0]
        #expect(h1.path == "matriks_peran_hasil[unit=U1,tahun=2024].hasil[kode=H1]")
        #expect(
            h1.turunan.map(\.path) == [
                "matriks_peran_hasil[unit=U1,tahun=2024].hasil[kode=H1].turunan[kode=H1.1]",
                "matriks_peran_hasil[unit=U1,tahun=2024].hasil[kode=H1].turunan[1]",
            ])
        // A path can still be set as text.
        var e = a.employees[0]
        e.path = "elsewhere"
        #expect(e.path == "elsewhere" && a.employees[0].path == "pegawai[nip=199001012020011001]")
    }

    @Test("a list item's path costs no string of its own")
    func compact() {
        #expect(MemoryLayout<ListItemPath>.size <= 12)
        #expect(MemoryLayout<Located<String>>.stride <= 40)
    }
}

import Testing

@testable import LintasCore

/// The workbook's columns are the format's fields (``FormatSchema``), and the exporter fills them
/// by header: a field added to the format is a column, and a value the exporter gives under a
/// wrong name, or forgets, fails here rather than landing under the wrong header.
@Suite("Workbook layout from the format")
struct WorkbookLayoutTests {
    static func sheet(_ section: String) -> WorkbookLayout.SheetSpec? {
        WorkbookLayout.sheets.first { $0.section == section }
    }

    static func headers(_ columns: [WorkbookLayout.Column]?) -> Set<String> {
        Set((columns ?? []).map(\.header))
    }

    @Test("the exporter fills each column of each sheet by its header, and nothing else")
    func exporterFillsEveryColumnByHeader() {
        func headers<Item>(_ cells: [WorkbookExporter.Cell<Item>]) -> Set<String> { Set(cells.map(\.header)) }
        func columns(_ section: String, child: Bool = false) -> Set<String> {
            let sheet = Self.sheet(section)
            return Self.headers(child ? sheet?.childColumns : sheet?.columns)
        }
        #expect(headers(WorkbookExporter.instansiCells) == columns("instansi"))
        #expect(headers(WorkbookExporter.unitCells) == columns("unit_organisasi"))
        #expect(headers(WorkbookExporter.employeeCells) == columns("pegawai"))
        #expect(headers(WorkbookExporter.teamCells) == columns("tim_kerja"))
        #expect(headers(WorkbookExporter.memberCells) == columns("tim_kerja", child: true))
        #expect(headers(WorkbookExporter.agreementCells) == columns("perjanjian_kinerja"))
        #expect(headers(WorkbookExporter.indicatorCells) == columns("perjanjian_kinerja", child: true))
        #expect(headers(WorkbookExporter.matrixCells) == columns("matriks_peran_hasil"))
        #expect(headers(WorkbookExporter.resultCells) == columns("matriks_peran_hasil", child: true))
    }

    @Test("each column has its field's kind, required flag and allowed values")
    func columnsAreTheFormatsFields() throws {
        func column(_ section: String, _ header: String) throws -> WorkbookLayout.Column {
            try #require(Self.sheet(section)?.allColumns.first { $0.header == header })
        }
        // Every field of a section is a column, nested maps flattened; lists are rows.
        #expect(
            Self.sheet("instansi")?.columns.map(\.header)
                == ["versi", "kode", "nama", "jenis"] + FormatSchema.sistemKerja.keys.map { "sistem_kerja." + $0 })
        #expect(Self.sheet("pegawai")?.columns.map(\.header) == FormatSchema.employee.keys)
        #expect(Self.sheet("perjanjian_kinerja")?.childColumns.map(\.key) == FormatSchema.indicator.keys)

        let lingkup = try column("tim_kerja", "lingkup")
        #expect(lingkup.required && lingkup.allowed == Lingkup.allCases.map(\.rawValue))
        #expect(lingkup.aliases == Lingkup.aliases.keys.sorted())
        #expect(try column("unit_organisasi", "mandiri").kind == .bool)
        #expect(try column("unit_organisasi", "pimpinan").kind == .nip)
        #expect(try column("perjanjian_kinerja", "indikator.target").kind == .numberOrText)
        #expect(try column("perjanjian_kinerja", "indikator.target").key == "target")
        // A field of an optional map is never required, whatever the map requires inside it.
        #expect(FormatSchema.sistemKerja.field("ditetapkan")?.required == true)
        #expect(try !column("instansi", "sistem_kerja.ditetapkan").required)
        // A matrix row holds a result of either level: required only what both levels require.
        #expect(FormatSchema.result1.field("indikator")?.required == true)
        #expect(try !column("matriks_peran_hasil", "indikator").required)
        #expect(try column("matriks_peran_hasil", "pelaksana").required)
    }
}

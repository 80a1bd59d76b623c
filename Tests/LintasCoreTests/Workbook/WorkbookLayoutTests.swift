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
    func exporterFillsEveryColumnByHeader() throws {
        let agency = WorkbookExporter.starterAgency()
        let instansi = try #require(agency.instansi.first)
        let unit = try #require(agency.units.first)
        let employee = try #require(agency.employees.first)
        let team = try #require(agency.teams.first)
        let agreement = try #require(agency.agreements.first)
        let indicator = try #require(agreement.indikator.first)
        let matrix = try #require(agency.matrices.first)
        let result = try #require(matrix.hasil.first)
        func keys(_ values: WorkbookExporter.Values) -> Set<String> { Set(values.keys) }

        #expect(keys(WorkbookExporter.instansi(instansi, versi: nil)) == Self.headers(Self.sheet("instansi")?.columns))
        #expect(keys(WorkbookExporter.unit(unit)) == Self.headers(Self.sheet("unit_organisasi")?.columns))
        #expect(keys(WorkbookExporter.employee(employee)) == Self.headers(Self.sheet("pegawai")?.columns))
        #expect(keys(WorkbookExporter.team(team)) == Self.headers(Self.sheet("tim_kerja")?.columns))
        #expect(Self.headers(Self.sheet("tim_kerja")?.childColumns) == ["anggota"])
        #expect(keys(WorkbookExporter.agreement(agreement)) == Self.headers(Self.sheet("perjanjian_kinerja")?.columns))
        #expect(
            keys(WorkbookExporter.indicator(indicator)) == Self.headers(Self.sheet("perjanjian_kinerja")?.childColumns))
        #expect(keys(WorkbookExporter.matrix(matrix)) == Self.headers(Self.sheet("matriks_peran_hasil")?.columns))
        #expect(
            keys(WorkbookExporter.result(result, level: 1))
                == Self.headers(Self.sheet("matriks_peran_hasil")?.childColumns))
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

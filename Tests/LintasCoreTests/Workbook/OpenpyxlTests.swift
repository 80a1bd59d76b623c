import Foundation
import Testing

@testable import LintasCore

/// Interoperability with a real spreadsheet writer and reader: Python's openpyxl (installed by
/// .ci/run; a missing openpyxl fails these tests with how to install it).
@Suite("Workbooks and openpyxl")
struct OpenpyxlTests {
    static let writeScript = """
        import sys, datetime, openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active; ws.title = "instansi"
        ws.append(["versi", "kode", "nama", "jenis", "sistem_kerja.peraturan", "sistem_kerja.ditetapkan"])
        ws.append([1, "DINAS-X", "Dinas X", "pemerintah-kota", "Perwali X Nomor 1 Tahun 2022", datetime.date(2022, 6, 1)])
        u = wb.create_sheet("Unit Organisasi")
        u.append(["Kode", "Nama", "Tingkat", "Pimpinan", "Mandiri"])
        u.append(["DINAS", "Dinas X", "jpt-pratama", "197203152000031002", False])
        u.append(["BID", "Bidang", "administrator", None, None])
        u["E3"] = None
        p = wb.create_sheet("pegawai")
        p.append(["nip", "nama", "jabatan", "jenis_jabatan", "jenjang", "unit"])
        p.append(["197203152000031002", "Kepala", "Kepala Dinas", "jpt", "pratama", "DINAS"])
        p.append([198506102010011004, "Ketua", "Pranata Komputer Ahli Muda", "fungsional", "ahli-muda", "BID"])
        p.append(["199204252019032005", "Anggota", "Pengolah Data", "pelaksana", None, "BID"])
        t = wb.create_sheet("tim_kerja")
        t.append(["kode", "nama", "unit", "lingkup", "ketua", "anggota"])
        t.append(["TK-1", "Tim Satu", "DINAS", "internal-bidang", "198506102010011004", "199204252019032005"])
        t.append([None, None, None, None, None, "197203152000031002"])
        t.merge_cells("A2:A3")
        wb.save(sys.argv[1])
        """

    @Test("a workbook written by openpyxl (shared strings, dates, booleans, merged cells, a NIP as a number) imports")
    func openpyxlWorkbookImports() throws {
        let path = WorkbookSupport.tempDir() + "/openpyxl.xlsx"
        _ = try WorkbookSupport.python(Self.writeScript, args: [path])
        let imported = WorkbookImporter.importWorkbook(try WorkbookInput.read(path))
        let byName = Dictionary(uniqueKeysWithValues: imported.files.map { ($0.name, $0.text) })
        #expect(byName["instansi.yaml"]?.contains("versi: 1\ninstansi:\n  kode: \"DINAS-X\"") == true)
        #expect(byName["instansi.yaml"]?.contains("ditetapkan: 2022-06-01\n") == true)
        #expect(byName["unit_organisasi.yaml"]?.contains("mandiri: false\n") == true)
        #expect(
            byName["tim_kerja.yaml"]?.contains(
                "anggota:\n      # baris 2\n      - \"199204252019032005\"\n      # baris 3\n      - \"197203152000031002\""
            ) == true)
        let report = try WorkbookSupport.check(path)
        let n006 = report.allFindings.filter { $0.rule == "N006" }
        #expect(n006.map { $0.location.cell!.description } == ["pegawai!A3"])
        // "Unit Organisasi" and "Kode" are the same sheet and column as unit_organisasi / kode.
        #expect(!report.allFindings.contains { $0.rule == "Y007" })
    }

    static let readScript = """
        import sys, json, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {}
        for ws in wb.worksheets:
            cells = []
            for row in ws.iter_rows():
                for c in row:
                    v = c.value
                    if v is None: continue
                    if isinstance(v, bool): v = "true" if v else "false"
                    elif isinstance(v, datetime.datetime): v = v.date().isoformat()
                    elif isinstance(v, float) and v.is_integer(): v = str(int(v))
                    else: v = str(v)
                    cells.append("%s%d=%s" % (c.column_letter, c.row, v))
            out[ws.title] = cells
        print(json.dumps(out, sort_keys=True))
        """

    @Test("the lintas template opens in openpyxl with the same cells lintas reads")
    func templateOpensInOpenpyxl() throws {
        let path = WorkbookSupport.tempDir() + "/template.xlsx"
        try XLSXWriter.write(WorkbookExporter.sheets(WorkbookExporter.starterAgency()), to: path)
        let json = try WorkbookSupport.python(Self.readScript, args: [path])
        let theirs = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [String]])
        let book = try WorkbookInput.read(path)
        var ours: [String: [String]] = [:]
        for sheet in book.sheets {
            ours[sheet.name] = sheet.rows.flatMap { $0 }.map {
                "\(CellReference.letters($0.column))\($0.row)=\(WorkbookImporter.display($0.value))"
            }
        }
        #expect(ours == theirs)
        #expect(
            Set(theirs.keys) == [
                "instansi", "unit_organisasi", "pegawai", "tim_kerja", "perjanjian_kinerja", "matriks_peran_hasil",
                "petunjuk",
            ])
        #expect(theirs["pegawai"]?.contains("A2=197203152000031002") == true)
        #expect(theirs["instansi"]?.contains("F2=2022-06-01") == true)
    }
}

import Foundation
import Testing

@testable import LintasCore

@Suite("Workbooks: template, import, check at cells")
struct WorkbookTests {
    static func starterSheets() -> [OutSheet] { WorkbookExporter.sheets(WorkbookExporter.starterAgency()) }

    static func write(_ sheets: [OutSheet], _ name: String = "agency.xlsx") throws -> String {
        let path = WorkbookSupport.tempDir() + "/" + name
        try XLSXWriter.write(sheets, to: path)
        return path
    }

    static func agency(_ path: String) throws -> (ImportedWorkbook, Agency) {
        let imported = WorkbookImporter.importWorkbook(try WorkbookInput.read(path))
        return (imported, WorkbookCheck.load(imported, limits: YAMLLimits()).0)
    }

    @Test("the template imported is exactly the starter agency's model, and checks clean")
    func templateIsStarter() throws {
        let path = try Self.write(Self.starterSheets())
        let (imported, agency) = try Self.agency(path)
        #expect(imported.diagnostics.isEmpty)
        #expect(WorkbookSupport.dump(agency) == WorkbookSupport.dump(WorkbookExporter.starterAgency()))
        let report = try WorkbookSupport.check(path)
        #expect(report.allFindings.map(\.rule) == [])
    }

    @Test("lintas import writes YAML that loads as the same model and is the same on every run")
    func importedYAMLRoundTrips() throws {
        let path = try Self.write(Self.starterSheets())
        let imported = try Self.agency(path).0
        let again = try Self.agency(path).0
        #expect(imported.files.map(\.text) == again.files.map(\.text))
        let dir = WorkbookSupport.tempDir()
        for f in imported.files { try f.text.write(toFile: dir + "/" + f.name, atomically: true, encoding: .utf8) }
        let input = try AgencyDiscovery().discover(dir)
        #expect(input.count == 1)
        let loaded = AgencyLoader.load(input[0])
        #expect(loaded.diagnostics.isEmpty)
        #expect(WorkbookSupport.dump(loaded.agency) == WorkbookSupport.dump(WorkbookExporter.starterAgency()))
        // Comments name the sheet row of every item.
        let pegawai = imported.files.first { $0.name == "pegawai.yaml" }!.text
        #expect(pegawai.contains("# baris 2\n  - nip: \"197203152000031002\""))
    }

    static let exampleAgencies = [
        "examples/agencies/jabar-diskominfo", "examples/agencies/kementerian-contoh",
        "examples/review/jabar-diskominfo-draf",
    ]

    @Test("an example agency exported to a workbook and checked gives the YAML's findings", arguments: exampleAgencies)
    func exportedExampleSameFindings(dir: String) throws {
        let yaml = try TestSupport.lint([dir])
        let input = try AgencyDiscovery().discover(TestSupport.path(dir))
        let loaded = AgencyLoader.load(input[0])
        let out = WorkbookSupport.tempDir()
        try FileManager.default.copyItem(atPath: TestSupport.path(dir + "/.lintas.yml"), toPath: out + "/.lintas.yml")
        try XLSXWriter.write(WorkbookExporter.sheets(loaded.agency), to: out + "/agency.xlsx")
        var options = LintOptions(today: TestSupport.today)
        options.jobs = 1
        let book = try Linter(catalog: TestSupport.catalog(), options: options).run(paths: [out + "/agency.xlsx"])
        func key(_ f: Finding) -> String { "\(f.rule)|\(f.entity)|\(f.message.id)" }
        #expect(book.allFindings.map(key).sorted() == yaml.allFindings.map(key).sorted())
        // Every workbook finding is at a cell of the workbook.
        #expect(book.allFindings.allSatisfy { $0.location.cell != nil && $0.location.file.hasSuffix("agency.xlsx") })
        if dir.hasSuffix("draf") { #expect(book.allFindings.count >= 6) }
    }

    @Test("findings point at the cell: text FILE.xlsx:SHEET!B12, JSON sheet/row/cell, SARIF logical location")
    func findingsAtCells() throws {
        var sheets = Self.starterSheets()
        let p = sheets.firstIndex { $0.name == "pegawai" }!
        sheets[p].rows[1][3] = .text("fungsionall")  // D3: jenis_jabatan
        let t = sheets.firstIndex { $0.name == "tim_kerja" }!
        sheets[t].rows[1][11] = .text("199901012020011999")  // L3: a member who is not an employee
        let path = try Self.write(sheets, "cells.xlsx")
        let report = try WorkbookSupport.check(path)
        let shown = AgencyDiscovery.display(path)
        let s004 = try #require(report.allFindings.first { $0.rule == "S004" })
        #expect(s004.location.cell == CellReference(sheet: "pegawai", row: 3, column: 4))
        let r002 = try #require(report.allFindings.first { $0.rule == "R002" })
        #expect(r002.location.cell?.description == "tim_kerja!L3")
        let text = TextReporter().render(
            report, ReportContext(language: .id, color: false, statistics: false, quiet: false, failOn: .error))
        #expect(text.contains("\(shown):pegawai!D3: galat[S004]"))
        let json = JSONReporter().render(
            report, ReportContext(language: .en, color: false, statistics: false, quiet: false, failOn: .error))
        #expect(
            json.contains("\"sheet\" : \"pegawai\"") && json.contains("\"cell\" : \"D3\"")
                && json.contains("\"row\" : 3"))
        let sarif = SARIFReporter().render(
            report, ReportContext(language: .en, color: false, statistics: false, quiet: false, failOn: .error))
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = ((doc["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        let s004Result = try #require(results.first { $0["ruleId"] as? String == "S004" })
        let loc = try #require((s004Result["locations"] as? [[String: Any]])?.first)
        let logical = (loc["logicalLocations"] as? [[String: Any]]) ?? []
        #expect(logical.first?["fullyQualifiedName"] as? String == "pegawai!D3")
        let physical = loc["physicalLocation"] as? [String: Any]
        #expect(physical?["region"] == nil)
        #expect(((physical?["artifactLocation"] as? [String: Any])?["uri"] as? String)?.hasSuffix("cells.xlsx") == true)
    }

    @Test("a NIP typed as a number is N006 at its cell, never fixed silently")
    func nipAsNumber() throws {
        var sheets = Self.starterSheets()
        let p = sheets.firstIndex { $0.name == "pegawai" }!
        sheets[p].rows[2][0] = .number("1.98506102010011E+17")  // A4: exponent, digits lost
        sheets[p].rows[3][0] = .number("199204252019032005")  // A5: intact, but a number
        sheets[p].rows[4][0] = .number("99509302020121006")  // A6: 17 digits
        let path = try Self.write(sheets, "nip.xlsx")
        let report = try WorkbookSupport.check(path)
        let n006 = report.allFindings.filter { $0.rule == "N006" }
        #expect(n006.map { $0.location.cell!.description }.sorted() == ["pegawai!A4", "pegawai!A5", "pegawai!A6"])
        #expect(n006.first { $0.location.cell?.row == 4 }?.message.en.contains("scientific notation") == true)
        #expect(n006.first { $0.location.cell?.row == 5 }?.severity == .warning)
        #expect(n006.first { $0.location.cell?.row == 6 }?.message.en.contains("17 digits") == true)
        // The value goes into the YAML as written, so N001 still sees the mangled NIP.
        let imported = try Self.agency(path).0
        #expect(imported.files.first { $0.name == "pegawai.yaml" }!.text.contains("nip: \"1.98506102010011E+17\""))
        #expect(report.allFindings.contains { $0.rule == "N001" && $0.location.cell?.description == "pegawai!A4" })
    }

    @Test("layout problems are Y007 at the cell: unknown sheet and column, header-less data, orphan rows and levels")
    func layoutProblems() throws {
        var sheets = Self.starterSheets()
        let p = sheets.firstIndex { $0.name == "pegawai" }!
        sheets[p].name = "pegawaii"
        let u = sheets.firstIndex { $0.name == "unit_organisasi" }!
        sheets[u].columns[1].header = "nama unitt"
        sheets[u].rows[0] += [nil, .text("extra")]  // H2: data with no header
        let m = sheets.firstIndex { $0.name == "matriks_peran_hasil" }!
        sheets[m].rows[0][3] = .number("2")  // D2: level 2 with no level-1 result above
        sheets[m].rows[1][3] = .text("dua")  // D3: not a level
        // D4: level 2 again, still with no level-1 result above (D2 was not one)
        let t = sheets.firstIndex { $0.name == "tim_kerja" }!
        // A member row before any team.
        sheets[t].rows.insert(Array(repeating: nil, count: 11) + [.text("199204252019032005")], at: 0)
        let report = try WorkbookSupport.check(try Self.write(sheets, "layout.xlsx"))
        let y006 = report.allFindings.filter { $0.rule == "Y007" }.map { $0.location.cell!.description }.sorted()
        #expect(
            y006 == [
                "matriks_peran_hasil!D2", "matriks_peran_hasil!D3", "matriks_peran_hasil!D4", "pegawaii!A1",
                "tim_kerja!L2", "unit_organisasi!B1", "unit_organisasi!H2",
            ])
        let sheetFinding = report.allFindings.first { $0.rule == "Y007" && $0.location.cell?.sheet == "pegawaii" }
        #expect(sheetFinding?.message.en.contains("did you mean \"pegawai\"") == true)
        // The missing column makes every unit miss `nama` (S002), at the row's first cell.
        #expect(
            report.allFindings.filter { $0.rule == "S002" && $0.location.cell?.sheet == "unit_organisasi" }.count == 2)
    }

    @Test("a workbook without an instansi sheet is S007; an empty instansi sheet is S007 at its first data row")
    func missingInstansi() throws {
        var sheets = Self.starterSheets()
        sheets.removeAll { $0.name == "instansi" }
        let report = try WorkbookSupport.check(try Self.write(sheets, "noinst.xlsx"))
        #expect(report.allFindings.filter { $0.rule == "S007" }.count == 1)
        var empty = Self.starterSheets()
        let i = empty.firstIndex { $0.name == "instansi" }!
        empty[i].rows = []
        let r2 = try WorkbookSupport.check(try Self.write(empty, "emptyinst.xlsx"))
        #expect(r2.allFindings.first { $0.rule == "S007" }?.location.cell?.description == "instansi!A2")
    }

    @Test("a duplicate value on a continuation row is Y002 at that cell; repeated (filled-down) values are fine")
    func continuationRows() throws {
        var sheets = Self.starterSheets()
        let t = sheets.firstIndex { $0.name == "tim_kerja" }!
        sheets[t].rows[1][0] = .text("TK-01")  // filled down: same team
        sheets[t].rows[1][1] = .text("Tim Layanan Digital Terpadu")
        sheets[t].rows[1][10] = .text("199204252019032005")  // K3: a second, different ketua
        let report = try WorkbookSupport.check(try Self.write(sheets, "cont.xlsx"))
        let y002 = report.allFindings.filter { $0.rule == "Y002" }
        #expect(y002.map { $0.location.cell!.description } == ["tim_kerja!K3"])
        #expect(!report.allFindings.contains { $0.rule == "R001" })
    }
}

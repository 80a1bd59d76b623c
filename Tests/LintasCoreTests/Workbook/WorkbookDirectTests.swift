import Foundation
import Testing

@testable import LintasCore

/// The direct path (cells -> located nodes -> model) and issue 22 §4's reader-side habits.
@Suite("Workbook direct path")
struct WorkbookDirectTests {
    typealias R = WorkbookReaderTests

    static func teams(_ row3: String) -> String {
        R.header(["kode", "nama", "unit", "lingkup", "penetapan.nomor", "penetapan.tanggal", "ketua"])
            + "<row r=\"2\">" + R.inline("A2", "TK-1") + R.inline("B2", "Tim") + R.inline("C2", "U")
            + R.inline("D2", "internal-bidang") + row3 + "</row>"
    }

    @Test("T001 `nomor` missing points at the empty nomor cell, not at the filled date beside it")
    func t001AtEmptyNomor() throws {
        let path = try R.file(R.book([("tim_kerja", Self.teams(R.inline("F2", "2024-01-02")), "")]))
        let report = try WorkbookSupport.check(path)
        let t001 = report.allFindings.filter { $0.rule == "T001" }
        #expect(t001.map { $0.location.cell?.description } == ["tim_kerja!E2"], "\(t001.map(\.location.displayed))")
        // Only the date missing: at the empty date cell.
        let path2 = try R.file(R.book([("tim_kerja", Self.teams(R.inline("E2", "SK-1")), "")]))
        let t2 = try WorkbookSupport.check(path2).allFindings.filter { $0.rule == "T001" }
        #expect(t2.map { $0.location.cell?.description } == ["tim_kerja!F2"], "\(t2.map(\.location.displayed))")
    }

    @Test("the pengaturan sheet is the workbook's .lintas.yml: packs, a rule switched off, read back")
    func settingsSheet() throws {
        let settings =
            R.header(["kunci", "nilai"]) + "<row r=\"2\">" + R.inline("A2", "packs")
            + R.inline("B2", "[permenpanrb-7-2022]") + "</row>"
            + "<row r=\"3\">" + R.inline("A3", "rules.T001") + R.inline("B3", "off") + "</row>"
        let path = try R.file(
            R.book([("tim_kerja", Self.teams(R.inline("F2", "2024-01-02")), ""), ("pengaturan", settings, "")]))
        let text = try #require(WorkbookInput.settings(path))
        #expect(text == "\"packs\": [permenpanrb-7-2022]\nrules:\n  \"T001\": off\n")
        let report = try WorkbookSupport.check(path)
        #expect(!report.allFindings.contains { $0.rule == "T001" })
        #expect(!report.allFindings.contains { $0.rule == "Y007" }, "the settings sheet is no unknown sheet")
        #expect(
            report.agencies.first?.configFile == "book.xlsx#pengaturan"
                || report.agencies.first?.configFile?.hasSuffix("book.xlsx#pengaturan") == true)
    }

    @Test("a workbook found in a folder keeps its pengaturan sheet over the folder's .lintas.yml; --config wins")
    func settingsSheetInBatch() throws {
        let settings =
            R.header(["kunci", "nilai"]) + "<row r=\"2\">" + R.inline("A2", "rules.T001") + R.inline("B2", "off")
            + "</row>"
        let book = try R.file(
            R.book([("tim_kerja", Self.teams(R.inline("F2", "2024-01-02")), ""), ("pengaturan", settings, "")]))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lintas-batch-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/dinas", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: book, toPath: dir + "/dinas/book.xlsx")
        // The folder's own settings switch nothing off: T001 would be reported under them.
        try "packs: [permenpanrb-7-2022]\n".write(toFile: dir + "/.lintas.yml", atomically: true, encoding: .utf8)
        let named = try WorkbookSupport.check(dir + "/dinas/book.xlsx")
        let found = try WorkbookSupport.check(dir)
        #expect(named.agencies.count == 1 && found.agencies.count == 1)
        #expect(!found.allFindings.contains { $0.rule == "T001" }, "\(found.allFindings.map(\.rule))")
        #expect(found.allFindings.map(\.rule) == named.allFindings.map(\.rule))
        #expect(found.agencies.first?.configFile?.hasSuffix("book.xlsx#pengaturan") == true)
        // --config still wins over the sheet, named or found.
        var options = LintOptions(today: TestSupport.today)
        options.jobs = 1
        options.configFile = dir + "/.lintas.yml"
        let forced = try Linter(catalog: TestSupport.catalog(), options: options).run(paths: [dir])
        #expect(forced.allFindings.contains { $0.rule == "T001" })
    }

    @Test("--list-agencies shows a CSV folder as csv whether it is named or found in a folder, an .xlsx as xlsx")
    func listedKinds() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lintas-list-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/batch/csv-book", withIntermediateDirectories: true)
        try "nip,nama\n".write(toFile: dir + "/batch/csv-book/pegawai.csv", atomically: true, encoding: .utf8)
        let book = try R.file(R.book([("tim_kerja", Self.teams(R.inline("F2", "2024-01-02")), "")]))
        try FileManager.default.copyItem(atPath: book, toPath: dir + "/batch/book.xlsx")
        let linter = Linter(catalog: try TestSupport.catalog(), options: LintOptions(today: TestSupport.today))
        func kinds(_ paths: [String]) throws -> [String] {
            try linter.discover(paths: paths).agencies.map { ($0.isDirectory ? "csv " : "xlsx ") + $0.name }.sorted()
        }
        let found = try kinds([dir + "/batch"])
        let named = try kinds([dir + "/batch/csv-book", dir + "/batch/book.xlsx"])
        #expect(found == named, "\(found) \(named)")
        #expect(named.count == 2 && named[0].hasPrefix("csv ") && named[1].hasPrefix("xlsx "), "\(named)")
    }

    @Test(
        "XMLScanner: split anywhere, the same events; CDATA, CR LF, character references; unknown entity and mismatched tags refused"
    )
    func scanner() throws {
        struct Collect: XMLHandler {
            var out = ""
            mutating func start(_ tag: XMLStartTag, empty: Bool) throws {
                out +=
                    "<"
                    + String(decoding: UnsafeRawBufferPointer(rebasing: tag.bytes[0..<tag.nameLength]), as: UTF8.self)
                if let r = try tag.attr("r") { out += " r=" + r }
                out += empty ? "/>" : ">"
            }
            mutating func end(_ name: UnsafeRawBufferPointer) throws {
                out += "</" + String(decoding: name, as: UTF8.self) + ">"
            }
            mutating func text(_ raw: UnsafeRawBufferPointer, cdata: Bool) throws {
                out += cdata ? String(decoding: raw, as: UTF8.self) : try XMLText.decode(raw)
            }
        }
        let doc = Array(
            "<?xml version=\"1.0\"?><!-- c --><x:a r=\"1&amp;2\"><b r='q>'>A&lt;&#x42;&#67;\r\nD</b><![CDATA[<raw&>]]><c/></x:a>"
                .utf8)
        var whole = XMLScanner(handler: Collect())
        try doc.withUnsafeBytes { try whole.feed($0) }
        try whole.finish()
        #expect(whole.handler.out == "<x:a r=1&2><b r=q>>A<BC\nD</b><raw&><c/></x:a>")
        for cut in 1..<doc.count {
            var split = XMLScanner(handler: Collect())
            try doc[..<cut].withUnsafeBytes { try split.feed($0) }
            try doc[cut...].withUnsafeBytes { try split.feed($0) }
            try split.finish()
            #expect(split.handler.out == whole.handler.out, "cut at \(cut)")
        }
        for bad in ["<a>&e;</a>", "<a></b>", "<a>", "<!DOCTYPE a><a/>", "<a/><b/>", "<a>x</a>y"] {
            var s = XMLScanner(handler: Collect())
            #expect(throws: XMLError.self, "\(bad)") {
                try Array(bad.utf8).withUnsafeBytes { try s.feed($0) }
                try s.finish()
                _ = s.handler.out
            }
        }
    }
}

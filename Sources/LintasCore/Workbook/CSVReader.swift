import Foundation
import SwiftCSV

/// Reads a directory of CSV files, one per section (`pegawai.csv`...), as a workbook whose sheets
/// are named after the files. Every field is text; the delimiter (`,`, `;` or tab) is guessed per
/// file, since spreadsheets in Indonesian locales export with `;`.
public enum CSVReader {
    public static func isCSVDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue,
              let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return names.contains { $0.lowercased().hasSuffix(".csv") } && !names.contains { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    }

    public static func read(directory: String, displayed: String, limits: WorkbookLimits = WorkbookLimits()) throws -> Workbook {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
        } catch {
            throw LintasError("cannot read directory / direktori tidak dapat dibaca: \(displayed)")
        }
        var sheets: [Sheet] = []
        var cells = 0
        for name in names {
            let path = AgencyDiscovery.join(directory, name)
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
            if size > limits.maxEntryBytes {
                throw LintasError("\(displayed)/\(name): \(size) bytes, more than the limit of \(limits.maxEntryBytes) / melebihi batas \(limits.maxEntryBytes) bita")
            }
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw LintasError("\(displayed)/\(name): not a regular file / bukan berkas biasa")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LintasError("cannot read / tidak dapat dibaca: \(displayed)/\(name)")
            }
            guard var text = String(data: data, encoding: .utf8) else {
                throw LintasError("\(displayed)/\(name): not UTF-8 text (save the CSV as \"CSV UTF-8\") / bukan teks UTF-8 (simpan sebagai \"CSV UTF-8\")")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let sheetName = String(name.dropLast(4))
            var sheet = Sheet(name: sheetName)
            let delimiter = CSVDelimiter.guessed(string: String(text.prefix(4096)))
            let records: [[String]]
            do {
                let csv = try CSV<Enumerated>(string: text, delimiter: delimiter, loadColumns: false)
                records = (csv.header.isEmpty ? [] : [csv.header]) + csv.rows
            } catch {
                throw LintasError("\(displayed)/\(name): not a valid CSV file (\(error)) / bukan berkas CSV yang benar")
            }
            for (n, fields) in records.enumerated() {
                var row: [Cell] = []
                for (i, f) in fields.enumerated() where !f.isEmpty {
                    row.append(Cell(row: n + 1, column: i + 1, value: .text(f)))
                }
                cells += row.count
                if cells > limits.maxCells {
                    throw LintasError("\(displayed): more than \(limits.maxCells) cells / lebih dari \(limits.maxCells) sel")
                }
                if !row.isEmpty { sheet.rows.append(row) }
            }
            sheets.append(sheet)
        }
        return Workbook(file: displayed, sheets: sheets, isCSV: true)
    }
}

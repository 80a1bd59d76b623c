import Foundation
import LintasTestSupport
import ZIPFoundation

@testable import LintasCore

/// Inputs for the server's tests: the shipped example as a workbook, as zips of its YAML and of
/// its CSV files, multipart bodies, and the built binaries.
enum ServeSupport {
    static let root = Binary.root

    /// A built binary beside the test bundle (`lintas-serve`, `lintas`).
    static func binary(_ name: String) -> String { Binary.path(name) }

    static func tempDir(_ label: String = "serve") -> String {
        let d = NSTemporaryDirectory() + "lintas-\(label)-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    static let reviewAgency = root + "/examples/review/jabar-diskominfo-draf"

    /// The review example as a workbook (what `lintas export` writes).
    static func reviewWorkbook() throws -> [UInt8] {
        let dir = tempDir("wb")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = try AgencyDiscovery().discover(reviewAgency)[0]
        try XLSXWriter.write(WorkbookExporter.sheets(AgencyLoader.load(input).agency), to: dir + "/review.xlsx")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/review.xlsx")))
    }

    /// A zip of `files` (path, bytes) built in memory.
    static func zip(_ files: [(String, [UInt8])], symlinks: [(String, String)] = []) throws -> [UInt8] {
        let dir = tempDir("zip")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let url = URL(fileURLWithPath: dir + "/a.zip")
        let archive = try Archive(url: url, accessMode: .create)
        for (path, bytes) in files {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                Data(bytes[Int(position)..<Int(position) + size])
            }
        }
        for (path, target) in symlinks {
            let t = Array(target.utf8)
            try archive.addEntry(with: path, type: .symlink, uncompressedSize: Int64(t.count)) { position, size in
                Data(t[Int(position)..<Int(position) + size])
            }
        }
        return try [UInt8](Data(contentsOf: url))
    }

    /// Every file of a directory tree, with paths under `prefix`.
    static func tree(_ dir: String, prefix: String) throws -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = []
        let e = FileManager.default.enumerator(atPath: dir)!
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir), isDir.boolValue {
                continue
            }
            out.append((prefix + rel, try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/" + rel)))))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The review example's sheets as CSV files (one per section), as a spreadsheet saves them.
    static func reviewCSVFiles(prefix: String) throws -> [(String, [UInt8])] {
        let input = try AgencyDiscovery().discover(reviewAgency)[0]
        func field(_ s: String) -> String {
            s.contains(",") || s.contains("\"") || s.contains("\n")
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out: [(String, [UInt8])] = []
        for sheet in WorkbookExporter.sheets(AgencyLoader.load(input).agency)
        where !sheet.name.hasPrefix("_") && sheet.name != "petunjuk" {
            var text = sheet.columns.map { field($0.header) }.joined(separator: ",") + "\n"
            for row in sheet.rows {
                text +=
                    row.map { cell -> String in
                        switch cell?.withoutPlace {
                        case .text(let s)?, .number(let s)?: return field(s)
                        case .bool(let b)?: return b ? "true" : "false"
                        case .date(let d)?: return d.description
                        case .located?, nil: return ""
                        }
                    }.joined(separator: ",") + "\n"
            }
            out.append((prefix + sheet.name + ".csv", Array(text.utf8)))
        }
        return out
    }

    static let boundary = "----lintasTestBoundary7MA4YWxkTrZu0gW"

    /// A multipart/form-data body: fields first, then the file (when given).
    static func multipart(fields: [(String, String)] = [], file: (name: String, bytes: [UInt8])?) -> [UInt8] {
        var body: [UInt8] = []
        for (k, v) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
        }
        if let f = file {
            body += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(f.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8)
            body += f.bytes
            body += Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }

    /// The bytes of a `data:...;base64,` link with this download name in a page.
    static func download(_ page: String, named suffix: String) -> [UInt8]? {
        guard
            let a = page.range(
                of: "download=\"[^\"]*\(NSRegularExpression.escapedPattern(for: suffix))\" href=\"data:[^;]*;base64,",
                options: .regularExpression)
        else { return nil }
        let rest = page[a.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return Data(base64Encoded: String(rest[..<end])).map { [UInt8]($0) }
    }
}

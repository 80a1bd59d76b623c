import Foundation
import LintasTestSupport
import ZIPFoundation

@testable import LintasCore

/// Helpers for the workbook tests: temporary files, hand-built archives, model dumps, openpyxl.
enum WorkbookSupport {
    static func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "lintas-wb-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A ZIP archive with these parts, as they are (for hostile workbooks).
    static func zip(_ parts: [(String, Data)], to path: String, method: CompressionMethod = .deflate) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, data) in parts {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method
            ) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
    }

    /// The parts of a lintas workbook of `sheets`, with `replace` swapping some parts' text.
    static func parts(_ sheets: [OutSheet], replace: [String: String] = [:], drop: Set<String> = []) throws -> [(
        String, Data
    )] {
        var notes: [XLSXWriter.Note] = []
        return try XLSXWriter.parts(sheets, notes: &notes).filter { !drop.contains($0.0) }.map {
            ($0.0, Data((replace[$0.0] ?? $0.1).utf8))
        }
    }

    /// A one-sheet workbook with raw sheet XML (`<sheetData>` content) for reader tests.
    static func rawSheet(name: String, sheetData: String, extra: String = "") -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(XLSXWriter.main)\"><sheetData>\(sheetData)</sheetData>\(extra)</worksheet>"
    }

    /// Reads, imports and checks a workbook with the default packs.
    static func check(_ path: String) throws -> LintReport {
        var options = LintOptions(today: TestSupport.today)
        options.jobs = 1
        return try Linter(catalog: TestSupport.catalog(), options: options).run(paths: [path])
    }

    /// The agency model without locations and paths: what the data says, not where.
    static func dump(_ agency: Agency) -> String {
        var out = ""
        let skip: Set<String> = ["location", "keyLocation", "turunanKey", "path", "name", "files"]
        func visit(_ v: Any, _ indent: String) {
            let m = Mirror(reflecting: v)
            switch m.displayStyle {
            case .optional:
                if let c = m.children.first { visit(c.value, indent) } else { out += "nil\n" }
            case .struct, .class:
                out += "\n"
                for c in m.children where !skip.contains(c.label ?? "") {
                    out += indent + (c.label ?? "?") + ": "
                    visit(c.value, indent + "  ")
                }
            case .collection:
                out += "[\(m.children.count)]\n"
                for c in m.children {
                    out += indent + "- "
                    visit(c.value, indent + "  ")
                }
            default:
                out += "\(v)\n"
            }
        }
        visit(agency, "")
        return out
    }

    /// Runs python3 with `script`; openpyxl missing is a failure saying how to install it.
    static func python(_ script: String, args: [String] = []) throws -> String {
        let r = try Spawn.run("/usr/bin/env", ["python3", "-c", script] + args)
        if r.status != 0 {
            throw TestFailure(
                description:
                    "python3 failed (\(r.status)); openpyxl is needed (pip install openpyxl, or apt-get install python3-openpyxl): "
                    + r.stderrText)
        }
        return r.stdoutText
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
    }
}

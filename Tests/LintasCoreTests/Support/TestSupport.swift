import Foundation

@testable import LintasCore

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package root (tests run with the working directory at the package root).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A fixed clock: tests never depend on today's date.
    static let today = CivilDate(year: 2024, month: 6, day: 30)!

    static func catalog() throws -> RuleCatalog { try RuleCatalog.builtIn() }

    /// Runs the linter on paths relative to the package root, as the CLI would from there.
    /// Paths in findings are shown as ``shown(_:)`` gives them (no change of directory: tests run in parallel).
    static func lint(_ paths: [String], configure: (inout LintOptions) -> Void = { _ in }) throws -> LintReport {
        var options = LintOptions(today: today)
        configure(&options)
        return try Linter(catalog: catalog(), options: options).run(paths: paths.map(path))
    }

    /// How a file below the package root appears in findings.
    static func shown(_ relative: String) -> String { AgencyDiscovery.display(path(relative)) }

    /// Expected findings marked in YAML: `# expect: CODE[, CODE]` on the line, or
    /// `# expect-next-line: CODE` on the line above. Returns "file:line:CODE" strings.
    static func expectations(in file: String, displayedAs shown: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for (i, raw) in lines.enumerated() {
            let line = String(raw)
            for (marker, offset) in [("# expect-next-line:", 2), ("# expect:", 1)] {
                guard let r = line.range(of: marker) else { continue }
                let codes = line[r.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\r" }).map(
                    String.init
                )
                .filter { $0.count == 4 && $0.first!.isUppercase }
                for c in codes { out.append("\(shown):\(i + offset):\(c)") }
                break
            }
        }
        return out
    }

    /// Every YAML file of an example (a file, or all files below a directory, hidden ones included).
    static func exampleFiles(_ relative: String) -> [String] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path(relative), isDirectory: &isDir) else { return [] }
        if !isDir.boolValue { return [relative] }
        let e = FileManager.default.enumerator(atPath: path(relative))
        var out: [String] = []
        while let f = e?.nextObject() as? String {
            if f.hasSuffix(".yaml") || f.hasSuffix(".yml") { out.append(relative + "/" + f) }
        }
        return out.sorted()
    }
}

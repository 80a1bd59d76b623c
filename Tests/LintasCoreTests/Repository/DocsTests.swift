import Foundation
import Testing

@testable import LintasCore

/// The user docs say what the product does: docs/format.md covers every key and allowed value of
/// the format and its complete example is clean; every link in the Markdown docs resolves inside
/// the repository.
@Suite("docs")
struct DocsTests {
    static func read(_ relative: String) -> String {
        String(decoding: FileManager.default.contents(atPath: TestSupport.path(relative)) ?? Data(), as: UTF8.self)
    }

    /// The fenced YAML block under `heading`.
    static func yamlBlock(in text: String, after heading: String) -> String? {
        guard let h = text.range(of: heading),
            let open = text.range(of: "```yaml\n", range: h.upperBound..<text.endIndex),
            let close = text.range(of: "\n```\n", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    @Test("the complete example of docs/format.md gives no finding, under the national and the West Java pack")
    func formatExampleIsClean() throws {
        let example = try #require(Self.yamlBlock(in: Self.read("docs/format.md"), after: "## Complete example"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lintas-format-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("agency.yaml").path
        try example.write(toFile: file, atomically: true, encoding: .utf8)
        for packs in [[String](), ["pergub-jabar-181-2021"]] {
            var options = LintOptions(today: TestSupport.today)
            options.extraPacks = packs
            let report = try Linter(catalog: TestSupport.catalog(), options: options).run(paths: [file])
            let found = report.allFindings.map {
                "\($0.rule) \($0.location.line):\($0.location.column) \($0.message.en)"
            }
            #expect(found.isEmpty, "packs \(packs): \(found.joined(separator: "\n"))")
            #expect(report.agencies.count == 1)
        }
        // Every section of the format is in the example.
        for f in FormatSchema.document.fields {
            #expect(("\n" + example).contains("\n\(f.name):"), "example lacks \(f.name)")
        }
    }

    @Test("docs/format.md names every key and every allowed value of the format")
    func formatCoversSchema() {
        let doc = Self.read("docs/format.md")
        var missing: [String] = []
        // Each section's table has a row per key, nested keys by their path within the section
        // (`sistem_kerja.peraturan`, `indikator[].kode`, `hasil[].turunan[].pelaksana`).
        func rows(_ schema: MapSchema, prefix: String, into out: inout [(String, FieldType)]) {
            for f in schema.fields {
                let name = prefix + f.name
                out.append((name, f.type))
                switch f.type {
                case .map(let m) where !m.fields.isEmpty: rows(m, prefix: "\(name).", into: &out)
                case .list(.map(let m)) where !m.fields.isEmpty: rows(m, prefix: "\(name)[].", into: &out)
                default: break
                }
            }
        }
        for f in FormatSchema.document.fields {
            guard case .list(.map(let m)) = f.type else {
                if case .map(let m) = f.type { check(f.name, m) }
                continue
            }
            check(f.name, m)
        }
        func check(_ section: String, _ schema: MapSchema) {
            guard let start = doc.range(of: "## `\(section)`") else {
                missing.append("section \(section)")
                return
            }
            let rest = doc[start.upperBound...]
            let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
            var all: [(String, FieldType)] = []
            rows(schema, prefix: "", into: &all)
            for (name, type) in all {
                if !body.contains("| `\(name)` |") { missing.append("\(section): row for \(name)") }
                if case .enumeration(let values, let aliases) = type {
                    for v in values + aliases where !body.contains("`\(v)`") {
                        missing.append("\(section).\(name) = \(v)")
                    }
                }
            }
        }
        for f in FormatSchema.document.fields where !doc.contains("| `\(f.name)` |") {
            missing.append("top level: \(f.name)")
        }
        #expect(missing.isEmpty, "docs/format.md does not document: \(missing.joined(separator: ", "))")
    }

    /// GitHub's heading anchors: lower case, punctuation other than `-` and `_` dropped, spaces to `-`.
    static func slug(_ heading: String) -> String {
        var out = ""
        for c in heading.lowercased() {
            if c == " " { out.append("-") } else if c.isLetter || c.isNumber || c == "-" || c == "_" { out.append(c) }
        }
        return out
    }

    static func anchors(in markdown: String) -> Set<String> {
        var out: Set<String> = []
        var inFence = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            if line.hasPrefix("#") {
                out.insert(slug(line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)))
            }
            var rest = line[...]
            while let r = rest.range(of: "<a id=\"") {
                let after = rest[r.upperBound...]
                guard let q = after.firstIndex(of: "\"") else { break }
                out.insert(String(after[..<q]))
                rest = after[q...]
            }
        }
        return out
    }

    @Test(
        "every relative link in README.md, the examples READMEs and docs/*.md names a file of the repository (and an anchor it has)"
    )
    func linksResolve() throws {
        let docsDir = TestSupport.path("docs")
        let docs = try FileManager.default.contentsOfDirectory(atPath: docsDir).filter { $0.hasSuffix(".md") }.map {
            "docs/\($0)"
        }
        let files = ["README.md", "examples/README.md", "examples/ci/README.md"] + docs.sorted()
        var broken: [String] = []
        var anchorCache: [String: Set<String>] = [:]
        for file in files {
            let text = Self.read(file)
            let base = URL(fileURLWithPath: TestSupport.path(file)).deletingLastPathComponent()
            var inFence = false
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.hasPrefix("```") {
                    inFence.toggle()
                    continue
                }
                if inFence || line.hasPrefix("    ") { continue }
                var rest = line[...]
                while let r = rest.range(of: "](") {
                    let after = rest[r.upperBound...]
                    guard let close = after.firstIndex(of: ")") else { break }
                    let target = String(after[..<close])
                    rest = after[close...]
                    if target.contains("://") || target.hasPrefix("mailto:") { continue }
                    let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(
                        String.init)
                    let pathPart = parts[0]
                    let anchor = parts.count > 1 ? parts[1] : nil
                    let resolved =
                        pathPart.isEmpty
                        ? URL(fileURLWithPath: TestSupport.path(file))
                        : base.appendingPathComponent(pathPart).standardizedFileURL
                    guard FileManager.default.fileExists(atPath: resolved.path) else {
                        broken.append("\(file):\(n + 1): \(target) (no such file)")
                        continue
                    }
                    if let a = anchor, resolved.pathExtension == "md" {
                        let known =
                            anchorCache[resolved.path]
                            ?? Self.anchors(
                                in: String(
                                    decoding: FileManager.default.contents(atPath: resolved.path) ?? Data(),
                                    as: UTF8.self))
                        anchorCache[resolved.path] = known
                        if !known.contains(a) { broken.append("\(file):\(n + 1): \(target) (no anchor #\(a))") }
                    }
                }
            }
        }
        #expect(broken.isEmpty, "broken links:\n\(broken.joined(separator: "\n"))")
    }
}

import Foundation
import Testing

@testable import LintasCore

@Suite("Rule packs")
struct RuleCatalogTests {
    @Test("every pack rule has a check and every check a pack rule")
    func packsMatchChecks() throws {
        let catalog = try TestSupport.catalog()
        let packCodes = Set(catalog.packs.flatMap { $0.rules.filter { $0.status != "removed" }.map(\.code) })
        let checkCodes = CheckRegistry.allCodes
        #expect(packCodes.subtracting(checkCodes).sorted() == [], "pack rules without a check")
        #expect(checkCodes.subtracting(packCodes).sorted() == [], "checks without a pack rule")
    }

    @Test("no rule code is defined twice")
    func uniqueCodes() throws {
        let catalog = try TestSupport.catalog()
        var seen: [String: String] = [:]
        for p in catalog.packs {
            for r in p.rules {
                #expect(seen[r.code] == nil, "\(r.code) in \(p.id) and \(seen[r.code] ?? "")")
                seen[r.code] = p.id
            }
        }
    }

    @Test("every rule has wording in both languages, a citation and explain texts")
    func complete() throws {
        for p in try TestSupport.catalog().packs {
            for r in p.rules {
                #expect(!r.title.id.isEmpty && !r.title.en.isEmpty, "\(r.code) title")
                #expect(!r.citation.id.isEmpty && !r.citation.en.isEmpty, "\(r.code) citation")
                #expect(!r.what.id.isEmpty && !r.why.id.isEmpty && !r.fix.id.isEmpty, "\(r.code) explain texts")
                #expect(!r.messages.isEmpty, "\(r.code) messages")
                for (v, m) in r.messages { #expect(!m.id.isEmpty && !m.en.isEmpty, "\(r.code).\(v)") }
            }
        }
    }

    @Test("overrides name rules that exist")
    func overridesResolve() throws {
        let catalog = try TestSupport.catalog()
        let codes = Set(catalog.packs.flatMap { $0.rules.map(\.code) })
        for p in catalog.packs {
            for o in p.overrides { #expect(codes.contains(o.code), "\(p.id) overrides unknown \(o.code)") }
        }
    }

    @Test("the embedded packs and examples match the files on disk")
    func embeddedIsFresh() throws {
        let dir = TestSupport.path("rules")
        // rules/ui.yaml is the UI-text table, not a pack (UITextTests check its copy).
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
            $0.hasSuffix(".yaml") && $0 != "ui.yaml"
        }
        #expect(Set(names) == Set(EmbeddedResources.packs.keys), "run scripts/embed-resources.py")
        for n in names {
            let disk = String(decoding: FileManager.default.contents(atPath: dir + "/" + n) ?? Data(), as: UTF8.self)
            #expect(EmbeddedResources.packs[n] == disk, "\(n) is stale: run scripts/embed-resources.py")
        }
        for (key, text) in EmbeddedResources.examples {
            let disk = FileManager.default.contents(atPath: TestSupport.path("examples/rules/\(key).yaml"))
            #expect(
                disk.map { String(decoding: $0, as: UTF8.self) } == text,
                "example \(key) is stale: run scripts/embed-resources.py")
        }
        // Every other file below examples/rules is embedded (text) or named (not UTF-8).
        let base = TestSupport.path("examples/rules")
        var onDisk: Set<String> = []
        let walk = FileManager.default.enumerator(atPath: base)
        while let f = walk?.nextObject() as? String {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: base + "/" + f, isDirectory: &isDir), !isDir.boolValue else {
                continue
            }
            let parts = f.split(separator: "/")
            if parts.count == 2, parts[1] == "fail.yaml" || parts[1] == "pass.yaml" { continue }
            onDisk.insert(f)
        }
        #expect(
            onDisk == Set(EmbeddedResources.exampleFiles.keys).union(EmbeddedResources.binaryExampleFiles),
            "run scripts/embed-resources.py")
        for (key, text) in EmbeddedResources.exampleFiles {
            let disk = FileManager.default.contents(atPath: base + "/" + key)
            #expect(
                disk.map { String(decoding: $0, as: UTF8.self) } == text,
                "example file \(key) is stale: run scripts/embed-resources.py")
        }
    }
}

import Foundation
import Testing

@testable import LintasCore

/// `lintas schema`: the JSON Schema of format v1 accepts every shipped valid example and refuses
/// what lintas refuses structurally. Validated with python3's jsonschema, not by us.
@Suite("JSON Schema export")
struct JSONSchemaTests {
    /// YAML (as lintas reads it: the YAML 1.2 core schema, like yaml-language-server) as JSON text.
    static func json(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar(let s):
            if s.isNull { return "null" }
            if let b = s.bool { return b ? "true" : "false" }
            if let i = s.int { return String(i) }
            if s.isNumber, let d = Double(s.text), d.isFinite { return "\(d)" }
            return JSONValue.string(s.text).rendered()
        case .sequence(let items):
            return "[" + items.map(json).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{"
                + pairs.map { JSONValue.string($0.key.scalar?.text ?? "?").rendered() + ": " + json($0.value) }.joined(
                    separator: ", ") + "}"
        }
    }

    /// Every document of every file, as (name, JSON) pairs.
    static func documents(_ files: [String]) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for f in files {
            let data = try #require(FileManager.default.contents(atPath: TestSupport.path(f)), "cannot read \(f)")
            let loaded = YAMLLoader.load(bytes: [UInt8](data), file: f)
            #expect(loaded.diagnostics.isEmpty, "\(f) does not load cleanly")
            for (i, d) in loaded.documents.enumerated() { out.append(("\(f)#\(i + 1)", json(d))) }
        }
        return out
    }

    static func yamlFiles(under relative: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: TestSupport.path(relative))
        var out: [String] = []
        while let f = e?.nextObject() as? String {
            let name = (f as NSString).lastPathComponent
            if name.hasPrefix(".") || f.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            if f.hasSuffix(".yaml") || f.hasSuffix(".yml") { out.append(relative + "/" + f) }
        }
        return out.sorted()
    }

    /// The valid examples: every agency, and every rule's passing example except the YAML-level (Y) ones.
    static func validExamples() throws -> [String] {
        var files = yamlFiles(under: "examples/agencies")
        let rules = TestSupport.path("examples/rules")
        for code in try FileManager.default.contentsOfDirectory(atPath: rules).sorted()
        where !code.hasPrefix("Y") && !code.hasPrefix(".") {
            if FileManager.default.fileExists(atPath: "\(rules)/\(code)/pass.yaml") {
                files.append("examples/rules/\(code)/pass.yaml")
            }
            files += yamlFiles(under: "examples/rules/\(code)/pass")
        }
        return files
    }

    static func schemaFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lintas-schema-\(UUID().uuidString).json"
        ).path
        try JSONSchemaExport.render().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("every shipped valid example validates against the schema")
    func examplesValidate() throws {
        let files = try Self.validExamples()
        #expect(files.count > 40)
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(atPath: schema) }
        let errors = try PythonJSONSchema.validate(schema: schema, documents: try Self.documents(files))
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    }

    @Test("the starter agency of `lintas init` validates against the schema")
    func starterValidates() throws {
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(atPath: schema) }
        var docs: [(String, String)] = []
        for file in StarterAgency.files where file.name.hasSuffix(".yaml") {
            let loaded = YAMLLoader.load(bytes: Array(file.content.utf8), file: file.name)
            for d in loaded.documents { docs.append((file.name, Self.json(d))) }
        }
        #expect(docs.count == 6)
        let errors = try PythonJSONSchema.validate(schema: schema, documents: docs)
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    }

    @Test("unknown keys, wrong types, bad enums and missing required keys are refused")
    func refuses() throws {
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(atPath: schema) }
        let bad: [(String, String)] = [
            ("unknown-top", #"{"instansi": {"kode": "X", "nama": "X", "jenis": "lembaga"}, "pegawaii": []}"#),
            (
                "unknown-nested",
                #"{"tim_kerja": [{"kode": "T", "nama": "T", "unit": "U", "lingkup": "lintas-bidang", "anggota": [], "ketuaa": "1"}]}"#
            ),
            ("wrong-type", #"{"unit_organisasi": {"kode": "U"}}"#),
            (
                "bad-enum",
                #"{"tim_kerja": [{"kode": "T", "nama": "T", "unit": "U", "lingkup": "lintas-semua", "anggota": []}]}"#
            ),
            ("missing-required", #"{"instansi": {"kode": "X", "jenis": "lembaga"}}"#),
            (
                "bad-date",
                #"{"instansi": {"kode": "X", "nama": "X", "jenis": "lembaga", "sistem_kerja": {"peraturan": "P", "ditetapkan": "1 Juni 2022"}}}"#
            ),
        ]
        let errors = try PythonJSONSchema.validate(schema: schema, documents: bad)
        for (name, _) in bad {
            #expect(errors.contains { $0.hasPrefix(name + ":") }, "\(name) was accepted")
        }
        let good: [(String, String)] = [
            (
                "alias",
                #"{"tim_kerja": [{"kode": "T", "nama": "T", "unit": "U", "lingkup": "lintas-unit-organisasi", "anggota": [198001012005011002], "ketua": null}]}"#
            ),
            ("empty", "null"),
        ]
        #expect(try PythonJSONSchema.validate(schema: schema, documents: good).isEmpty)
    }

    /// The S rules, and whether the schema can see what they check in one document. S007 cannot:
    /// `instansi` once per agency is a count across the agency's files, and each file of its
    /// failing example is a valid document on its own. S009 cannot: a year in a free-text number
    /// against a date is no shape a schema describes.
    static let structural: [String: Bool] = [
        "S001": true, "S002": true, "S003": true, "S004": true, "S005": true, "S006": true, "S007": false, "S008": true,
        "S009": false,
    ]

    @Test("every structural S rule's failing example is refused by the schema, every passing one accepted")
    func sRuleExamples() throws {
        let rules = TestSupport.path("examples/rules")
        let codes = try FileManager.default.contentsOfDirectory(atPath: rules).filter { $0.hasPrefix("S") }.sorted()
        #expect(Set(codes) == Set(Self.structural.keys), "an S rule was added: say whether the schema can check it")
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(atPath: schema) }
        for code in codes {
            func files(_ kind: String) -> [String] {
                FileManager.default.fileExists(atPath: "\(rules)/\(code)/\(kind).yaml")
                    ? ["examples/rules/\(code)/\(kind).yaml"] : Self.yamlFiles(under: "examples/rules/\(code)/\(kind)")
            }
            let fail = try Self.documents(files("fail"))
            let pass = try Self.documents(files("pass"))
            #expect(!fail.isEmpty && !pass.isEmpty, "\(code) has no examples")
            let passErrors = try PythonJSONSchema.validate(schema: schema, documents: pass)
            #expect(passErrors.isEmpty, "\(code) pass example refused: \(passErrors.joined(separator: "\n"))")
            let failErrors = try PythonJSONSchema.validate(schema: schema, documents: fail)
            if Self.structural[code] == true {
                #expect(!failErrors.isEmpty, "\(code) fail example accepted by the schema, lintas refuses it")
            } else {
                #expect(failErrors.isEmpty, "\(code) is not structural but its fail example is refused: \(failErrors)")
            }
        }
    }

    @Test("versi, real dates and jenjang per jenis_jabatan: the schema refuses what lintas refuses")
    func refusesLikeLintas() throws {
        let schema = try Self.schemaFile()
        defer { try? FileManager.default.removeItem(atPath: schema) }
        func employee(_ jenis: String, _ jenjang: String?) -> String {
            #"{"pegawai": [{"nip": "199001252015031003", "nama": "N", "jabatan": "J", "jenis_jabatan": "\#(jenis)""#
                + (jenjang.map { #", "jenjang": \#($0)"# } ?? "") + "}]}"
        }
        func date(_ d: String) -> String {
            #"{"instansi": {"kode": "X", "nama": "X", "jenis": "lembaga", "sistem_kerja": {"peraturan": "P", "ditetapkan": "\#(d)"}}}"#
        }
        let bad: [(String, String)] = [
            ("versi-2", #"{"versi": 2}"#), ("versi-0", #"{"versi": 0}"#), ("versi-text", #"{"versi": "1"}"#),
            ("june-31", date("2022-06-31")), ("feb-29-2023", date("2023-02-29")), ("feb-29-1900", date("1900-02-29")),
            ("month-13", date("2024-13-01")), ("day-00", date("2024-01-00")), ("year-0", date("0000-01-01")),
            ("jpt-without", employee("jpt", nil)), ("jpt-null", employee("jpt", "null")),
            ("jpt-functional-grade", employee("jpt", #""ahli-muda""#)),
            ("fungsional-without", employee("fungsional", nil)),
            ("fungsional-jpt-grade", employee("fungsional", #""pratama""#)),
            ("pelaksana-with", employee("pelaksana", #""pemula""#)),
            ("administrator-with", employee("administrator", #""madya""#)),
        ]
        let errors = try PythonJSONSchema.validate(schema: schema, documents: bad)
        for (name, _) in bad {
            #expect(errors.contains { $0.hasPrefix(name + ":") }, "\(name) was accepted")
        }
        let good: [(String, String)] = [
            ("versi-1", #"{"versi": 1}"#), ("versi-null", #"{"versi": null}"#),
            ("feb-29-2024", date("2024-02-29")), ("feb-29-2000", date("2000-02-29")), ("dec-31", date("9999-12-31")),
            ("apr-30", date("2024-04-30")), ("jan-31", date("2024-01-31")),
            ("jpt", employee("jpt", #""madya""#)), ("fungsional", employee("fungsional", #""pemula""#)),
            ("pelaksana", employee("pelaksana", nil)), ("pengawas-null", employee("pengawas", "null")),
        ]
        let goodErrors = try PythonJSONSchema.validate(schema: schema, documents: good)
        #expect(goodErrors.isEmpty, "\(goodErrors.joined(separator: "\n"))")
        // The same cases through lintas: the model builder agrees on every date.
        for (name, doc) in bad + good where name.contains("-") && doc.contains("ditetapkan") {
            let d = doc.components(separatedBy: #""ditetapkan": ""#)[1].prefix(10)
            #expect(
                (CivilDate(iso: d) != nil) == good.contains { $0.0 == name }, "\(name): lintas and the schema disagree")
        }
    }

    @Test("the schema is deterministic, draft 2020-12, with Indonesian descriptions")
    func shape() throws {
        let a = JSONSchemaExport.render()
        let b = JSONSchemaExport.render()
        #expect(a == b)
        #expect(a.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""))
        #expect(a.contains("\"lintas-unit-organisasi\""))
        #expect(a.contains("\"additionalProperties\": false"))
        #expect(a.contains("NIP ketua tim"))
        let obj = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any]
        let props = obj?["properties"] as? [String: Any]
        #expect(Set(props?.keys.map { $0 } ?? []) == Set(FormatSchema.document.keys))
    }
}

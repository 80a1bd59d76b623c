/// Format v1 as a JSON Schema (draft 2020-12) for editors (yaml-language-server), generated from
/// ``FormatSchema`` so the two cannot drift. Descriptions are the Indonesian ones of `FieldSpec`.
///
/// The schema follows how lintas reads YAML (the YAML 1.2 core schema, as editors do): a text field
/// takes any scalar (lintas uses the text as written), a NIP a string or a plain number, a date a
/// `YYYY-MM-DD` string; optional keys may be `null`; unknown keys are refused
/// (`additionalProperties: false`). Checks that need the whole agency (references, NIP layout,
/// the regulation rules) are lintas's, not the schema's.
public enum JSONSchemaExport {
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema document, pretty-printed, ending in a newline. Deterministic.
    public static func render() -> String {
        document().rendered() + "\n"
    }

    static func document() -> JSONValue {
        var root: [(String, JSONValue)] = [
            ("$schema", .string(dialect)),
            ("title", .string("lintas: format berkas instansi versi 1")),
            ("description", .string("Berkas YAML instansi untuk lintas (format v1): instansi, unit organisasi, pegawai, perjanjian kinerja, tim kerja, dan Matriks Peran Hasil. Sebuah instansi boleh dipecah ke beberapa berkas; bagian daftar digabungkan.")),
            ("type", .array([.string("object"), .string("null")])),
        ]
        root += objectBody(FormatSchema.document)
        return .object(root)
    }

    /// `properties`, `required` and `additionalProperties` of a mapping.
    static func objectBody(_ schema: MapSchema) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("properties", .object(schema.fields.map { ($0.name, field($0)) })),
        ]
        let required = schema.fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { out.append(("required", .array(required))) }
        out.append(("additionalProperties", .bool(false)))
        return out
    }

    static func field(_ f: FieldSpec) -> JSONValue {
        var out: [(String, JSONValue)] = [("description", .string(f.description.id))]
        out += type(f.type, nullable: !f.required)
        return .object(out)
    }

    static func types(_ names: [String], nullable: Bool) -> (String, JSONValue) {
        let all = nullable ? names + ["null"] : names
        return ("type", all.count == 1 ? .string(all[0]) : .array(all.map { .string($0) }))
    }

    static func type(_ t: FieldType, nullable: Bool) -> [(String, JSONValue)] {
        switch t {
        case .string:
            return [types(["string", "number", "boolean"], nullable: nullable)]
        case .nip:
            return [types(["string", "integer"], nullable: nullable)]
        case .int:
            return [types(["integer"], nullable: nullable)]
        case .bool:
            return [types(["boolean"], nullable: nullable)]
        case .date:
            return [types(["string"], nullable: nullable), ("format", .string("date")),
                    ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
        case .numberOrString:
            return [types(["string", "number"], nullable: nullable)]
        case .enumeration(let values):
            let list = values.map { JSONValue.string($0) } + (nullable ? [.null] : [])
            return [types(["string"], nullable: nullable), ("enum", .array(list))]
        case .map(let schema):
            return [types(["object"], nullable: nullable)] + objectBody(schema)
        case .list(let item):
            return [types(["array"], nullable: nullable), ("items", .object(type(item, nullable: false)))]
        }
    }
}

/// Format v1 as a JSON Schema (draft 2020-12) for editors (yaml-language-server), generated from
/// ``FormatSchema`` so the two cannot drift. Descriptions are the Indonesian ones of `FieldSpec`.
///
/// The schema follows how lintas reads YAML (the YAML 1.2 core schema, as editors do): a text field
/// takes any scalar (lintas uses the text as written), a NIP a string or a plain number, a date a
/// `YYYY-MM-DD` string that is a real calendar date (S005: the pattern knows month lengths and leap
/// years, since validators need not assert `format`); optional keys may be `null`; unknown keys are
/// refused (`additionalProperties: false`); `versi` is exactly 1 (S006); an employee's `jenjang` must
/// fit their `jenis_jabatan` (S008, with `if`/`then`). Checks that need the whole agency (S007:
/// `instansi` exactly once across the agency's files; references, NIP layout, the regulation rules)
/// are lintas's, not the schema's.
public enum JSONSchemaExport {
    static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema document, pretty-printed, ending in a newline. Deterministic.
    public static func render() -> String {
        document().rendered() + "\n"
    }

    static func document() -> JSONValue {
        var root: [(String, JSONValue)] = [
            ("$schema", .string(dialect)),
            ("title", .string("lintas: format berkas instansi versi 1")),
            (
                "description",
                .string(
                    "Berkas YAML instansi untuk lintas (format v1): instansi, unit organisasi, pegawai, perjanjian kinerja, tim kerja, dan Matriks Peran Hasil. Sebuah instansi boleh dipecah ke beberapa berkas; bagian daftar digabungkan."
                )
            ),
            ("type", .array([.string("object"), .string("null")])),
        ]
        root += objectBody(FormatSchema.document)
        return .object(root)
    }

    /// `properties`, `required` and `additionalProperties` of a mapping.
    static func objectBody(_ schema: MapSchema) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("properties", .object(schema.fields.map { ($0.name, field($0)) }))
        ]
        let required = schema.fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { out.append(("required", .array(required))) }
        out.append(("additionalProperties", .bool(false)))
        if schema.name == FormatSchema.employee.name { out.append(("allOf", .array(jenjangConditions()))) }
        return out
    }

    /// S008: per `jenis_jabatan`, the `jenjang` it allows (then required and not null), or none
    /// (then absent or null). From ``Jenjang/allowed(for:)``, as the model builder checks it.
    static func jenjangConditions() -> [JSONValue] {
        JenisJabatan.allCases.map { jenis in
            let allowed = Jenjang.allowed(for: jenis)
            let condition: JSONValue = .object([
                ("properties", .object([("jenis_jabatan", .object([("const", .string(jenis.rawValue))]))])),
                ("required", .array([.string("jenis_jabatan")])),
            ])
            let consequence: JSONValue =
                allowed.isEmpty
                ? .object([("properties", .object([("jenjang", .object([("type", .string("null"))]))]))])
                : .object([
                    (
                        "properties",
                        .object([("jenjang", .object([("enum", .array(allowed.map { .string($0.rawValue) }))]))])
                    ),
                    ("required", .array([.string("jenjang")])),
                ])
            return .object([("if", condition), ("then", consequence)])
        }
    }

    static func field(_ f: FieldSpec) -> JSONValue {
        var out: [(String, JSONValue)] = [("description", .string(f.description.id))]
        out += type(f.type, nullable: !f.required)
        if let c = f.constant {
            out.append(("enum", .array([.int(c)] + (f.required ? [] : [.null]))))
        }
        return .object(out)
    }

    /// `YYYY-MM-DD` for a real date, years 0001-9999 (as ``CivilDate``): days 29-31 only in the
    /// months that have them, 29 February only in leap years.
    static let datePattern: String = {
        let year = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
        let monthDay =
            "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
        let leapYear = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
        return "^(?:" + year + "-" + monthDay + "|" + leapYear + "-02-29)$"
    }()

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
            return [
                types(["string"], nullable: nullable), ("format", .string("date")),
                ("pattern", .string(datePattern)),
            ]
        case .numberOrString:
            return [types(["string", "number"], nullable: nullable)]
        case .enumeration(let values, let aliases):
            let list = (values + aliases).map { JSONValue.string($0) } + (nullable ? [.null] : [])
            return [types(["string"], nullable: nullable), ("enum", .array(list))]
        case .map(let schema):
            return [types(["object"], nullable: nullable)] + objectBody(schema)
        case .list(let item):
            return [types(["array"], nullable: nullable), ("items", .object(type(item, nullable: false)))]
        }
    }
}

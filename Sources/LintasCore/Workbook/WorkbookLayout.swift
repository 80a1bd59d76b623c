import Foundation

/// The sheets of a lintas workbook: one per format-v1 section, a header row of format keys, one
/// row per record. Nested lists are rows too: a team's members (`anggota`), a PK's indicators, a
/// matrix's results with their level (`tingkat`). docs/workbook.md describes it for users.
enum WorkbookLayout {
    enum Kind: Sendable {
        case text, nip, date, int, bool, numberOrText
        /// `tingkat` of a matrix row: 1 for `hasil`, 2 for `turunan`, ...
        case level
    }

    struct Column: Sendable {
        /// Header text and format key path (`penetapan.nomor`); inside a child list, relative to the item.
        var header: String
        /// The key in the YAML item (for child columns, without the list prefix).
        var key: String
        var kind: Kind
        var required: Bool
        /// The values offered (shown in the prompt and the instructions).
        var allowed: [String]
        /// Values accepted besides `allowed` (in the cell's list, not shown).
        var aliases: [String]
        var note: LocalizedText

        init(
            _ header: String, key: String? = nil, kind: Kind = .text, required: Bool = false, allowed: [String] = [],
            aliases: [String] = [], note: LocalizedText
        ) {
            self.header = header
            self.key = key ?? header
            self.kind = kind
            self.required = required
            self.allowed = allowed
            self.aliases = aliases
            self.note = note
        }
    }

    enum Shape: Sendable {
        /// `instansi`: each row is one map (more than one row is S007's duplicate).
        case single
        /// One row, one item.
        case list
        /// Rows grouped into items by `groupBy`; each row adds one entry to the item's `childList`
        /// (a list of scalars when `scalarChild`, else of maps); `nested` lists nest by `tingkat`.
        case grouped(groupBy: [String], childList: String, scalarChild: Bool, nested: String?)
    }

    struct SheetSpec: Sendable {
        var section: String
        var shape: Shape
        var columns: [Column]
        /// Columns of the child rows (their `key` is relative to the child item).
        var childColumns: [Column]
        var note: LocalizedText

        var allColumns: [Column] { columns + childColumns }
    }

    /// A column's note in the workbook (its prompt and its line in the instructions), by header.
    typealias Notes = [String: (id: String, en: String)]

    /// The columns of `fields` in their order: a map's fields flattened under its name
    /// (`penetapan.nomor`, required only when the map is), lists left out (they are rows). Kinds,
    /// required flags and allowed values are the format's (``FormatSchema``); the notes the
    /// workbook's, else the format's description. `childOf`: the columns of a child row, keyed
    /// relative to the item (headers prefixed with the list's name when it is not nil or "").
    static func columns(
        _ fields: [FieldSpec], notes: Notes, childOf list: String? = nil, prefix: String = "",
        required parentRequired: Bool = true
    ) -> [Column] {
        fields.flatMap { field -> [Column] in
            let key = prefix + field.name
            let header = list.map { $0.isEmpty ? key : "\($0).\(key)" } ?? key
            let required = parentRequired && field.required
            let note = notes[header].map { LocalizedText(id: $0.id, en: $0.en) } ?? field.description
            func column(_ kind: Kind, allowed: [String] = [], aliases: [String] = []) -> [Column] {
                [
                    Column(
                        header, key: key, kind: kind, required: required, allowed: allowed, aliases: aliases,
                        note: note)
                ]
            }
            switch field.type {
            case .string: return column(.text)
            case .nip: return column(.nip)
            case .int: return column(.int)
            case .bool: return column(.bool, allowed: ["true", "false"])
            case .date: return column(.date)
            case .numberOrString: return column(.numberOrText)
            case .enumeration(let values, let aliases): return column(.text, allowed: values, aliases: aliases)
            case .map(let schema):
                return columns(
                    schema.fields, notes: notes, childOf: list, prefix: key + ".", required: required)
            case .list: return []
            }
        }
    }

    /// A grouped sheet's own columns: its section's fields but the child list.
    static func head(_ schema: MapSchema, child: String, notes: Notes) -> [Column] {
        columns(schema.fields.filter { $0.name != child }, notes: notes)
    }

    static let nipNote = ("NIP 18 digit; format sel sebagai Teks", "18-digit NIP; format the cell as Text")

    /// The rows of a matrix hold results of every level: the fields of level 1 but `turunan` (the
    /// level is the `tingkat` column), required when every level requires them.
    static let resultFields: [FieldSpec] = FormatSchema.result1.fields.filter { $0.name != "turunan" }.map {
        field in
        var shared = field
        shared.required = field.required && FormatSchema.result2.field(field.name)?.required == true
        return shared
    }

    static let sheets: [SheetSpec] = [
        SheetSpec(
            section: "instansi", shape: .single,
            columns: columns(
                FormatSchema.document.fields.filter { $0.name == "versi" } + FormatSchema.instansi.fields,
                notes: [
                    "versi": ("versi format; 1", "format version; 1"),
                    "kode": ("kode instansi, mis. PEMPROV-JABAR", "agency code, e.g. PEMPROV-JABAR"),
                    "nama": ("nama instansi", "agency name"),
                    "jenis": ("jenis instansi", "kind of agency"),
                    "sistem_kerja.peraturan": (
                        "judul/nomor peraturan penyesuaian sistem kerja (Pasal 25)",
                        "title/number of the work-system instrument (Pasal 25)"
                    ),
                    "sistem_kerja.ditetapkan": ("tanggal ditetapkan (tanggal)", "date enacted (date)"),
                    "sistem_kerja.diundangkan": ("tanggal diundangkan (tanggal)", "date promulgated (date)"),
                    "sistem_kerja.berlaku": ("tanggal mulai berlaku (tanggal)", "date it takes effect (date)"),
                ]), childColumns: [], note: UIText[.workbookNoteAgency]),
        SheetSpec(
            section: "unit_organisasi", shape: .list,
            columns: columns(
                FormatSchema.unit.fields,
                notes: [
                    "kode": ("kode unit, unik", "unit code, unique"),
                    "nama": ("nama unit", "unit name"),
                    "tingkat": ("tingkat jabatan pimpinan unit", "level of the post heading the unit"),
                    "induk": ("kode unit induk; kosong untuk unit teratas", "parent unit code; empty for the top unit"),
                    "pimpinan": (
                        "NIP pimpinan unit; format sel sebagai Teks", "NIP of the head; format the cell as Text"
                    ),
                    "mandiri": ("unit kerja mandiri (TRUE/FALSE)", "independent work unit (TRUE/FALSE)"),
                ]), childColumns: [], note: UIText[.workbookNoteUnits]),
        SheetSpec(
            section: "pegawai", shape: .list,
            columns: columns(
                FormatSchema.employee.fields,
                notes: [
                    "nip": nipNote,
                    "nama": ("nama pegawai", "employee name"),
                    "jabatan": ("nama jabatan", "post name"),
                    "jenis_jabatan": ("jenis jabatan", "post type"),
                    "jenjang": ("jenjang: untuk jpt dan fungsional saja", "grade: for jpt and fungsional only"),
                    "unit": ("kode unit (wajib untuk pegawai sendiri)", "unit code (required for own staff)"),
                    "instansi": (
                        "kode instansi lain untuk anggota dari luar", "code of another agency for an external member"
                    ),
                ]), childColumns: [], note: UIText[.workbookNoteEmployees]),
        SheetSpec(
            section: "tim_kerja",
            shape: .grouped(groupBy: ["kode"], childList: "anggota", scalarChild: true, nested: nil),
            columns: head(
                FormatSchema.team, child: "anggota",
                notes: [
                    "kode": (
                        "kode tim; baris berikutnya dengan kode kosong (atau sama) menambah anggota",
                        "team code; following rows with an empty (or the same) code add members"
                    ),
                    "nama": ("nama tim", "team name"),
                    "unit": ("kode unit JPT Pratama", "code of the JPT Pratama unit"),
                    "lingkup": ("lingkup tim", "team scope"),
                    "jenis_pekerjaan": ("jenis pekerjaan", "kind of work"),
                    "penetapan.nomor": ("nomor SK penetapan tim", "number of the decree"),
                    "penetapan.tanggal": ("tanggal SK (tanggal)", "date of the decree (date)"),
                    "penetapan.oleh": (
                        "NIP penanda tangan SK; format sel sebagai Teks", "NIP of the signer; format the cell as Text"
                    ),
                    "periode.mulai": ("awal periode (tanggal)", "period start (date)"),
                    "periode.selesai": ("akhir periode (tanggal)", "period end (date)"),
                    "ketua": (
                        "NIP ketua tim; format sel sebagai Teks", "NIP of the team leader; format the cell as Text"
                    ),
                ]),
            // One member per row; a team without members has one row with this cell empty.
            childColumns: [
                Column(
                    "anggota", kind: .nip,
                    note: UIText[.workbookNoteMemberNip])
            ],
            note: UIText[.workbookNoteTeams]),
        SheetSpec(
            section: "perjanjian_kinerja",
            shape: .grouped(groupBy: ["unit", "tahun"], childList: "indikator", scalarChild: false, nested: nil),
            columns: head(
                FormatSchema.agreement, child: "indikator",
                notes: [
                    "unit": (
                        "kode unit JPT Pratama; baris berikutnya dengan unit kosong menambah indikator",
                        "JPT Pratama unit code; following rows with an empty unit add indicators"
                    ),
                    "tahun": ("tahun anggaran", "budget year"),
                    "pejabat": (
                        "NIP pejabat penanda tangan; format sel sebagai Teks",
                        "NIP of the signing head; format the cell as Text"
                    ),
                ]),
            childColumns: columns(
                FormatSchema.indicator.fields,
                notes: [
                    "indikator.kode": (
                        "kode indikator, unik per unit dan tahun", "indicator code, unique per unit and year"
                    ),
                    "indikator.sasaran": ("sasaran strategis", "strategic target"),
                    "indikator.uraian": ("uraian indikator", "indicator text"),
                    "indikator.target": ("target (angka atau teks)", "target (number or text)"),
                    "indikator.satuan": ("satuan", "unit of measure"),
                ], childOf: "indikator"),
            note: UIText[.workbookNotePk]),
        SheetSpec(
            section: "matriks_peran_hasil",
            shape: .grouped(groupBy: ["unit", "tahun"], childList: "hasil", scalarChild: false, nested: "turunan"),
            columns: head(
                FormatSchema.matrix, child: "hasil",
                notes: [
                    "unit": (
                        "kode unit JPT Pratama; baris berikutnya dengan unit kosong menambah hasil",
                        "JPT Pratama unit code; following rows with an empty unit add results"
                    ),
                    "tahun": ("tahun; sama dengan tahun PK", "year; matches a PK"),
                    "penyelarasan": ("bawaan dua-tingkat", "default dua-tingkat"),
                ]),
            // Results of every level, one per row, named by their own keys (no `hasil.` prefix).
            childColumns: [
                Column(
                    "tingkat", kind: .level, required: true, allowed: ["1", "2"],
                    note: UIText[.workbookNoteResultLevel])
            ]
                + columns(
                    resultFields,
                    notes: [
                        "kode": ("kode hasil, unik dalam matriks", "result code, unique in the matrix"),
                        "uraian": ("hasil, dirumuskan sebagai hasil", "the result, phrased as an outcome"),
                        "indikator": (
                            "tingkat 1: kode indikator PK yang dilayani", "level 1: the PK indicator it serves"
                        ),
                        "pelaksana": (
                            "NIP pelaksana; format sel sebagai Teks",
                            "NIP of who answers for it; format the cell as Text"
                        ),
                        "tim": ("tingkat 1: kode tim yang menghasilkan", "level 1: code of the team delivering it"),
                        "target": ("target (angka atau teks)", "target (number or text)"),
                        "satuan": ("satuan", "unit of measure"),
                    ], childOf: ""),
            note: UIText[.workbookNoteMatrix]),
    ]

    /// The deepest `tingkat` read: 1 is a result, 2 its `turunan`, 3 a third level (which M005
    /// reports). A deeper one is Y007 at its cell and its row is not read: levels never become
    /// deeper structures than an agency can have.
    static let maxLevel = 10

    /// The sheet `lintas export` writes the agency's `.lintas.yml` into: a header row `kunci` |
    /// `nilai`, then one row per setting: a top-level key of the config and its value as YAML
    /// flow text (`[a, b]`, `{K001: off}`); a dotted `rules.K003` / `params.PACK.NAME` (split at
    /// the first dot) sets one entry. Read back as the workbook's `.lintas.yml`.
    static let settingsSheet = "pengaturan"

    /// The settings of a `pengaturan` sheet as `.lintas.yml` text (nil when it has no setting).
    static func settingsYAML(_ sheet: Sheet) -> String? {
        guard let top = sheet.rows.first else { return nil }
        var keyColumn = 1
        var valueColumn = 2
        for c in top {
            if case .text(let t) = c.value {
                switch normalize(t) {
                case "kunci", "key": keyColumn = c.column
                case "nilai", "value": valueColumn = c.column
                default: break
                }
            }
        }
        var topLevel: [(String, String)] = []
        var nested: [String: [(String, String)]] = [:]
        var order: [String] = []
        for row in sheet.rows.dropFirst() {
            guard let k = row.first(where: { $0.column == keyColumn }),
                let v = row.first(where: { $0.column == valueColumn })
            else { continue }
            let key = WorkbookImporter.display(k.value).trimmingCharacters(in: .whitespaces)
            let value = WorkbookImporter.display(v.value).replacingOccurrences(of: "\n", with: " ")
            guard !key.isEmpty, !key.contains(where: { $0.isNewline }) else { continue }
            let oneLine = value.filter { !$0.isNewline }
            if let dot = key.firstIndex(of: "."), ["rules", "params"].contains(String(key[..<dot])) {
                let head = String(key[..<dot])
                if nested[head] == nil { order.append(head) }
                nested[head, default: []].append((String(key[key.index(after: dot)...]), oneLine))
            } else {
                topLevel.append((key, oneLine))
            }
        }
        if topLevel.isEmpty && nested.isEmpty { return nil }
        var out = ""
        for (k, v) in topLevel { out += WorkbookImporter.quote(k) + ": " + v + "\n" }
        for head in order {
            out += head + ":\n"
            for (k, v) in nested[head] ?? [] { out += "  " + WorkbookImporter.quote(k) + ": " + v + "\n" }
        }
        return out
    }

    /// Sheets that are never data: instructions written by `lintas init --xlsx`, the findings
    /// sheet of an annotated workbook (`--output xlsx:`), and the settings sheet of `lintas export`.
    static let instructionSheets: Set<String> = [
        "petunjuk", "instructions", "readme", "temuan", "findings", settingsSheet,
    ]

    /// A header or sheet name in a comparable form: lower case, spaces and dashes as `_`, a
    /// trailing `*` (a "required" mark) dropped.
    static func normalize(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        while t.hasSuffix("*") {
            t.removeLast()
            t = t.trimmingCharacters(in: .whitespaces)
        }
        return String(t.map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    static func spec(forSheet name: String) -> SheetSpec? {
        let n = normalize(name)
        return sheets.first { $0.section == n }
    }
}

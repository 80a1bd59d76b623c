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
        var allowed: [String]
        var note: LocalizedText

        init(
            _ header: String, key: String? = nil, kind: Kind = .text, required: Bool = false, allowed: [String] = [],
            _ id: String, _ en: String
        ) {
            self.header = header
            self.key = key ?? header
            self.kind = kind
            self.required = required
            self.allowed = allowed
            self.note = LocalizedText(id: id, en: en)
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

    static let nipNote = ("NIP 18 digit; format sel sebagai Teks", "18-digit NIP; format the cell as Text")

    static let sheets: [SheetSpec] = [
        SheetSpec(
            section: "instansi", shape: .single,
            columns: [
                Column("versi", kind: .int, "versi format; 1", "format version; 1"),
                Column("kode", required: true, "kode instansi, mis. PEMPROV-JABAR", "agency code, e.g. PEMPROV-JABAR"),
                Column("nama", required: true, "nama instansi", "agency name"),
                Column(
                    "jenis", required: true, allowed: InstansiJenis.allCases.map(\.rawValue), "jenis instansi",
                    "kind of agency"),
                Column(
                    "sistem_kerja.peraturan", "judul/nomor peraturan penyesuaian sistem kerja (Pasal 25)",
                    "title/number of the work-system instrument (Pasal 25)"),
                Column("sistem_kerja.ditetapkan", kind: .date, "tanggal ditetapkan (tanggal)", "date enacted (date)"),
                Column(
                    "sistem_kerja.diundangkan", kind: .date, "tanggal diundangkan (tanggal)", "date promulgated (date)"),
                Column(
                    "sistem_kerja.berlaku", kind: .date, "tanggal mulai berlaku (tanggal)",
                    "date it takes effect (date)"),
            ], childColumns: [], note: LocalizedText(id: "satu baris: instansi", en: "one row: the agency")),
        SheetSpec(
            section: "unit_organisasi", shape: .list,
            columns: [
                Column("kode", required: true, "kode unit, unik", "unit code, unique"),
                Column("nama", required: true, "nama unit", "unit name"),
                Column(
                    "tingkat", required: true, allowed: UnitLevel.allCases.map(\.rawValue),
                    "tingkat jabatan pimpinan unit", "level of the post heading the unit"),
                Column(
                    "induk", "kode unit induk; kosong untuk unit teratas", "parent unit code; empty for the top unit"),
                Column(
                    "pimpinan", kind: .nip, "NIP pimpinan unit; format sel sebagai Teks",
                    "NIP of the head; format the cell as Text"),
                Column(
                    "mandiri", kind: .bool, allowed: ["true", "false"], "unit kerja mandiri (TRUE/FALSE)",
                    "independent work unit (TRUE/FALSE)"),
            ], childColumns: [], note: LocalizedText(id: "satu baris per unit", en: "one row per unit")),
        SheetSpec(
            section: "pegawai", shape: .list,
            columns: [
                Column("nip", kind: .nip, required: true, nipNote.0, nipNote.1),
                Column("nama", required: true, "nama pegawai", "employee name"),
                Column("jabatan", required: true, "nama jabatan", "post name"),
                Column(
                    "jenis_jabatan", required: true, allowed: JenisJabatan.allCases.map(\.rawValue), "jenis jabatan",
                    "post type"),
                Column(
                    "jenjang", allowed: Jenjang.allCases.map(\.rawValue), "jenjang: untuk jpt dan fungsional saja",
                    "grade: for jpt and fungsional only"),
                Column("unit", "kode unit (wajib untuk pegawai sendiri)", "unit code (required for own staff)"),
                Column(
                    "instansi", "kode instansi lain untuk anggota dari luar",
                    "code of another agency for an external member"),
            ], childColumns: [], note: LocalizedText(id: "satu baris per pegawai", en: "one row per employee")),
        SheetSpec(
            section: "tim_kerja",
            shape: .grouped(groupBy: ["kode"], childList: "anggota", scalarChild: true, nested: nil),
            columns: [
                Column(
                    "kode", required: true,
                    "kode tim; baris berikutnya dengan kode kosong (atau sama) menambah anggota",
                    "team code; following rows with an empty (or the same) code add members"),
                Column("nama", required: true, "nama tim", "team name"),
                Column("unit", required: true, "kode unit JPT Pratama", "code of the JPT Pratama unit"),
                Column(
                    "lingkup", required: true, allowed: Lingkup.allCases.map(\.rawValue), "lingkup tim", "team scope"),
                Column(
                    "jenis_pekerjaan", allowed: JenisPekerjaan.allCases.map(\.rawValue), "jenis pekerjaan",
                    "kind of work"),
                Column("penetapan.nomor", "nomor SK penetapan tim", "number of the decree"),
                Column("penetapan.tanggal", kind: .date, "tanggal SK (tanggal)", "date of the decree (date)"),
                Column(
                    "penetapan.oleh", kind: .nip, "NIP penanda tangan SK; format sel sebagai Teks",
                    "NIP of the signer; format the cell as Text"),
                Column("periode.mulai", kind: .date, "awal periode (tanggal)", "period start (date)"),
                Column("periode.selesai", kind: .date, "akhir periode (tanggal)", "period end (date)"),
                Column(
                    "ketua", kind: .nip, "NIP ketua tim; format sel sebagai Teks",
                    "NIP of the team leader; format the cell as Text"),
            ],
            childColumns: [
                Column(
                    "anggota", kind: .nip, "NIP satu anggota per baris (ketua tidak diulang)",
                    "NIP of one member per row (not the leader)")
            ],
            note: LocalizedText(
                id: "satu baris per anggota; data tim di baris pertamanya",
                en: "one row per member; the team's data on its first row")),
        SheetSpec(
            section: "perjanjian_kinerja",
            shape: .grouped(groupBy: ["unit", "tahun"], childList: "indikator", scalarChild: false, nested: nil),
            columns: [
                Column(
                    "unit", required: true,
                    "kode unit JPT Pratama; baris berikutnya dengan unit kosong menambah indikator",
                    "JPT Pratama unit code; following rows with an empty unit add indicators"),
                Column("tahun", kind: .int, required: true, "tahun anggaran", "budget year"),
                Column(
                    "pejabat", kind: .nip, "NIP pejabat penanda tangan; format sel sebagai Teks",
                    "NIP of the signing head; format the cell as Text"),
            ],
            childColumns: [
                Column(
                    "indikator.kode", key: "kode", required: true, "kode indikator, unik per unit dan tahun",
                    "indicator code, unique per unit and year"),
                Column("indikator.sasaran", key: "sasaran", "sasaran strategis", "strategic target"),
                Column("indikator.uraian", key: "uraian", required: true, "uraian indikator", "indicator text"),
                Column(
                    "indikator.target", key: "target", kind: .numberOrText, "target (angka atau teks)",
                    "target (number or text)"),
                Column("indikator.satuan", key: "satuan", "satuan", "unit of measure"),
            ],
            note: LocalizedText(
                id: "satu baris per indikator; data PK di baris pertamanya",
                en: "one row per indicator; the PK's data on its first row")),
        SheetSpec(
            section: "matriks_peran_hasil",
            shape: .grouped(groupBy: ["unit", "tahun"], childList: "hasil", scalarChild: false, nested: "turunan"),
            columns: [
                Column(
                    "unit", required: true, "kode unit JPT Pratama; baris berikutnya dengan unit kosong menambah hasil",
                    "JPT Pratama unit code; following rows with an empty unit add results"),
                Column("tahun", kind: .int, required: true, "tahun; sama dengan tahun PK", "year; matches a PK"),
                Column(
                    "penyelarasan", allowed: Penyelarasan.allCases.map(\.rawValue), "bawaan dua-tingkat",
                    "default dua-tingkat"),
            ],
            childColumns: [
                Column(
                    "tingkat", kind: .level, required: true, allowed: ["1", "2"],
                    "1 = hasil (ketua/perorangan), 2 = turunan hasil di atasnya",
                    "1 = result (leader/individual), 2 = derived from the result above"),
                Column("kode", required: true, "kode hasil, unik dalam matriks", "result code, unique in the matrix"),
                Column(
                    "uraian", required: true, "hasil, dirumuskan sebagai hasil", "the result, phrased as an outcome"),
                Column(
                    "indikator", "tingkat 1: kode indikator PK yang dilayani", "level 1: the PK indicator it serves"),
                Column(
                    "pelaksana", kind: .nip, required: true, "NIP pelaksana; format sel sebagai Teks",
                    "NIP of who answers for it; format the cell as Text"),
                Column("tim", "tingkat 1: kode tim yang menghasilkan", "level 1: code of the team delivering it"),
                Column("target", kind: .numberOrText, "target (angka atau teks)", "target (number or text)"),
                Column("satuan", "satuan", "unit of measure"),
            ],
            note: LocalizedText(
                id: "satu baris per hasil; tingkat 2 di bawah hasil tingkat 1-nya",
                en: "one row per result; level 2 below its level-1 result")),
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

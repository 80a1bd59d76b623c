/// The agency format v1, declared once: the model builder validates against it (S001-S005) and
/// `lintas schema` prints it as JSON Schema.
indirect enum FieldType: Sendable {
    case string
    case nip
    case int
    case bool
    case date
    case numberOrString
    /// One of `values`; `aliases` are accepted too (read as the value they stand for) but not offered.
    case enumeration([String], aliases: [String] = [])
    case map(MapSchema)
    case list(FieldType)

    var name: LocalizedText {
        switch self {
        case .string, .nip: return UIText[.formatTypeString]
        case .int: return UIText[.formatTypeInteger]
        case .bool: return UIText[.formatTypeBoolean]
        case .date: return UIText[.formatTypeDate]
        case .numberOrString: return UIText[.formatTypeNumberOrString]
        case .enumeration: return UIText[.formatTypeString]
        case .map: return UIText[.formatTypeMapping]
        case .list: return UIText[.formatTypeList]
        }
    }
}

struct FieldSpec: Sendable {
    var name: String
    var type: FieldType
    var required: Bool
    var description: LocalizedText
    /// The only value allowed (`versi: 1`), when there is one.
    var constant: Int?

    init(
        _ name: String, _ type: FieldType, required: Bool = false, constant: Int? = nil, _ id: String, _ en: String
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.constant = constant
        self.description = LocalizedText(id: id, en: en)
    }
}

struct MapSchema: Sendable {
    var name: String
    var fields: [FieldSpec]

    func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
    /// Whether the schema has this key (no field is copied).
    func hasField(_ name: String) -> Bool {
        fields.withUnsafeBufferPointer { f in f.contains { $0.name == name } }
    }
    var keys: [String] { fields.map(\.name) }
}

enum FormatSchema {
    static func values<E: RawRepresentable & CaseIterable>(_: E.Type) -> [String] where E.RawValue == String {
        E.allCases.map(\.rawValue)
    }

    static let sistemKerja = MapSchema(
        name: "sistem_kerja",
        fields: [
            FieldSpec(
                "peraturan", .string, required: true, "Judul/nomor peraturan instansi yang menyesuaikan sistem kerja",
                "Title/number of the agency's instrument adjusting its work system"),
            FieldSpec("ditetapkan", .date, required: true, "Tanggal ditetapkan", "Date enacted"),
            FieldSpec("diundangkan", .date, "Tanggal diundangkan", "Date promulgated"),
            FieldSpec(
                "berlaku", .date, "Tanggal mulai berlaku, bila lebih lambat dari penetapan",
                "Date it takes effect, when later than enactment"),
        ])

    static let instansi = MapSchema(
        name: "instansi",
        fields: [
            FieldSpec(
                "kode", .string, required: true,
                "Kode instansi, mis. PEMPROV-JABAR; membedakan pegawai sendiri dari pegawai instansi lain",
                "Agency code, e.g. PEMPROV-JABAR; tells own staff from external staff"),
            FieldSpec("nama", .string, required: true, "Nama instansi", "Agency name"),
            FieldSpec(
                "jenis", .enumeration(values(InstansiJenis.self)), required: true, "Jenis instansi", "Kind of agency"),
            FieldSpec(
                "sistem_kerja", .map(sistemKerja),
                "Peraturan instansi tentang penyesuaian sistem kerja (Pasal 25 PermenPAN-RB 7/2022)",
                "The agency's instrument adjusting its work system (Pasal 25 PermenPAN-RB 7/2022)"),
        ])

    static let unit = MapSchema(
        name: "unit_organisasi",
        fields: [
            FieldSpec(
                "kode", .string, required: true, "Kode unit, unik dalam instansi", "Unit code, unique within the agency"
            ),
            FieldSpec("nama", .string, required: true, "Nama unit", "Unit name"),
            FieldSpec(
                "tingkat", .enumeration(values(UnitLevel.self)), required: true, "Tingkat jabatan pimpinan unit",
                "Level of the post that heads the unit"),
            FieldSpec(
                "induk", .string, "Kode unit induk; kosong untuk unit teratas", "Parent unit code; absent for top units"
            ),
            FieldSpec("pimpinan", .nip, "NIP pimpinan unit", "NIP of the unit head"),
            FieldSpec(
                "mandiri", .bool, "Unit kerja mandiri yang pimpinannya menandatangani PK sendiri",
                "Independent work unit whose head signs its own PK"),
        ])

    static let employee = MapSchema(
        name: "pegawai",
        fields: [
            FieldSpec("nip", .nip, required: true, "NIP 18 digit", "18-digit NIP"),
            FieldSpec("nama", .string, required: true, "Nama pegawai", "Employee name"),
            FieldSpec(
                "jabatan", .string, required: true, "Nama jabatan, mis. Analis SDM Aparatur Ahli Muda",
                "Post name, e.g. Analis SDM Aparatur Ahli Muda"),
            FieldSpec(
                "jenis_jabatan", .enumeration(values(JenisJabatan.self)), required: true, "Jenis jabatan", "Post type"),
            FieldSpec(
                "jenjang", .enumeration(values(Jenjang.self)),
                "Jenjang: untuk jpt (utama/madya/pratama) dan fungsional; tidak diisi untuk lainnya",
                "Grade: for jpt (utama/madya/pratama) and fungsional; absent otherwise"),
            FieldSpec(
                "unit", .string,
                "Kode unit penempatan (wajib untuk pegawai sendiri); nama unit bebas untuk pegawai instansi lain",
                "Unit code of placement (required for own staff); free text for external staff"),
            FieldSpec(
                "instansi", .string, "Kode instansi asal pegawai dari instansi lain",
                "Agency code of an external employee"),
        ])

    /// What is measured and in what, for an indicator and for a result of any level.
    static let target = FieldSpec("target", .numberOrString, "Target", "Target")
    static let satuan = FieldSpec("satuan", .string, "Satuan", "Unit of measure")

    static let indicator = MapSchema(
        name: "indikator",
        fields: [
            FieldSpec(
                "kode", .string, required: true, "Kode indikator, unik dalam PK unit dan tahun",
                "Indicator code, unique within the unit's PK for the year"),
            FieldSpec("sasaran", .string, "Sasaran strategis yang diukur", "Strategic target measured"),
            FieldSpec("uraian", .string, required: true, "Uraian indikator", "Indicator description"),
            target, satuan,
        ])

    static let agreement = MapSchema(
        name: "perjanjian_kinerja",
        fields: [
            FieldSpec("unit", .string, required: true, "Kode unit JPT Pratama", "JPT Pratama unit code"),
            FieldSpec("tahun", .int, required: true, "Tahun anggaran", "Budget year"),
            FieldSpec("pejabat", .nip, "NIP pejabat penanda tangan", "NIP of the signing head"),
            FieldSpec(
                "indikator", .list(.map(indicator)), required: true, "Indikator kinerja", "Performance indicators"),
        ])

    static let penetapan = MapSchema(
        name: "penetapan",
        fields: [
            FieldSpec("nomor", .string, "Nomor SK penetapan tim", "Number of the decree setting up the team"),
            FieldSpec("tanggal", .date, "Tanggal SK", "Decree date"),
            FieldSpec("oleh", .nip, "NIP pejabat yang menetapkan", "NIP of the official who issued it"),
        ])

    static let periode = MapSchema(
        name: "periode",
        fields: [
            FieldSpec("mulai", .date, "Tanggal mulai", "Start date"),
            FieldSpec("selesai", .date, "Tanggal selesai", "End date"),
        ])

    static let team = MapSchema(
        name: "tim_kerja",
        fields: [
            FieldSpec(
                "kode", .string, required: true, "Kode tim, unik dalam instansi", "Team code, unique within the agency"),
            FieldSpec("nama", .string, required: true, "Nama tim", "Team name"),
            FieldSpec(
                "unit", .string, required: true, "Kode unit JPT Pratama tempat tim bertanggung jawab",
                "JPT Pratama unit the team answers to"),
            FieldSpec(
                "lingkup", .enumeration(values(Lingkup.self), aliases: Lingkup.aliases.keys.sorted()), required: true,
                "Lingkup tim", "Team scope"),
            FieldSpec(
                "jenis_pekerjaan", .enumeration(values(JenisPekerjaan.self)), "Jenis pekerjaan tim", "Kind of work"),
            FieldSpec("penetapan", .map(penetapan), "SK penetapan tim", "Decree (SK) that set up the team"),
            FieldSpec("periode", .map(periode), "Periode kerja tim", "Team period"),
            FieldSpec("ketua", .nip, "NIP ketua tim", "NIP of the team leader"),
            FieldSpec(
                "anggota", .list(.nip), required: true, "NIP anggota (ketua tidak diulang)",
                "Member NIPs (the ketua is not repeated)"),
        ])

    /// The fields of a result that are the same at both levels.
    static let resultCode = FieldSpec(
        "kode", .string, required: true, "Kode hasil, unik dalam matriks", "Result code, unique within the matrix")
    static let resultText = FieldSpec(
        "uraian", .string, required: true, "Hasil, dirumuskan sebagai hasil (bukan kegiatan)",
        "The result, phrased as an outcome")

    /// Results: level 2 (`turunan`) has the fields of level 1 but `indikator` and `tim`, and no
    /// level below it.
    static let result2 = MapSchema(
        name: "turunan",
        fields: [
            resultCode, resultText,
            FieldSpec(
                "pelaksana", .nip, required: true, "NIP anggota tim yang menghasilkan",
                "NIP of the team member who delivers it"),
            target, satuan,
            FieldSpec(
                "turunan", .list(.map(MapSchema(name: "turunan", fields: []))),
                "Tidak boleh: penyelarasan paling banyak dua tingkat", "Not allowed: alignment has at most two levels"),
        ])

    static let result1 = MapSchema(
        name: "hasil",
        fields: [
            resultCode, resultText,
            FieldSpec(
                "indikator", .string, required: true, "Kode indikator PK yang didukung", "PK indicator code it serves"),
            FieldSpec(
                "pelaksana", .nip, required: true, "NIP ketua tim atau pegawai perorangan",
                "NIP of the team leader or individual"),
            FieldSpec("tim", .string, "Kode tim yang menghasilkan", "Team code that delivers it"),
            target, satuan,
            FieldSpec(
                "turunan", .list(.map(result2)), "Hasil tingkat 2 untuk anggota tim",
                "Level-2 results of the team's members"),
        ])

    static let matrix = MapSchema(
        name: "matriks_peran_hasil",
        fields: [
            FieldSpec("unit", .string, required: true, "Kode unit JPT Pratama", "JPT Pratama unit code"),
            FieldSpec(
                "tahun", .int, required: true, "Tahun; harus sesuai dengan PK unit", "Year; must match a PK of the unit"
            ),
            FieldSpec(
                "penyelarasan", .enumeration(values(Penyelarasan.self)),
                "Penyelarasan dua tingkat (bawaan) atau satu tingkat", "Two-level (default) or one-level alignment"),
            FieldSpec("hasil", .list(.map(result1)), required: true, "Hasil tingkat 1", "Level-1 results"),
        ])

    /// The top-level keys of a document (discovery tells agency data from other YAML by them).
    static let topLevelKeys: Set<String> = Set(document.fields.map(\.name))

    static let document = MapSchema(
        name: "dokumen",
        fields: [
            FieldSpec("versi", .int, constant: 1, "Versi format; 1", "Format version; 1"),
            FieldSpec("instansi", .map(instansi), "Instansi (sekali per instansi)", "The agency (once per agency)"),
            FieldSpec("unit_organisasi", .list(.map(unit)), "Unit organisasi", "Organisational units"),
            FieldSpec("pegawai", .list(.map(employee)), "Pegawai ASN", "Employees"),
            FieldSpec(
                "perjanjian_kinerja", .list(.map(agreement)), "Perjanjian Kinerja pimpinan unit",
                "Performance agreements of unit heads"),
            FieldSpec("tim_kerja", .list(.map(team)), "Tim kerja", "Work teams"),
            FieldSpec(
                "matriks_peran_hasil", .list(.map(matrix)), "Matriks Peran Hasil per unit dan tahun",
                "Role-result matrices per unit and year"),
        ])
}

/// A value read from an agency file, with where it was written.
struct Located<Value: Sendable>: Sendable {
    var value: Value
    var location: SourceLocation

    init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

enum InstansiJenis: String, Sendable, CaseIterable {
    case kementerian, lembaga
    case pemerintahProvinsi = "pemerintah-provinsi"
    case pemerintahKabupaten = "pemerintah-kabupaten"
    case pemerintahKota = "pemerintah-kota"
}

/// The level of the post that heads a unit.
enum UnitLevel: String, Sendable, CaseIterable {
    case jptUtama = "jpt-utama"
    case jptMadya = "jpt-madya"
    case jptPratama = "jpt-pratama"
    case administrator
    case pengawas

    /// Structural units below JPT level (counted by O003).
    var isStructural: Bool { self == .administrator || self == .pengawas }
}

enum JenisJabatan: String, Sendable, CaseIterable {
    case jpt, administrator, pengawas, fungsional, pelaksana
}

/// A jenjang (grade) on one of the ladders.
enum Jenjang: String, Sendable, CaseIterable {
    case utama, madya, pratama
    case ahliUtama = "ahli-utama"
    case ahliMadya = "ahli-madya"
    case ahliMuda = "ahli-muda"
    case ahliPertama = "ahli-pertama"
    case penyelia, mahir, terampil, pemula

    enum Ladder: String, Sendable {
        case jpt, keahlian, keterampilan
    }

    var ladder: Ladder {
        switch self {
        case .utama, .madya, .pratama: return .jpt
        case .ahliUtama, .ahliMadya, .ahliMuda, .ahliPertama: return .keahlian
        case .penyelia, .mahir, .terampil, .pemula: return .keterampilan
        }
    }

    /// Rank on its ladder: higher is more senior. Compare only on the same ladder.
    var rank: Int {
        switch self {
        case .pratama, .ahliPertama, .pemula: return 1
        case .madya, .ahliMuda, .terampil: return 2
        case .utama, .ahliMadya, .mahir: return 3
        case .ahliUtama, .penyelia: return 4
        }
    }

    /// The jenjang a post type allows (empty: none may be given).
    static func allowed(for jenis: JenisJabatan) -> [Jenjang] {
        switch jenis {
        case .jpt: return [.utama, .madya, .pratama]
        case .fungsional:
            return [.ahliUtama, .ahliMadya, .ahliMuda, .ahliPertama, .penyelia, .mahir, .terampil, .pemula]
        case .administrator, .pengawas, .pelaksana: return []
        }
    }
}

enum Lingkup: String, Sendable, CaseIterable {
    case internalBidang = "internal-bidang"
    case lintasBidang = "lintas-bidang"
    case lintasPerangkatDaerah = "lintas-perangkat-daerah"
    case lintasInstansi = "lintas-instansi"

    /// Accepted spellings: the four values and the alias `lintas-unit-organisasi`.
    static let aliases = ["lintas-unit-organisasi": Lingkup.lintasPerangkatDaerah]
}

enum JenisPekerjaan: String, Sendable, CaseIterable {
    case administratif, pengembangan
}

enum Penyelarasan: String, Sendable, CaseIterable {
    case duaTingkat = "dua-tingkat"
    case satuTingkat = "satu-tingkat"
}

/// The agency's own instrument that adjusts its work system (what Pasal 25 asks for).
struct SistemKerja: Sendable {
    var peraturan: Located<String>?
    var ditetapkan: Located<CivilDate>?
    var diundangkan: Located<CivilDate>?
    var berlaku: Located<CivilDate>?
    var keyLocation: SourceLocation
}

struct Instansi: Sendable {
    var kode: Located<String>?
    var nama: Located<String>?
    var jenis: Located<InstansiJenis>?
    var sistemKerja: SistemKerja?
    /// The `instansi` key.
    var keyLocation: SourceLocation
    var location: SourceLocation
}

struct Unit: Sendable {
    var kode: Located<String>?
    var nama: Located<String>?
    var tingkat: Located<UnitLevel>?
    var induk: Located<String>?
    var pimpinan: Located<String>?
    var mandiri: Located<Bool>?
    var location: SourceLocation
    var path: String

    /// A JPT Pratama unit: `tingkat: jpt-pratama` or `mandiri: true`.
    var isJPTPratama: Bool { tingkat?.value == .jptPratama || mandiri?.value == true }
    /// A JPT unit of any grade (utama, madya, pratama) or an independent unit: where M001 and T002
    /// accept a matrix or a team.
    var isJPTUnit: Bool {
        switch tingkat?.value {
        case .jptPratama?, .jptMadya?, .jptUtama?: return true
        default: return mandiri?.value == true
        }
    }
}

struct Employee: Sendable {
    var nip: Located<String>?
    var nama: Located<String>?
    var jabatan: Located<String>?
    var jenisJabatan: Located<JenisJabatan>?
    /// Valid for the post type (S008 otherwise, and then nil).
    var jenjang: Located<Jenjang>?
    var unit: Located<String>?
    var instansi: Located<String>?
    /// True when `instansi` names another agency.
    var isExternal: Bool
    var location: SourceLocation
    /// Where the item is in its list (its `path`, made into text only when asked for).
    var itemPath: ListItemPath

    /// `pegawai[nip=…]`, or `pegawai[3]` without a NIP.
    var path: String {
        get { itemPath.text(id: nip?.value) }
        set { itemPath = ListItemPath(literal: newValue) }
    }
}

struct Indicator: Sendable {
    var kode: Located<String>?
    var sasaran: Located<String>?
    var uraian: Located<String>?
    var target: Located<String>?
    var satuan: Located<String>?
    var location: SourceLocation
    var itemPath: ListItemPath

    var path: String {
        get { itemPath.text(id: kode?.value) }
        set { itemPath = ListItemPath(literal: newValue) }
    }
}

struct PerformanceAgreement: Sendable {
    var unit: Located<String>?
    var tahun: Located<Int>?
    var pejabat: Located<String>?
    var indikator: [Indicator]
    var location: SourceLocation
    var path: String
}

struct Penetapan: Sendable {
    var nomor: Located<String>?
    var tanggal: Located<CivilDate>?
    var oleh: Located<String>?
    var keyLocation: SourceLocation
    /// Whether `nomor` / `tanggal` were written at all (not null), even when the value was unusable
    /// (a `tanggal` that is not a date is S005's, not "not filled in").
    var nomorGiven: Bool
    var tanggalGiven: Bool

    init(
        nomor: Located<String>?, tanggal: Located<CivilDate>?, oleh: Located<String>?, keyLocation: SourceLocation,
        nomorGiven: Bool? = nil, tanggalGiven: Bool? = nil
    ) {
        self.nomor = nomor
        self.tanggal = tanggal
        self.oleh = oleh
        self.keyLocation = keyLocation
        self.nomorGiven = nomorGiven ?? (nomor != nil)
        self.tanggalGiven = tanggalGiven ?? (tanggal != nil)
    }
}

struct Periode: Sendable {
    var mulai: Located<CivilDate>?
    var selesai: Located<CivilDate>?
    var keyLocation: SourceLocation
}

struct Team: Sendable {
    var kode: Located<String>?
    var nama: Located<String>?
    var unit: Located<String>?
    var lingkup: Located<Lingkup>?
    var jenisPekerjaan: Located<JenisPekerjaan>?
    /// Whether `jenis_pekerjaan` was written (an invalid value is S004's, not "missing").
    var jenisPekerjaanGiven: Bool = false
    var penetapan: Penetapan?
    var periode: Periode?
    var ketua: Located<String>?
    var anggota: [Located<String>]
    var location: SourceLocation
    var itemPath: ListItemPath

    var path: String {
        get { itemPath.text(id: kode?.value) }
        set { itemPath = ListItemPath(literal: newValue) }
    }

    /// Everyone in the team: the ketua first, then the members.
    var people: [Located<String>] { (ketua.map { [$0] } ?? []) + anggota }
}

struct MatrixResult: Sendable {
    var kode: Located<String>?
    var uraian: Located<String>?
    /// Level 1 only: the PK indicator served.
    var indikator: Located<String>?
    var pelaksana: Located<String>?
    /// Level 1 only: the team that delivers it.
    var tim: Located<String>?
    var target: Located<String>?
    var satuan: Located<String>?
    var turunan: [MatrixResult]
    /// The `turunan` key, when written.
    var turunanKey: SourceLocation?
    /// 1 for `hasil`, 2 for `turunan`, 3 and more for deeper (M005).
    var level: Int
    var location: SourceLocation
    var itemPath: ListItemPath

    var path: String {
        get { itemPath.text(id: kode?.value) }
        set { itemPath = ListItemPath(literal: newValue) }
    }
}

struct Matrix: Sendable {
    var unit: Located<String>?
    var tahun: Located<Int>?
    var penyelarasan: Located<Penyelarasan>?
    var hasil: [MatrixResult]
    var location: SourceLocation
    var path: String

    var mode: Penyelarasan { penyelarasan?.value ?? .duaTingkat }
}

/// An agency as read from its documents; list sections concatenated in file order.
public struct Agency: Sendable {
    /// The name shown in reports: the agency's directory or file, as displayed.
    var name: String
    /// The files that make up the agency, as displayed, sorted.
    var files: [String]
    var versi: [Located<Int>] = []
    var instansi: [Instansi] = []
    var units: [Unit] = []
    var employees: [Employee] = []
    var agreements: [PerformanceAgreement] = []
    var teams: [Team] = []
    var matrices: [Matrix] = []

    init(name: String, files: [String]) {
        self.name = name
        self.files = files
    }

    /// The agency code, when `instansi.kode` was given once.
    var code: String? { instansi.first?.kode?.value }
}

/// The path of a list item (`pegawai[nip=…]`, `…hasil[kode=H1].turunan[2]`) without a string of
/// its own: the list's path and key are shared by all its items (one ``ListPrefix``), and the
/// item's identifier is its own field's value. 12 bytes, where a path string was 16 plus a heap
/// allocation of 48-100 bytes for each of a large agency's items.
struct ListItemPath: Sendable {
    let prefix: ListPrefix
    /// The item's 0-based place in its list.
    let index: Int32

    init(_ prefix: ListPrefix, index: Int) {
        self.prefix = prefix
        self.index = Int32(truncatingIfNeeded: index)
    }

    /// A path given as text (tests, hand-made models, items whose identifier is not their field's value).
    init(literal: String) {
        self.prefix = ListPrefix(literal: literal)
        self.index = 0
    }

    /// The path, with `id` the item's identifier field's value (nil or empty: by index).
    func text(id: String?) -> String {
        if prefix.isLiteral { return prefix.text }
        if let id, !id.isEmpty { return ModelBuilder.exact(prefix.text, "[", prefix.key, "=", id, "]") }
        return ModelBuilder.exact(prefix.text, "[", String(index), "]")
    }
}

/// A list's path and the key that names its items; shared by every item of the list.
final class ListPrefix: Sendable {
    let text: String
    let key: String
    /// The text is an item's whole path.
    let isLiteral: Bool

    init(_ text: String, key: String) {
        self.text = text
        self.key = key
        self.isLiteral = false
    }

    init(literal: String) {
        self.text = literal
        self.key = ""
        self.isLiteral = true
    }
}

// The initialisers with a path as text (the memberwise ones with `itemPath` are the fast way).
extension Employee {
    init(
        nip: Located<String>?, nama: Located<String>?, jabatan: Located<String>?, jenisJabatan: Located<JenisJabatan>?,
        jenjang: Located<Jenjang>?, unit: Located<String>?, instansi: Located<String>?, isExternal: Bool,
        location: SourceLocation, path: String
    ) {
        self.init(
            nip: nip, nama: nama, jabatan: jabatan, jenisJabatan: jenisJabatan, jenjang: jenjang, unit: unit,
            instansi: instansi, isExternal: isExternal, location: location, itemPath: ListItemPath(literal: path))
    }
}

extension Indicator {
    init(
        kode: Located<String>?, sasaran: Located<String>?, uraian: Located<String>?, target: Located<String>?,
        satuan: Located<String>?, location: SourceLocation, path: String
    ) {
        self.init(
            kode: kode, sasaran: sasaran, uraian: uraian, target: target, satuan: satuan, location: location,
            itemPath: ListItemPath(literal: path))
    }
}

extension Team {
    init(
        kode: Located<String>?, nama: Located<String>?, unit: Located<String>?, lingkup: Located<Lingkup>?,
        jenisPekerjaan: Located<JenisPekerjaan>?, jenisPekerjaanGiven: Bool = false, penetapan: Penetapan?,
        periode: Periode?, ketua: Located<String>?, anggota: [Located<String>], location: SourceLocation, path: String
    ) {
        self.init(
            kode: kode, nama: nama, unit: unit, lingkup: lingkup, jenisPekerjaan: jenisPekerjaan,
            jenisPekerjaanGiven: jenisPekerjaanGiven, penetapan: penetapan, periode: periode, ketua: ketua,
            anggota: anggota, location: location, itemPath: ListItemPath(literal: path))
    }
}

extension MatrixResult {
    init(
        kode: Located<String>?, uraian: Located<String>?, indikator: Located<String>?, pelaksana: Located<String>?,
        tim: Located<String>?, target: Located<String>?, satuan: Located<String>?, turunan: [MatrixResult],
        turunanKey: SourceLocation?, level: Int, location: SourceLocation, path: String
    ) {
        self.init(
            kode: kode, uraian: uraian, indikator: indikator, pelaksana: pelaksana, tim: tim, target: target,
            satuan: satuan, turunan: turunan, turunanKey: turunanKey, level: level, location: location,
            itemPath: ListItemPath(literal: path))
    }
}

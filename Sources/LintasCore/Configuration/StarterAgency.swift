import Foundation

/// The small, valid agency `lintas init` writes: one JPT Pratama unit with one bidang, five
/// employees, one team, a PK and its Matriks Peran Hasil, and a commented `.lintas.yml`.
/// It passes every rule of the default packs and of `pergub-jabar-181-2021` on any date after the
/// Pasal 25 deadline (its `sistem_kerja` was enacted on 2022-06-01, before that deadline).
public enum StarterAgency {
    /// File name and content, in the order they are written.
    static let files: [(name: String, content: String)] = [
        ("instansi.yaml", instansi),
        ("unit_organisasi.yaml", units),
        ("pegawai.yaml", employees),
        ("tim_kerja.yaml", teams),
        ("perjanjian_kinerja.yaml", agreements),
        ("matriks_peran_hasil.yaml", matrices),
        (Configuration.fileName, config),
    ]

    /// Writes the starter into `directory` (created when missing). Refuses, before writing
    /// anything, when a file exists, unless `force`. Returns the paths written.
    public static func write(to directory: String, force: Bool) throws -> [String] {
        try AgencyFiles.write(files, to: directory, force: force)
    }

    static let instansi = """
        # Instansi contoh dari `lintas init`. Ganti isinya dengan data instansi Anda, lalu jalankan
        # `lintas check .`. Format berkas: versi 1 (lihat `lintas schema` untuk JSON Schema-nya).
        versi: 1

        instansi:
          kode: DINAS-CONTOH
          nama: Dinas Contoh Kabupaten Contoh
          jenis: pemerintah-kabupaten
          # Peraturan instansi tentang penyesuaian sistem kerja (Pasal 25 PermenPAN-RB 7/2022).
          sistem_kerja:
            peraturan: Peraturan Bupati Contoh Nomor 12 Tahun 2022 tentang Sistem Kerja
            ditetapkan: 2022-06-01

        """

    static let units = """
        # Unit organisasi. Tim kerja dan Matriks Peran Hasil menggantung pada unit JPT Pratama.
        unit_organisasi:
          - kode: DINAS
            nama: Dinas Contoh
            tingkat: jpt-pratama
            pimpinan: "197203152000031002"
          - kode: BIDANG-LAYANAN
            nama: Bidang Layanan Digital
            tingkat: administrator
            induk: DINAS
            pimpinan: "197811202005012003"

        """

    static let employees = """
        # Pegawai ASN. NIP 18 digit: tanggal lahir, TMT CPNS (tahun dan bulan), jenis kelamin, nomor urut.
        pegawai:
          - nip: "197203152000031002"
            nama: Kepala Dinas Contoh
            jabatan: Kepala Dinas Contoh
            jenis_jabatan: jpt
            jenjang: pratama
            unit: DINAS
          - nip: "197811202005012003"
            nama: Kepala Bidang Contoh
            jabatan: Kepala Bidang Layanan Digital
            jenis_jabatan: administrator
            unit: BIDANG-LAYANAN
          - nip: "198506102010011004"
            nama: Ketua Tim Contoh
            jabatan: Pranata Komputer Ahli Muda
            jenis_jabatan: fungsional
            jenjang: ahli-muda
            unit: BIDANG-LAYANAN
          - nip: "199204252019032005"
            nama: Anggota Tim Contoh Satu
            jabatan: Pranata Komputer Ahli Pertama
            jenis_jabatan: fungsional
            jenjang: ahli-pertama
            unit: BIDANG-LAYANAN
          - nip: "199509302020121006"
            nama: Anggota Tim Contoh Dua
            jabatan: Pengolah Data dan Informasi
            jenis_jabatan: pelaksana
            unit: BIDANG-LAYANAN

        """

    static let teams = """
        # Tim kerja: ditetapkan dengan SK pimpinan unit, dipimpin ketua dari pejabat fungsional atau pelaksana.
        tim_kerja:
          - kode: TK-01
            nama: Tim Layanan Digital Terpadu
            unit: DINAS
            lingkup: internal-bidang
            jenis_pekerjaan: pengembangan
            penetapan:
              nomor: 800/001/DINAS/2025
              tanggal: 2025-01-02
              oleh: "197203152000031002"
            periode:
              mulai: 2025-01-02
              selesai: 2025-12-31
            ketua: "198506102010011004"
            anggota:
              - "199204252019032005"
              - "199509302020121006"

        """

    static let agreements = """
        # Perjanjian Kinerja pimpinan unit JPT Pratama: indikator yang diturunkan lewat Matriks Peran Hasil.
        perjanjian_kinerja:
          - unit: DINAS
            tahun: 2025
            pejabat: "197203152000031002"
            indikator:
              - kode: IKU-1
                sasaran: Meningkatnya kualitas layanan publik digital
                uraian: Indeks kepuasan pengguna layanan digital
                target: 85
                satuan: indeks
              - kode: IKU-2
                uraian: Persentase layanan yang tersedia secara daring
                target: 60
                satuan: persen

        """

    static let matrices = """
        # Matriks Peran Hasil: indikator PK -> hasil tingkat 1 (ketua tim atau perorangan)
        # -> hasil tingkat 2 (anggota tim). Rumuskan sebagai hasil, bukan kegiatan.
        matriks_peran_hasil:
          - unit: DINAS
            tahun: 2025
            hasil:
              - kode: H1
                uraian: Layanan digital terpadu yang memenuhi standar pelayanan
                indikator: IKU-1
                tim: TK-01
                pelaksana: "198506102010011004"
                turunan:
                  - kode: H1.1
                    uraian: Rancangan alur layanan digital yang disetujui
                    pelaksana: "199204252019032005"
                  - kode: H1.2
                    uraian: Data pengguna layanan yang mutakhir
                    pelaksana: "199509302020121006"
              - kode: H2
                uraian: Layanan daring baru yang beroperasi
                indikator: IKU-2
                pelaksana: "197811202005012003"

        """

    static let config = """
        # Konfigurasi lintas (lihat `lintas check --help` dan `lintas explain KODE`). Kunci yang tidak dikenal adalah galat.
        version: 1

        # Paket aturan. `dasar` selalu aktif. Instansi di Jawa Barat menambahkan pergub-jabar-181-2021.
        packs: [permenpanrb-7-2022]
        # packs: [permenpanrb-7-2022, pergub-jabar-181-2021]

        # Tanggal penilaian untuk aturan tenggat Pasal 25 (bawaan: hari ini).
        # as_of: 2025-06-30

        # Tingkat dan parameter aturan:
        # rules:
        #   K003: { severity: warning, params: { jenjang_minimum: ahli-muda } }
        #   M014: off

        # Parameter paket, mis. tanggal diundangkan PermenPAN-RB 7/2022 yang menjadi dasar tenggat Pasal 25
        # (bawaan 2022-02-16, Berita Negara 2022 Nomor 181):
        # params:
        #   permenpanrb-7-2022.diundangkan: 2022-02-16

        # Berkas yang dilewati, baseline temuan lama, dan daftar pengecualian:
        # ignore: ["draf/**"]
        # baseline: .lintas-baseline.json
        # waivers: .lintas-waivers.yml

        """
}

/// Writing a set of agency files into a directory: `lintas init` and `lintas import`.
public enum AgencyFiles {
    /// Writes `files` into `directory` (created when missing). Refuses, before writing anything,
    /// when a file exists, unless `force`. All or nothing (``AtomicFileSet``): a failure leaves
    /// the directory as it was. Returns the paths written, in order.
    public static func write(_ files: [(name: String, content: String)], to directory: String, force: Bool) throws
        -> [String]
    {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        var created = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw LintasError("not a directory / bukan direktori: \(directory)") }
        } else {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                created = true
            } catch {
                throw LintasError("cannot create directory / direktori tidak dapat dibuat: \(directory)")
            }
        }
        let paths = files.map { AgencyDiscovery.join(directory, $0.name) }
        do {
            try LintasError.refuseOverwrite(paths, force: force)
            try AtomicFileSet.write(zip(paths, files).map { ($0, Array($1.content.utf8)) })
        } catch {
            if created { rmdir(directory) }
            throw error
        }
        return paths
    }
}

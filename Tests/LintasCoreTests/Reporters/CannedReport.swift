@testable import LintasCore

/// One fixed report for the reporter goldens: two agencies, every severity and status, notes,
/// Indonesian and English wording, and hostile values (`<script>`, quotes, `|`, backticks).
/// Built by hand so the goldens never move when the shipped rules or examples change.
enum CannedReport {
    /// A fixed repository root for the goldens (never read from disk: every path is below it).
    static let anchor = PathAnchor(root: "/srv/lintas repo", workingDirectory: "/srv/lintas repo")

    static func loc(_ file: String, _ line: Int, _ col: Int, _ endLine: Int? = nil, _ endCol: Int? = nil)
        -> SourceLocation
    {
        SourceLocation(
            file: file,
            range: SourceRange(
                start: SourcePosition(line: line, column: col),
                end: SourcePosition(line: endLine ?? line, column: endCol ?? col)))
    }

    static func located<T: Sendable>(_ v: T, _ file: String = "agencies/jabar/tim.yaml", _ line: Int = 1) -> Located<T>
    {
        Located(v, at: loc(file, line, 1))
    }

    static func rule(
        _ code: String, _ name: String, _ pack: String, _ sev: RuleLevel, _ basis: Basis,
        title: (String, String), citation: (String, String)
    ) -> RuleDescriptor {
        RuleDescriptor(
            code: code, name: name, pack: pack, status: "stable", severity: sev, basis: basis,
            citation: LocalizedText(id: citation.0, en: citation.1), title: LocalizedText(id: title.0, en: title.1),
            params: [:], messages: [:], notes: [:],
            what: LocalizedText(id: "Memeriksa \(title.0.lowercased()).", en: "Checks: \(title.1.lowercased())."),
            why: LocalizedText(
                id: "Alasan aturan \(code) menurut \(citation.0).", en: "Why \(code) matters, per \(citation.1)."),
            fix: LocalizedText(id: "Perbaiki data sesuai aturan \(code).", en: "Fix the data as \(code) asks."))
    }

    static let rules: [String: RuleDescriptor] = {
        let list = [
            rule(
                "Y001", "yaml-syntax-error", "dasar", .on(.error), .inference,
                title: ("Sintaks YAML tidak valid", "Invalid YAML syntax"),
                citation: ("format berkas lintas v1", "lintas file format v1")),
            rule(
                "R002", "unknown-employee", "dasar", .on(.error), .inference,
                title: ("Rujukan ke pegawai yang tidak ada", "Reference to an unknown employee"),
                citation: ("format berkas lintas v1", "lintas file format v1")),
            rule(
                "O002", "unit-without-head", "permenpanrb-7-2022", .on(.warning), .inference,
                title: ("Unit tanpa pimpinan", "Unit without a head"),
                citation: ("PermenPAN-RB 7/2022", "PermenPAN-RB 7/2022")),
            rule(
                "T001", "team-without-decree", "permenpanrb-7-2022", .on(.error), .practice,
                title: ("Tim tanpa SK penetapan", "Team without a decree"),
                citation: ("Pergub Jabar 181/2021", "Pergub Jabar 181/2021")),
            rule(
                "K001", "ketua-post-type", "permenpanrb-7-2022", .on(.error), .practice,
                title: (
                    "Ketua tim bukan pejabat fungsional atau pelaksana",
                    "Team leader is not a functional or executing official"
                ),
                citation: (
                    "PermenPAN-RB 7/2022; praktik Pergub Jabar 181/2021",
                    "PermenPAN-RB 7/2022; West Java practice (Pergub 181/2021)"
                )),
            rule(
                "K003", "ketua-minimum-grade", "permenpanrb-7-2022", .off, .inference,
                title: ("Jenjang ketua tim di bawah batas", "Team leader below the minimum grade"),
                citation: ("inferensi", "inference")),
            rule(
                "M011", "member-without-result", "permenpanrb-7-2022", .on(.warning), .text,
                title: ("Anggota tim tanpa hasil tingkat 2", "Team member without a level-2 result"),
                citation: ("PermenPAN-RB 8/2021", "PermenPAN-RB 8/2021")),
            rule(
                "M014", "activity-verb", "permenpanrb-7-2022", .on(.info), .text,
                title: ("Hasil dirumuskan sebagai kegiatan", "Result phrased as an activity"),
                citation: ("PermenPAN-RB 8/2021", "PermenPAN-RB 8/2021")),
            rule(
                "D001", "no-work-system", "permenpanrb-7-2022", .on(.error), .secondary,
                title: (
                    "Instansi belum menetapkan penyesuaian sistem kerja", "Agency has not adjusted its work system"
                ),
                citation: ("Pasal 25 PermenPAN-RB 7/2022", "Article 25 PermenPAN-RB 7/2022")),
            rule(
                "J001", "team-without-kind", "pergub-jabar-181-2021", .on(.warning), .practice,
                title: ("Jenis pekerjaan tim tidak diisi", "Team has no kind of work"),
                citation: ("Pergub Jabar 181/2021", "Pergub Jabar 181/2021")),
        ]
        var out: [String: RuleDescriptor] = [:]
        for r in list { out[r.code] = r }
        return out
    }()

    /// The canned rules in force, with the Pasal 25 promulgation date the national pack uses.
    static let activeRules = ActiveRules(
        packs: ["dasar", "permenpanrb-7-2022"], rules: rules, configuredSeverity: [],
        packParams: [
            "permenpanrb-7-2022.diundangkan": PackParam(
                value: .string("2022-02-16"), source: "permenpanrb-7-2022", verified: true)
        ])

    static func finding(
        _ code: String, _ sev: Severity, _ message: (String, String), _ location: SourceLocation,
        path: String, entity: String, notes: [FindingNote] = [], status: FindingStatus = .open
    ) -> Finding {
        let r = rules[code]
        return Finding(
            rule: code, ruleName: r?.name ?? code, severity: sev, message: LocalizedText(id: message.0, en: message.1),
            location: location, path: path, entity: entity, notes: notes,
            citation: r?.citation ?? LocalizedText(""), basis: r?.basis ?? .inference, status: status)
    }

    static let hostileName = "Dinas \"Kominfo\" <script>alert('x')</script> & Co"

    static let jabarAgency: Agency = {
        let f = "agencies/jabar/tim.yaml"
        var a = Agency(
            name: "agencies/jabar", files: ["agencies/jabar/instansi.yaml", f, "agencies/jabar/matriks.yaml"])
        let sk = SistemKerja(
            peraturan: located("Pergub 57/2023"), ditetapkan: located(CivilDate(year: 2023, month: 5, day: 1)!),
            diundangkan: nil,
            berlaku: nil, keyLocation: loc(f, 1, 1))
        a.instansi = [
            Instansi(
                kode: located("PEMPROV-JABAR"), nama: located("Pemerintah Daerah Provinsi Jawa Barat"),
                jenis: located(.pemerintahProvinsi),
                sistemKerja: sk, keyLocation: loc(f, 1, 1), location: loc(f, 1, 1))
        ]
        a.units = [
            Unit(
                kode: located("DISKOMINFO"), nama: located(hostileName), tingkat: located(.jptPratama), induk: nil,
                pimpinan: located("197001012000031001"),
                mandiri: nil, location: loc(f, 2, 3), path: "unit_organisasi[kode=DISKOMINFO]"),
            Unit(
                kode: located("APTIKA"), nama: located("Bidang Aplikasi Informatika"), tingkat: located(.administrator),
                induk: located("DISKOMINFO"),
                pimpinan: nil, mandiri: nil, location: loc(f, 6, 3), path: "unit_organisasi[kode=APTIKA]"),
        ]
        func emp(
            _ nip: String, _ nama: String, _ jabatan: String, _ jenis: JenisJabatan, _ jenjang: Jenjang?, unit: String,
            instansi: String? = nil
        ) -> Employee {
            Employee(
                nip: located(nip), nama: located(nama), jabatan: located(jabatan), jenisJabatan: located(jenis),
                jenjang: jenjang.map { located($0) },
                unit: located(unit), instansi: instansi.map { located($0) }, isExternal: instansi != nil,
                location: loc(f, 10, 3),
                path: "pegawai[nip=\(nip)]")
        }
        a.employees = [
            emp(
                "197001012000031001", "Dr. Hj. Siti 'Kepala' Rahma", "Kepala Dinas", .jpt, .pratama, unit: "DISKOMINFO"),
            emp(
                "198001012005011002", "Budi <b>Santoso</b>", "Kepala Bidang Aplikasi Informatika", .administrator, nil,
                unit: "APTIKA"),
            emp(
                "199001012015031003", "Citra Lestari", "Pranata Komputer Ahli Muda", .fungsional, .ahliMuda,
                unit: "APTIKA"),
            emp(
                "199202022018012004", "Dedi Kurniawan", "Analis Data", .pelaksana, nil, unit: "Dinas Luar",
                instansi: "PEMKOT-BANDUNG"),
        ]
        a.agreements = [
            PerformanceAgreement(
                unit: located("DISKOMINFO"), tahun: located(2024), pejabat: located("197001012000031001"),
                indikator: [
                    Indicator(
                        kode: located("IKU-1"), sasaran: nil, uraian: located("Indeks SPBE"), target: located("3,5"),
                        satuan: located("indeks"),
                        location: loc(f, 20, 7),
                        path: "perjanjian_kinerja[unit=DISKOMINFO,tahun=2024].indikator[kode=IKU-1]"),
                    Indicator(
                        kode: located("IKU-2"), sasaran: nil, uraian: located("Persentase layanan \"daring\""),
                        target: located("80"),
                        satuan: located("%"),
                        location: loc(f, 24, 7),
                        path: "perjanjian_kinerja[unit=DISKOMINFO,tahun=2024].indikator[kode=IKU-2]"),
                ],
                location: loc(f, 18, 3), path: "perjanjian_kinerja[unit=DISKOMINFO,tahun=2024]")
        ]
        a.teams = [
            Team(
                kode: located("TK-01"), nama: located("Tim <Percepatan> SPBE"), unit: located("DISKOMINFO"),
                lingkup: located(.lintasInstansi),
                jenisPekerjaan: nil,
                penetapan: Penetapan(
                    nomor: located("800/12/Diskominfo"), tanggal: located(CivilDate(year: 2024, month: 1, day: 15)!),
                    oleh: located("197001012000031001"), keyLocation: loc(f, 13, 5)),
                periode: nil, ketua: located("198001012005011002"),
                anggota: [located("199001012015031003"), located("199202022018012004")],
                location: loc(f, 12, 3), path: "tim_kerja[kode=TK-01]")
        ]
        let mp = "matriks_peran_hasil[unit=DISKOMINFO,tahun=2024]"
        func result(
            _ kode: String, _ uraian: String, indikator: String?, pelaksana: String, tim: String?, level: Int,
            path: String, turunan: [MatrixResult] = []
        ) -> MatrixResult {
            MatrixResult(
                kode: located(kode), uraian: located(uraian), indikator: indikator.map { located($0) },
                pelaksana: located(pelaksana),
                tim: tim.map { located($0) }, target: nil, satuan: nil, turunan: turunan, turunanKey: nil, level: level,
                location: loc("agencies/jabar/matriks.yaml", 5, 7), path: path)
        }
        let h1 = "\(mp).hasil[kode=H1]"
        a.matrices = [
            Matrix(
                unit: located("DISKOMINFO"), tahun: located(2024), penyelarasan: nil,
                hasil: [
                    result(
                        "H1", "Aplikasi layanan terintegrasi", indikator: "IKU-1", pelaksana: "198001012005011002",
                        tim: "TK-01", level: 1, path: h1,
                        turunan: [
                            result(
                                "H1.1", "Menyusun rancangan aplikasi", indikator: nil, pelaksana: "199001012015031003",
                                tim: nil, level: 2,
                                path: "\(h1).turunan[kode=H1.1]")
                        ]),
                    result(
                        "H2", "Data terpadu & <valid>", indikator: "IKU-9", pelaksana: "199001012015031003", tim: nil,
                        level: 1,
                        path: "\(mp).hasil[kode=H2]"),
                ],
                location: loc("agencies/jabar/matriks.yaml", 1, 3), path: mp)
        ]
        return a
    }()

    static let jabar: AgencyResult = {
        let f = "agencies/jabar/tim.yaml"
        let findings = [
            finding(
                "T001", .error, ("tim \"TK-02\" belum memiliki SK penetapan", "team \"TK-02\" has no decree"),
                loc(f, 4, 5, 4, 10), path: "tim_kerja[kode=TK-02]", entity: "TK-02",
                status: .waived(
                    justification: "SK sedang diproses | menunggu `paraf`",
                    expires: CivilDate(year: 2024, month: 12, day: 31))),
            finding(
                "K001", .error,
                (
                    "ketua tim \"198001012005011002\" adalah administrator; ketua harus pejabat fungsional atau pelaksana",
                    "the leader of team \"198001012005011002\" is an administrator; a leader must be a functional or executing official"
                ),
                loc(f, 14, 13, 14, 33), path: "tim_kerja[kode=TK-01].ketua", entity: "TK-01",
                notes: [
                    FindingNote(
                        message: LocalizedText(
                            id: "jabatan pegawai ditulis di sini", en: "the employee's post is given here"),
                        location: loc("agencies/jabar/instansi.yaml", 30, 5))
                ]),
            finding(
                "J001", .warning,
                ("tim \"TK-01\" tidak menyebut jenis_pekerjaan", "team \"TK-01\" does not give jenis_pekerjaan"),
                loc(f, 12, 5, 12, 16), path: "tim_kerja[kode=TK-01]", entity: "TK-01", status: .baselined),
            finding(
                "M011", .warning,
                (
                    "anggota \"199202022018012004\" tim \"TK-01\" tidak mendapat hasil tingkat 2",
                    "member \"199202022018012004\" of team \"TK-01\" gets no level-2 result"
                ),
                loc(f, 17, 9, 17, 29), path: "tim_kerja[kode=TK-01].anggota[1]", entity: "TK-01/199202022018012004"),
            finding(
                "M014", .info,
                (
                    "uraian hasil \"H1.1\" diawali kata kerja kegiatan \"Menyusun\"",
                    "result \"H1.1\" starts with the activity verb \"Menyusun\""
                ),
                loc("agencies/jabar/matriks.yaml", 9, 17, 9, 44),
                path: "matriks_peran_hasil[unit=DISKOMINFO,tahun=2024].hasil[kode=H1].turunan[kode=H1.1].uraian",
                entity: "DISKOMINFO/2024/H1.1", status: .suppressed(reason: "istilah baku instansi")),
        ].sorted(by: Finding.ordered)
        return AgencyResult(
            name: "agencies/jabar", files: jabarAgency.files,
            packs: ["dasar", "permenpanrb-7-2022", "pergub-jabar-181-2021"],
            asOf: CivilDate(year: 2024, month: 6, day: 30)!, configFile: "agencies/jabar/.lintas.yml",
            findings: findings,
            sources: [:], fixedBaselineEntries: 1, agency: jabarAgency,
            figures: AgencyFigures.compute(jabarAgency, rules: activeRules, findings: findings))
    }()

    static let pusat: AgencyResult = {
        let f = "agencies/pusat/kementerian.yaml"
        let findings = [
            finding(
                "Y001", .error,
                (
                    "sintaks YAML tidak valid: kunci yang diharapkan tidak ditemukan",
                    "invalid YAML syntax: did not find expected key"
                ),
                loc("agencies/pusat/rusak dan spasi.yaml", 3, 5), path: "",
                entity: "agencies/pusat/rusak dan spasi.yaml"),
            finding(
                "D001", .warning,
                (
                    "instansi belum menetapkan sistem kerja; tenggat 2023-01-31, tinggal 0 hari",
                    "the agency has not adopted its work system; deadline 2023-01-31, 0 days left"
                ),
                loc(f, 1, 1, 1, 9), path: "instansi", entity: "KEMENTERIAN-CONTOH"),
            finding(
                "R002", .error,
                ("NIP \"19x|`y`\" tidak ada di daftar pegawai", "NIP \"19x|`y`\" is not in the employee list"),
                loc(f, 40, 15, 40, 24), path: "tim_kerja[kode=TK-09].anggota[0]", entity: "TK-09/19x|`y`"),
        ].sorted(by: Finding.ordered)
        return AgencyResult(
            name: "agencies/pusat", files: [f, "agencies/pusat/rusak dan spasi.yaml"],
            packs: ["dasar", "permenpanrb-7-2022"],
            asOf: CivilDate(year: 2024, month: 6, day: 30)!, configFile: nil, findings: findings, sources: [:],
            agency: nil)
    }()

    static let report = LintReport(toolVersion: "0.1.0", agencies: [jabar, pusat], rules: rules)
}

import Foundation
import Testing

@testable import LintasCore

/// M001-M015 beyond the examples: what each rule leaves to another, duplicates, boundaries of a
/// unit's staff, odd data and size.
@Suite("Matriks Peran Hasil")
struct MatrixChecksTests {
    /// Units: DINAS (JPT Pratama, head KADIS) with BIDANG below it, UPT (mandiri) below BIDANG
    /// with its own head and staff, and BADAN (JPT Pratama).
    static let base = """
        instansi:
          kode: PEMKAB-UJI
          nama: Pemerintah Kabupaten Uji
          jenis: pemerintah-kabupaten
          sistem_kerja:
            peraturan: Peraturan Bupati Uji Nomor 1 Tahun 2022
            ditetapkan: 2022-06-01
        unit_organisasi:
          - {kode: DINAS, nama: Dinas, tingkat: jpt-pratama, pimpinan: "197803152003121001"}
          - {kode: BIDANG, nama: Bidang, tingkat: administrator, induk: DINAS, pimpinan: "198104222006042002"}
          - {kode: UPT, nama: UPT, tingkat: pengawas, induk: BIDANG, mandiri: true, pimpinan: "198501012010011001"}
          - {kode: BADAN, nama: Badan, tingkat: jpt-pratama, pimpinan: "197508192000031011"}
        pegawai:
          - {nip: "197803152003121001", nama: Kadis, jabatan: Kepala Dinas, jenis_jabatan: jpt, jenjang: pratama, unit: DINAS}
          - {nip: "198104222006042002", nama: Kabid, jabatan: Kepala Bidang, jenis_jabatan: administrator, unit: BIDANG}
          - {nip: "198607112010011003", nama: Ketua, jabatan: Pranata Komputer Ahli Muda, jenis_jabatan: fungsional, jenjang: ahli-muda, unit: BIDANG}
          - {nip: "199209302019032004", nama: Anggota Satu, jabatan: Pranata Komputer Ahli Pertama, jenis_jabatan: fungsional, jenjang: ahli-pertama, unit: BIDANG}
          - {nip: "199002142014031005", nama: Anggota Dua, jabatan: Pengelola, jenis_jabatan: pelaksana, unit: BIDANG}
          - {nip: "198501012010011001", nama: Kepala UPT, jabatan: Kepala UPT, jenis_jabatan: pengawas, unit: UPT}
          - {nip: "199301012019031007", nama: Staf UPT, jabatan: Pengadministrasi, jenis_jabatan: pelaksana, unit: UPT}
          - {nip: "197508192000031011", nama: Kaban, jabatan: Kepala Badan, jenis_jabatan: jpt, jenjang: pratama, unit: BADAN}
          - {nip: "198705022011032012", nama: Perencana, jabatan: Perencana Ahli Muda, jenis_jabatan: fungsional, jenjang: ahli-muda, unit: BADAN}
          - {nip: "198811112012121013", nama: Tamu, jabatan: Analis, jenis_jabatan: fungsional, jenjang: ahli-muda, unit: Dinas Lain, instansi: PEMKAB-LAIN}
        perjanjian_kinerja:
          - unit: DINAS
            tahun: 2024
            indikator:
              - {kode: IKU-01, uraian: Indeks SPBE}
          - unit: BADAN
            tahun: 2024
            indikator:
              - {kode: IKU-B1, uraian: Keselarasan program}
        tim_kerja:
          - kode: TK-01
            nama: Tim Aplikasi
            unit: DINAS
            lingkup: internal-bidang
            ketua: "198607112010011003"
            anggota: ["199209302019032004", "199002142014031005"]

        """

    /// A matrix of DINAS for 2024 whose results are `hasil` (YAML lines, indented for `hasil:`).
    static func matrix(_ hasil: String, unit: String = "DINAS", tahun: String = "2024", mode: String = "dua-tingkat")
        -> String
    {
        "  - unit: \(unit)\n    tahun: \(tahun)\n    penyelarasan: \(mode)\n    hasil:\n" + hasil
    }

    /// Results that cover DINAS 2024 completely (everyone but the head has a result).
    static let goodHasil = """
              - kode: H-01
                uraian: Aplikasi yang terintegrasi
                indikator: IKU-01
                pelaksana: "198607112010011003"
                tim: TK-01
                turunan:
                  - {kode: H-01.1, uraian: Modul pendaftaran, pelaksana: "199209302019032004"}
                  - {kode: H-01.2, uraian: Data termigrasi, pelaksana: "199002142014031005"}
              - {kode: H-02, uraian: Tata kelola yang tertib, indikator: IKU-01, pelaksana: "198104222006042002"}

        """

    static let badanMatrix = matrix(
        "      - {kode: B-01, uraian: Program yang selaras, indikator: IKU-B1, pelaksana: \"198705022011032012\"}\n",
        unit: "BADAN")

    /// The open M findings of an agency as "line:CODE" (plus the R codes, which M rules leave to).
    static func run(_ text: String) throws -> [String] {
        let s = Scratch()
        s.write("agency.yaml", text)
        let report = try s.lint()
        return report.agencies.flatMap(\.openFindings)
            .filter { $0.rule.hasPrefix("M") || $0.rule.hasPrefix("R") }
            .map { "\($0.location.line):\($0.rule)" }
    }

    static func line(_ text: String, containing needle: String, after: String? = nil) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var start = 0
        if let after, let a = lines.firstIndex(where: { $0.contains(after) }) { start = a }
        return (lines[start...].firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    /// The 1-based line whose text, without indentation, is exactly `trimmed` (0 when none).
    static func exactLine(_ text: String, _ trimmed: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == trimmed } ?? -1) + 1
    }

    @Test("a complete agency gives no M finding")
    func clean() throws {
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(Self.goodHasil) + Self.badanMatrix
        // UPT is a JPT Pratama unit (mandiri) without PK nor matrix: its staff are not DINAS's.
        #expect(try Self.run(text) == [])
    }

    @Test("M012: own staff up to the next JPT Pratama unit, the head excepted, external staff not counted")
    func staffBoundary() throws {
        let hasil = """
                  - {kode: H-02, uraian: Tata kelola yang tertib, indikator: IKU-01, pelaksana: "198104222006042002"}

            """
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(hasil) + Self.badanMatrix
        let found = try Self.run(text)
        // Ketua and both members of BIDANG are missing (and TK-01 holds no result: M010);
        // the head of DINAS, UPT's staff and the external employee are not DINAS's to list.
        let expected =
            ["198607112010011003", "199209302019032004", "199002142014031005"].map {
                "\(Self.line(text, containing: $0, after: "pegawai:")):M012"
            } + ["\(Self.line(text, containing: "kode: TK-01")):M010"]
        #expect(found.sorted() == expected.sorted())
    }

    @Test("M005: each deeper turunan once, and no M008/M014 below level 2")
    func thirdLevel() throws {
        let hasil = """
                  - kode: H-01
                    uraian: Aplikasi yang terintegrasi
                    indikator: IKU-01
                    pelaksana: "198607112010011003"
                    tim: TK-01
                    turunan:
                      - kode: H-01.1
                        uraian: Modul pendaftaran
                        pelaksana: "199209302019032004"
                        turunan:
                          - kode: H-01.1.1
                            uraian: Menyusun basis data
                            pelaksana: "198705022011032012"
                            turunan:
                              - {kode: H-01.1.1.1, uraian: Melaksanakan uji, pelaksana: "198705022011032012"}
                      - {kode: H-01.2, uraian: Data termigrasi, pelaksana: "199002142014031005"}
                  - {kode: H-02, uraian: Tata kelola yang tertib, indikator: IKU-01, pelaksana: "198104222006042002"}

            """
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(hasil) + Self.badanMatrix
        // At the first item of each deeper `turunan` (its kode), not at the `turunan:` key.
        let expected = [Self.exactLine(text, "- kode: H-01.1.1"), Self.line(text, containing: "kode: H-01.1.1.1,")]
        #expect(try Self.run(text).sorted() == expected.map { "\($0):M005" }.sorted())
    }

    @Test("M005 points at the first third-level item's kode (or the item) with a note at its level-2 parent")
    func thirdLevelLocation() throws {
        let hasil = """
                  - kode: H-01
                    uraian: Aplikasi yang terintegrasi
                    indikator: IKU-01
                    pelaksana: "198607112010011003"
                    tim: TK-01
                    turunan:
                      - kode: H-01.1
                        uraian: Modul pendaftaran
                        pelaksana: "199209302019032004"
                        turunan:
                          - uraian: Basis data tanpa kode
                            pelaksana: "198705022011032012"
                          - {kode: H-01.1.2, uraian: Uji modul, pelaksana: "198705022011032012"}
                      - kode: H-01.2
                        uraian: Data termigrasi
                        pelaksana: "199002142014031005"
                        turunan: [{kode: H-01.2.1, uraian: Migrasi tahap satu, pelaksana: "199002142014031005"}]
                  - {kode: H-02, uraian: Tata kelola yang tertib, indikator: IKU-01, pelaksana: "198104222006042002"}

            """
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(hasil) + Self.badanMatrix
        let s = Scratch()
        s.write("agency.yaml", text)
        let found = try s.lint().agencies.flatMap(\.openFindings).filter { $0.rule == "M005" }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func col(_ line: Int, _ needle: String) -> Int {
            guard line >= 1 && line <= lines.count else { return 0 }
            return
                (lines[line - 1].range(of: needle).map {
                    lines[line - 1].distance(from: lines[line - 1].startIndex, to: $0.lowerBound)
                } ?? -1) + 1
        }
        let noKode = Self.line(text, containing: "- uraian: Basis data tanpa kode")
        let parent1 = Self.exactLine(text, "- kode: H-01.1")
        let flow = Self.line(text, containing: "turunan: [{kode: H-01.2.1")
        let parent2 = Self.exactLine(text, "- kode: H-01.2")
        let got = found.map { f in
            "\(f.location.line):\(f.location.column) note \(f.notes.map { "\($0.location.line):\($0.location.column)" }.joined(separator: ","))"
        }
        #expect(
            got.sorted()
                == [
                    // No kode: the item itself (its first key); the note at the parent's kode.
                    "\(noKode):\(col(noKode, "uraian")) note \(parent1):\(col(parent1, "H-01.1"))",
                    "\(flow):\(col(flow, "H-01.2.1")) note \(parent2):\(col(parent2, "H-01.2"))",
                ].sorted())
        let first = try #require(found.first { $0.location.line == noKode })
        #expect(
            first.message.en.contains(
                "result without a kode is at level 3, in the `turunan` of level-2 result \"H-01.1\""),
            "\(first.message.en)")
        #expect(first.notes.first?.message.en == "the level-2 result \"H-01.1\" that holds 2 level-3 result(s)")
        #expect(first.entity.hasSuffix("/H-01.1"), "the entity stays the level-2 result: \(first.entity)")
    }

    @Test("M006 in a one-level matrix instead of M009; M009 only in a two-level one")
    func levels() throws {
        let hasil = """
                  - kode: H-01
                    uraian: Aplikasi yang terintegrasi
                    indikator: IKU-01
                    pelaksana: "198607112010011003"
                    tim: TK-01
                    turunan:
                      - {kode: H-01.1, uraian: Modul pendaftaran, pelaksana: "199209302019032004"}
                      - {kode: H-01.2, uraian: Data termigrasi, pelaksana: "199002142014031005"}
                  - kode: H-02
                    uraian: Tata kelola yang tertib
                    indikator: IKU-01
                    pelaksana: "198104222006042002"
                    turunan:
                      - {kode: H-02.1, uraian: Inventaris aplikasi, pelaksana: "199002142014031005"}

            """
        let two = Self.base + "matriks_peran_hasil:\n" + Self.matrix(hasil) + Self.badanMatrix
        let second = Self.line(two, containing: "turunan:", after: "kode: H-02")
        #expect(try Self.run(two) == ["\(second):M009"])
        let one = Self.base + "matriks_peran_hasil:\n" + Self.matrix(hasil, mode: "satu-tingkat") + Self.badanMatrix
        let first = Self.line(one, containing: "turunan:", after: "kode: H-01")
        #expect(try Self.run(one).sorted() == ["\(first):M006", "\(second):M006"].sorted())
    }

    @Test("M007 needs a ketua (teams without one are K005's); unknown teams are R004's")
    func ketua() throws {
        let noKetua = Self.base.replacingOccurrences(of: "    ketua: \"198607112010011003\"\n", with: "")
            .replacingOccurrences(
                of: "anggota: [\"199209302019032004\"", with: "anggota: [\"198607112010011003\", \"199209302019032004\""
            )
        #expect(
            try Self.run(noKetua + "matriks_peran_hasil:\n" + Self.matrix(Self.goodHasil) + Self.badanMatrix)
                .filter { $0.hasSuffix("M007") } == [])
        let unknown = Self.goodHasil.replacingOccurrences(of: "tim: TK-01", with: "tim: TK-99")
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(unknown) + Self.badanMatrix
        // Unknown team: R004 only; TK-01 then holds nothing (M010).
        #expect(try Self.run(text).map { String($0.split(separator: ":")[1]) }.sorted() == ["M010", "R004"])
    }

    @Test("M003 for another PK's indicator, R005 for none; nothing more when the matrix has no PK (M002)")
    func indicators() throws {
        let other = Self.goodHasil.replacingOccurrences(
            of: "indikator: IKU-01, pelaksana: \"198104222006042002\"",
            with: "indikator: IKU-B1, pelaksana: \"198104222006042002\"")
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(other) + Self.badanMatrix
        #expect(try Self.run(text) == ["\(Self.line(text, containing: "IKU-B1, pelaksana: \"1981")):M003"])

        let none = Self.goodHasil.replacingOccurrences(
            of: "indikator: IKU-01, pelaksana: \"198104222006042002\"",
            with: "indikator: IKU-XX, pelaksana: \"198104222006042002\"")
        let text2 = Self.base + "matriks_peran_hasil:\n" + Self.matrix(none) + Self.badanMatrix
        #expect(try Self.run(text2) == ["\(Self.line(text2, containing: "IKU-XX")):R005"])

        // A 2025 matrix without a 2025 PK: M002 at `tahun`, and no M003/M004 for its results.
        let text3 =
            Self.base + "matriks_peran_hasil:\n" + Self.matrix(Self.goodHasil) + Self.badanMatrix
            + Self.matrix(Self.goodHasil.replacingOccurrences(of: "H-0", with: "N-0"), tahun: "2025")
        #expect(try Self.run(text3) == ["\(Self.line(text3, containing: "tahun: 2025")):M002"])
    }

    @Test("M013 at the second matrix; coverage (M004, M010-M012) is judged on the first only")
    func duplicates() throws {
        let partial = """
                  - {kode: X-01, uraian: Tata kelola yang tertib, indikator: IKU-01, pelaksana: "198104222006042002"}

            """
        let text =
            Self.base + "matriks_peran_hasil:\n" + Self.matrix(Self.goodHasil) + Self.badanMatrix + Self.matrix(partial)
        let second =
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("- unit: DINAS") }.map { $0.offset + 1 }.last ?? 0
        #expect(try Self.run(text) == ["\(second):M013"])
    }

    @Test("M015 for a JPT Pratama unit's PK year without a matrix, once per unit and year; M004 needs a matrix")
    func pkWithoutMatrix() throws {
        // Two more PKs, appended to perjanjian_kinerja.
        let agency = Self.base.replacingOccurrences(
            of: "tim_kerja:\n",
            with: """
                  - unit: BADAN
                    tahun: 2024
                    indikator:
                      - {kode: IKU-B2, uraian: Lain}
                  - unit: BIDANG
                    tahun: 2024
                    indikator:
                      - {kode: IKU-X, uraian: Bidang}
                tim_kerja:

                """)
        let full = agency + "matriks_peran_hasil:\n" + Self.matrix(Self.goodHasil)
        // BADAN has two PKs for 2024 and no matrix: one M015, at the first; BIDANG is no JPT Pratama unit.
        #expect(try Self.run(full) == ["\(Self.line(full, containing: "- unit: BADAN")):M015"])
    }

    @Test("M010 skips a team whose periode lies outside the matrix's year")
    func teamPeriod() throws {
        let agency =
            Self.base + """
                  - kode: TK-2023
                    nama: Tim Lama
                    unit: DINAS
                    lingkup: internal-bidang
                    periode: {mulai: 2023-01-01, selesai: 2023-12-31}
                    ketua: "199209302019032004"
                    anggota: ["199002142014031005"]
                  - kode: TK-2024
                    nama: Tim Baru
                    unit: DINAS
                    lingkup: internal-bidang
                    periode: {mulai: 2024-01-01, selesai: 2024-12-31}
                    ketua: "199209302019032004"
                    anggota: ["199002142014031005"]

                """
        let text = agency + "matriks_peran_hasil:\n" + Self.matrix(Self.goodHasil) + Self.badanMatrix
        #expect(try Self.run(text) == ["\(Self.line(text, containing: "kode: TK-2024")):M010"])
    }

    @Test("M014 matches the first word case-insensitively, at both levels, and the list can be changed")
    func activityVerbs() throws {
        let hasil = Self.goodHasil
            .replacingOccurrences(of: "uraian: Modul pendaftaran", with: "uraian: MENYUSUN modul pendaftaran")
            .replacingOccurrences(of: "uraian: Tata kelola yang tertib", with: "uraian: \"Koordinasi: tata kelola\"")
            .replacingOccurrences(of: "uraian: Data termigrasi", with: "uraian: Data yang disusun")
        let text = Self.base + "matriks_peran_hasil:\n" + Self.matrix(hasil) + Self.badanMatrix
        #expect(
            try Self.run(text).sorted()
                == [
                    "\(Self.line(text, containing: "MENYUSUN")):M014",
                    "\(Self.line(text, containing: "Koordinasi:")):M014",
                ].sorted())
        let s = Scratch()
        s.write("agency.yaml", text)
        s.write(".lintas.yml", "version: 1\nrules:\n  M014:\n    params:\n      kata_kerja_aktivitas: [data]\n")
        let found = try s.lint().agencies.flatMap(\.openFindings).filter { $0.rule == "M014" }
        #expect(found.map(\.location.line) == [Self.line(text, containing: "Data yang disusun")])
        #expect(found.first?.message.en.contains("\"Data\"") == true)
    }

    @Test("odd matrices (missing unit, year, results; unknown unit) give no crash and no M noise")
    func oddData() throws {
        let text =
            Self.base + """
                matriks_peran_hasil:
                  - unit: DINAS
                    tahun: 2024
                    hasil:
                      - {kode: H-01, uraian: Aplikasi, indikator: IKU-01, pelaksana: "198607112010011003", tim: TK-01, turunan: [{kode: H-01.1, pelaksana: "199209302019032004"}, {kode: H-01.2, uraian: Data, pelaksana: "199002142014031005"}]}
                      - {kode: H-02, uraian: Tata kelola, indikator: IKU-01, pelaksana: "198104222006042002", turunan: []}
                  - unit: NOWHERE
                    tahun: 2024
                    hasil: []
                  - tahun: 2024
                    hasil:
                      - {kode: Z-01}
                  - unit: BADAN
                    hasil: []

                """
        let found = try Self.run(text)
        #expect(!found.contains { $0.hasPrefix("M") && !$0.hasSuffix("M015") })
        #expect(found.contains { $0.hasSuffix("R003") })
    }

    @Test("the M checks stay fast on a large agency")
    func scale() throws {
        var text = """
            instansi: {kode: BESAR, nama: Besar, jenis: kementerian}
            unit_organisasi:
              - {kode: U, nama: U, tingkat: jpt-pratama, pimpinan: "197001012000011000"}
            pegawai:
              - {nip: "197001012000011000", nama: Kepala, jabatan: Kepala, jenis_jabatan: jpt, jenjang: pratama, unit: U}

            """
        let n = 4000
        let teams = 399
        var seen = Set<String>()
        var nips: [String] = []
        for i in 0..<n {
            let v =
                "1980" + String(format: "%02d%02d", 1 + i % 12, 1 + i / 12 % 28) + "2005"
                + String(format: "%02d", 1 + i / 336 % 12) + "1" + String(format: "%03d", i % 1000)
            guard seen.insert(v).inserted else { continue }
            nips.append(v)
            text += "  - {nip: \"\(v)\", nama: P\(i), jabatan: Analis, jenis_jabatan: pelaksana, unit: U}\n"
        }
        text += "perjanjian_kinerja:\n  - unit: U\n    tahun: 2024\n    indikator:\n"
        for t in 0..<teams { text += "      - {kode: I\(t), uraian: I}\n" }
        text += "tim_kerja:\n"
        let per = nips.count / teams
        for t in 0..<teams {
            let group = nips[(t * per)..<((t + 1) * per)]
            text +=
                "  - {kode: T\(t), nama: T, unit: U, lingkup: internal-bidang, ketua: \"\(group.first!)\", anggota: [\(group.dropFirst().map { "\"\($0)\"" }.joined(separator: ", "))]}\n"
        }
        text += "matriks_peran_hasil:\n  - unit: U\n    tahun: 2024\n    hasil:\n"
        for t in 0..<teams {
            let group = nips[(t * per)..<((t + 1) * per)]
            text +=
                "      - {kode: H\(t), uraian: H, indikator: I\(t), pelaksana: \"\(group.first!)\", tim: T\(t), turunan: ["
            text += group.dropFirst().enumerated().map {
                "{kode: H\(t).\($0.offset), uraian: R, pelaksana: \"\($0.element)\"}"
            }.joined(separator: ", ")
            text += "]}\n"
        }
        let start = Date()
        let found = try Self.run(text)
        #expect(found.filter { $0.hasSuffix("M012") }.count == nips.count - teams * per)
        #expect(!found.contains { !$0.hasSuffix("M012") }, "\(found.prefix(5))")
        #expect(Date().timeIntervalSince(start) < 30)
    }
}

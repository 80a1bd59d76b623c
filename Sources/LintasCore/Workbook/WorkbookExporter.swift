import Foundation

/// An agency as a lintas workbook (the layout of ``WorkbookLayout``): `lintas export` and the
/// template of `lintas init --xlsx`. Importing the result gives the same agency model.
public enum WorkbookExporter {
    /// Text with its place, so the writer can name it (a replaced character, a value too long).
    static func text(_ v: Located<String>?) -> OutCell? { v.map { .located(.text($0.value), $0.location) } }
    static func date(_ v: Located<CivilDate>?) -> OutCell? { v.map { .date($0.value) } }
    static func int(_ v: Located<Int>?) -> OutCell? { v.map { .number(String($0.value)) } }
    static func raw<E: RawRepresentable>(_ v: Located<E>?) -> OutCell? where E.RawValue == String {
        v.map { .text($0.value.rawValue) }
    }
    static func numberOrText(_ v: Located<String>?) -> OutCell? {
        v.map {
            .located(
                WorkbookImporter.isPlainNumber($0.value) && !$0.value.hasPrefix("+")
                    ? .number($0.value) : .text($0.value), $0.location)
        }
    }

    static func columns(_ spec: WorkbookLayout.SheetSpec, _ lang: Language) -> [OutSheet.Column] {
        spec.allColumns.map { c in
            var prompt = c.note[lang]
            if !c.allowed.isEmpty {
                prompt += lang == .id ? ". Nilai: " : ". Values: "
                prompt += c.allowed.joined(separator: ", ")
            }
            if c.required { prompt += lang == .id ? ". Wajib." : ". Required." }
            let list = c.kind == .bool ? [] : c.allowed + c.aliases
            let width = max(12, min(48, c.header.count + 4, c.kind == .nip ? 22 : 48))
            return OutSheet.Column(
                header: c.header, width: c.kind == .nip ? 22 : (c.kind == .text ? max(width, 24) : width),
                textFormat: c.kind == .nip || (c.kind == .text && c.header.hasSuffix("kode")),
                dateFormat: c.kind == .date, promptTitle: c.header, prompt: prompt, list: list)
        }
    }

    /// A row's values by column header (the format's key path: `penetapan.nomor`, `anggota`).
    typealias Values = [String: OutCell?]

    /// The values of one row in the order of the sheet's columns; a column the values lack is
    /// an empty cell.
    static func row(_ spec: WorkbookLayout.SheetSpec, _ values: Values) -> [OutCell?] {
        spec.allColumns.map { values[$0.header] ?? nil }
    }

    static func instansi(_ inst: Instansi, versi: Located<Int>?) -> Values {
        let s = inst.sistemKerja
        return [
            "versi": int(versi), "kode": text(inst.kode), "nama": text(inst.nama), "jenis": raw(inst.jenis),
            "sistem_kerja.peraturan": text(s?.peraturan), "sistem_kerja.ditetapkan": date(s?.ditetapkan),
            "sistem_kerja.diundangkan": date(s?.diundangkan), "sistem_kerja.berlaku": date(s?.berlaku),
        ]
    }

    static func unit(_ u: Unit) -> Values {
        [
            "kode": text(u.kode), "nama": text(u.nama), "tingkat": raw(u.tingkat), "induk": text(u.induk),
            "pimpinan": text(u.pimpinan), "mandiri": u.mandiri.map { .bool($0.value) },
        ]
    }

    static func employee(_ e: Employee) -> Values {
        [
            "nip": text(e.nip), "nama": text(e.nama), "jabatan": text(e.jabatan),
            "jenis_jabatan": raw(e.jenisJabatan), "jenjang": raw(e.jenjang), "unit": text(e.unit),
            "instansi": text(e.instansi),
        ]
    }

    /// A team's own values (its first row); each member is a row of its own (`anggota`).
    static func team(_ t: Team) -> Values {
        [
            "kode": text(t.kode), "nama": text(t.nama), "unit": text(t.unit), "lingkup": raw(t.lingkup),
            "jenis_pekerjaan": raw(t.jenisPekerjaan), "penetapan.nomor": text(t.penetapan?.nomor),
            "penetapan.tanggal": date(t.penetapan?.tanggal), "penetapan.oleh": text(t.penetapan?.oleh),
            "periode.mulai": date(t.periode?.mulai), "periode.selesai": date(t.periode?.selesai),
            "ketua": text(t.ketua),
        ]
    }

    static func agreement(_ pk: PerformanceAgreement) -> Values {
        ["unit": text(pk.unit), "tahun": int(pk.tahun), "pejabat": text(pk.pejabat)]
    }

    static func indicator(_ ind: Indicator) -> Values {
        [
            "indikator.kode": text(ind.kode), "indikator.sasaran": text(ind.sasaran),
            "indikator.uraian": text(ind.uraian), "indikator.target": numberOrText(ind.target),
            "indikator.satuan": text(ind.satuan),
        ]
    }

    static func matrix(_ m: Matrix) -> Values {
        ["unit": text(m.unit), "tahun": int(m.tahun), "penyelarasan": raw(m.penyelarasan)]
    }

    static func result(_ r: MatrixResult, level: Int) -> Values {
        [
            "tingkat": .number(String(level)), "kode": text(r.kode), "uraian": text(r.uraian),
            "indikator": text(r.indikator), "pelaksana": text(r.pelaksana), "tim": text(r.tim),
            "target": numberOrText(r.target), "satuan": text(r.satuan),
        ]
    }

    /// The sheets of `agency`, one per section, and the instructions sheet.
    public static func sheets(_ agency: Agency, lang: Language = .id) -> [OutSheet] {
        var out: [OutSheet] = []
        for spec in WorkbookLayout.sheets {
            var rows: [Values] = []
            /// A grouped item: its own values on its first row, then one row per child.
            func group(_ head: Values, _ children: [Values]) {
                if children.isEmpty { rows.append(head) }
                for (i, child) in children.enumerated() {
                    rows.append(i == 0 ? head.merging(child) { own, _ in own } : child)
                }
            }
            switch spec.section {
            case "instansi":
                for (i, inst) in agency.instansi.enumerated() {
                    rows.append(instansi(inst, versi: i < agency.versi.count ? agency.versi[i] : nil))
                }
            case "unit_organisasi": rows = agency.units.map(unit)
            case "pegawai": rows = agency.employees.map(employee)
            case "tim_kerja":
                for t in agency.teams { group(team(t), t.anggota.map { ["anggota": text($0)] }) }
            case "perjanjian_kinerja":
                for pk in agency.agreements { group(agreement(pk), pk.indikator.map(indicator)) }
            case "matriks_peran_hasil":
                for m in agency.matrices {
                    var results: [Values] = []
                    func add(_ r: MatrixResult, level: Int) {
                        results.append(result(r, level: level))
                        for t in r.turunan { add(t, level: level + 1) }
                    }
                    for r in m.hasil { add(r, level: 1) }
                    group(matrix(m), results)
                }
            default:
                break
            }
            out.append(OutSheet(name: spec.section, columns: columns(spec, lang), rows: rows.map { row(spec, $0) }))
        }
        out.append(instructions(lang))
        return out
    }

    /// The `petunjuk` sheet: every column of every sheet, whether it is required, its allowed
    /// values and what it holds. The importer skips it.
    static func instructions(_ lang: Language) -> OutSheet {
        let id = lang == .id
        let header =
            id
            ? ["lembar", "kolom", "wajib", "nilai yang diizinkan", "keterangan"]
            : ["sheet", "column", "required", "allowed values", "meaning"]
        var rows: [[OutCell?]] = []
        for spec in WorkbookLayout.sheets {
            rows.append([.text(spec.section), nil, nil, nil, .text(spec.note[lang])])
            for c in spec.allColumns {
                let kind: String
                switch c.kind {
                case .date: kind = id ? "tanggal (YYYY-MM-DD)" : "date (YYYY-MM-DD)"
                case .int, .level: kind = id ? "bilangan bulat" : "whole number"
                case .bool: kind = "TRUE / FALSE"
                case .nip: kind = id ? "NIP 18 digit sebagai teks" : "18-digit NIP as text"
                default: kind = ""
                }
                let allowed = c.allowed.isEmpty ? kind : c.allowed.joined(separator: ", ")
                rows.append([
                    .text(spec.section), .text(c.header), c.required ? .text(id ? "ya" : "yes") : nil,
                    allowed.isEmpty ? nil : .text(allowed), .text(c.note[lang]),
                ])
            }
        }
        let cols = zip(header, [20, 26, 8, 48, 80]).map { h, w in
            OutSheet.Column(
                header: h, width: w, textFormat: true, dateFormat: false, promptTitle: "", prompt: "", list: [])
        }
        return OutSheet(name: "petunjuk", columns: cols, rows: rows)
    }

    /// The starter agency of `lintas init`, as a model.
    public static func starterAgency() -> Agency {
        var sink = AgencySink(Agency(name: "starter", files: []))
        for (name, content) in StarterAgency.files where name.hasSuffix(".yaml") {
            _ = YAMLLoader.load(bytes: Array(content.utf8), file: name, into: &sink)
            sink.abandonDocument()
        }
        return sink.agency
    }
}

extension WorkbookExporter {
    /// The agency's `.lintas.yml` as the `pengaturan` sheet: one row per top-level key (`kunci`),
    /// its value as YAML flow text (`nilai`: `2024-06-30`, `[dasar, permenpanrb-7-2022]`,
    /// `{K001: warning}`), so the workbook carries the settings the agency was checked with.
    /// Comments of the file are not kept. Paths (`baseline`, `waivers`, `rules_dir`) are as written,
    /// relative to the config's folder.
    public static func settingsSheet(config file: String) throws -> OutSheet {
        let bytes = try SafeFile.toolFile(file, what: "cannot read config / konfigurasi tidak dapat dibaca")
        var rows: [[OutCell?]] = []
        if !bytes.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            let root = try DataReader(file: file).load(bytes)
            for pair in root.pairs ?? [] {
                rows.append([.text(pair.key.scalar?.text ?? flow(pair.key)), .text(flow(pair.value))])
            }
        }
        let columns = [
            ("kunci", 16, "kunci .lintas.yml", "a .lintas.yml key"),
            ("nilai", 60, "nilai dalam YAML", "the value, as YAML"),
        ].map {
            OutSheet.Column(
                header: $0.0, width: $0.1, textFormat: true, dateFormat: false, promptTitle: $0.0, prompt: $0.2,
                list: [])
        }
        return OutSheet(name: WorkbookLayout.settingsSheet, columns: columns, rows: rows)
    }

    /// A YAML node as one line of flow YAML; scalars that the plain style would read otherwise
    /// (quoted in the file, or holding YAML punctuation) are double-quoted.
    static func flow(_ node: YAMLNode) -> String {
        switch node.kind {
        case .scalar(let s):
            if s.isNull && s.style == .plain { return s.text.isEmpty ? "null" : s.text }
            let safe =
                !s.text.isEmpty
                && s.text.unicodeScalars.allSatisfy {
                    CharacterSet.alphanumerics.contains($0) || "-_./ ".unicodeScalars.contains($0)
                } && !s.text.hasPrefix(" ") && !s.text.hasSuffix(" ") && !s.text.hasPrefix("-")
            if s.style == .plain && (safe || s.tagCode == .int || s.tagCode == .float) { return s.text }
            return WorkbookImporter.quote(s.text)
        case .sequence(let items):
            return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { flow($0.key) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        }
    }
}

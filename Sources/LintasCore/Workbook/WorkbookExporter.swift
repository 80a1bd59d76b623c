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
            var list = c.kind == .bool ? [] : c.allowed
            if c.header == "lingkup" { list += Lingkup.aliases.keys.sorted() }
            let width = max(12, min(48, c.header.count + 4, c.kind == .nip ? 22 : 48))
            return OutSheet.Column(
                header: c.header, width: c.kind == .nip ? 22 : (c.kind == .text ? max(width, 24) : width),
                textFormat: c.kind == .nip || (c.kind == .text && c.header.hasSuffix("kode")),
                dateFormat: c.kind == .date, promptTitle: c.header, prompt: prompt, list: list)
        }
    }

    /// The sheets of `agency`, one per section, and the instructions sheet.
    public static func sheets(_ agency: Agency, lang: Language = .id) -> [OutSheet] {
        var out: [OutSheet] = []
        for spec in WorkbookLayout.sheets {
            var rows: [[OutCell?]] = []
            switch spec.section {
            case "instansi":
                for (i, inst) in agency.instansi.enumerated() {
                    let versi: OutCell? = i < agency.versi.count ? int(agency.versi[i]) : nil
                    let s = inst.sistemKerja
                    rows.append([
                        versi, text(inst.kode), text(inst.nama), raw(inst.jenis), text(s?.peraturan),
                        date(s?.ditetapkan),
                        date(s?.diundangkan), date(s?.berlaku),
                    ])
                }
            case "unit_organisasi":
                for u in agency.units {
                    rows.append([
                        text(u.kode), text(u.nama), raw(u.tingkat), text(u.induk), text(u.pimpinan),
                        u.mandiri.map { .bool($0.value) },
                    ])
                }
            case "pegawai":
                for e in agency.employees {
                    rows.append([
                        text(e.nip), text(e.nama), text(e.jabatan), raw(e.jenisJabatan), raw(e.jenjang), text(e.unit),
                        text(e.instansi),
                    ])
                }
            case "tim_kerja":
                for t in agency.teams {
                    let head: [OutCell?] = [
                        text(t.kode), text(t.nama), text(t.unit), raw(t.lingkup), raw(t.jenisPekerjaan),
                        text(t.penetapan?.nomor), date(t.penetapan?.tanggal), text(t.penetapan?.oleh),
                        date(t.periode?.mulai), date(t.periode?.selesai), text(t.ketua),
                    ]
                    if t.anggota.isEmpty { rows.append(head + [nil]) }
                    for (i, m) in t.anggota.enumerated() {
                        rows.append((i == 0 ? head : Array(repeating: nil, count: head.count)) + [text(m)])
                    }
                }
            case "perjanjian_kinerja":
                for pk in agency.agreements {
                    let head: [OutCell?] = [text(pk.unit), int(pk.tahun), text(pk.pejabat)]
                    if pk.indikator.isEmpty { rows.append(head) }
                    for (i, ind) in pk.indikator.enumerated() {
                        rows.append(
                            (i == 0 ? head : [nil, nil, nil]) + [
                                text(ind.kode), text(ind.sasaran), text(ind.uraian),
                                numberOrText(ind.target), text(ind.satuan),
                            ])
                    }
                }
            case "matriks_peran_hasil":
                for m in agency.matrices {
                    let head: [OutCell?] = [text(m.unit), int(m.tahun), raw(m.penyelarasan)]
                    var first = true
                    func add(_ r: MatrixResult, level: Int) {
                        rows.append(
                            (first ? head : [nil, nil, nil]) + [
                                .number(String(level)), text(r.kode), text(r.uraian), text(r.indikator),
                                text(r.pelaksana), text(r.tim), numberOrText(r.target), text(r.satuan),
                            ])
                        first = false
                        for t in r.turunan { add(t, level: level + 1) }
                    }
                    for r in m.hasil { add(r, level: 1) }
                    if first { rows.append(head) }
                }
            default:
                break
            }
            out.append(OutSheet(name: spec.section, columns: columns(spec, lang), rows: rows))
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

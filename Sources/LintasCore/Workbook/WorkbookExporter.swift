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
                prompt += UIText.t(.workbookPromptValues, lang)
                prompt += c.allowed.joined(separator: ", ")
            }
            if c.required { prompt += UIText.t(.workbookPromptRequired, lang) }
            let list = c.kind == .bool ? [] : c.allowed + c.aliases
            let width = max(12, min(48, c.header.count + 4, c.kind == .nip ? 22 : 48))
            return OutSheet.Column(
                header: c.header, width: c.kind == .nip ? 22 : (c.kind == .text ? max(width, 24) : width),
                textFormat: c.kind == .nip || (c.kind == .text && c.header.hasSuffix("kode")),
                dateFormat: c.kind == .date, promptTitle: c.header, prompt: prompt, list: list)
        }
    }

    /// A value of a sheet's row, declared by the header of its column (the format's key path:
    /// `penetapan.nomor`, `anggota`), never by its position.
    struct Cell<Item>: Sendable {
        let header: String
        let value: @Sendable (Item) -> OutCell?

        init(_ header: String, _ value: @escaping @Sendable (Item) -> OutCell?) {
            self.header = header
            self.value = value
        }
    }

    static let instansiCells: [Cell<(instansi: Instansi, versi: Located<Int>?)>] = [
        Cell("versi") { int($0.versi) }, Cell("kode") { text($0.instansi.kode) },
        Cell("nama") { text($0.instansi.nama) }, Cell("jenis") { raw($0.instansi.jenis) },
        Cell("sistem_kerja.peraturan") { text($0.instansi.sistemKerja?.peraturan) },
        Cell("sistem_kerja.ditetapkan") { date($0.instansi.sistemKerja?.ditetapkan) },
        Cell("sistem_kerja.diundangkan") { date($0.instansi.sistemKerja?.diundangkan) },
        Cell("sistem_kerja.berlaku") { date($0.instansi.sistemKerja?.berlaku) },
    ]

    static let unitCells: [Cell<Unit>] = [
        Cell("kode") { text($0.kode) }, Cell("nama") { text($0.nama) }, Cell("tingkat") { raw($0.tingkat) },
        Cell("induk") { text($0.induk) }, Cell("pimpinan") { text($0.pimpinan) },
        Cell("mandiri") { $0.mandiri.map { .bool($0.value) } },
    ]

    static let employeeCells: [Cell<Employee>] = [
        Cell("nip") { text($0.nip) }, Cell("nama") { text($0.nama) }, Cell("jabatan") { text($0.jabatan) },
        Cell("jenis_jabatan") { raw($0.jenisJabatan) }, Cell("jenjang") { raw($0.jenjang) },
        Cell("unit") { text($0.unit) }, Cell("instansi") { text($0.instansi) },
    ]

    static let teamCells: [Cell<Team>] = [
        Cell("kode") { text($0.kode) }, Cell("nama") { text($0.nama) }, Cell("unit") { text($0.unit) },
        Cell("lingkup") { raw($0.lingkup) }, Cell("jenis_pekerjaan") { raw($0.jenisPekerjaan) },
        Cell("penetapan.nomor") { text($0.penetapan?.nomor) },
        Cell("penetapan.tanggal") { date($0.penetapan?.tanggal) },
        Cell("penetapan.oleh") { text($0.penetapan?.oleh) }, Cell("periode.mulai") { date($0.periode?.mulai) },
        Cell("periode.selesai") { date($0.periode?.selesai) }, Cell("ketua") { text($0.ketua) },
    ]

    static let memberCells: [Cell<Located<String>>] = [Cell("anggota") { text($0) }]

    static let agreementCells: [Cell<PerformanceAgreement>] = [
        Cell("unit") { text($0.unit) }, Cell("tahun") { int($0.tahun) }, Cell("pejabat") { text($0.pejabat) },
    ]

    static let indicatorCells: [Cell<Indicator>] = [
        Cell("indikator.kode") { text($0.kode) }, Cell("indikator.sasaran") { text($0.sasaran) },
        Cell("indikator.uraian") { text($0.uraian) }, Cell("indikator.target") { numberOrText($0.target) },
        Cell("indikator.satuan") { text($0.satuan) },
    ]

    static let matrixCells: [Cell<Matrix>] = [
        Cell("unit") { text($0.unit) }, Cell("tahun") { int($0.tahun) },
        Cell("penyelarasan") { raw($0.penyelarasan) },
    ]

    static let resultCells: [Cell<(result: MatrixResult, level: Int)>] = [
        Cell("tingkat") { .number(String($0.level)) }, Cell("kode") { text($0.result.kode) },
        Cell("uraian") { text($0.result.uraian) }, Cell("indikator") { text($0.result.indikator) },
        Cell("pelaksana") { text($0.result.pelaksana) }, Cell("tim") { text($0.result.tim) },
        Cell("target") { numberOrText($0.result.target) }, Cell("satuan") { text($0.result.satuan) },
    ]

    /// The cells' values in the order of `columns` (looked up once per sheet); a column no cell
    /// names stays empty.
    static func ordered<Item>(_ cells: [Cell<Item>], _ columns: [WorkbookLayout.Column])
        -> [@Sendable (Item) -> OutCell?]
    {
        columns.map { column in cells.first { $0.header == column.header }?.value ?? { _ in nil } }
    }

    /// One row per item.
    static func rows<Item>(_ items: [Item], _ cells: [Cell<Item>], _ spec: WorkbookLayout.SheetSpec) -> [[OutCell?]] {
        let values = ordered(cells, spec.columns)
        return items.map { item in values.map { $0(item) } }
    }

    /// The rows of a grouped sheet: each item's own cells on its first row, then one row per child
    /// (`children` gives them to its second argument in row order, never copied into a list).
    static func rows<Item, Child>(
        _ items: [Item], _ cells: [Cell<Item>], children: (Item, (Child) -> Void) -> Void, _ childCells: [Cell<Child>],
        _ spec: WorkbookLayout.SheetSpec
    ) -> [[OutCell?]] {
        let own = ordered(cells, spec.columns)
        let child = ordered(childCells, spec.childColumns)
        let none = [OutCell?](repeating: nil, count: own.count)
        var out: [[OutCell?]] = []
        for item in items {
            let head = own.map { $0(item) }
            var first = true
            children(item) { c in
                out.append((first ? head : none) + child.map { $0(c) })
                first = false
            }
            if first { out.append(head) }
        }
        return out
    }

    /// A matrix's results in row order, each with its level: a result, then its `turunan`.
    static func results(_ m: Matrix, _ row: ((result: MatrixResult, level: Int)) -> Void) {
        func add(_ r: MatrixResult, level: Int) {
            row((r, level))
            for t in r.turunan { add(t, level: level + 1) }
        }
        for r in m.hasil { add(r, level: 1) }
    }

    /// The sheets of `agency`, one per section, and the instructions sheet.
    public static func sheets(_ agency: Agency, lang: Language = .id) -> [OutSheet] {
        var out: [OutSheet] = []
        for spec in WorkbookLayout.sheets {
            let rows: [[OutCell?]]
            switch spec.section {
            case "instansi":
                let items = agency.instansi.enumerated().map { i, inst in
                    (instansi: inst, versi: i < agency.versi.count ? agency.versi[i] : nil)
                }
                rows = Self.rows(items, instansiCells, spec)
            case "unit_organisasi": rows = Self.rows(agency.units, unitCells, spec)
            case "pegawai": rows = Self.rows(agency.employees, employeeCells, spec)
            case "tim_kerja":
                rows = Self.rows(agency.teams, teamCells, children: { $0.anggota.forEach($1) }, memberCells, spec)
            case "perjanjian_kinerja":
                rows = Self.rows(
                    agency.agreements, agreementCells, children: { $0.indikator.forEach($1) }, indicatorCells, spec)
            case "matriks_peran_hasil":
                rows = Self.rows(agency.matrices, matrixCells, children: results, resultCells, spec)
            default:
                rows = []
            }
            out.append(OutSheet(name: spec.section, columns: columns(spec, lang), rows: rows))
        }
        out.append(instructions(lang))
        return out
    }

    /// The `petunjuk` sheet: every column of every sheet, whether it is required, its allowed
    /// values and what it holds. The importer skips it.
    static func instructions(_ lang: Language) -> OutSheet {
        let header = [
            UIKey.workbookInstructionsSheet, .workbookInstructionsColumn, .workbookInstructionsRequired,
            .workbookInstructionsAllowedValues, .workbookInstructionsMeaning,
        ].map { UIText.t($0, lang) }
        var rows: [[OutCell?]] = []
        for spec in WorkbookLayout.sheets {
            rows.append([.text(spec.section), nil, nil, nil, .text(spec.note[lang])])
            for c in spec.allColumns {
                let kind: String
                switch c.kind {
                case .date: kind = UIText.t(.workbookKindDate, lang)
                case .int, .level: kind = UIText.t(.workbookKindWholeNumber, lang)
                case .bool: kind = "TRUE / FALSE"
                case .nip: kind = UIText.t(.workbookKindNip, lang)
                default: kind = ""
                }
                let allowed = c.allowed.isEmpty ? kind : c.allowed.joined(separator: ", ")
                rows.append([
                    .text(spec.section), .text(c.header), c.required ? .text(UIText.t(.commonYes, lang)) : nil,
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

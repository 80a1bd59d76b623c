/// Turns located YAML documents into the format-v1 model, reporting schema findings (S001-S006,
/// S008) with the position of the offending node. S007 (instansi once per agency) is reported by
/// ``AgencyLoader`` once all documents of an agency are read.
struct ModelBuilder {
    static let codes = ["S001", "S002", "S003", "S004", "S005", "S006", "S008"]

    private(set) var diagnostics: [Diagnostic] = []
    /// The file being read, and its id (looked up once per file, not once per location).
    private var file = "" {
        didSet { if file != oldValue { fileID = SourceFileID(file) } }
    }
    private var fileID = SourceFileID("")
    private var sectionPrefixes: [String: ListPrefix] = [:]

    /// List items read one by one (``stage(item:index:section:file:)``) for the document being
    /// read; they join the agency when the document is complete (``add(document:file:to:)``), and
    /// are dropped if it is not (a broken document contributes nothing).
    struct Staged {
        var units: [Unit] = []
        var employees: [Employee] = []
        var agreements: [PerformanceAgreement] = []
        var teams: [Team] = []
        var matrices: [Matrix] = []
        var diagnostics: [Diagnostic] = []
    }
    private var staged = Staged()
    /// The nodes being read: a streamed item's (the loader's tape), or a whole document's.
    private var tape = NodeTape(capacity: 16)
    /// A document given as a node tree, laid out to be read like an item.
    private let documentTape = NodeTape(capacity: 64)

    /// The top-level lists whose items can be built one at a time.
    static let streamedSections: Set<String> = [
        "unit_organisasi", "pegawai", "perjanjian_kinerja", "tim_kerja", "matriks_peran_hasil",
    ]

    init() {}

    /// Forgets staged items (of a document that was not completed).
    mutating func discardStaged() { staged = Staged() }

    /// Moves the staged items of a finished list into the agency, tight (a list grown one item at
    /// a time has up to half its capacity spare; copying it now, before the later lists are built,
    /// keeps the copy off the peak). The caller undoes this if the document does not complete.
    mutating func commit(section: String, to agency: inout Agency) {
        switch section {
        case "unit_organisasi": ModelBuilder.move(&staged.units, to: &agency.units)
        case "pegawai": ModelBuilder.move(&staged.employees, to: &agency.employees)
        case "perjanjian_kinerja": ModelBuilder.move(&staged.agreements, to: &agency.agreements)
        case "tim_kerja": ModelBuilder.move(&staged.teams, to: &agency.teams)
        case "matriks_peran_hasil": ModelBuilder.move(&staged.matrices, to: &agency.matrices)
        default: break
        }
    }

    static func move<T>(_ items: inout [T], to list: inout [T]) {
        if items.isEmpty { return }
        if list.isEmpty && items.capacity - items.count <= items.count / 8 {
            list = items
        } else {
            list.reserveCapacity(list.count + items.count)
            list += items
        }
        items = []
    }

    /// Builds one item of a top-level list as soon as it is read, so the file's node tree is
    /// never whole in memory. `index` is the item's place in its list.
    mutating func stage(item tape: NodeTape, index: Int, section: String, file: String) {
        self.file = file
        self.tape = tape
        let node = 0
        swap(&diagnostics, &staged.diagnostics)
        defer { swap(&diagnostics, &staged.diagnostics) }
        switch section {
        case "unit_organisasi":
            if let x = item(node, index, section, key: "kode", schema: FormatSchema.unit, { b, v in b.unit(v) }) {
                staged.units.append(x)
            }
        case "pegawai":
            if let x = item(
                node, index, section, key: "nip", schema: FormatSchema.employee, { b, v in b.employee(v) })
            {
                staged.employees.append(x)
            }
        case "perjanjian_kinerja":
            if let x = item(
                node, index, section, key: "unit", schema: FormatSchema.agreement, { b, v in b.agreement(v) })
            {
                staged.agreements.append(x)
            }
        case "tim_kerja":
            if let x = item(node, index, section, key: "kode", schema: FormatSchema.team, { b, v in b.team(v) }) {
                staged.teams.append(x)
            }
        case "matriks_peran_hasil":
            if let x = item(
                node, index, section, key: "unit", schema: FormatSchema.matrix, { b, v in b.matrix(v) })
            {
                staged.matrices.append(x)
            }
        default:
            break
        }
    }

    /// A mapping checked against its schema: unknown keys, non-string keys and missing required
    /// keys are reported when it is made.
    struct MapView {
        let tape: NodeTape
        /// The mapping's node on the tape.
        let node: Int
        let viewPath: ViewPath

        var path: String { viewPath.text }
        var entity: String { viewPath.entity }

        /// The first pair with this scalar key (keys compared in place: nothing is copied).
        func pair(_ name: String) -> (key: Int, value: Int)? {
            for p in tape.pairs(node) where tape.hasScalarText(p.key, name) { return p }
            return nil
        }

        /// Whether the key is given with a value that is not null.
        func hasValue(_ name: String) -> Bool {
            guard let v = tape.value(name, in: node) else { return false }
            return !tape.isNull(v)
        }

        /// The value node of a key; nil when absent or null.
        func value(_ name: String) -> Int? {
            guard let v = tape.value(name, in: node), !tape.isNull(v) else { return nil }
            return v
        }
    }

    /// The path and entity of a mapping, for findings, made into text only when one is reported.
    struct ViewPath {
        /// A list item (nil: `base` is the path).
        var item: ListItemPath?
        /// The item's identifier as written (non-empty), or nil.
        var id: String?
        var base: String = ""
        /// A field below the item or base (`.penetapan`).
        var suffix: String = ""
        /// The entity, when it is not the item's identifier or path.
        var entityText: String?

        init(_ item: ListItemPath, id: String?) {
            self.item = item
            self.id = id
        }

        init(literal: String, entity: String) {
            self.base = literal
            self.entityText = entity
        }

        var text: String { ownText + suffix }
        private var ownText: String { item.map { $0.text(id: id) } ?? base }
        var entity: String { entityText ?? id ?? ownText }

        func appending(_ field: String) -> ViewPath {
            var v = self
            v.suffix += "." + field
            return v
        }

        /// The item's path for the model, when `field` (its identifier field's value) names it as
        /// the path does; otherwise the path as text.
        func listItemPath(field: String?) -> ListItemPath {
            guard let item, suffix.isEmpty else { return ListItemPath(literal: text) }
            if (id ?? "") == (field ?? "") { return item }
            return ListItemPath(literal: item.text(id: id))
        }
    }

    func loc(_ node: Int) -> SourceLocation { SourceLocation(fileID: fileID, range: tape.range(node)) }

    mutating func report(
        _ code: String, _ variant: String = "default", _ node: Int, path: String, entity: String,
        _ args: [String: String]
    ) {
        diagnostics.append(Diagnostic(code, variant: variant, at: loc(node), path: path, entity: entity, args: args))
    }

    mutating func view(_ node: Int, _ schema: MapSchema, path: String, entity: String) -> MapView? {
        view(node, schema, ViewPath(literal: path, entity: entity))
    }

    mutating func view(_ node: Int, _ schema: MapSchema, _ viewPath: ViewPath) -> MapView? {
        // The path and entity as text, made once and only when something is reported.
        var named: (path: String, entity: String)?
        func names() -> (path: String, entity: String) {
            if let named { return named }
            let made = (viewPath.text, viewPath.entity)
            named = made
            return made
        }
        guard tape.kind(node) == .mapping else {
            let (path, entity) = names()
            wrongType(node, expected: .map(schema), path: path, entity: entity)
            return nil
        }
        for p in tape.pairs(node) {
            guard tape.isScalar(p.key) else {
                let (path, entity) = names()
                let words = tape.kindWords(p.key)
                let name = tape.kindName(p.key)
                report(
                    "S003", "key", p.key, path: path, entity: entity,
                    [
                        "key": "(\(words.id))", "key_en": "(\(name))", "expected": UIText.t(.formatTypeString, .id),
                        "expected_en": UIText.t(.formatTypeString, .en),
                        "actual": words.id, "actual_en": name,
                    ])
                continue
            }
            let key = tape.text(p.key)
            if !schema.hasField(key) {
                let (path, entity) = names()
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                var args = ["key": key, "section": schema.name, "allowed": schema.keys.joined(separator: ", ")]
                if let s = Suggest.closest(to: key, in: schema.keys) {
                    args["suggestion"] = s
                    report("S001", "did_you_mean", p.key, path: keyPath, entity: entity, args)
                } else {
                    report("S001", "default", p.key, path: keyPath, entity: entity, args)
                }
            }
        }
        let v = MapView(tape: tape, node: node, viewPath: viewPath)
        for k in schema.fields.indices where schema.fields[k].required && !v.hasValue(schema.fields[k].name) {
            let f = schema.fields[k]
            let (path, entity) = names()
            report(
                "S002", "default", node, path: path.isEmpty ? f.name : "\(path).\(f.name)", entity: entity,
                [
                    "key": f.name, "section": schema.name,
                ])
        }
        return v
    }

    mutating func wrongType(_ node: Int, expected: FieldType, path: String, entity: String) {
        let e = expected.name
        let key = path.split(separator: ".").last.map(String.init) ?? ""
        report(
            "S003", "default", node, path: path, entity: entity,
            [
                "expected": e.id, "expected_en": e.en, "actual": tape.kindWords(node).id,
                "actual_en": tape.kindName(node),
                // The document itself (a list or a scalar where the top-level mapping belongs).
                "key": key.isEmpty ? "(dokumen)" : key, "key_en": key.isEmpty ? "(document)" : key,
            ])
    }

    func fieldPath(_ v: MapView, _ name: String) -> String { v.path.isEmpty ? name : "\(v.path).\(name)" }

    // MARK: typed fields

    mutating func string(_ v: MapView, _ name: String) -> Located<String>? {
        guard let n = v.value(name) else { return nil }
        guard tape.isScalar(n) else {
            wrongType(n, expected: .string, path: fieldPath(v, name), entity: v.entity)
            return nil
        }
        return Located(tape.text(n), at: loc(n))
    }

    mutating func int(_ v: MapView, _ name: String) -> Located<Int>? {
        guard let n = v.value(name) else { return nil }
        guard let s = tape.scalar(n), let i = s.int else {
            var args = [
                "expected": UIText.t(.formatTypeInteger, .id), "expected_en": UIText.t(.formatTypeInteger, .en),
                "actual": tape.kindWords(n).id,
                "actual_en": tape.kindName(n), "key": name,
            ]
            if let s = tape.scalar(n) {
                args["value"] = s.text
                args["actual"] = s.isPlain ? "nilai skalar" : "teks bertanda kutip"
                args["actual_en"] = s.isPlain ? "scalar" : "quoted string"
            }
            report("S003", "default", n, path: fieldPath(v, name), entity: v.entity, args)
            return nil
        }
        return Located(i, at: loc(n))
    }

    mutating func bool(_ v: MapView, _ name: String) -> Located<Bool>? {
        guard let n = v.value(name) else { return nil }
        guard let b = tape.scalar(n)?.bool else {
            var args = [
                "expected": "boolean (true/false)", "expected_en": "boolean (true/false)",
                "actual": tape.kindWords(n).id, "actual_en": tape.kindName(n), "key": name,
            ]
            if let s = tape.scalar(n) { args["value"] = s.text }
            report("S003", "default", n, path: fieldPath(v, name), entity: v.entity, args)
            return nil
        }
        return Located(b, at: loc(n))
    }

    mutating func date(_ v: MapView, _ name: String) -> Located<CivilDate>? {
        guard let n = v.value(name) else { return nil }
        guard tape.isScalar(n) else {
            wrongType(n, expected: .date, path: fieldPath(v, name), entity: v.entity)
            return nil
        }
        let text = tape.text(n)
        guard let d = CivilDate(iso: text) else {
            report("S005", "default", n, path: fieldPath(v, name), entity: v.entity, ["value": text, "key": name])
            return nil
        }
        return Located(d, at: loc(n))
    }

    /// A number or a string, kept as its text (targets).
    mutating func text(_ v: MapView, _ name: String) -> Located<String>? {
        string(v, name)
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(
        _ v: MapView, _ name: String, _: E.Type, aliases: [String: E] = [:]
    ) -> Located<E>? where E.RawValue == String {
        guard let n = v.value(name) else { return nil }
        guard tape.isScalar(n) else {
            wrongType(n, expected: .string, path: fieldPath(v, name), entity: v.entity)
            return nil
        }
        let text = tape.text(n)
        if let e = E(rawValue: text) ?? aliases[text] { return Located(e, at: loc(n)) }
        let allowed = E.allCases.map(\.rawValue) + aliases.keys.sorted()
        var args = ["key": name, "value": text, "allowed": allowed.joined(separator: ", ")]
        if let sug = Suggest.closest(to: text, in: allowed) { args["suggestion"] = sug }
        report("S004", "default", n, path: fieldPath(v, name), entity: v.entity, args)
        return nil
    }

    /// A list field's node; nil when absent or null, and for a non-list (S003).
    mutating func list(_ v: MapView, _ name: String) -> Int? {
        guard let n = v.value(name) else { return nil }
        guard tape.kind(n) == .sequence else {
            wrongType(n, expected: .list(.string), path: fieldPath(v, name), entity: v.entity)
            return nil
        }
        return n
    }

    /// Where a list item is: its list, its place, and its identifier as written (`key`'s text).
    func itemPath(_ prefix: ListPrefix, _ node: Int, index: Int) -> ViewPath {
        var id: String?
        if let k = tape.value(prefix.key, in: node), tape.isScalar(k) {
            let t = tape.text(k)
            if !t.isEmpty { id = t }
        }
        return ViewPath(ListItemPath(prefix, index: index), id: id)
    }

    /// The list prefix of a top-level section (one per section, shared by its items).
    mutating func sectionPrefix(_ section: String, key: String) -> ListPrefix {
        if let p = sectionPrefixes[section] { return p }
        let p = ListPrefix(section, key: key)
        sectionPrefixes[section] = p
        return p
    }

    /// The parts joined into a string of exactly their length (interpolation grows its buffer
    /// and can leave it half empty; there is one path per item of a large agency).
    static func exact(_ parts: String...) -> String {
        var n = 0
        for p in parts { n += p.utf8.count }
        var out = ""
        out.reserveCapacity(n)
        for p in parts { out += p }
        return out
    }

    // MARK: documents

    /// Adds one document of `file` to the agency.
    mutating func add(document rootNode: YAMLNode, file: String, to agency: inout Agency) {
        self.file = file
        let early = staged
        staged = Staged()
        defer {
            // Items read one by one come after the document's own (its streamed lists are empty).
            // Taken over whole when the agency has none yet (no copy of a large list).
            ModelBuilder.append(early.units, to: &agency.units)
            ModelBuilder.append(early.employees, to: &agency.employees)
            ModelBuilder.append(early.agreements, to: &agency.agreements)
            ModelBuilder.append(early.teams, to: &agency.teams)
            ModelBuilder.append(early.matrices, to: &agency.matrices)
            ModelBuilder.append(early.diagnostics, to: &diagnostics)
        }
        if rootNode.isNull { return }
        documentTape.removeAll()
        let root = documentTape.append(rootNode)
        tape = documentTape
        defer { documentTape.removeAll() }
        guard let doc = view(root, FormatSchema.document, path: "", entity: file) else { return }
        for p in tape.pairs(root) {
            guard tape.isScalar(p.key), !tape.isNull(p.value) else { continue }
            switch tape.text(p.key) {
            case "versi":
                if let v = int(doc, "versi") {
                    agency.versi.append(v)
                    let supported = FormatSchema.document.field("versi")?.constant ?? 1
                    if v.value != supported {
                        report(
                            "S006", "default", p.value, path: "versi", entity: file,
                            ["value": String(v.value), "supported": String(supported)])
                    }
                }
            case "instansi":
                if let i = instansi(p) { agency.instansi.append(i) }
            case "unit_organisasi":
                agency.units += items(p, "unit_organisasi", key: "kode", schema: FormatSchema.unit) { b, v in
                    b.unit(v)
                }
            case "pegawai":
                agency.employees += items(p, "pegawai", key: "nip", schema: FormatSchema.employee) { b, v in
                    b.employee(v)
                }
            case "perjanjian_kinerja":
                agency.agreements += items(p, "perjanjian_kinerja", key: "unit", schema: FormatSchema.agreement) {
                    b, v in b.agreement(v)
                }
            case "tim_kerja":
                agency.teams += items(p, "tim_kerja", key: "kode", schema: FormatSchema.team) { b, v in
                    b.team(v)
                }
            case "matriks_peran_hasil":
                agency.matrices += items(p, "matriks_peran_hasil", key: "unit", schema: FormatSchema.matrix) {
                    b, v in b.matrix(v)
                }
            default:
                break
            }
        }
    }

    static func append<T>(_ items: [T], to list: inout [T]) {
        if items.isEmpty { return }
        // Not copied tight: the copy would briefly double the largest list (the peak).
        if list.isEmpty { list = items } else { list += items }
    }

    mutating func items<T>(
        _ p: (key: Int, value: Int), _ section: String, key: String, schema: MapSchema,
        _ make: (inout ModelBuilder, MapView) -> T
    ) -> [T] {
        guard tape.kind(p.value) == .sequence else {
            wrongType(p.value, expected: .list(.map(schema)), path: section, entity: file)
            return []
        }
        var out: [T] = []
        out.reserveCapacity(tape.count(p.value))
        for (i, node) in tape.items(p.value).enumerated() {
            if let x = item(node, i, section, key: key, schema: schema, make) { out.append(x) }
        }
        return out
    }

    mutating func item<T>(
        _ node: Int, _ index: Int, _ section: String, key: String, schema: MapSchema,
        _ make: (inout ModelBuilder, MapView) -> T
    ) -> T? {
        let prefix = sectionPrefix(section, key: key)
        guard let v = view(node, schema, itemPath(prefix, node, index: index)) else { return nil }
        return make(&self, v)
    }

    mutating func instansi(_ p: (key: Int, value: Int)) -> Instansi? {
        guard let v = view(p.value, FormatSchema.instansi, path: "instansi", entity: "instansi") else { return nil }
        var sk: SistemKerja?
        if let skPair = v.pair("sistem_kerja"), !tape.isNull(skPair.value),
            let s = view(skPair.value, FormatSchema.sistemKerja, path: "instansi.sistem_kerja", entity: "instansi")
        {
            sk = SistemKerja(
                peraturan: string(s, "peraturan"), ditetapkan: date(s, "ditetapkan"),
                diundangkan: date(s, "diundangkan"), berlaku: date(s, "berlaku"), keyLocation: loc(skPair.key))
        }
        return Instansi(
            kode: string(v, "kode"), nama: string(v, "nama"), jenis: enumeration(v, "jenis", InstansiJenis.self),
            sistemKerja: sk, keyLocation: loc(p.key), location: loc(p.value))
    }

    mutating func unit(_ v: MapView) -> Unit {
        Unit(
            kode: string(v, "kode"), nama: string(v, "nama"), tingkat: enumeration(v, "tingkat", UnitLevel.self),
            induk: string(v, "induk"), pimpinan: string(v, "pimpinan"), mandiri: bool(v, "mandiri"),
            location: loc(v.node), path: v.path)
    }

    mutating func employee(_ v: MapView) -> Employee {
        let jenis = enumeration(v, "jenis_jabatan", JenisJabatan.self)
        var jenjang: Located<Jenjang>?
        let jenjangNode = v.value("jenjang")
        if let jenis {
            let allowed = Jenjang.allowed(for: jenis.value)
            if let n = jenjangNode {
                if tape.isScalar(n), let j = Jenjang(rawValue: tape.text(n)), allowed.contains(j) {
                    jenjang = Located(j, at: loc(n))
                } else if !tape.isScalar(n) {
                    wrongType(n, expected: .string, path: fieldPath(v, "jenjang"), entity: v.entity)
                } else {
                    report(
                        "S008", allowed.isEmpty ? "not_allowed" : "invalid", n, path: fieldPath(v, "jenjang"),
                        entity: v.entity,
                        [
                            "value": tape.text(n), "jenis": jenis.value.rawValue,
                            "allowed": allowed.map(\.rawValue).joined(separator: ", "),
                        ])
                }
            } else if !allowed.isEmpty {
                report(
                    "S008", "missing", v.node, path: fieldPath(v, "jenjang"), entity: v.entity,
                    [
                        "jenis": jenis.value.rawValue, "allowed": allowed.map(\.rawValue).joined(separator: ", "),
                    ])
            }
        } else if let n = jenjangNode, !tape.isScalar(n) {
            wrongType(n, expected: .string, path: fieldPath(v, "jenjang"), entity: v.entity)
        }
        let inst = string(v, "instansi")
        let nip = string(v, "nip")
        return Employee(
            nip: nip, nama: string(v, "nama"), jabatan: string(v, "jabatan"), jenisJabatan: jenis,
            jenjang: jenjang, unit: string(v, "unit"), instansi: inst, isExternal: inst != nil,
            location: loc(v.node), itemPath: v.viewPath.listItemPath(field: nip?.value))
    }

    mutating func agreement(_ v: MapView) -> PerformanceAgreement {
        let unit = string(v, "unit")
        let tahun = int(v, "tahun")
        let base = "perjanjian_kinerja[unit=\(unit?.value ?? "?"),tahun=\(tahun.map { String($0.value) } ?? "?")]"
        var indicators: [Indicator] = []
        if let indicatorList = list(v, "indikator") {
            indicators.reserveCapacity(tape.count(indicatorList))
            let prefix = ListPrefix(ModelBuilder.exact(base, ".indikator"), key: "kode")
            for (i, n) in tape.items(indicatorList).enumerated() {
                guard let iv = view(n, FormatSchema.indicator, itemPath(prefix, n, index: i)) else { continue }
                let kode = string(iv, "kode")
                indicators.append(
                    Indicator(
                        kode: kode, sasaran: string(iv, "sasaran"), uraian: string(iv, "uraian"),
                        target: text(iv, "target"), satuan: string(iv, "satuan"), location: loc(n),
                        itemPath: iv.viewPath.listItemPath(field: kode?.value)))
            }
        }
        return PerformanceAgreement(
            unit: unit, tahun: tahun, pejabat: string(v, "pejabat"), indikator: indicators, location: loc(v.node),
            path: base)
    }

    mutating func team(_ v: MapView) -> Team {
        var penetapan: Penetapan?
        if let p = v.pair("penetapan"), !tape.isNull(p.value),
            let pv = view(p.value, FormatSchema.penetapan, v.viewPath.appending("penetapan"))
        {
            penetapan = Penetapan(
                nomor: string(pv, "nomor"), tanggal: date(pv, "tanggal"), oleh: string(pv, "oleh"),
                keyLocation: loc(p.key),
                nomorGiven: pv.value("nomor") != nil, tanggalGiven: pv.value("tanggal") != nil)
        }
        var periode: Periode?
        if let p = v.pair("periode"), !tape.isNull(p.value),
            let pv = view(p.value, FormatSchema.periode, v.viewPath.appending("periode"))
        {
            periode = Periode(mulai: date(pv, "mulai"), selesai: date(pv, "selesai"), keyLocation: loc(p.key))
        }
        var anggota: [Located<String>] = []
        if let memberList = list(v, "anggota") {
            anggota.reserveCapacity(tape.count(memberList))
            for n in tape.items(memberList) {
                if tape.isScalar(n), !tape.isNull(n) {
                    anggota.append(Located(tape.text(n), at: loc(n)))
                } else {
                    wrongType(n, expected: .nip, path: fieldPath(v, "anggota"), entity: v.entity)
                }
            }
        }
        let kode = string(v, "kode")
        return Team(
            kode: kode, nama: string(v, "nama"), unit: string(v, "unit"),
            lingkup: enumeration(v, "lingkup", Lingkup.self, aliases: Lingkup.aliases),
            jenisPekerjaan: enumeration(v, "jenis_pekerjaan", JenisPekerjaan.self),
            jenisPekerjaanGiven: v.value("jenis_pekerjaan") != nil,
            penetapan: penetapan, periode: periode, ketua: string(v, "ketua"), anggota: anggota,
            location: loc(v.node), itemPath: v.viewPath.listItemPath(field: kode?.value))
    }

    mutating func matrix(_ v: MapView) -> Matrix {
        let unit = string(v, "unit")
        let tahun = int(v, "tahun")
        let base = "matriks_peran_hasil[unit=\(unit?.value ?? "?"),tahun=\(tahun.map { String($0.value) } ?? "?")]"
        let hasil = results(list(v, "hasil"), level: 1, parentPath: ModelBuilder.exact(base, ".hasil"))
        return Matrix(
            unit: unit, tahun: tahun, penyelarasan: enumeration(v, "penyelarasan", Penyelarasan.self),
            hasil: hasil, location: loc(v.node), path: base)
    }

    /// Results of one level (`listNode`: the list's node); nesting is bounded by the loader's depth limit.
    mutating func results(_ listNode: Int?, level: Int, parentPath: String) -> [MatrixResult] {
        guard let listNode else { return [] }
        var out: [MatrixResult] = []
        out.reserveCapacity(tape.count(listNode))
        let schema = level == 1 ? FormatSchema.result1 : FormatSchema.result2
        let prefix = ListPrefix(parentPath, key: "kode")
        for (i, n) in tape.items(listNode).enumerated() {
            let viewPath = itemPath(prefix, n, index: i)
            guard let rv = view(n, schema, viewPath) else { continue }
            var turunanKey: SourceLocation?
            var turunan: [MatrixResult] = []
            if let tp = rv.pair("turunan"), !tape.isNull(tp.value) {
                turunanKey = loc(tp.key)
                turunan = results(
                    list(rv, "turunan"), level: level + 1, parentPath: ModelBuilder.exact(viewPath.text, ".turunan"))
            }
            let kode = string(rv, "kode")
            out.append(
                MatrixResult(
                    kode: kode, uraian: string(rv, "uraian"),
                    indikator: level == 1 ? string(rv, "indikator") : nil,
                    pelaksana: string(rv, "pelaksana"), tim: level == 1 ? string(rv, "tim") : nil,
                    target: text(rv, "target"), satuan: string(rv, "satuan"),
                    turunan: turunan, turunanKey: turunanKey, level: level, location: loc(n),
                    itemPath: rv.viewPath.listItemPath(field: kode?.value)))
        }
        return out
    }
}

import Foundation

/// A versioned, deterministic JSON document: sorted keys, sorted findings, no timestamps.
public struct JSONReporter: StreamingReporter {
    public init() {}

    struct Doc: Encodable {
        var version = 1
        var tool = "lintas"
        var toolVersion: String
        var language: String
        var packs: [String]
        var asOf: String?
        var comparedTo: ComparedToDoc?
        var agencies: [AgencyDoc]
        var skipped: [SkippedDoc]?
        var summary: Summary
    }

    /// A file discovery skipped as not agency data (present only when there is one).
    struct SkippedDoc: Encodable {
        var keys: [String]
        var message: String
        var path: String
        var reason: String
    }

    struct AgencyDoc: Encodable {
        var name: String
        var files: [String]
        var packs: [String]
        var asOf: String
        var config: String?
        var findings: [FindingDoc]
        var summary: Summary
        var fixedBaselineEntries: Int
        var figures: FiguresDoc
        /// The agency's `instansi.kode` and `instansi.nama`, when it has them.
        var instansi: InstansiDoc?
        var since: SinceDoc?
    }

    struct ComparedToDoc: Encodable {
        var file: String
        var notChecked: [String]
    }

    struct SinceDoc: Encodable {
        struct ResolvedDoc: Encodable {
            var column: Int
            var entity: String
            var file: String
            var line: Int
            var message: String
            var rule: String
            var severity: String
        }
        var earlier: String?
        var new: Int
        var resolved: Int
        var resolvedFindings: [ResolvedDoc]
        var stillOpen: Int

        init(_ s: SinceReview.AgencySince) {
            earlier = s.earlier
            new = s.new.count
            resolved = s.resolved.count
            stillOpen = s.stillOpen
            resolvedFindings = s.resolved.map {
                ResolvedDoc(
                    column: $0.column, entity: $0.entity, file: $0.file, line: $0.line, message: $0.message,
                    rule: $0.rule, severity: $0.severity)
            }
        }
    }

    struct InstansiDoc: Encodable {
        var kode: String?
        var nama: String?
    }

    /// The batch comparison's figures of an agency (``AgencyFigures``).
    struct FiguresDoc: Encodable {
        struct ShareDoc: Encodable {
            var n: Int
            var of: Int
            var percent: Int?
            var text: String
        }
        struct Pasal25Doc: Encodable {
            var status: String
            var lateDays: Int?
            var text: String
        }
        var errors: Int
        var warnings: Int
        var infos: Int
        var pasal25: Pasal25Doc
        var eligibleKetua: ShareDoc
        var cascadedIndicators: ShareDoc
        var employeesWithRole: ShareDoc
        var scopeMismatch: ShareDoc
        var scopeMismatchTeams: [String]
        var incomplete: Bool
        var unreadFiles: [String]

        init(_ f: AgencyFigures, _ lang: Language) {
            let mark = f.isIncomplete ? " (" + AgencyFigures.incompleteMarker[lang] + ")" : ""
            func share(_ s: AgencyFigures.Share) -> ShareDoc {
                ShareDoc(n: s.n, of: s.m, percent: s.percent, text: s.text + mark)
            }
            errors = f.errors
            warnings = f.warnings
            infos = f.infos
            incomplete = f.isIncomplete
            unreadFiles = f.unreadFiles
            pasal25 = Pasal25Doc(
                status: f.pasal25.code, lateDays: f.pasal25.lateDays, text: f.pasal25.localized[lang] + mark)
            eligibleKetua = share(f.eligibleKetua)
            cascadedIndicators = share(f.cascadedIndicators)
            employeesWithRole = share(f.employeesWithRole)
            scopeMismatch = share(f.scopeMismatch)
            scopeMismatchTeams = f.scopeMismatchTeams
        }
    }

    struct NoteDoc: Encodable {
        var message: String
        var file: String
        var line: Int
        var column: Int
        /// Workbooks only: the sheet, the row and the cell (`B12`); line and column are then the
        /// cell's row and column number.
        var sheet: String? = nil
        var row: Int? = nil
        var cell: String? = nil
    }

    struct FindingDoc: Encodable {
        var rule: String
        var ruleName: String
        var severity: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var path: String
        var entity: String
        var citation: String
        var basis: String
        var status: String
        var statusReason: String?
        var expires: String?
        var notes: [NoteDoc]
        /// Workbooks only (see ``NoteDoc``).
        var sheet: String? = nil
        var row: Int? = nil
        var cell: String? = nil
    }

    struct Summary: Encodable {
        var error = 0, warning = 0, info = 0, suppressed = 0, waived = 0, baselined = 0
        var files = 0
    }

    static func summary(_ findings: [Finding], files: Int) -> Summary {
        var s = Summary()
        s.files = files
        for f in findings {
            switch f.status {
            case .open:
                switch f.severity {
                case .error: s.error += 1
                case .warning: s.warning += 1
                case .info: s.info += 1
                }
            case .suppressed: s.suppressed += 1
            case .waived: s.waived += 1
            case .baselined: s.baselined += 1
            }
        }
        return s
    }

    static func finding(_ f: Finding, _ lang: Language) -> FindingDoc {
        var reason: String?
        var expires: String?
        switch f.status {
        case .suppressed(let r): reason = r
        case .waived(let j, let e):
            reason = j
            expires = e?.description
        default: break
        }
        var doc = FindingDoc(
            rule: f.rule, ruleName: f.ruleName, severity: f.severity.rawValue, message: f.message[lang],
            file: f.location.file, line: f.location.line, column: f.location.column,
            endLine: Int(f.location.range.end.line), endColumn: Int(f.location.range.end.column),
            path: f.path, entity: f.entity, citation: f.citation[lang], basis: f.basis.rawValue,
            status: f.status.name, statusReason: reason, expires: expires,
            notes: f.notes.map { n in
                NoteDoc(
                    message: n.message[lang], file: n.location.file, line: n.location.line, column: n.location.column,
                    sheet: n.location.cell?.sheet, row: n.location.cell?.row, cell: n.location.cell?.ref)
            })
        if let c = f.location.cell {
            doc.sheet = c.sheet
            doc.row = c.row
            doc.cell = c.ref
        }
        return doc
    }

    /// The document as a value (the shape ``write(_:_:to:)`` streams; its tests encode this with
    /// `JSONEncoder` and compare).
    func document(_ report: LintReport, _ ctx: ReportContext) -> Doc {
        let lang = ctx.language
        let agencies = report.agencies.map { a in
            AgencyDoc(
                name: a.name, files: a.files, packs: a.packs, asOf: a.asOf.description, config: a.configFile,
                findings: a.findings.map { JSONReporter.finding($0, lang) },
                summary: JSONReporter.summary(a.findings, files: a.files.count),
                fixedBaselineEntries: a.fixedBaselineEntries,
                figures: FiguresDoc(a.comparisonFigures, lang),
                instansi: a.comparisonFigures.kode == nil && a.comparisonFigures.nama == nil
                    ? nil
                    : InstansiDoc(kode: a.comparisonFigures.kode, nama: a.comparisonFigures.nama),
                since: report.since?.agencies[a.name].map(SinceDoc.init))
        }
        let asOfs = Set(report.agencies.map(\.asOf))
        return Doc(
            toolVersion: report.toolVersion, language: lang.rawValue,
            packs: Array(Set(report.agencies.flatMap(\.packs))).sorted(),
            asOf: asOfs.count == 1 ? asOfs.first?.description : nil,
            comparedTo: report.since.map { ComparedToDoc(file: $0.file, notChecked: $0.notChecked) },
            agencies: agencies,
            skipped: report.skipped.isEmpty
                ? nil
                : report.skipped.map {
                    SkippedDoc(keys: $0.keys, message: $0.message[lang], path: $0.path, reason: $0.reason.rawValue)
                },
            summary: JSONReporter.summary(report.allFindings, files: report.agencies.reduce(0) { $0 + $1.files.count }))
    }

    /// Streams the document finding by finding. The bytes are those `JSONEncoder` wrote for
    /// ``Doc`` with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (keys in sorted
    /// order, `" : "`, empty lists as `[`, an empty line, `]`): the format did not change.
    public func write(_ report: LintReport, _ ctx: ReportContext, to out: ReportOutput) {
        let lang = ctx.language
        var w = JSONStreamWriter(out: out)
        w.open("{")
        w.key("agencies")
        w.open("[")
        for a in report.agencies {
            w.item()
            w.open("{")
            w.field("asOf", a.asOf.description)
            if let c = a.configFile { w.field("config", c) }
            w.key("figures")
            JSONReporter.write(FiguresDoc(a.comparisonFigures, lang), &w)
            w.key("files")
            w.strings(a.files)
            w.key("findings")
            w.open("[")
            for f in a.findings {
                w.item()
                JSONReporter.write(f, lang, &w)
            }
            w.close("]")
            w.field("fixedBaselineEntries", a.fixedBaselineEntries)
            let fig = a.comparisonFigures
            if fig.kode != nil || fig.nama != nil {
                w.key("instansi")
                w.open("{")
                if let k = fig.kode { w.field("kode", k) }
                if let n = fig.nama { w.field("nama", n) }
                w.close("}")
            }
            w.field("name", a.name)
            w.key("packs")
            w.strings(a.packs)
            if let s = report.since?.agencies[a.name] { JSONReporter.write(s, &w) }
            w.key("summary")
            JSONReporter.write(JSONReporter.summary(a.findings, files: a.files.count), &w)
            w.close("}")
        }
        w.close("]")
        let asOfs = Set(report.agencies.map(\.asOf))
        if asOfs.count == 1, let d = asOfs.first { w.field("asOf", d.description) }
        if let since = report.since {
            w.key("comparedTo")
            w.open("{")
            w.field("file", since.file)
            w.key("notChecked")
            w.strings(since.notChecked)
            w.close("}")
        }
        w.field("language", lang.rawValue)
        w.key("packs")
        w.strings(Array(Set(report.agencies.flatMap(\.packs))).sorted())
        if !report.skipped.isEmpty {
            w.key("skipped")
            w.open("[")
            for s in report.skipped {
                w.item()
                w.open("{")
                w.key("keys")
                w.strings(s.keys)
                w.field("message", s.message, lang)
                w.field("path", s.path)
                w.field("reason", s.reason.rawValue)
                w.close("}")
            }
            w.close("]")
        }
        w.key("summary")
        var total = Summary()
        for a in report.agencies { total.add(JSONReporter.summary(a.findings, files: a.files.count)) }
        JSONReporter.write(total, &w)
        w.field("tool", "lintas")
        w.field("toolVersion", report.toolVersion)
        w.field("version", 1)
        w.close("}")
        out.write(byte: 0x0A)
    }

    static func write(_ f: Finding, _ lang: Language, _ w: inout JSONStreamWriter) {
        let cell = f.location.cell
        w.open("{")
        w.field("basis", f.basis.rawValue)
        if let c = cell { w.field("cell", c.ref) }
        w.field("citation", f.citation, lang)
        w.field("column", f.location.column)
        w.field("endColumn", Int(f.location.range.end.column))
        w.field("endLine", Int(f.location.range.end.line))
        w.field("entity", f.entity)
        var reason: String?
        switch f.status {
        case .suppressed(let r): reason = r
        case .waived(let j, let e):
            reason = j
            if let e { w.field("expires", e.description) }
        default: break
        }
        w.field("file", f.location.file)
        w.field("line", f.location.line)
        w.field("message", f.message, lang)
        w.key("notes")
        w.open("[")
        for n in f.notes {
            w.item()
            let noteCell = n.location.cell
            w.open("{")
            if let c = noteCell { w.field("cell", c.ref) }
            w.field("column", n.location.column)
            w.field("file", n.location.file)
            w.field("line", n.location.line)
            w.field("message", n.message, lang)
            if let c = noteCell {
                w.field("row", c.row)
                w.field("sheet", c.sheet)
            }
            w.close("}")
        }
        w.close("]")
        w.field("path", f.path)
        if let c = cell { w.field("row", c.row) }
        w.field("rule", f.rule)
        w.field("ruleName", f.ruleName)
        w.field("severity", f.severity.rawValue)
        if let c = cell { w.field("sheet", c.sheet) }
        w.field("status", f.status.name)
        if let reason { w.field("statusReason", reason) }
        w.close("}")
    }

    static func write(_ f: FiguresDoc, _ w: inout JSONStreamWriter) {
        func share(_ k: StaticString, _ s: FiguresDoc.ShareDoc) {
            w.key(k)
            w.open("{")
            w.field("n", s.n)
            w.field("of", s.of)
            if let p = s.percent { w.field("percent", p) }
            w.field("text", s.text)
            w.close("}")
        }
        w.open("{")
        share("cascadedIndicators", f.cascadedIndicators)
        share("eligibleKetua", f.eligibleKetua)
        share("employeesWithRole", f.employeesWithRole)
        w.field("errors", f.errors)
        w.field("incomplete", f.incomplete)
        w.field("infos", f.infos)
        w.key("pasal25")
        w.open("{")
        if let d = f.pasal25.lateDays { w.field("lateDays", d) }
        w.field("status", f.pasal25.status)
        w.field("text", f.pasal25.text)
        w.close("}")
        share("scopeMismatch", f.scopeMismatch)
        w.key("scopeMismatchTeams")
        w.strings(f.scopeMismatchTeams)
        w.key("unreadFiles")
        w.strings(f.unreadFiles)
        w.field("warnings", f.warnings)
        w.close("}")
    }

    /// An agency's progress since the earlier review (`--compare-to`).
    static func write(_ s: SinceReview.AgencySince, _ w: inout JSONStreamWriter) {
        w.key("since")
        w.open("{")
        if let e = s.earlier { w.field("earlier", e) }
        w.field("new", s.new.count)
        w.field("resolved", s.resolved.count)
        w.key("resolvedFindings")
        w.open("[")
        for f in s.resolved {
            w.item()
            w.open("{")
            w.field("column", f.column)
            w.field("entity", f.entity)
            w.field("file", f.file)
            w.field("line", f.line)
            w.field("message", f.message)
            w.field("rule", f.rule)
            w.field("severity", f.severity)
            w.close("}")
        }
        w.close("]")
        w.field("stillOpen", s.stillOpen)
        w.close("}")
    }

    static func write(_ s: Summary, _ w: inout JSONStreamWriter) {
        w.open("{")
        w.field("baselined", s.baselined)
        w.field("error", s.error)
        w.field("files", s.files)
        w.field("info", s.info)
        w.field("suppressed", s.suppressed)
        w.field("waived", s.waived)
        w.field("warning", s.warning)
        w.close("}")
    }
}

extension JSONReporter.Summary {
    mutating func add(_ o: JSONReporter.Summary) {
        error += o.error
        warning += o.warning
        info += o.info
        suppressed += o.suppressed
        waived += o.waived
        baselined += o.baselined
        files += o.files
    }
}

/// Pretty-printed JSON written as it goes, laid out as Foundation's `JSONEncoder` lays it out.
/// The caller writes keys in sorted order.
struct JSONStreamWriter {
    let out: ReportOutput
    /// Open containers, and whether the innermost has a member yet.
    private var depth = 0
    private var filled = false

    init(out: ReportOutput) { self.out = out }

    /// Starts a member of the innermost container: the separator and the indentation.
    private mutating func begin() {
        guard depth > 0 else { return }
        if filled { out.write(byte: UInt8(ascii: ",")) }
        out.write(byte: 0x0A)
        filled = true
        out.writeIndent(depth)
    }

    mutating func open(_ bracket: StaticString) {
        out.write(static: bracket)
        depth += 1
        filled = false
    }

    /// Closes the innermost container (which always follows one of its members or its opening).
    mutating func close(_ bracket: StaticString) {
        // JSONEncoder writes an empty container as the bracket, an empty line, and the bracket.
        out.write(static: filled ? "\n" : "\n\n")
        depth -= 1
        out.writeIndent(depth)
        out.write(static: bracket)
        filled = true
    }

    /// A list item (then write its value).
    mutating func item() { begin() }

    mutating func key(_ k: StaticString) {
        begin()
        out.write(byte: UInt8(ascii: "\""))
        out.write(static: k)
        out.write(static: "\" : ")
    }

    mutating func field(_ k: StaticString, _ v: String) {
        key(k)
        out.writeJSONString(v, jsonEncoderStyle: true)
    }

    mutating func field(_ k: StaticString, _ v: LocalizedText, _ lang: Language) {
        key(k)
        out.writeJSONString(v, lang, jsonEncoderStyle: true)
    }

    mutating func field(_ k: StaticString, _ v: Int) {
        key(k)
        out.write(v)
    }

    mutating func field(_ k: StaticString, _ v: Bool) {
        key(k)
        out.write(static: v ? "true" : "false")
    }

    mutating func strings(_ list: [String]) {
        open("[")
        for s in list {
            item()
            out.writeJSONString(s, jsonEncoderStyle: true)
        }
        close("]")
    }
}

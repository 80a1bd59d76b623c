/// A versioned, deterministic JSON document: sorted keys, sorted findings, no timestamps.
/// Written as it goes, finding by finding, in ``JSONWriter/Layout/foundation`` (the bytes the
/// report had when `JSONEncoder` wrote it: the format did not change). Keys in sorted order.
struct JSONReporter: StreamingReporter {
    /// Counts of findings by severity (open ones) and by status.
    struct Summary: Equatable {
        var error = 0, warning = 0, info = 0, suppressed = 0, waived = 0, baselined = 0
        var files = 0

        mutating func add(_ other: Summary) {
            error += other.error
            warning += other.warning
            info += other.info
            suppressed += other.suppressed
            waived += other.waived
            baselined += other.baselined
            files += other.files
        }

        func write(_ w: inout JSONWriter) {
            w.int("baselined", baselined)
            w.int("error", error)
            w.int("files", files)
            w.int("info", info)
            w.int("suppressed", suppressed)
            w.int("waived", waived)
            w.int("warning", warning)
        }
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

    func write(_ report: LintReport, _ ctx: ReportContext, to out: ReportOutput) {
        let lang = ctx.language
        JSONWriter.object(out, layout: .foundation) { document in
            document.array("agencies") { list in
                for agency in report.agencies {
                    list.object { JSONReporter.write(agency, report.since?.agencies[agency.name], lang, &$0) }
                }
            }
            let asOfs = Set(report.agencies.map(\.asOf))
            if asOfs.count == 1, let day = asOfs.first { document.string("asOf", day.description) }
            if let since = report.since {
                document.object("comparedTo") { compared in
                    compared.string("file", since.file)
                    compared.strings("notChecked", since.notChecked)
                }
            }
            document.string("language", lang.rawValue)
            document.strings("packs", Array(Set(report.agencies.flatMap(\.packs))).sorted())
            if !report.skipped.isEmpty {
                document.array("skipped") { list in
                    for skipped in report.skipped {
                        list.object { entry in
                            entry.strings("keys", skipped.keys)
                            entry.string("message", skipped.message, lang)
                            entry.string("path", skipped.path)
                            entry.string("reason", skipped.reason.rawValue)
                        }
                    }
                }
            }
            var total = Summary()
            for agency in report.agencies {
                total.add(JSONReporter.summary(agency.findings, files: agency.files.count))
            }
            document.object("summary") { total.write(&$0) }
            document.string("tool", "lintas")
            document.string("toolVersion", report.toolVersion)
            document.int("version", 1)
        }
        out.write(byte: 0x0A)
    }

    static func write(
        _ agency: AgencyResult, _ since: SinceReview.AgencySince?, _ lang: Language, _ w: inout JSONWriter
    ) {
        w.string("asOf", agency.asOf.description)
        if let config = agency.configFile { w.string("config", config) }
        w.object("figures") { JSONReporter.write(agency.comparisonFigures, lang, &$0) }
        w.strings("files", agency.files)
        w.array("findings") { list in
            for finding in agency.findings { list.object { JSONReporter.write(finding, lang, &$0) } }
        }
        w.int("fixedBaselineEntries", agency.fixedBaselineEntries)
        let figures = agency.comparisonFigures
        if figures.kode != nil || figures.nama != nil {
            w.object("instansi") { instansi in
                if let kode = figures.kode { instansi.string("kode", kode) }
                if let nama = figures.nama { instansi.string("nama", nama) }
            }
        }
        w.string("name", agency.name)
        w.strings("packs", agency.packs)
        if let since { w.object("since") { JSONReporter.write(since, &$0) } }
        w.object("summary") { JSONReporter.summary(agency.findings, files: agency.files.count).write(&$0) }
    }

    static func write(_ f: Finding, _ lang: Language, _ w: inout JSONWriter) {
        let cell = f.location.cell
        w.string("basis", f.basis.rawValue)
        if let cell { w.string("cell", cell.ref) }
        w.string("citation", f.citation, lang)
        w.int("column", f.location.column)
        w.int("endColumn", Int(f.location.range.end.column))
        w.int("endLine", Int(f.location.range.end.line))
        w.string("entity", f.entity)
        var reason: String?
        switch f.status {
        case .suppressed(let why): reason = why
        case .waived(let justification, let expires):
            reason = justification
            if let expires { w.string("expires", expires.description) }
        default: break
        }
        w.string("file", f.location.file)
        w.int("line", f.location.line)
        w.string("message", f.message, lang)
        w.array("notes") { list in
            for note in f.notes {
                list.object { n in
                    let noteCell = note.location.cell
                    if let noteCell { n.string("cell", noteCell.ref) }
                    n.int("column", note.location.column)
                    n.string("file", note.location.file)
                    n.int("line", note.location.line)
                    n.string("message", note.message, lang)
                    if let noteCell {
                        n.int("row", noteCell.row)
                        n.string("sheet", noteCell.sheet)
                    }
                }
            }
        }
        w.string("path", f.path)
        if let cell { w.int("row", cell.row) }
        w.string("rule", f.rule)
        w.string("ruleName", f.ruleName)
        w.string("severity", f.severity.rawValue)
        if let cell { w.string("sheet", cell.sheet) }
        w.string("status", f.status.name)
        if let reason { w.string("statusReason", reason) }
    }

    /// The batch comparison's figures of an agency (``AgencyFigures``); each text marked when the
    /// agency could not be read whole.
    static func write(_ figures: AgencyFigures, _ lang: Language, _ w: inout JSONWriter) {
        let mark = figures.isIncomplete ? " (" + AgencyFigures.incompleteMarker[lang] + ")" : ""
        func share(_ name: StaticString, _ share: AgencyFigures.Share) {
            w.object(name) { s in
                s.int("n", share.n)
                s.int("of", share.m)
                if let percent = share.percent { s.int("percent", percent) }
                s.string("text", share.text + mark)
            }
        }
        share("cascadedIndicators", figures.cascadedIndicators)
        share("eligibleKetua", figures.eligibleKetua)
        share("employeesWithRole", figures.employeesWithRole)
        w.int("errors", figures.errors)
        w.bool("incomplete", figures.isIncomplete)
        w.int("infos", figures.infos)
        w.object("pasal25") { pasal25 in
            if let days = figures.pasal25.lateDays { pasal25.int("lateDays", days) }
            pasal25.string("status", figures.pasal25.code)
            pasal25.string("text", figures.pasal25.localized[lang] + mark)
        }
        share("scopeMismatch", figures.scopeMismatch)
        w.strings("scopeMismatchTeams", figures.scopeMismatchTeams)
        w.strings("unreadFiles", figures.unreadFiles)
        w.int("warnings", figures.warnings)
    }

    /// An agency's progress since the earlier review (`--compare-to`).
    static func write(_ since: SinceReview.AgencySince, _ w: inout JSONWriter) {
        if let earlier = since.earlier { w.string("earlier", earlier) }
        w.int("new", since.new.count)
        w.int("resolved", since.resolved.count)
        w.array("resolvedFindings") { list in
            for resolved in since.resolved {
                list.object { f in
                    f.int("column", resolved.column)
                    f.string("entity", resolved.entity)
                    f.string("file", resolved.file)
                    f.int("line", resolved.line)
                    f.string("message", resolved.message)
                    f.string("rule", resolved.rule)
                    f.string("severity", resolved.severity)
                }
            }
        }
        w.int("stillOpen", since.stillOpen)
    }
}

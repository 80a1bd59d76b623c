import Foundation

@testable import LintasCore

/// The JSON report as `Encodable` values: the test oracle of ``JSONReporter``. Encoded with
/// `JSONEncoder` (`.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`) it gives the bytes the
/// reporter streams (StreamingOutputTests), as the report was written before it streamed.
enum JSONDocumentModel {
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
        var summary: SummaryDoc
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
        var summary: SummaryDoc
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

    struct SummaryDoc: Encodable {
        var error = 0, warning = 0, info = 0, suppressed = 0, waived = 0, baselined = 0
        var files = 0

        init(_ s: JSONReporter.Summary) {
            (error, warning, info) = (s.error, s.warning, s.info)
            (suppressed, waived, baselined) = (s.suppressed, s.waived, s.baselined)
            files = s.files
        }
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

    /// The document as a value: what `JSONReporter.write` streams.
    static func document(_ report: LintReport, _ ctx: ReportContext) -> Doc {
        let lang = ctx.language
        let agencies = report.agencies.map { a in
            AgencyDoc(
                name: a.name, files: a.files, packs: a.packs, asOf: a.asOf.description, config: a.configFile,
                findings: a.findings.map { JSONDocumentModel.finding($0, lang) },
                summary: SummaryDoc(JSONReporter.summary(a.findings, files: a.files.count)),
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
            summary: SummaryDoc(
                JSONReporter.summary(report.allFindings, files: report.agencies.reduce(0) { $0 + $1.files.count })))
    }

}

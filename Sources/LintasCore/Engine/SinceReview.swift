import Foundation

/// `--compare-to FILE`: progress since an earlier review, read from that run's JSON report. Per
/// agency, the open findings then and now are matched as the baseline matches them: by rule, file
/// and entity, never by line (a moved line is not new), with files and path entities taken
/// relative to the agency's own path, so an agency whose folder moved (`2024/pemkab-a` to
/// `2025/pemkab-a`) still matches. Agencies are matched by path, else by their `instansi.kode`
/// when one agency has it in each run.
public struct SinceReview: Sendable {
    /// A finding of the earlier report, as its JSON says it.
    struct EarlierFinding: Sendable, Equatable {
        var rule: String
        var severity: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var entity: String
    }

    /// One agency of the earlier report.
    struct EarlierAgency: Sendable {
        var name: String
        var kode: String?
        var findings: [EarlierFinding]
    }

    /// One current agency's progress.
    struct AgencySince: Sendable {
        /// The earlier agency it was matched with (nil: not in the earlier report).
        var earlier: String?
        /// Open findings then that are gone now.
        var resolved: [EarlierFinding] = []
        /// Indices (into the agency's findings) of open findings that were not open then.
        var new: [Int] = []
        /// Open findings then and now.
        var stillOpen = 0
    }

    /// The earlier report, as given on the command line.
    var file: String
    /// By current agency name.
    var agencies: [String: AgencySince] = [:]
    /// Earlier agencies matched by no current one (not checked this time).
    var notChecked: [String] = []

    /// Reads the earlier JSON report. A file that is not a lintas JSON report is exit 2.
    static func readEarlier(_ file: String) throws -> [EarlierAgency] {
        let bytes = try SafeFile.toolFile(
            file, what: "cannot read the earlier report / laporan sebelumnya tidak dapat dibaca")
        guard let doc = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            doc["tool"] as? String == "lintas",
            let agencies = doc["agencies"] as? [[String: Any]]
        else {
            throw LintasError(
                "\(file): not a lintas JSON report (lintas check --format json) / bukan laporan JSON lintas")
        }
        return agencies.map { a in
            let findings = (a["findings"] as? [[String: Any]] ?? []).filter {
                ($0["status"] as? String ?? "open") == "open"
            }.map { f in
                EarlierFinding(
                    rule: f["rule"] as? String ?? "", severity: f["severity"] as? String ?? "",
                    message: f["message"] as? String ?? "",
                    file: f["file"] as? String ?? "", line: f["line"] as? Int ?? 0, column: f["column"] as? Int ?? 0,
                    entity: f["entity"] as? String ?? "")
            }
            return EarlierAgency(
                name: a["name"] as? String ?? "", kode: (a["instansi"] as? [String: Any])?["kode"] as? String,
                findings: findings)
        }
    }

    /// A path relative to the agency's own path (`.` for the agency itself).
    static func relative(_ p: String, to agency: String) -> String {
        if p == agency { return "." }
        return p.hasPrefix(agency + "/") ? String(p.dropFirst(agency.count + 1)) : p
    }

    static func key(rule: String, file: String, entity: String, agency: String) -> String {
        rule + "|" + relative(file, to: agency) + "|" + relative(entity, to: agency)
    }

    /// Compares `report` with the earlier report in `file`.
    static func compare(_ report: LintReport, to file: String) throws -> SinceReview {
        let earlier = try readEarlier(file)
        var out = SinceReview(file: file)
        var byName: [String: Int] = [:]
        var byKode: [String: [Int]] = [:]
        for (i, a) in earlier.enumerated() {
            byName[a.name] = i
            if let k = a.kode { byKode[k, default: []].append(i) }
        }
        let currentKodes = Dictionary(grouping: report.agencies.compactMap { $0.comparisonFigures.kode }, by: { $0 })
            .mapValues(\.count)
        var used = Set<Int>()
        for a in report.agencies {
            var match = byName[a.name]
            if match == nil, let k = a.comparisonFigures.kode, currentKodes[k] == 1, let list = byKode[k],
                list.count == 1, !used.contains(list[0])
            {
                match = list[0]
            }
            var since = AgencySince()
            var remaining: [String: [EarlierFinding]] = [:]
            if let m = match {
                used.insert(m)
                since.earlier = earlier[m].name
                for f in earlier[m].findings {
                    remaining[key(rule: f.rule, file: f.file, entity: f.entity, agency: earlier[m].name), default: []]
                        .append(f)
                }
            }
            for (i, f) in a.findings.enumerated() where f.isOpen {
                let k = key(rule: f.rule, file: f.location.file, entity: f.entity, agency: a.name)
                if var list = remaining[k], !list.isEmpty {
                    list.removeFirst()
                    remaining[k] = list
                    since.stillOpen += 1
                } else {
                    since.new.append(i)
                }
            }
            since.resolved = remaining.values.flatMap { $0 }.sorted {
                ($0.file, $0.line, $0.column, $0.rule) < ($1.file, $1.line, $1.column, $1.rule)
            }
            out.agencies[a.name] = since
        }
        out.notChecked = earlier.indices.filter { !used.contains($0) }.map { earlier[$0].name }.sorted()
        return out
    }

    /// "−2 +1 =5": resolved, new, still open; "baru"/"new" for an agency not reviewed before.
    static func summary(_ s: AgencyFigures.SinceCounts?, _ lang: Language) -> String {
        guard let s else { return "" }
        guard s.reviewedBefore else { return UIText.t(.sinceNewAgency, lang, ["new": String(s.new)]) }
        return "−\(s.resolved) +\(s.new) =\(s.stillOpen)"
    }

    /// The report with the comparison attached: ``LintReport/since`` and each agency's figures.
    public static func attach(to report: inout LintReport, earlier file: String) throws {
        let since = try compare(report, to: file)
        for i in report.agencies.indices {
            guard let s = since.agencies[report.agencies[i].name] else { continue }
            var f = report.agencies[i].comparisonFigures
            f.since = AgencyFigures.SinceCounts(
                resolved: s.resolved.count, new: s.new.count, stillOpen: s.stillOpen, reviewedBefore: s.earlier != nil)
            report.agencies[i].figures = f
        }
        report.since = since
    }

    /// One line per agency and the earlier agencies not checked now (text output).
    func text(_ report: LintReport, _ lang: Language) -> String {
        var out = UIText.t(.sinceHeader, lang, ["file": file]) + "\n"
        for a in report.agencies {
            guard let s = agencies[a.name] else { continue }
            let counts = UIText.t(
                .sinceCounts, lang,
                ["resolved": String(s.resolved.count), "new": String(s.new.count), "open": String(s.stillOpen)])
            let earlier =
                s.earlier.map { $0 == a.name ? "" : UIText.t(.sinceEarlierName, lang, ["name": $0]) }
                ?? UIText.t(.sinceNotInEarlier, lang)
            out += "  \(a.name): \(counts)\(earlier)\n"
        }
        for n in notChecked { out += "  \(n): " + UIText.t(.sinceNotChecked, lang) + "\n" }
        return out
    }
}

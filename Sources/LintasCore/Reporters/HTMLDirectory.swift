import Foundation

/// `--output html:DIR/`: the HTML report of a batch as a directory, for batches too big for one
/// page. `DIR/index.html` holds the summary and the comparison table, each row linking to its
/// agency's page beside it, `DIR/instansi-NAME-XXXXXXXX.html`; every page is self-contained under the same
/// Content-Security-Policy as the single-file report (``HTMLReporter``). An agency's page is the
/// single-file report of that agency alone, with a link back to the index, and is written as soon
/// as the agency is checked (``LintOptions/eachAgency``), so its model need not be kept.
///
/// Pages are written atomically. Pages left by an earlier run of other agencies are not removed:
/// the index lists the run's own.
public struct HTMLDirectory: Sendable {
    let path: String

    /// Creates the directory when missing (before the check, so that a directory that cannot be
    /// written is said before the work).
    public init(creating path: String) throws {
        let dir = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw LintasError("cannot create the report directory / direktori laporan tidak dapat dibuat: \(path)")
        }
        self.path = dir
    }

    /// Whether an `--output html:` target names a directory: it ends in `/` or is one already.
    public static func isDirectoryTarget(_ target: String) -> Bool {
        var isDir: ObjCBool = false
        return target.hasSuffix("/")
            || (FileManager.default.fileExists(atPath: target, isDirectory: &isDir) && isDir.boolValue)
    }

    /// The page of an agency, in the directory: `instansi-`, the last part of its name in safe
    /// characters (at most 60), and 8 hex digits of the SHA-256 of the whole name, so that two
    /// agencies never share a page and an agency keeps its page from one run to the next.
    static func pageName(_ agency: String) -> String {
        let last = agency.split(separator: "/").last.map(String.init) ?? agency
        var safe = String(
            last.unicodeScalars.prefix(60).map { s -> Character in
                s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "." || s == "-" || s == "_")
                    ? Character(s) : "_"
            })
        while safe.hasPrefix(".") { safe.removeFirst() }
        let hex = ContentHash.sha256(agency).prefix(4).map { String(format: "%02x", $0) }.joined()
        return "instansi-" + (safe.isEmpty ? "" : safe + "-") + hex + ".html"
    }

    /// Writes one agency's page (`one` holds that agency alone, as ``LintOptions/eachAgency`` gives it).
    public func writeAgencyPage(_ one: LintReport, _ context: ReportContext) throws {
        guard let a = one.agencies.first else { return }
        var reporter = HTMLReporter()
        reporter.back = "index.html"
        try write(reporter.render(one, context), to: path + "/" + HTMLDirectory.pageName(a.name))
    }

    /// Writes the index: the whole run's summary and comparison, rows linking to the pages.
    public func writeIndex(_ report: LintReport, _ context: ReportContext) throws {
        var reporter = HTMLReporter()
        reporter.indexOnly = true
        reporter.pageLink = { HTMLDirectory.pageName($0) }
        try write(reporter.render(report, context), to: path + "/index.html")
    }

    func write(_ page: String, to file: String) throws {
        let out = try ReportOutput(atomicallyWriting: file)
        out.write(page)
        try out.finish()
    }
}

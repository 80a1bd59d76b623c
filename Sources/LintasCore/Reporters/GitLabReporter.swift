/// GitLab Code Quality report: a JSON array of open findings with a stable fingerprint
/// (rule + file + entity, so an issue keeps its identity when lines move). `location.path` is relative
/// to the repository root, as GitLab expects (``PathAnchor``); a file outside it keeps its absolute path.
struct GitLabReporter: Reporter {
    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: return "major"
        case .warning: return "minor"
        case .info: return "info"
        }
    }

    func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        let paths = PlacedPaths(report, ctx)
        var items: [(Finding, String)] = []
        for agency in report.agencies {
            for (f, key) in zip(agency.findings, paths.fingerprintKeys(agency.findings)) where f.isOpen {
                items.append((f, key))
            }
        }
        items.sort { a, b in
            let pa = paths[a.0.location.file].path
            let pb = paths[b.0.location.file].path
            if pa != pb { return pa < pb }
            return Finding.ordered(a.0, b.0) || (!Finding.ordered(b.0, a.0) && a.1 < b.1)
        }
        let out = ReportOutput()
        JSONWriter.array(out) { list in
            for (f, key) in items {
                list.object { item in
                    item.string(
                        "description",
                        "\(f.rule): \(f.message[lang]) (\(f.citation[lang]); \(f.basis.localized[lang]))")
                    item.string("check_name", f.rule)
                    item.string("fingerprint", StableHash.hex128(key))
                    item.string("severity", GitLabReporter.severity(f.severity))
                    item.object("location") { location in
                        location.string("path", paths[f.location.file].path)
                        location.object("lines") { $0.int("begin", max(1, f.location.line)) }
                    }
                }
            }
        }
        out.write("\n")
        return out.text
    }
}

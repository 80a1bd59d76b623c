/// J rules. Each check reports only codes of its family.
let jabarChecks: [any AgencyCheck] = [TeamWorkTypeCheck()]

/// J001 (pack pergub-jabar-181-2021): a team without `jenis_pekerjaan`.
struct TeamWorkTypeCheck: AgencyCheck {
    let codes = ["J001"]

    func check(_ c: CheckContext) {
        let allowed = JenisPekerjaan.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        for t in c.agency.teams where !t.jenisPekerjaanGiven {
            c.report(Diagnostic("J001", at: t.anchor, path: "\(t.path).kode", entity: t.entity,
                                args: ["team": t.code, "allowed": allowed]))
        }
    }
}

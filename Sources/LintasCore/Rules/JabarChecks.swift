/// J rules. Each check reports only codes of its family.
let jabarChecks: [any AgencyCheck] = [TeamWorkTypeCheck()]

/// J001 (pack pergub-jabar-181-2021): a team without `jenis_pekerjaan`.
struct TeamWorkTypeCheck: AgencyCheck {
    let codes = ["J001"]

    func check(_ c: CheckContext) {
        let allowed = JenisPekerjaan.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        let teams = c.agency.teams
        for t in teams.indices where !teams[t].jenisPekerjaanGiven {
            c.report(
                Diagnostic(
                    "J001", at: teams[t].anchor, path: "\(teams[t].path).kode", entity: teams[t].entity,
                    args: ["team": teams[t].code, "allowed": allowed]))
        }
    }
}

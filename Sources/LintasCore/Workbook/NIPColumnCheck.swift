import Foundation

/// N007: a workbook whose whole NIP column is stored as numbers (a column pasted from a report,
/// or a column formatted as Number) gets one finding for the column, beside the N006 of each cell:
/// the fix is the column's format and retyping from the decree, not cell by cell. Each cell keeps
/// its N006, so an annotated copy marks every cell and a re-check finds the same.
///
/// Built on the findings' cells only: the N006 cells of one sheet column are compared with how many
/// NIPs of that sheet's NIP fields the agency holds (a column is "whole" when its N006 count equals
/// one field's count of filled values), so it does not depend on how the workbook was read.
enum NIPColumnCheck {
    static let codes = ["N007"]

    /// The counts of filled values of each NIP field, by sheet (section).
    static func fieldCounts(_ agency: Agency) -> [String: [Int]] {
        func results(_ rs: [MatrixResult]) -> Int {
            rs.reduce(0) { $0 + ($1.pelaksana == nil ? 0 : 1) + results($1.turunan) }
        }
        return [
            "pegawai": [agency.employees.filter { $0.nip != nil }.count],
            "unit_organisasi": [agency.units.filter { $0.pimpinan != nil }.count],
            "tim_kerja": [
                agency.teams.filter { $0.penetapan?.oleh != nil }.count, agency.teams.filter { $0.ketua != nil }.count,
                agency.teams.reduce(0) { $0 + $1.anggota.count },
            ],
            "perjanjian_kinerja": [agency.agreements.filter { $0.pejabat != nil }.count],
            "matriks_peran_hasil": [agency.matrices.reduce(0) { $0 + results($1.hasil) }],
        ]
    }

    /// One N007 per sheet column whose every NIP is stored as a number (two NIPs at least), at
    /// its first cell.
    static func summaries(_ findings: [Finding], agency: Agency, rules: ActiveRules) -> [Finding] {
        guard rules.isEnabled("N007") else { return [] }
        var columns: [String: [CellReference]] = [:]
        for f in findings where f.rule == "N006" {
            guard let c = f.location.cell else { continue }
            columns["\(c.sheet)\u{0}\(c.column)", default: []].append(c)
        }
        guard !columns.isEmpty else { return [] }
        let counts = fieldCounts(agency)
        var out: [Finding] = []
        for cells in columns.values where cells.count >= 2 {
            let first = cells.min()!
            guard let fields = counts[WorkbookLayout.normalize(first.sheet)], fields.contains(cells.count) else {
                continue
            }
            let letters = CellReference.letters(first.column)
            let file = findings.first { $0.location.cell == first }?.location.file ?? agency.name
            let d = Diagnostic(
                "N007", at: SourceLocation(file: file, cell: first), path: "\(first.sheet)!\(letters):\(letters)",
                entity: "\(first.sheet)!\(letters)",
                args: ["sheet": first.sheet, "column": letters, "count": String(cells.count)])
            if let f = Wording.finding(d, rules: rules) { out.append(f) }
        }
        return out
    }
}

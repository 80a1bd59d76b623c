/// O rules. Each check reports only codes of its family.
let organisationChecks: [any AgencyCheck] = [HeadPostCheck(), UnitWithoutHeadCheck(), StructuralDepthCheck()]

/// O001: a unit's head does not hold the post its `tingkat` needs. At the unit's `pimpinan`, a note
/// at the employee record.
struct HeadPostCheck: AgencyCheck {
    let codes = ["O001"]

    /// The post (and JPT grade) a unit level needs.
    static func expected(_ level: UnitLevel) -> (jenis: JenisJabatan, jenjang: Jenjang?) {
        switch level {
        case .jptUtama: return (.jpt, .utama)
        case .jptMadya: return (.jpt, .madya)
        case .jptPratama: return (.jpt, .pratama)
        case .administrator: return (.administrator, nil)
        case .pengawas: return (.pengawas, nil)
        }
    }

    static func describe(_ jenis: JenisJabatan, _ jenjang: Jenjang?) -> (id: String, en: String) {
        switch (jenis, jenjang) {
        case (.jpt, let j?): return UIText.pair(.postJptAtGrade, ["grade": j.rawValue])
        case (.jpt, nil): return UIText.pair(.postJpt)
        case (.administrator, _): return UIText.pair(.postAdministrator)
        case (.pengawas, _): return UIText.pair(.postPengawas)
        case (.fungsional, _): return UIText.pair(.postFungsional)
        case (.pelaksana, _): return UIText.pair(.postPelaksana)
        }
    }

    func check(_ c: CheckContext) {
        let employees = c.agency.employees
        for u in c.agency.units {
            guard let level = u.tingkat?.value, let head = u.pimpinan, let ei = c.index.employee(nip: head.value),
                let jenis = employees[ei].jenisJabatan?.value
            else { continue }
            let e = employees[ei]
            let want = Self.expected(level)
            // A JPT grade is compared only when the record gives one (S008 reports a missing one).
            let gradeWrong = jenis == .jpt && want.jenis == .jpt && e.jenjang != nil && e.jenjang?.value != want.jenjang
            guard jenis != want.jenis || gradeWrong else { continue }
            let expected = Self.describe(want.jenis, want.jenjang)
            let held = jenis == .jpt ? e.jenjang.map { "jpt \($0.value.rawValue)" } ?? "jpt" : jenis.rawValue
            let unit = u.kode?.value ?? "?"
            c.report(
                Diagnostic(
                    "O001", at: head.location, path: "\(u.path).pimpinan", entity: u.kode?.value ?? u.path,
                    args: [
                        "unit": unit, "nip": head.value, "jenis": held, "tingkat": level.rawValue,
                        "expected": expected.id, "expected_en": expected.en,
                    ],
                    notes: [DiagnosticNote("employee", at: e.location, args: ["nip": head.value])]))
        }
    }
}

/// O002: a unit without `pimpinan`. At the unit's `kode`.
struct UnitWithoutHeadCheck: AgencyCheck {
    let codes = ["O002"]

    func check(_ c: CheckContext) {
        for u in c.agency.units where u.pimpinan == nil {
            c.report(
                Diagnostic(
                    "O002", at: u.kode?.location ?? u.location, path: "\(u.path).kode",
                    entity: u.kode?.value ?? u.path, args: ["unit": u.kode?.value ?? "?"]))
        }
    }
}

/// O003: a unit more than two structural levels below its JPT Pratama unit. At the unit's `induk`.
struct StructuralDepthCheck: AgencyCheck {
    let codes = ["O003"]
    static let maximumLevels = 2

    func check(_ c: CheckContext) {
        let index = c.index
        for i in index.unitIDs {
            let u = c.agency.units[i]
            guard let depth = index.depthBelowPratama(of: i), depth > Self.maximumLevels, let induk = u.induk,
                let p = index.pratama(of: i)
            else { continue }
            c.report(
                Diagnostic(
                    "O003", at: induk.location, path: "\(u.path).induk", entity: u.kode?.value ?? u.path,
                    args: [
                        "unit": u.kode?.value ?? "?", "levels": String(depth),
                        "jpt_unit": c.agency.units[p].kode?.value ?? "?",
                    ]))
        }
    }
}

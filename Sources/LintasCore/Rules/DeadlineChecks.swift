/// D rules. Each check reports only codes of its family.
let deadlineChecks: [any AgencyCheck] = [Pasal25DeadlineCheck()]

/// The Pasal 25 deadline: the promulgation date of PermenPAN-RB 7/2022 (pack parameter
/// `permenpanrb-7-2022.diundangkan`, after config and `--param`) plus one year, same calendar day.
struct Pasal25Deadline: Sendable, Equatable {
    static let pack = "permenpanrb-7-2022"
    static let param = "diundangkan"

    /// The promulgation date the deadline is computed from.
    var promulgated: CivilDate
    var deadline: CivilDate
    /// Where the date comes from (the pack's source, `config …` or `--param …`), in Indonesian.
    var source: String
    /// The same in English.
    var sourceEn: String
    /// False only when the source says the date is not verified (the pack's default).
    var unverified: Bool

    init(promulgated: CivilDate, source: String, unverified: Bool, sourceEn: String? = nil) {
        self.promulgated = promulgated
        self.deadline = Pasal25Deadline.deadline(promulgated)
        self.source = source
        self.sourceEn = sourceEn ?? source
        self.unverified = unverified
    }

    /// One year after `promulgated` on the same calendar day (29 February becomes 28 February).
    static func deadline(_ promulgated: CivilDate) -> CivilDate { promulgated.adding(years: 1) }

    /// From the pack parameter; nil when it is missing or not a `YYYY-MM-DD` date (the
    /// configuration layer reports that).
    init?(_ p: PackParam?) {
        guard let p, let text = p.value.string, let date = CivilDate(iso: text) else { return nil }
        let source = p.localizedSource ?? LocalizedText(Pasal25Deadline.pack + "." + Pasal25Deadline.param)
        self.init(promulgated: date, source: source.id, unverified: p.verified == false, sourceEn: source[.en])
    }
}

extension Pasal25Deadline {
    /// The instrument's dates after the deadline: `ditetapkan` (D002) and `berlaku` (D003), with the
    /// days after it.
    func lateDates(_ sk: SistemKerja) -> [(code: String, field: String, date: Located<CivilDate>, days: Int)] {
        var out: [(code: String, field: String, date: Located<CivilDate>, days: Int)] = []
        for (code, field, value) in [("D002", "ditetapkan", sk.ditetapkan), ("D003", "berlaku", sk.berlaku)] {
            guard let v = value, v.value > deadline else { continue }
            out.append((code, field, v, deadline.days(to: v.value)))
        }
        return out
    }
}

/// D001-D003: the agency's work-system instrument against the Pasal 25 deadline.
struct Pasal25DeadlineCheck: AgencyCheck {
    let codes = ["D001", "D002", "D003"]

    func check(_ c: CheckContext) {
        guard let inst = c.agency.instansi.first,
            let d = Pasal25Deadline(c.packParam(Pasal25Deadline.pack, Pasal25Deadline.param))
        else { return }
        let entity = inst.kode?.value ?? c.agency.name

        /// The arguments every D message shares, with the verified note in both languages from
        /// the rule's `unverified_note` text (empty when the date is verified). The date's source
        /// goes into the `deadline` note, not the message.
        func common(_ code: String) -> [String: String] {
            var args = [
                "deadline": d.deadline.description, "diundangkan": d.promulgated.description, "source": d.source,
                "source_en": d.sourceEn, "verified_note": "", "verified_note_en": "",
            ]
            if d.unverified, let note = c.rules.rule(code)?.messages["unverified_note"] {
                args["verified_note"] = note.id
                args["verified_note_en"] = note.en.isEmpty ? note.id : note.en
            }
            return args
        }

        guard let sk = inst.sistemKerja else {
            var args = common("D001")
            let late = c.asOf > d.deadline
            args["days"] = String(late ? d.deadline.days(to: c.asOf) : c.asOf.days(to: d.deadline))
            c.report(
                Diagnostic(
                    "D001", variant: late ? "late" : "upcoming", at: inst.keyLocation, path: "instansi",
                    entity: entity, args: args, notes: [DiagnosticNote("deadline", at: inst.keyLocation, args: args)],
                    suggestedSeverity: late ? .error : .warning))
            return
        }
        for late in d.lateDates(sk) {
            var args = common(late.code)
            args["value"] = late.date.value.description
            args["days"] = String(late.days)
            c.report(
                Diagnostic(
                    late.code, at: late.date.location, path: "instansi.sistem_kerja.\(late.field)", entity: entity,
                    args: args,
                    notes: [DiagnosticNote("deadline", at: late.date.location, args: args)]))
        }
    }
}

/// What a check reports, before wording and policy are applied: the rule, the message variant and
/// the values its template names. The engine turns it into a ``Finding`` with the pack's wording.
public struct Diagnostic: Sendable {
    public var code: String
    var variant: String
    var location: SourceLocation
    /// The logical path, e.g. `tim_kerja[kode=TK-01].ketua`.
    var path: String
    /// A stable key of what is wrong (team code, NIP, unit code...), for baselines and waivers.
    var entity: String
    var args: [String: String]
    var notes: [DiagnosticNote]
    /// The severity the check suggests for this variant (e.g. D001 before the deadline); used
    /// unless the configuration set the rule's severity.
    var suggestedSeverity: Severity?

    init(
        _ code: String, variant: String = "default", at location: SourceLocation, path: String,
        entity: String, args: [String: String] = [:], notes: [DiagnosticNote] = [],
        suggestedSeverity: Severity? = nil
    ) {
        self.code = code
        self.variant = variant
        self.location = location
        self.path = path
        self.entity = entity
        self.args = args
        self.notes = notes
        self.suggestedSeverity = suggestedSeverity
    }
}

/// A pointer from a finding to a related place (the first definition, the team, the record...).
struct DiagnosticNote: Sendable {
    var variant: String
    var location: SourceLocation
    var args: [String: String]

    init(_ variant: String, at location: SourceLocation, args: [String: String] = [:]) {
        self.variant = variant
        self.location = location
        self.args = args
    }
}

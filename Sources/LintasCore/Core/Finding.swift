/// Whether a finding counts, and if not, why not. Findings are never silently dropped.
enum FindingStatus: Sendable, Hashable {
    case open
    /// Suppressed by an inline comment with this reason.
    case suppressed(reason: String)
    /// Waived by a waivers-file entry.
    case waived(justification: String, expires: CivilDate?)
    /// Present in the baseline.
    case baselined

    var name: String {
        switch self {
        case .open: return "open"
        case .suppressed: return "suppressed"
        case .waived: return "waived"
        case .baselined: return "baselined"
        }
    }
}

/// A note of a finding: a related place, worded.
struct FindingNote: Sendable, Hashable {
    var message: LocalizedText
    var location: SourceLocation
}

/// A finding, worded in both languages, with its rule's citation and basis.
public struct Finding: Sendable, Hashable {
    public var rule: String
    var ruleName: String
    public var severity: Severity
    public var message: LocalizedText
    public var location: SourceLocation
    var path: String
    var entity: String
    var notes: [FindingNote]
    var citation: LocalizedText
    var basis: Basis
    var status: FindingStatus = .open

    init(
        rule: String, ruleName: String, severity: Severity, message: LocalizedText, location: SourceLocation,
        path: String, entity: String, notes: [FindingNote], citation: LocalizedText, basis: Basis,
        status: FindingStatus = .open
    ) {
        self.rule = rule
        self.ruleName = ruleName
        self.severity = severity
        self.message = message
        self.location = location
        self.path = path
        self.entity = entity
        self.notes = notes
        self.citation = citation
        self.basis = basis
        self.status = status
    }

    var isOpen: Bool {
        if case .open = status { return true }
        return false
    }

    /// Stable identity for baselines and fingerprints: rule, file and entity (no line numbers).
    var fingerprintKey: String { "\(rule)|\(location.file)|\(entity)" }

    /// Deterministic order: file, line, column, rule, message.
    static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        if let o = orderedBeforeMessage(a, b) { return o }
        return a.message.id < b.message.id
    }

    /// ``ordered(_:_:)`` up to its last tie-breaker: nil when file, position, rule and entity are
    /// all equal (then the message decides).
    static func orderedBeforeMessage(_ a: Finding, _ b: Finding) -> Bool? {
        orderedBeforeMessage((a.location, a.rule, a.entity), (b.location, b.rule, b.entity))
    }

    /// ``orderedBeforeMessage(_:_:)`` on the fields it compares: a sort passes these, read from
    /// findings in place, instead of copying whole findings for every comparison.
    static func orderedBeforeMessage(
        _ a: (location: SourceLocation, rule: String, entity: String),
        _ b: (location: SourceLocation, rule: String, entity: String)
    ) -> Bool? {
        let la = a.location
        let lb = b.location
        if la.file != lb.file { return la.file < lb.file }
        if la.cell?.sheet != lb.cell?.sheet { return (la.cell?.sheet ?? "") < (lb.cell?.sheet ?? "") }
        if la.range.start != lb.range.start { return la.range.start < lb.range.start }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.entity != b.entity { return a.entity < b.entity }
        return nil
    }

    /// The fields ``orderedBeforeMessage(_:_:)`` compares.
    var orderFields: (location: SourceLocation, rule: String, entity: String) { (location, rule, entity) }

    /// Sorts by ``ordered(_:_:)`` and keeps the input order of equal findings (a stable sort), as
    /// `findings.sort(by: Finding.ordered)` does, but sorts indices instead of moving findings and
    /// words a message (the last tie-breaker) at most once per finding.
    static func sortOrdered(_ findings: inout [Finding]) {
        let n = findings.count
        if n < 2 { return }
        var sorted = true
        for i in 1..<n where ordered(findings[i], findings[i - 1]) {
            sorted = false
            break
        }
        if sorted { return }
        var messageIDs = [String?](repeating: nil, count: n)
        var order = Array(0..<n)
        findings.withUnsafeBufferPointer { f in
            func messageID(_ i: Int) -> String {
                if let m = messageIDs[i] { return m }
                let m = f[i].message.id
                messageIDs[i] = m
                return m
            }
            order.sort { i, j in
                if let o = orderedBeforeMessage(f[i].orderFields, f[j].orderFields) { return o }
                let ma = messageID(i)
                let mb = messageID(j)
                if ma != mb { return ma < mb }
                return i < j
            }
        }
        findings = order.map { findings[$0] }
    }
}

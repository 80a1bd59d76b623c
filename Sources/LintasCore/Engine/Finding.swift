/// Whether a finding counts, and if not, why not. Findings are never silently dropped.
public enum FindingStatus: Sendable, Hashable {
    case open
    /// Suppressed by an inline comment with this reason.
    case suppressed(reason: String)
    /// Waived by a waivers-file entry.
    case waived(justification: String, expires: CivilDate?)
    /// Present in the baseline.
    case baselined

    public var name: String {
        switch self {
        case .open: return "open"
        case .suppressed: return "suppressed"
        case .waived: return "waived"
        case .baselined: return "baselined"
        }
    }
}

/// A note of a finding: a related place, worded.
public struct FindingNote: Sendable, Hashable {
    public var message: LocalizedText
    public var location: SourceLocation
}

/// A finding, worded in both languages, with its rule's citation and basis.
///
/// What a finding says is kept in one shared, immutable box: a finding is copied (sorted,
/// filtered, handed to a reporter) for the cost of one reference, whatever its texts.
public struct Finding: Sendable, Hashable {
    final class Storage: Sendable {
        // Never changed: a setter of ``Finding`` puts a new box in place.
        let rule: String
        let ruleName: String
        let severity: Severity
        let message: LocalizedText
        let location: SourceLocation
        let path: String
        let entity: String
        let notes: [FindingNote]
        let citation: LocalizedText
        let basis: Basis

        init(
            rule: String, ruleName: String, severity: Severity, message: LocalizedText, location: SourceLocation,
            path: String, entity: String, notes: [FindingNote], citation: LocalizedText, basis: Basis
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
        }
    }

    private var storage: Storage
    public var status: FindingStatus = .open

    public init(
        rule: String, ruleName: String, severity: Severity, message: LocalizedText, location: SourceLocation,
        path: String, entity: String, notes: [FindingNote], citation: LocalizedText, basis: Basis,
        status: FindingStatus = .open
    ) {
        storage = Storage(
            rule: rule, ruleName: ruleName, severity: severity, message: message, location: location, path: path,
            entity: entity, notes: notes, citation: citation, basis: basis)
        self.status = status
    }

    public var rule: String {
        get { storage.rule }
        set {
            storage = Storage(
                rule: newValue, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: storage.location, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var ruleName: String {
        get { storage.ruleName }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: newValue, severity: storage.severity, message: storage.message,
                location: storage.location, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var severity: Severity {
        get { storage.severity }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: newValue, message: storage.message,
                location: storage.location, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var message: LocalizedText {
        get { storage.message }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: newValue,
                location: storage.location, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var location: SourceLocation {
        get { storage.location }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: newValue, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var path: String {
        get { storage.path }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: storage.location, path: newValue, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var entity: String {
        get { storage.entity }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: storage.location, path: storage.path, entity: newValue, notes: storage.notes,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var notes: [FindingNote] {
        get { storage.notes }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: storage.location, path: storage.path, entity: storage.entity, notes: newValue,
                citation: storage.citation, basis: storage.basis)
        }
    }
    public var citation: LocalizedText {
        get { storage.citation }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: storage.location, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: newValue, basis: storage.basis)
        }
    }
    public var basis: Basis {
        get { storage.basis }
        set {
            storage = Storage(
                rule: storage.rule, ruleName: storage.ruleName, severity: storage.severity, message: storage.message,
                location: storage.location, path: storage.path, entity: storage.entity, notes: storage.notes,
                citation: storage.citation, basis: newValue)
        }
    }

    public static func == (a: Finding, b: Finding) -> Bool {
        a.status == b.status
            && (a.storage === b.storage
                || (a.storage.rule == b.storage.rule && a.storage.ruleName == b.storage.ruleName
                    && a.storage.severity == b.storage.severity && a.storage.message == b.storage.message
                    && a.storage.location == b.storage.location && a.storage.path == b.storage.path
                    && a.storage.entity == b.storage.entity && a.storage.notes == b.storage.notes
                    && a.storage.citation == b.storage.citation && a.storage.basis == b.storage.basis))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.rule)
        hasher.combine(storage.ruleName)
        hasher.combine(storage.severity)
        hasher.combine(storage.message)
        hasher.combine(storage.location)
        hasher.combine(storage.path)
        hasher.combine(storage.entity)
        hasher.combine(storage.notes)
        hasher.combine(storage.citation)
        hasher.combine(storage.basis)
        hasher.combine(status)
    }

    public var isOpen: Bool {
        if case .open = status { return true }
        return false
    }

    /// Stable identity for baselines and fingerprints: rule, file and entity (no line numbers).
    public var fingerprintKey: String { "\(rule)|\(location.file)|\(entity)" }

    /// Deterministic order: file, line, column, rule, message.
    public static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        if let o = orderedBeforeMessage(a, b) { return o }
        return a.message.id < b.message.id
    }

    /// ``ordered(_:_:)`` up to its last tie-breaker: nil when file, position, rule and entity are
    /// all equal (then the message decides).
    static func orderedBeforeMessage(_ a: Finding, _ b: Finding) -> Bool? {
        let la = a.location
        let lb = b.location
        if la.file != lb.file { return la.file < lb.file }
        if la.cell?.sheet != lb.cell?.sheet { return (la.cell?.sheet ?? "") < (lb.cell?.sheet ?? "") }
        if la.range.start != lb.range.start { return la.range.start < lb.range.start }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.entity != b.entity { return a.entity < b.entity }
        return nil
    }

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
                if let o = orderedBeforeMessage(f[i], f[j]) { return o }
                let ma = messageID(i)
                let mb = messageID(j)
                if ma != mb { return ma < mb }
                return i < j
            }
        }
        findings = order.map { findings[$0] }
    }
}

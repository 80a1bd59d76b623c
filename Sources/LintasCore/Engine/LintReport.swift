import Foundation

/// The outcome for one agency.
public struct AgencyResult: Sendable {
    var name: String
    public var files: [String]
    var packs: [String]
    var asOf: CivilDate
    public var configFile: String?
    /// Sorted; includes suppressed, waived and baselined findings with their status.
    var findings: [Finding]
    var sources: [String: SourceText]
    /// Baseline entries of this agency that no longer match a finding (fixed).
    var fixedBaselineEntries: Int = 0
    /// The agency as read, for reporters that draw it (HTML); nil when not kept.
    var agency: Agency? = nil
    /// The batch comparison's figures (``AgencyFigures``); nil when not computed.
    var figures: AgencyFigures? = nil

    var openFindings: [Finding] { findings.filter(\.isOpen) }
}

/// The outcome of a run.
public struct LintReport: Sendable {
    var toolVersion = LintasVersion.current
    public var agencies: [AgencyResult]
    /// The rules of every pack in force in any agency, for reporters that list rules (SARIF).
    var rules: [String: RuleDescriptor]
    /// Some agency's model was not kept because ``LintOptions/keptEmployeesLimit`` was reached.
    public var modelsIncomplete = false
    /// YAML files discovery did not read as agency data (a CI workflow in a batch), each said as a note.
    var skipped: [SkippedPath] = []
    /// With `--compare-to`: progress since the earlier review.
    var since: SinceReview?

    var allFindings: [Finding] { agencies.flatMap(\.findings) }

    public func count(_ severity: Severity) -> Int {
        var n = 0
        for a in agencies {
            for i in a.findings.indices where a.findings[i].severity == severity && a.findings[i].isOpen { n += 1 }
        }
        return n
    }

    func count(status: String) -> Int {
        var n = 0
        for a in agencies {
            for i in a.findings.indices where a.findings[i].status.name == status { n += 1 }
        }
        return n
    }

    /// Whether any open finding is at or above `severity` (no copy of the findings).
    public func hasOpenFinding(atLeast severity: Severity) -> Bool {
        agencies.contains { a in
            a.findings.indices.contains { a.findings[$0].isOpen && a.findings[$0].severity >= severity }
        }
    }
}

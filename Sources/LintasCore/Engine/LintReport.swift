import Foundation

/// The outcome for one agency.
public struct AgencyResult: Sendable {
    public var name: String
    public var files: [String]
    public var packs: [String]
    public var asOf: CivilDate
    public var configFile: String?
    /// Sorted; includes suppressed, waived and baselined findings with their status.
    public var findings: [Finding]
    public var sources: [String: SourceText]
    /// Baseline entries of this agency that no longer match a finding (fixed).
    public var fixedBaselineEntries: Int = 0
    /// The agency as read, for reporters that draw it (HTML); nil when not kept.
    public var agency: Agency? = nil
    /// The batch comparison's figures (``AgencyFigures``); nil when not computed.
    public var figures: AgencyFigures? = nil

    public var openFindings: [Finding] { findings.filter(\.isOpen) }
}

/// The outcome of a run.
public struct LintReport: Sendable {
    public var toolVersion = LintasVersion.current
    public var agencies: [AgencyResult]
    /// The rules of every pack in force in any agency, for reporters that list rules (SARIF).
    public var rules: [String: RuleDescriptor]
    /// Some agency's model was not kept because ``LintOptions/keptEmployeesLimit`` was reached.
    public var modelsIncomplete = false
    /// YAML files discovery did not read as agency data (a CI workflow in a batch), each said as a note.
    public var skipped: [SkippedPath] = []
    /// With `--compare-to`: progress since the earlier review.
    public var since: SinceReview?

    public var allFindings: [Finding] { agencies.flatMap(\.findings) }

    public func count(_ severity: Severity) -> Int {
        var n = 0
        for a in agencies {
            for i in a.findings.indices where a.findings[i].severity == severity && a.findings[i].isOpen { n += 1 }
        }
        return n
    }

    public func count(status: String) -> Int {
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

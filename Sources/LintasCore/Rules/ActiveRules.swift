import Foundation

/// The rules in force for one agency: packs enabled, severities and parameters after config.
public struct ActiveRules: Sendable {
    public let packs: [String]
    public let rules: [String: RuleDescriptor]
    /// Codes whose severity the configuration set (then a check's suggested severity is ignored).
    public let configuredSeverity: Set<String>
    public let packParams: [String: PackParam]

    public init(
        packs: [String], rules: [String: RuleDescriptor], configuredSeverity: Set<String>,
        packParams: [String: PackParam]
    ) {
        self.packs = packs
        self.rules = rules
        self.configuredSeverity = configuredSeverity
        self.packParams = packParams
    }

    public func rule(_ code: String) -> RuleDescriptor? { rules[code] }

    public func isEnabled(_ code: String) -> Bool {
        if case .on = rules[code]?.severity { return true }
        return false
    }
}

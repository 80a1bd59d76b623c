import Foundation

/// The rules in force for one agency: packs enabled, severities and parameters after config.
public struct ActiveRules: Sendable {
    let packs: [String]
    let rules: [String: RuleDescriptor]
    /// Codes whose severity the configuration set (then a check's suggested severity is ignored).
    let configuredSeverity: Set<String>
    let packParams: [String: PackParam]

    func rule(_ code: String) -> RuleDescriptor? { rules[code] }

    func isEnabled(_ code: String) -> Bool {
        if case .on = rules[code]?.severity { return true }
        return false
    }
}

import Foundation

public enum LintasVersion {
    public static let current = "0.1.0"

    /// The project's public address, the one place to change when it has one. It has none yet:
    /// `.invalid` (RFC 2606) marks the placeholder. SARIF's `informationUri` and every rule's
    /// `helpUri` derive from it.
    static let homepage = "https://lintas.invalid/"

    /// A rule's documentation: `docs/rules.md` below the homepage, anchor = the lowercase code.
    static func ruleHelpURI(_ code: String) -> String {
        homepage + "docs/rules.md#" + Escape.uriPath(code.lowercased())
    }
}

import Foundation

/// Fills message templates from packs. The only place findings get their words.
public enum Wording {
    /// Placeholder names in a template.
    static func placeholders(_ template: String) -> Set<String> {
        var out = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out
    }

    public static func finding(_ d: Diagnostic, rules: ActiveRules) -> Finding? {
        finding(d, words: Cache(rules))
    }

    /// The finding of a diagnostic. Its message and notes keep the pack template and the
    /// diagnostic's values, and are worded when a reporter asks for a language (``LocalizedText``).
    static func finding(_ d: Diagnostic, words: Cache) -> Finding? {
        guard let rule = words.rule(d.code) else { return nil }
        let severity = rule.severityConfigured ? rule.severity : (d.suggestedSeverity ?? rule.severity)
        var notes: [FindingNote] = []
        if !d.notes.isEmpty {
            notes.reserveCapacity(d.notes.count)
            for n in d.notes {
                notes.append(
                    FindingNote(
                        message: LocalizedText(template: rule.note(n.variant), args: n.args.isEmpty ? d.args : n.args),
                        location: n.location))
            }
        }
        return Finding(
            rule: d.code, ruleName: rule.descriptor.name, severity: severity,
            message: LocalizedText(template: rule.message(d.variant), args: d.args),
            location: d.location, path: d.path, entity: d.entity, notes: notes,
            citation: rule.descriptor.citation, basis: rule.descriptor.basis)
    }

    /// The enabled rules' descriptors and compiled templates, looked up once per code and variant
    /// (not once per finding). One per agency check; not shared between threads.
    final class Cache {
        final class Rule {
            let descriptor: RuleDescriptor
            let severity: Severity
            let severityConfigured: Bool
            private var messages: [String: MessageTemplate] = [:]
            private var notes: [String: MessageTemplate] = [:]
            /// The variant asked for last (a flood asks for the same one in a row).
            private var lastMessage: (variant: String, template: MessageTemplate)?
            private var lastNote: (variant: String, template: MessageTemplate)?

            init(_ descriptor: RuleDescriptor, severity: Severity, configured: Bool) {
                self.descriptor = descriptor
                self.severity = severity
                self.severityConfigured = configured
            }

            func message(_ variant: String) -> MessageTemplate {
                if let last = lastMessage, last.variant == variant { return last.template }
                let t: MessageTemplate
                if let known = messages[variant] {
                    t = known
                } else {
                    let r = descriptor
                    t = MessageTemplate(
                        r.messages[variant] ?? r.messages["default"] ?? r.messages.values.first ?? r.title)
                    messages[variant] = t
                }
                lastMessage = (variant, t)
                return t
            }

            func note(_ variant: String) -> MessageTemplate {
                if let last = lastNote, last.variant == variant { return last.template }
                let t: MessageTemplate
                if let known = notes[variant] {
                    t = known
                } else {
                    t = MessageTemplate(descriptor.notes[variant] ?? LocalizedText(id: variant, en: variant))
                    notes[variant] = t
                }
                lastNote = (variant, t)
                return t
            }
        }

        let rules: ActiveRules
        /// nil: the rule is unknown or off.
        private var byCode: [String: Rule?] = [:]
        /// The code asked for last (a check reports one code many times in a row).
        private var last: (code: String, rule: Rule?)?

        init(_ rules: ActiveRules) { self.rules = rules }

        func rule(_ code: String) -> Rule? {
            if let last, last.code == code { return last.rule }
            var r: Rule?
            if let known = byCode[code] {
                r = known
            } else {
                if let d = rules.rule(code), case .on(let s) = d.severity {
                    r = Rule(d, severity: s, configured: rules.configuredSeverity.contains(code))
                }
                byCode[code] = r
            }
            last = (code, r)
            return r
        }
    }
}

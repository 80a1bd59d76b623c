/// SARIF 2.1.0 for code scanning (GitHub and others): every rule with its help and citation,
/// results with 1-based regions, and fingerprints from rule + file + entity so alerts survive
/// line moves. Suppressed, waived and baselined findings are kept, marked as suppressed.
/// Paths are anchored at the repository root (``PathAnchor``): relative to `%SRCROOT%`, declared in
/// `originalUriBaseIds`, so the log and its fingerprints do not depend on the working directory.
public struct SARIFReporter: Reporter {
    public init() {}

    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func text(_ s: String) -> JSONValue { .object([("text", .string(s))]) }

    static func helpText(_ r: RuleDescriptor, _ lang: Language) -> String {
        var parts: [String] = []
        if !r.why[lang].isEmpty { parts.append(r.why[lang]) }
        if !r.fix[lang].isEmpty { parts.append(Label.t(lang, "Perbaikan", "Fix") + ": " + r.fix[lang]) }
        parts.append(Label.t(lang, "Rujukan", "Citation") + ": " + r.citation[lang] + " (" + r.basis.localized[lang] + ")")
        return parts.joined(separator: "\n\n")
    }

    static func helpMarkdown(_ r: RuleDescriptor, _ lang: Language) -> String {
        var parts = ["**\(r.code): \(Escape.markdown(r.title[lang]))**"]
        if !r.what[lang].isEmpty { parts.append(Escape.markdown(r.what[lang])) }
        if !r.why[lang].isEmpty { parts.append("**" + Label.t(lang, "Mengapa", "Why") + ":** " + Escape.markdown(r.why[lang])) }
        if !r.fix[lang].isEmpty { parts.append("**" + Label.t(lang, "Perbaikan", "Fix") + ":** " + Escape.markdown(r.fix[lang])) }
        parts.append("**" + Label.t(lang, "Rujukan", "Citation") + ":** " + Escape.markdown(r.citation[lang])
            + " (" + r.basis.localized[lang] + ")")
        return parts.joined(separator: "\n\n")
    }

    static func rule(_ r: RuleDescriptor, _ lang: Language) -> JSONValue {
        let level: String
        switch r.severity {
        case .off: level = "none"
        case .on(let s): level = SARIFReporter.level(s)
        }
        var config: [(String, JSONValue)] = [("level", .string(level))]
        if r.severity == .off { config.append(("enabled", .bool(false))) }
        return .object([
            ("id", .string(r.code)),
            ("name", .string(r.name)),
            ("shortDescription", text(r.title[lang])),
            ("fullDescription", text(r.what[lang].isEmpty ? r.title[lang] : r.what[lang])),
            ("helpUri", .string(LintasVersion.ruleHelpURI(r.code))),
            ("help", .object([("text", .string(helpText(r, lang))), ("markdown", .string(helpMarkdown(r, lang)))])),
            ("defaultConfiguration", .object(config)),
            ("properties", .object([
                ("citation", .string(r.citation[lang])),
                ("basis", .string(r.basis.rawValue)),
                ("pack", .string(r.pack)),
                ("tags", .array([.string("lintas"), .string(r.pack), .string(r.basis.rawValue)])),
            ])),
        ])
    }

    /// The id of the repository root in `uriBaseId` and `originalUriBaseIds`.
    static let rootId = "%SRCROOT%"

    /// A path below the root is a relative URI reference against `%SRCROOT%`; a path outside it is an
    /// absolute `file://` URI without a base (resolving it against the root would name another file).
    static func artifact(_ placed: PathAnchor.Placed) -> JSONValue {
        switch placed {
        case .absolute(let path):
            return .object([("uri", .string("file://" + Escape.uriPath(path)))])
        case .relative(let path):
            return .object([("uri", .string(Escape.uriPath(path))), ("uriBaseId", .string(rootId))])
        }
    }

    static func physical(_ loc: SourceLocation, _ paths: PlacedPaths) -> JSONValue {
        // A workbook is not text: the artifact only; the cell is a logical location.
        if loc.cell != nil { return .object([("artifactLocation", artifact(paths[loc.file]))]) }
        let c = loc.clamped
        return .object([
            ("artifactLocation", artifact(paths[loc.file])),
            ("region", .object([
                ("startLine", .int(c.line)), ("startColumn", .int(c.column)),
                ("endLine", .int(c.endLine)), ("endColumn", .int(c.endColumn)),
            ])),
        ])
    }

    public func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let out = ReportOutput()
        write(report, ctx, to: out)
        return out.text
    }

    /// Writes the log as it goes: each result is made and written in turn.
    public func write(_ report: LintReport, _ ctx: ReportContext, to out: ReportOutput) {
        let lang = ctx.language
        var descriptors = report.rules.values.sorted { $0.code < $1.code }
        // A finding whose rule is not described (should not happen) still gets a rule entry.
        let known = Set(descriptors.map(\.code))
        var extra: [String: Finding] = [:]
        for f in report.allFindings where !known.contains(f.rule) && extra[f.rule] == nil { extra[f.rule] = f }
        for (code, f) in extra {
            descriptors.append(RuleDescriptor(
                code: code, name: f.ruleName, pack: "", status: "stable", severity: .on(f.severity), basis: f.basis,
                citation: f.citation, title: LocalizedText(code), params: [:], messages: [:], notes: [:],
                what: LocalizedText(""), why: LocalizedText(""), fix: LocalizedText("")))
        }
        descriptors.sort { $0.code < $1.code }
        var index: [String: Int] = [:]
        for (i, r) in descriptors.enumerated() { index[r.code] = i }

        let baselineUsed = report.usedBaseline
        let paths = PlacedPaths(report, ctx)
        // Fingerprints per agency (as before); results ordered by the anchored path, so the order
        // does not depend on the working directory either.
        var keyed: [(path: String, finding: Finding, key: String)] = []
        for agency in report.agencies {
            for (f, key) in zip(agency.findings, paths.fingerprintKeys(agency.findings)) {
                keyed.append((paths[f.location.file].path, f, key))
            }
        }
        // By path, then Finding.ordered, then key (indices sorted; a message is worded at most
        // once, for the ties).
        var messageIDs = [String?](repeating: nil, count: keyed.count)
        func messageID(_ i: Int) -> String {
            if let m = messageIDs[i] { return m }
            let m = keyed[i].finding.message.id
            messageIDs[i] = m
            return m
        }
        func less(_ i: Int, _ j: Int) -> Bool {
            if keyed[i].path != keyed[j].path { return keyed[i].path < keyed[j].path }
            if let o = Finding.orderedBeforeMessage(keyed[i].finding, keyed[j].finding) { return o }
            let mi = messageID(i), mj = messageID(j)
            if mi != mj { return mi < mj }
            return keyed[i].key < keyed[j].key
        }
        // Usually in order already (one agency's findings are sorted): then no sort at all.
        if keyed.indices.dropFirst().contains(where: { less($0, $0 - 1) }) {
            var order = Array(keyed.indices)
            order.sort(by: less)
            keyed = order.map { keyed[$0] }
        }
        // Each result is made and written in turn (never the whole list at once).
        let ruleIndex = index
        let results = JSONValue.generated { emit in
            for k in keyed {
                emit(result(k.finding, key: k.key, ruleIndex: ruleIndex[k.finding.rule] ?? 0, baselineUsed: baselineUsed, paths, lang))
            }
        }

        var run: [(String, JSONValue)] = [
            ("tool", .object([("driver", .object([
                ("name", .string("lintas")),
                ("version", .string(report.toolVersion)),
                ("semanticVersion", .string(report.toolVersion)),
                ("informationUri", .string(LintasVersion.homepage)),
                ("rules", .array(descriptors.map { SARIFReporter.rule($0, lang) })),
            ]))])),
        ]
        if let anchor = ctx.anchor {
            run.append(("originalUriBaseIds", .object([(SARIFReporter.rootId, .object([("uri", .string(anchor.rootURI))]))])))
        }
        run += [
            ("language", .string(lang.rawValue)),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", results),
        ]
        let log: JSONValue = .object([
            ("$schema", .string(SARIFReporter.schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        log.write(to: out)
        out.write("\n")
    }

    func result(_ f: Finding, key: String, ruleIndex: Int, baselineUsed: Bool, _ paths: PlacedPaths, _ lang: Language) -> JSONValue {
        var r: [(String, JSONValue)] = [
            ("ruleId", .string(f.rule)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(SARIFReporter.level(f.severity))),
            ("message", SARIFReporter.text(f.message[lang])),
        ]
        var location: [(String, JSONValue)] = [("physicalLocation", SARIFReporter.physical(f.location, paths))]
        var logical: [JSONValue] = []
        if let cell = f.location.cell {
            logical.append(.object([("fullyQualifiedName", .string(cell.description)), ("kind", .string("element"))]))
        }
        if !f.path.isEmpty, f.path != f.location.cell?.description {
            logical.append(.object([("fullyQualifiedName", .string(f.path))]))
        }
        if !logical.isEmpty {
            location.append(("logicalLocations", .array(logical)))
        }
        r.append(("locations", .array([.object(location)])))
        if !f.notes.isEmpty {
            r.append(("relatedLocations", .array(f.notes.enumerated().map { i, n in
                .object([
                    ("id", .int(i + 1)),
                    ("physicalLocation", SARIFReporter.physical(n.location, paths)),
                    ("message", SARIFReporter.text(n.message[lang])),
                ])
            })))
        }
        r.append(("partialFingerprints", .object([("lintas/v1", .string(StableHash.hex64(key)))])))
        switch f.status {
        case .open:
            break
        case .suppressed(let reason):
            r.append(("suppressions", .array([.object([("kind", .string("inSource")), ("justification", .string(reason))])])))
        case .waived(let justification, _):
            r.append(("suppressions", .array([.object([("kind", .string("external")), ("justification", .string(justification))])])))
        case .baselined:
            r.append(("suppressions", .array([.object([
                ("kind", .string("external")),
                ("justification", .string(Label.t(lang, "tercatat di baseline", "recorded in the baseline"))),
            ])])))
        }
        if baselineUsed {
            r.append(("baselineState", .string(f.status == .baselined ? "unchanged" : "new")))
        }
        var props: [(String, JSONValue)] = [
            ("entity", .string(paths.entity(f))),
            ("citation", .string(f.citation[lang])),
            ("basis", .string(f.basis.rawValue)),
            ("status", .string(f.status.name)),
        ]
        if case .waived(_, let expires?) = f.status { props.append(("expires", .string(expires.description))) }
        r.append(("properties", .object(props)))
        return .object(r)
    }
}

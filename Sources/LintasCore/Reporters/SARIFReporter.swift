/// SARIF 2.1.0 for code scanning (GitHub and others): every rule with its help and citation,
/// results with 1-based regions, and fingerprints from rule + file + entity so alerts survive
/// line moves. Suppressed, waived and baselined findings are kept, marked as suppressed.
/// Paths are anchored at the repository root (``PathAnchor``): relative to `%SRCROOT%`, declared in
/// `originalUriBaseIds`, so the log and its fingerprints do not depend on the working directory.
struct SARIFReporter: StreamingReporter {
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    static func helpText(_ r: RuleDescriptor, _ lang: Language) -> String {
        var parts: [String] = []
        if !r.why[lang].isEmpty { parts.append(r.why[lang]) }
        if !r.fix[lang].isEmpty { parts.append(UIText.t(.reportFix, lang) + ": " + r.fix[lang]) }
        parts.append(
            UIText.t(.docsCitation, lang) + ": " + r.citation[lang] + " (" + r.basis.localized[lang] + ")")
        return parts.joined(separator: "\n\n")
    }

    static func helpMarkdown(_ r: RuleDescriptor, _ lang: Language) -> String {
        var parts = ["**\(r.code): \(Escape.markdown(r.title[lang]))**"]
        if !r.what[lang].isEmpty { parts.append(Escape.markdown(r.what[lang])) }
        if !r.why[lang].isEmpty {
            parts.append("**" + UIText.t(.docsWhy, lang) + ":** " + Escape.markdown(r.why[lang]))
        }
        if !r.fix[lang].isEmpty {
            parts.append("**" + UIText.t(.reportFix, lang) + ":** " + Escape.markdown(r.fix[lang]))
        }
        parts.append(
            "**" + UIText.t(.docsCitation, lang) + ":** " + Escape.markdown(r.citation[lang])
                + " (" + r.basis.localized[lang] + ")")
        return parts.joined(separator: "\n\n")
    }

    static func writeText(_ name: StaticString, _ text: String, _ w: inout JSONWriter) {
        w.object(name) { $0.string("text", text) }
    }

    static func write(_ r: RuleDescriptor, _ lang: Language, _ w: inout JSONWriter) {
        w.string("id", r.code)
        w.string("name", r.name)
        writeText("shortDescription", r.title[lang], &w)
        writeText("fullDescription", r.what[lang].isEmpty ? r.title[lang] : r.what[lang], &w)
        w.string("helpUri", LintasVersion.ruleHelpURI(r.code))
        w.object("help") { help in
            help.string("text", helpText(r, lang))
            help.string("markdown", helpMarkdown(r, lang))
        }
        w.object("defaultConfiguration") { config in
            switch r.severity {
            case .off:
                config.string("level", "none")
                config.bool("enabled", false)
            case .on(let severity):
                config.string("level", SARIFReporter.level(severity))
            }
        }
        w.object("properties") { properties in
            properties.string("citation", r.citation[lang])
            properties.string("basis", r.basis.rawValue)
            properties.string("pack", r.pack)
            properties.strings("tags", ["lintas", r.pack, r.basis.rawValue])
        }
    }

    /// The id of the repository root in `uriBaseId` and `originalUriBaseIds`.
    static let rootId = "%SRCROOT%"

    /// Writes the log as it goes: each result is made and written in turn.
    func write(_ report: LintReport, _ ctx: ReportContext, to out: ReportOutput) {
        let lang = ctx.language
        var descriptors = report.rules.values.sorted { $0.code < $1.code }
        // A finding whose rule is not described (should not happen) still gets a rule entry.
        let known = Set(descriptors.map(\.code))
        var extra: [String: Finding] = [:]
        for agency in report.agencies {
            for f in agency.findings.indices where !known.contains(agency.findings[f].rule) {
                if extra[agency.findings[f].rule] == nil { extra[agency.findings[f].rule] = agency.findings[f] }
            }
        }
        for (code, f) in extra {
            descriptors.append(
                RuleDescriptor(
                    code: code, name: f.ruleName, pack: "", status: "stable", severity: .on(f.severity), basis: f.basis,
                    citation: f.citation, title: LocalizedText(code), params: [:], messages: [:], notes: [:],
                    what: LocalizedText(""), why: LocalizedText(""), fix: LocalizedText("")))
        }
        descriptors.sort { $0.code < $1.code }
        var index: [String: Int] = [:]
        for (i, r) in descriptors.enumerated() { index[r.code] = i }

        let baselineUsed = report.usedBaseline
        let paths = PlacedPaths(report, ctx)
        // Every finding as (agency, position) with its anchored path and fingerprint key (per agency,
        // as before); the findings themselves stay where they are.
        var entries: [(agency: Int, index: Int)] = []
        var anchored: [String] = []
        var keys: [String] = []
        for (a, agency) in report.agencies.enumerated() {
            keys += paths.fingerprintKeys(agency.findings)
            for i in agency.findings.indices {
                entries.append((a, i))
                anchored.append(paths[agency.findings[i].location.file].path)
            }
        }
        // Results ordered by the anchored path, so the order does not depend on the working
        // directory either; then Finding.ordered, then the key (indices sorted; a message is worded
        // at most once, for the ties).
        var messageIDs = [String?](repeating: nil, count: entries.count)
        func messageID(_ e: Int) -> String {
            if let m = messageIDs[e] { return m }
            let m = report.agencies[entries[e].agency].findings[entries[e].index].message.id
            messageIDs[e] = m
            return m
        }
        func less(_ i: Int, _ j: Int) -> Bool {
            if anchored[i] != anchored[j] { return anchored[i] < anchored[j] }
            let (ai, fi) = entries[i]
            let (aj, fj) = entries[j]
            if let o = Finding.orderedBeforeMessage(
                report.agencies[ai].findings[fi].orderFields, report.agencies[aj].findings[fj].orderFields)
            {
                return o
            }
            let mi = messageID(i)
            let mj = messageID(j)
            if mi != mj { return mi < mj }
            return keys[i] < keys[j]
        }
        var order = Array(entries.indices)
        // Usually in order already (one agency's findings are sorted): then no sort at all.
        if order.dropFirst().contains(where: { less($0, $0 - 1) }) { order.sort(by: less) }
        // Each result is made and written in turn (never the whole list at once).
        JSONWriter.object(out) { log in
            log.string("$schema", SARIFReporter.schemaURI)
            log.string("version", "2.1.0")
            log.array("runs") { runs in
                runs.object { run in
                    run.object("tool") { tool in
                        tool.object("driver") { driver in
                            driver.string("name", "lintas")
                            driver.string("version", report.toolVersion)
                            driver.string("semanticVersion", report.toolVersion)
                            driver.string("informationUri", LintasVersion.homepage)
                            driver.array("rules") { rules in
                                for descriptor in descriptors {
                                    rules.object { SARIFReporter.write(descriptor, lang, &$0) }
                                }
                            }
                        }
                    }
                    if let anchor = ctx.anchor {
                        run.object("originalUriBaseIds") { bases in
                            bases.object(named: SARIFReporter.rootId) { $0.string("uri", anchor.rootURI) }
                        }
                    }
                    run.string("language", lang.rawValue)
                    run.string("columnKind", "unicodeCodePoints")
                    run.array("results") { results in
                        var lastRule = ""
                        var ruleIndex = 0
                        for e in order {
                            let (a, i) = entries[e]
                            let rule = report.agencies[a].findings[i].rule
                            if rule != lastRule {
                                lastRule = rule
                                ruleIndex = index[rule] ?? 0
                            }
                            results.object {
                                writeResult(
                                    report.agencies[a].findings, i, key: keys[e], ruleIndex: ruleIndex,
                                    baselineUsed: baselineUsed, paths, lang, &$0)
                            }
                        }
                    }
                }
            }
        }
        out.write("\n")
    }

    /// The members of the result of `fs[i]`, written as they are made (the finding read in place, not
    /// copied).
    func writeResult(
        _ fs: [Finding], _ i: Int, key: String, ruleIndex: Int, baselineUsed: Bool, _ paths: PlacedPaths,
        _ lang: Language,
        _ r: inout JSONWriter
    ) {
        r.string("ruleId", fs[i].rule)
        r.int("ruleIndex", ruleIndex)
        r.string("level", SARIFReporter.level(fs[i].severity))
        r.object("message") { $0.string("text", fs[i].message, lang) }
        r.array("locations") { list in
            list.object { location in
                location.object("physicalLocation") { SARIFReporter.writePhysical(fs[i].location, paths, &$0) }
                let cell = fs[i].location.cell
                let path = fs[i].path
                let logicalPath = !path.isEmpty && path != cell?.description
                if cell != nil || logicalPath {
                    location.array("logicalLocations") { logical in
                        if let cell {
                            logical.object {
                                $0.string("fullyQualifiedName", cell.description)
                                $0.string("kind", "element")
                            }
                        }
                        if logicalPath { logical.object { $0.string("fullyQualifiedName", path) } }
                    }
                }
            }
        }
        if !fs[i].notes.isEmpty {
            r.array("relatedLocations") { list in
                for (k, n) in fs[i].notes.enumerated() {
                    list.object { related in
                        related.int("id", k + 1)
                        related.object("physicalLocation") { SARIFReporter.writePhysical(n.location, paths, &$0) }
                        related.object("message") { $0.string("text", n.message, lang) }
                    }
                }
            }
        }
        r.object("partialFingerprints") { $0.string("lintas/v1", StableHash.hex64(key)) }
        switch fs[i].status {
        case .open:
            break
        case .suppressed(let reason):
            r.array("suppressions") {
                $0.object { s in
                    s.string("kind", "inSource")
                    s.string("justification", reason)
                }
            }
        case .waived(let justification, _):
            r.array("suppressions") {
                $0.object { s in
                    s.string("kind", "external")
                    s.string("justification", justification)
                }
            }
        case .baselined:
            r.array("suppressions") {
                $0.object { s in
                    s.string("kind", "external")
                    s.string("justification", UIText.t(.reportRecordedInTheBaseline, lang))
                }
            }
        }
        if baselineUsed {
            r.string("baselineState", fs[i].status == .baselined ? "unchanged" : "new")
        }
        r.object("properties") { props in
            props.string("entity", paths.entity(fs[i]))
            props.string("citation", fs[i].citation, lang)
            props.string("basis", fs[i].basis.rawValue)
            props.string("status", fs[i].status.name)
            if case .waived(_, let expires?) = fs[i].status { props.string("expires", expires.description) }
        }
    }

    /// A physical location's members: the artifact (a path below the root is a relative URI
    /// reference against `%SRCROOT%`, one outside it an absolute `file://` URI without a base) and
    /// the region.
    static func writePhysical(_ loc: SourceLocation, _ paths: PlacedPaths, _ w: inout JSONWriter) {
        let place = paths.place(loc.file)
        w.object("artifactLocation") { a in
            a.string("uri", place.uri)
            if case .relative = place.placed { a.string("uriBaseId", rootId) }
        }
        // A workbook is not text: the artifact only; the cell is a logical location.
        if loc.cell != nil { return }
        let c = loc.clamped
        w.object("region") { r in
            r.int("startLine", c.line)
            r.int("startColumn", c.column)
            r.int("endLine", c.endLine)
            r.int("endColumn", c.endColumn)
        }
    }
}

/// JUnit XML for CI test reports: one testsuite per agency, one testcase per rule in force for it.
/// A testcase fails with one `<failure>` per open finding; a rule whose findings are all
/// suppressed, waived or baselined is `<skipped>`; a rule with no finding passes.
/// Counts: `tests` = testcases, `failures` = failing testcases, `skipped` = skipped testcases.
public struct JUnitReporter: Reporter {
    public init() {}

    struct Case {
        var code: String
        var title: String
        var open: [Finding] = []
        var other: [Finding] = []
    }

    static func cases(_ agency: AgencyResult, _ report: LintReport, _ lang: Language) -> [Case] {
        var byCode: [String: Case] = [:]
        for r in report.rules.values where agency.packs.contains(r.pack) && r.severity != .off {
            byCode[r.code] = Case(code: r.code, title: r.title[lang])
        }
        for f in agency.findings {
            var c = byCode[f.rule] ?? Case(code: f.rule, title: report.ruleTitle(f.rule, lang))
            if f.isOpen { c.open.append(f) } else { c.other.append(f) }
            byCode[f.rule] = c
        }
        return byCode.values.sorted { $0.code < $1.code }
    }

    static func where_(_ f: Finding) -> String { "\(f.location.file):\(f.location.line):\(f.location.column)" }

    static func statusText(_ f: Finding, _ lang: Language) -> String {
        var s = f.status.localized[lang]
        switch f.status {
        case .suppressed(let r): s += ": " + r
        case .waived(let j, let e): s += ": " + j + (e.map { " (" + Label.t(lang, "berlaku sampai", "until") + " \($0))" } ?? "")
        default: break
        }
        return s
    }

    public func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        var suites = ""
        var total = (tests: 0, failures: 0, skipped: 0)
        for agency in report.agencies {
            let cases = JUnitReporter.cases(agency, report, lang)
            let failures = cases.filter { !$0.open.isEmpty }.count
            let skipped = cases.filter { $0.open.isEmpty && !$0.other.isEmpty }.count
            total.tests += cases.count
            total.failures += failures
            total.skipped += skipped
            let name = Escape.xmlAttr(agency.name)
            suites += "  <testsuite name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            suites += "    <properties>\n"
            suites += "      <property name=\"packs\" value=\"\(Escape.xmlAttr(agency.packs.joined(separator: ",")))\"/>\n"
            suites += "      <property name=\"as-of\" value=\"\(agency.asOf)\"/>\n"
            suites += "    </properties>\n"
            for c in cases {
                let head = "    <testcase classname=\"\(name)\" name=\"\(Escape.xmlAttr(c.code + " " + c.title))\""
                if c.open.isEmpty && c.other.isEmpty {
                    suites += head + "/>\n"
                    continue
                }
                suites += head + ">\n"
                for f in c.open {
                    let body = "\(JUnitReporter.where_(f)): \(f.message[lang])\n\(f.citation[lang]); \(f.basis.localized[lang])"
                        + f.notes.map { "\n" + Label.t(lang, "catatan", "note") + ": \($0.message[lang]) (\($0.location.file):\($0.location.line):\($0.location.column))" }.joined()
                    suites += "      <failure message=\"\(Escape.xmlAttr(f.message[lang]))\" type=\"\(f.severity.rawValue)\">\(Escape.xml(body))</failure>\n"
                }
                if c.open.isEmpty {
                    let reasons = Set(c.other.map { $0.status.localized[lang] }).sorted().joined(separator: ", ")
                    suites += "      <skipped message=\"\(Escape.xmlAttr("\(c.other.count) " + reasons))\"/>\n"
                }
                if !c.other.isEmpty {
                    let lines = c.other.map { "\(JUnitReporter.where_($0)): [\(JUnitReporter.statusText($0, lang))] \($0.message[lang])" }
                    suites += "      <system-out>\(Escape.xml(lines.joined(separator: "\n")))</system-out>\n"
                }
                suites += "    </testcase>\n"
            }
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"lintas\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"0\" skipped=\"\(total.skipped)\">\n"
            + suites + "</testsuites>\n"
    }
}

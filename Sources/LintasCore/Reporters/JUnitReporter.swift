/// JUnit XML for CI test reports (GitLab, Jenkins, junitparser): one testsuite per agency; in it one
/// testcase per finding, and one passing testcase per rule in force that found nothing (so the
/// report shows what was checked).
///
/// - A finding that would fail the run is a `<failure>`: an error or a warning, and an info finding
///   under `--fail-on info`. An info finding otherwise passes, its text in `<system-out>`, so an
///   info-only draft stays green.
/// - A suppressed, waived or baselined finding is `<skipped>` with the reason.
/// - Counts match the elements: `tests` = testcases, `failures` = testcases with `<failure>`,
///   `skipped` = testcases with `<skipped>`, `errors` = 0; `<testsuites>` sums its suites.
///
/// A finding's testcase is named `CODE title (file:line:col)`; `classname` is the agency.
struct JUnitReporter: Reporter {
    enum Outcome {
        case passed
        case failed(Finding)
        case info(Finding)
        case skipped(Finding)
    }

    struct Case {
        var code: String
        var name: String
        var outcome: Outcome
    }

    /// Whether a finding is a `<failure>`: what fails the run at `--fail-on`, and warnings always.
    static func fails(_ f: Finding, _ failOn: Severity) -> Bool {
        f.isOpen && (f.severity >= .warning || f.severity >= failOn)
    }

    static func cases(_ agency: AgencyResult, _ report: LintReport, _ ctx: ReportContext) -> [Case] {
        let lang = ctx.language
        var inForce: [String: String] = [:]
        for r in report.rules.values where agency.packs.contains(r.pack) && r.severity != .off {
            inForce[r.code] = r.title[lang]
        }
        var withFindings = Set<String>()
        var out: [Case] = []
        for f in agency.findings {
            withFindings.insert(f.rule)
            let title = report.ruleTitle(f.rule, lang)
            let name = "\(f.rule) \(title) (\(place(f)))"
            let outcome: Outcome
            if !f.isOpen {
                outcome = .skipped(f)
            } else if fails(f, ctx.failOn) {
                outcome = .failed(f)
            } else {
                outcome = .info(f)
            }
            out.append(Case(code: f.rule, name: name, outcome: outcome))
        }
        for (code, title) in inForce where !withFindings.contains(code) {
            out.append(Case(code: code, name: "\(code) \(title)", outcome: .passed))
        }
        // By rule, then in the agency's finding order (stable).
        return out.enumerated().sorted { a, b in
            a.element.code != b.element.code ? a.element.code < b.element.code : a.offset < b.offset
        }.map(\.element)
    }

    static func place(_ f: Finding) -> String { "\(f.location.file):\(f.location.line):\(f.location.column)" }
    static func place(_ n: FindingNote) -> String { "\(n.location.file):\(n.location.line):\(n.location.column)" }

    static func statusText(_ f: Finding, _ lang: Language) -> String {
        var s = f.status.localized[lang]
        switch f.status {
        case .suppressed(let r): s += ": " + r
        case .waived(let j, let e):
            s += ": " + j + (e.map { " (" + UIText.t(.reportUntil, lang) + " \($0))" } ?? "")
        default: break
        }
        return s
    }

    /// The finding in full: place, message, citation and basis, notes.
    static func body(_ f: Finding, _ lang: Language) -> String {
        "\(place(f)): \(f.message[lang])\n\(f.citation[lang]); \(f.basis.localized[lang])"
            + f.notes.map { "\n" + UIText.t(.reportNote, lang) + ": \($0.message[lang]) (\(place($0)))" }.joined()
    }

    func render(_ report: LintReport, _ ctx: ReportContext) -> String {
        let lang = ctx.language
        var suites = ""
        var total = (tests: 0, failures: 0, skipped: 0)
        for agency in report.agencies {
            let cases = JUnitReporter.cases(agency, report, ctx)
            var failures = 0
            var skipped = 0
            for c in cases {
                switch c.outcome {
                case .failed: failures += 1
                case .skipped: skipped += 1
                case .passed, .info: break
                }
            }
            total.tests += cases.count
            total.failures += failures
            total.skipped += skipped
            let name = Escape.xmlAttr(agency.name)
            suites +=
                "  <testsuite name=\"\(name)\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
            suites += "    <properties>\n"
            suites +=
                "      <property name=\"packs\" value=\"\(Escape.xmlAttr(agency.packs.joined(separator: ",")))\"/>\n"
            suites += "      <property name=\"as-of\" value=\"\(agency.asOf)\"/>\n"
            suites += "    </properties>\n"
            for c in cases {
                let head = "    <testcase classname=\"\(name)\" name=\"\(Escape.xmlAttr(c.name))\""
                switch c.outcome {
                case .passed:
                    suites += head + "/>\n"
                case .failed(let f):
                    suites += head + ">\n"
                    suites +=
                        "      <failure message=\"\(Escape.xmlAttr(f.message[lang]))\" type=\"\(f.severity.rawValue)\">\(Escape.xml(JUnitReporter.body(f, lang)))</failure>\n"
                    suites += "    </testcase>\n"
                case .info(let f):
                    suites += head + ">\n"
                    suites +=
                        "      <system-out>\(Escape.xml("[\(f.severity.rawValue)] " + JUnitReporter.body(f, lang)))</system-out>\n"
                    suites += "    </testcase>\n"
                case .skipped(let f):
                    suites += head + ">\n"
                    suites += "      <skipped message=\"\(Escape.xmlAttr(JUnitReporter.statusText(f, lang)))\"/>\n"
                    suites +=
                        "      <system-out>\(Escape.xml("[\(JUnitReporter.statusText(f, lang))] " + JUnitReporter.body(f, lang)))</system-out>\n"
                    suites += "    </testcase>\n"
                }
            }
            suites += "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"lintas\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"0\" skipped=\"\(total.skipped)\">\n"
            + suites + "</testsuites>\n"
    }
}

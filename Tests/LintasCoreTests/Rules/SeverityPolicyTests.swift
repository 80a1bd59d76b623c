import Foundation
import Testing

@testable import LintasCore

/// The severity policy (docs/rules.md "Severity policy"): an `error` means the regulation requires
/// it or the data contradicts itself. Walks the whole built-in catalogue.
@Suite("Severity follows the basis")
struct SeverityPolicyTests {
    /// The packs that speak for the whole country; a regional pack may raise its own practice.
    static let national: Set<String> = ["dasar", "permenpanrb-7-2022"]

    static func isError(_ l: RuleLevel?) -> Bool {
        if case .on(.error)? = l { return true }
        return false
    }

    @Test("no national-pack rule whose basis is practice is an error")
    func practiceAtMostWarning() throws {
        let catalog = try TestSupport.catalog()
        var offenders: [String] = []
        for p in catalog.packs where Self.national.contains(p.id) {
            for r in p.rules where r.basis == .practice && Self.isError(r.severity) {
                offenders.append("\(p.id) \(r.code)")
            }
            for o in p.overrides
            where (o.basis ?? catalog.describe(o.code)?.basis) == .practice && Self.isError(o.severity) {
                offenders.append("\(p.id) override \(o.code)")
            }
        }
        #expect(offenders == [], "practice rules raised to error in a national pack")
    }

    @Test("every inference rule names its kind, and only integrity or self-contradiction may be an error")
    func inferenceKinds() throws {
        var offenders: [String] = []
        for p in try TestSupport.catalog().packs {
            for r in p.rules {
                if r.basis != .inference {
                    #expect(
                        r.inference == nil, "\(r.code) names an inference kind but its basis is \(r.basis.rawValue)")
                    continue
                }
                guard let kind = r.inference else {
                    offenders.append("\(r.code): no kind")
                    continue
                }
                if Self.isError(r.severity) && kind == .judgement {
                    offenders.append("\(r.code): a judgement at error")
                }
                let integrityFamily = "YSRNL".contains(r.code.first!)
                if kind == .integrity {
                    #expect(integrityFamily, "\(r.code): integrity is a kind of the Y, S, R, N, L rules only")
                }
            }
        }
        #expect(offenders == [])
    }

    @Test(
        "the research's judgements: K001/T004 warnings nationally and errors in West Java, T002 practice, K005/M009 inference"
    )
    func judgements() throws {
        let catalog = try TestSupport.catalog()
        let national = catalog.rules(enabling: ["dasar", "permenpanrb-7-2022"])
        let jabar = catalog.rules(enabling: ["dasar", "permenpanrb-7-2022", "pergub-jabar-181-2021"])
        for code in ["K001", "T002", "T004"] {
            #expect(national[code]?.severity == .on(.warning), "\(code) national")
            #expect(jabar[code]?.severity == .on(.error), "\(code) West Java")
            #expect(national[code]?.basis == .practice)
        }
        #expect(
            national["K005"]?.basis == .inference && national["K005"]?.inference == .judgement
                && national["K005"]?.severity == .on(.warning))
        #expect(
            national["M009"]?.basis == .inference && national["M009"]?.inference == .contradiction
                && national["M009"]?.severity == .on(.error))
    }

    @Test("a pack or config that sets the parameter of an off-until-set rule turns it on as a warning")
    func parameterActivates() throws {
        var r = try #require(try TestSupport.catalog().describe("K003"))
        #expect(r.severity == .off)
        r.activateBySetParameter(["jenjang_minimum": .string("ahli-muda")], before: r.params)
        #expect(r.severity == .on(.warning))
        var k = try #require(try TestSupport.catalog().describe("K004"))
        k.activateBySetParameter(["maks_tim_dipimpin": .null], before: k.params)
        #expect(k.severity == .off, "setting null keeps it off")
    }
}

import Foundation
import Testing

@testable import LintasCore

/// Issue 23 §1: a batch keeps only findings and figures per agency; the model is handed to
/// `eachAgency` and released, unless a single-file HTML report asks to keep it (within a limit).
@Suite("batch: models released once checked")
struct BatchMemoryTests {
    final class Seen: @unchecked Sendable {
        let lock = NSLock()
        var names: [String] = []
        var withModel = 0
        var rules = 0
        func add(_ r: LintReport) {
            lock.lock()
            defer { lock.unlock() }
            names += r.agencies.map(\.name)
            withModel += r.agencies.filter { $0.agency != nil }.count
            rules = max(rules, r.rules.count)
        }
    }

    static let batch = "examples/agencies"

    @Test("without keepModels no result holds its model; eachAgency saw each agency once, with its model and rules")
    func released() throws {
        let seen = Seen()
        let report = try TestSupport.lint([Self.batch]) {
            $0.keepModels = false
            $0.jobs = 2
            $0.eachAgency = { seen.add($0) }
        }
        #expect(report.agencies.count >= 2)
        #expect(report.agencies.allSatisfy { $0.agency == nil })
        #expect(
            report.agencies.allSatisfy { a in
                a.sources.keys.allSatisfy { k in a.findings.contains { $0.location.file == k } }
            })
        #expect(seen.names.sorted() == report.agencies.map(\.name))
        #expect(seen.withModel == report.agencies.count)
        #expect(seen.rules > 0)
        #expect(!report.modelsIncomplete)
    }

    @Test("the reports without models are the reports with them (JSON, SARIF, text, CSV)")
    func sameOutput() throws {
        let kept = try TestSupport.lint([Self.batch, "examples/review"])
        let released = try TestSupport.lint([Self.batch, "examples/review"]) { $0.keepModels = false }
        #expect(kept.agencies.contains { $0.agency != nil })
        for f in [OutputFormat.json, .sarif, .text, .csv] {
            #expect(f.reporter.render(kept, ReportContext()) == f.reporter.render(released, ReportContext()), "\(f)")
        }
    }

    @Test("a limit on the employees kept: past it no more models and modelsIncomplete; within it all kept")
    func limit() throws {
        let tight = try TestSupport.lint([Self.batch]) { $0.keptEmployeesLimit = 1 }
        #expect(tight.modelsIncomplete)
        #expect(tight.agencies.contains { $0.agency == nil })
        let roomy = try TestSupport.lint([Self.batch]) { $0.keptEmployeesLimit = 1_000_000 }
        #expect(!roomy.modelsIncomplete)
        #expect(roomy.agencies.allSatisfy { $0.agency != nil })
    }

    struct PageFailed: Error {}

    @Test("an error of eachAgency (a page that cannot be written) makes the run throw")
    func eachAgencyError() throws {
        #expect(throws: PageFailed.self) {
            _ = try TestSupport.lint([Self.batch]) { $0.eachAgency = { _ in throw PageFailed() } }
        }
    }
}

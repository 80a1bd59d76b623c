import Testing
@testable import LintasCore

@Suite("CivilDate")
struct CivilDateTests {
    @Test("parses only real YYYY-MM-DD dates")
    func parse() {
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2023-02-30") == nil)
        #expect(CivilDate(iso: "2023-2-3") == nil)
        #expect(CivilDate(iso: "2023-13-01") == nil)
    }

    @Test("one year later is the same calendar day; 29 February becomes 28 February")
    func addYears() {
        #expect(CivilDate(iso: "2022-03-15")!.adding(years: 1).description == "2023-03-15")
        #expect(CivilDate(iso: "2024-02-29")!.adding(years: 1).description == "2025-02-28")
    }

    @Test("day numbers round-trip and count days")
    func days() {
        let a = CivilDate(iso: "2023-01-01")!, b = CivilDate(iso: "2024-01-01")!
        #expect(a.days(to: b) == 365)
        #expect(CivilDate(dayNumber: b.dayNumber) == b)
        #expect(CivilDate(iso: "1970-01-01")!.dayNumber == 0)
    }
}

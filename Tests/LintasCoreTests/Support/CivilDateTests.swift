import XCTest

@testable import LintasCore

/// XCTest (beside Swift Testing elsewhere): calendar arithmetic the deadline rules stand on.
final class CivilDateTests: XCTestCase {
    func testParsesOnlyRealDates() {
        XCTAssertNotNil(CivilDate(iso: "2024-02-29"))
        XCTAssertNil(CivilDate(iso: "2023-02-29"))
        XCTAssertNil(CivilDate(iso: "2023-02-30"))
        XCTAssertNil(CivilDate(iso: "2023-2-3"))
        XCTAssertNil(CivilDate(iso: "2023-13-01"))
        XCTAssertNil(CivilDate(iso: "２０２３-01-01"))
    }

    func testOneYearLaterIsTheSameCalendarDay() {
        XCTAssertEqual(CivilDate(iso: "2022-03-15")?.adding(years: 1).description, "2023-03-15")
        XCTAssertEqual(CivilDate(iso: "2024-02-29")?.adding(years: 1).description, "2025-02-28")
    }

    func testDayNumbersRoundTripAndCount() throws {
        let a = try XCTUnwrap(CivilDate(iso: "2023-01-01"))
        let b = try XCTUnwrap(CivilDate(iso: "2024-01-01"))
        XCTAssertEqual(a.days(to: b), 365)
        XCTAssertEqual(CivilDate(dayNumber: b.dayNumber), b)
        XCTAssertEqual(CivilDate(iso: "1970-01-01")?.dayNumber, 0)
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            XCTAssertEqual(CivilDate(dayNumber: n).dayNumber, n)
        }
    }
}

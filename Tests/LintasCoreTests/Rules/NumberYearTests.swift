import Foundation
import Testing

@testable import LintasCore

/// S009 reads the year of a decree number or a regulation title byte by byte when the text is plain
/// ASCII; the `Character` reading serves every other text. Both must give the same answer for any
/// text: here on the shapes agencies write and on seeded random texts built from the pieces that
/// matter (the words "tahun"/"nomor" in any case, digits, slashes, the trimmed punctuation, the
/// separators, a carriage return, non-ASCII letters).
@Suite("S009 year reading")
struct NumberYearTests {
    @Test(
        "the year and the words shown",
        arguments: [
            ("800/012/Diskominfo/2024", 2024, "800/012/Diskominfo/2024"),
            ("Pergub 1/2022", 2022, "1/2022"),
            ("Peraturan Gubernur Nomor 181 Tahun 2021", 2021, "Nomor 181 Tahun 2021"),
            ("NOMOR 7 TAHUN 2022, tentang Sistem Kerja", 2022, "NOMOR 7 TAHUN 2022"),
            ("SK (800/1/2023).", 2023, "800/1/2023"),
            ("tahun 2023x/2019", 2023, "tahun 2023x/2019"),
            ("Tahun 1900 nomor 5/2020", 2020, "5/2020"),
            ("Nomor 7 Tahun\t2022;", 2022, "Nomor 7 Tahun\t2022".replacingOccurrences(of: "\t", with: " ")),
        ])
    func known(_ text: String, _ year: Int, _ shown: String) {
        let found = NumberYearCheck.year(in: text)
        #expect(found?.year == year)
        #expect(found?.shown == shown)
    }

    @Test("no year", arguments: ["800/012/Diskominfo", "Tahun", "Tahun 99999", "1/2300", "", " \n\t", "tahun 1944"])
    func none(_ text: String) {
        #expect(NumberYearCheck.year(in: text) == nil)
    }

    @Test("the byte reading agrees with the Character reading")
    func agrees() {
        let words = [
            "tahun", "Tahun", "TAHUN", "tAhUn", "nomor", "Nomor", "NOMOR", "2024", "1945", "2199", "2200", "1944",
            "0000", "12", "20245", "2021,", "2021x", "800/2021", "800//2021", "1/2/2022.", "(5/2020)", "/2021", "800/",
            ",", ";.", "()", "SK", "Pergub", "é", "Tâhun", "٢٠٢٤", "2021)", "(2021", "-", "a\u{301}", "2\u{301}023",
        ]
        let separators = [" ", " ", " ", "  ", "\n", "\t", "\r\n", "\r", " \u{301}", ""]
        var state: UInt64 = 0x5009
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var compared = 0
        var withYear = 0
        for _ in 0..<20_000 {
            var text = ""
            for k in 0..<next(7) {
                if k > 0 { text += separators[next(separators.count)] }
                text += words[next(words.count)]
            }
            let fast = NumberYearCheck.year(in: text)
            let reference = NumberYearCheck.characterYear(in: text)
            #expect(fast?.year == reference?.year && fast?.shown == reference?.shown, "\(text.debugDescription)")
            compared += 1
            if reference != nil { withYear += 1 }
        }
        // The texts are varied enough to find years often, and not always.
        #expect(compared == 20_000 && withYear > 2_000 && withYear < 18_000)
    }
}

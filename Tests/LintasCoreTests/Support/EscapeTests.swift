import Testing

@testable import LintasCore

/// The one XML escaper: what a report and a workbook part each get.
@Suite("XML escaping")
struct EscapeTests {
    static let input = "a&b<c>\"d\" O'Neil\t\n\r \u{01}\u{1B} \u{85}\u{9B} \u{FFFE}\u{FFFF} é😀"

    @Test("a report escapes the apostrophe and replaces C1 controls too (a log shows it)")
    func report() {
        var replaced: [UInt32] = []
        #expect(
            Escape.xml(Self.input, for: .report, replaced: &replaced)
                == "a&amp;b&lt;c&gt;&quot;d&quot; O&apos;Neil\t\n\r \u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} \u{FFFD}\u{FFFD} é😀"
        )
        #expect(replaced == [0x01, 0x1B, 0x85, 0x9B, 0xFFFE, 0xFFFF])
        #expect(Escape.xml(Self.input) == Escape.xml(Self.input, for: .report))
    }

    @Test("a workbook part keeps every character XML can carry and collects the replaced ones for its note")
    func workbook() {
        var replaced: [UInt32] = []
        #expect(
            Escape.xml(Self.input, for: .workbook, replaced: &replaced)
                == "a&amp;b&lt;c&gt;&quot;d&quot; O'Neil\t\n\r \u{FFFD}\u{FFFD} \u{85}\u{9B} \u{FFFD}\u{FFFD} é😀")
        #expect(replaced == [0x01, 0x1B, 0xFFFE, 0xFFFF])
    }

    @Test("a report's attribute keeps tabs and line breaks as character references")
    func attribute() {
        #expect(Escape.xmlAttr("a\tb\nc\rd'") == "a&#9;b&#10;c&#13;d&apos;")
    }
}

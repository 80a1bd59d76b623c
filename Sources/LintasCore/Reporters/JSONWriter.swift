/// Writes pretty-printed JSON straight to a ``ReportOutput``, spelled exactly as
/// ``JSONValue/write(to:indent:)`` spells a value (two-space indentation, `{}` and `[]` when
/// empty), without building the value first. For what is written once per finding (a SARIF
/// result is a dozen nested objects: as a ``JSONValue`` that is a dozen arrays made and freed).
///
/// Keys are static ASCII names without characters JSON escapes (SARIF's property names).
struct JSONWriter {
    let out: ReportOutput
    /// The indentation of this container's members.
    let indent: Int
    private(set) var count = 0

    private init(_ out: ReportOutput, indent: Int) {
        self.out = out
        self.indent = indent
    }

    /// An object at `indent` (the level of the line it starts on).
    static func object(_ out: ReportOutput, indent: Int, _ body: (inout JSONWriter) -> Void) {
        container(out, indent: indent, open: UInt8(ascii: "{"), close: "}", body)
    }

    static func array(_ out: ReportOutput, indent: Int, _ body: (inout JSONWriter) -> Void) {
        container(out, indent: indent, open: UInt8(ascii: "["), close: "]", body)
    }

    private static func container(
        _ out: ReportOutput, indent: Int, open: UInt8, close: StaticString, _ body: (inout JSONWriter) -> Void
    ) {
        out.write(byte: open)
        var w = JSONWriter(out, indent: indent + 1)
        body(&w)
        if w.count > 0 {
            out.write(byte: UInt8(ascii: "\n"))
            out.writeIndent(indent)
        }
        out.write(static: close)
    }

    /// Starts the next member or element.
    private mutating func next() {
        out.write(static: count == 0 ? "\n" : ",\n")
        count += 1
        out.writeIndent(indent)
    }

    private mutating func key(_ k: StaticString) {
        next()
        out.write(byte: UInt8(ascii: "\""))
        out.write(static: k)
        out.write(static: "\": ")
    }

    // Object members.

    mutating func string(_ k: StaticString, _ v: String) {
        key(k)
        out.writeJSONString(v, jsonEncoderStyle: false)
    }

    mutating func string(_ k: StaticString, _ v: LocalizedText, _ lang: Language) {
        key(k)
        out.writeJSONString(v, lang, jsonEncoderStyle: false)
    }

    mutating func int(_ k: StaticString, _ v: Int) {
        key(k)
        out.write(v)
    }

    mutating func object(_ k: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(k)
        JSONWriter.object(out, indent: indent, body)
    }

    mutating func array(_ k: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(k)
        JSONWriter.array(out, indent: indent, body)
    }

    // Array elements.

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        next()
        JSONWriter.object(out, indent: indent, body)
    }
}

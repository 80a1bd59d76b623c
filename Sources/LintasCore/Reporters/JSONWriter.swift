/// The one JSON writer: pretty-printed JSON written straight to a ``ReportOutput`` as it is made
/// (two-space indentation, members in the order written), never built as a value first. Every
/// JSON-producing reporter writes through it, as does ``JSONValue`` (a value built where a tree is
/// handier: rule descriptors, the agency schema).
///
/// Two layouts, both fixed by files users already keep:
/// - ``Layout/plain``: `"key": value`, empty containers as `{}` and `[]`, U+2028/9 escaped (SARIF,
///   GitLab, the JSON Schema);
/// - ``Layout/foundation``: the bytes Foundation's `JSONEncoder` wrote with `.prettyPrinted`
///   (`"key" : value`, an empty container as its brackets around an empty line, `\b` and `\f`
///   escapes), which the JSON report and the baseline kept when they stopped using it. The caller
///   writes keys in sorted order.
struct JSONWriter {
    enum Layout {
        case plain
        case foundation
    }

    let out: ReportOutput
    let layout: Layout
    /// The indentation of this container's members.
    let indent: Int
    private(set) var count = 0

    private init(_ out: ReportOutput, _ layout: Layout, indent: Int) {
        self.out = out
        self.layout = layout
        self.indent = indent
    }

    /// An object at `indent` (the level of the line it starts on).
    static func object(
        _ out: ReportOutput, layout: Layout = .plain, indent: Int = 0, _ body: (inout JSONWriter) -> Void
    ) {
        container(out, layout, indent: indent, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    static func array(
        _ out: ReportOutput, layout: Layout = .plain, indent: Int = 0, _ body: (inout JSONWriter) -> Void
    ) {
        container(out, layout, indent: indent, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), body)
    }

    /// A value built as a ``JSONValue``, at the top level.
    static func value(_ out: ReportOutput, layout: Layout = .plain, _ value: JSONValue) {
        JSONWriter(out, layout, indent: 0).write(value)
    }

    private static func container(
        _ out: ReportOutput, _ layout: Layout, indent: Int, open: UInt8, close: UInt8,
        _ body: (inout JSONWriter) -> Void
    ) {
        out.write(byte: open)
        var inner = JSONWriter(out, layout, indent: indent + 1)
        body(&inner)
        if inner.count > 0 {
            out.writeContainerEnd(indent: indent, close: close)
        } else {
            if layout == .foundation {
                out.write(static: "\n\n")
                out.writeIndent(indent)
            }
            out.write(byte: close)
        }
    }

    /// Starts the next member or element.
    private mutating func next() {
        out.writeElementStart(first: count == 0, indent: indent)
        count += 1
    }

    private var separator: StaticString { layout == .plain ? "\": " : "\" : " }

    private mutating func key(_ name: StaticString) {
        out.writeMemberStart(first: count == 0, indent: indent, name: name, foundationStyle: layout == .foundation)
        count += 1
    }

    /// A key that is not a static name: escaped like any string.
    private mutating func key(_ name: String) {
        next()
        out.write(byte: UInt8(ascii: "\""))
        out.writeJSONEscaped(name, jsonEncoderStyle: layout == .foundation)
        out.write(static: separator)
    }

    private func write(_ text: String) {
        out.writeJSONString(text, jsonEncoderStyle: layout == .foundation)
    }

    // Object members.

    mutating func string(_ name: StaticString, _ value: String) {
        key(name)
        write(value)
    }

    mutating func string(_ name: StaticString, _ value: LocalizedText, _ lang: Language) {
        key(name)
        out.writeJSONString(value, lang, jsonEncoderStyle: layout == .foundation)
    }

    mutating func int(_ name: StaticString, _ value: Int) {
        key(name)
        out.write(value)
    }

    mutating func bool(_ name: StaticString, _ value: Bool) {
        key(name)
        out.write(static: value ? "true" : "false")
    }

    mutating func object(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        JSONWriter.object(out, layout: layout, indent: indent, body)
    }

    /// A member whose name is not a static name (escaped like any string). Labelled: a literal name
    /// would otherwise choose this overload (a literal's default type is `String`) and be escaped
    /// byte by byte on every call.
    mutating func object(named name: String, _ body: (inout JSONWriter) -> Void) {
        key(name)
        JSONWriter.object(out, layout: layout, indent: indent, body)
    }

    mutating func array(_ name: StaticString, _ body: (inout JSONWriter) -> Void) {
        key(name)
        JSONWriter.array(out, layout: layout, indent: indent, body)
    }

    /// A list of strings.
    mutating func strings(_ name: StaticString, _ values: [String]) {
        array(name) { list in
            for value in values { list.string(value) }
        }
    }

    mutating func value(_ name: StaticString, _ value: JSONValue) {
        key(name)
        write(value)
    }

    mutating func value(named name: String, _ value: JSONValue) {
        key(name)
        write(value)
    }

    // Array elements.

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        next()
        JSONWriter.object(out, layout: layout, indent: indent, body)
    }

    mutating func string(_ value: String) {
        next()
        write(value)
    }

    mutating func value(_ value: JSONValue) {
        next()
        write(value)
    }

    /// A value made as a ``JSONValue``, at this writer's indentation.
    private func write(_ value: JSONValue) {
        switch value {
        case .string(let text): write(text)
        case .int(let number): out.write(number)
        case .bool(let flag): out.write(static: flag ? "true" : "false")
        case .null: out.write(static: "null")
        case .array(let items):
            JSONWriter.array(out, layout: layout, indent: indent) { list in
                for item in items { list.value(item) }
            }
        case .object(let members):
            JSONWriter.object(out, layout: layout, indent: indent) { object in
                for (name, member) in members { object.value(named: name, member) }
            }
        }
    }
}

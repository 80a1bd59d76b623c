import Foundation

/// Reads a directory of CSV files, one per section (`pegawai.csv`...), as a workbook whose sheets
/// are named after the files. Every field is text, kept exactly as written (leading blanks, tabs,
/// no-break spaces included: nothing is corrected); the delimiter (`,`, `;` or tab) is guessed per
/// file from its first line, since spreadsheets in Indonesian locales export with `;`. Files are
/// read in chunks and cells counted as they are read (the cell limit stops the reading). A file
/// that is not UTF-8 (Windows-1252 from an older Excel "CSV") or has a quote that never closes is
/// reported at the file and line, and the other files are still read.
enum CSVReader {
    static func isCSVDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else { return false }
        return names.contains { $0.lowercased().hasSuffix(".csv") }
            && !names.contains { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    }

    static func read(
        directory: String, displayed: String, limits: WorkbookLimits = WorkbookLimits(),
        only: ((String) -> Bool)? = nil
    ) throws -> Workbook {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter {
                    $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") && (only?(String($0.dropLast(4))) ?? true)
                }.sorted()
        } catch {
            throw LintasError("cannot read directory / direktori tidak dapat dibaca: \(displayed)")
        }
        guard !names.isEmpty || only != nil else {
            throw LintasError(
                "\(displayed): a directory with no CSV files, not a workbook / direktori tanpa berkas CSV, bukan buku kerja"
            )
        }
        if names.count > limits.maxSheets {
            throw LintasError(
                "\(displayed): more than \(limits.maxSheets) CSV files / lebih dari \(limits.maxSheets) berkas CSV")
        }
        // The sizes first: a folder past the total is refused before anything is read.
        var total = 0
        var paths: [(name: String, path: String)] = []
        for name in names {
            let path = AgencyDiscovery.join(directory, name)
            var st = stat()
            guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw LintasError("\(displayed)/\(name): not a regular file / bukan berkas biasa")
            }
            let size = Int(st.st_size)
            if size > limits.maxEntryBytes {
                throw LintasError(
                    "\(displayed)/\(name): \(size) bytes, more than the limit of \(limits.maxEntryBytes) / melebihi batas \(limits.maxEntryBytes) bita"
                )
            }
            total += size
            if total > limits.maxTotalBytes {
                throw LintasError(
                    "\(displayed): the CSV files are more than \(limits.maxTotalBytes) bytes in all / berkas CSV seluruhnya melebihi \(limits.maxTotalBytes) bita"
                )
            }
            paths.append((name, path))
        }
        var sheets: [Sheet] = []
        var cells = 0
        for (name, path) in paths {
            let sheetName = String(name.dropLast(4))
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw LintasError("cannot read / tidak dapat dibaca: \(displayed)/\(name)")
            }
            defer { try? h.close() }
            var parser = CSVParser(
                sheet: sheetName, file: name, maxCells: limits.maxCells - cells, maxValueBytes: limits.maxValueBytes,
                maxBytes: limits.maxEntryBytes)
            do {
                while true {
                    let chunk = h.readData(ofLength: 1 << 20)
                    if chunk.isEmpty { break }
                    try chunk.withUnsafeBytes { try parser.feed($0) }
                    if parser.stopped { break }
                }
                parser.finish()
            } catch is CSVParser.TooManyCells {
                throw LintasError(
                    "\(displayed): more than \(limits.maxCells) cells / lebih dari \(limits.maxCells) sel")
            } catch is CSVParser.TooLarge {
                throw LintasError(
                    "\(displayed)/\(name): more than \(limits.maxEntryBytes) bytes / melebihi batas \(limits.maxEntryBytes) bita"
                )
            }
            cells += parser.cellCount
            sheets.append(parser.sheet)
        }
        return Workbook(file: displayed, sheets: sheets, isCSV: true)
    }
}

/// RFC 4180 CSV, fed in chunks: quoted fields with `""` escapes and line breaks, CR LF or LF line
/// ends, the delimiter guessed from the first line (outside quotes).
struct CSVParser {
    struct TooManyCells: Error {}
    struct TooLarge: Error {}

    private(set) var sheet: Sheet
    let file: String
    let maxCells: Int
    let maxValueBytes: Int
    let maxBytes: Int
    private(set) var cellCount = 0
    /// Reading stopped early (the file is not UTF-8, or a quote never closed).
    private(set) var stopped = false

    private var delimiter: UInt8?
    /// Bytes held before the delimiter is known (the first line).
    private var head: [UInt8] = []
    private var started = false
    private var seen = 0

    private var field: [UInt8] = []
    private var fieldTooLong = false
    private var inQuotes = false
    private var quoteClosed = false
    /// The open quoted field's row, column and line (for an unterminated quote).
    private var quoteAt = (row: 0, column: 0, line: 0)
    private var row = 1
    private var column = 1
    private var line = 1
    private var current: [Cell] = []
    private var pendingCR = false

    init(sheet: String, file: String, maxCells: Int, maxValueBytes: Int, maxBytes: Int) {
        self.sheet = Sheet(name: sheet)
        self.file = file
        self.maxCells = maxCells
        self.maxValueBytes = maxValueBytes
        self.maxBytes = maxBytes
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws {
        seen += bytes.count
        if seen > maxBytes { throw TooLarge() }
        guard delimiter == nil else { return try parse(bytes) }
        head.append(contentsOf: bytes)
        // The first line (outside quotes) decides the delimiter.
        var quoted = false
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var end: Int?
        for (i, b) in head.enumerated() {
            if b == UInt8(ascii: "\"") {
                quoted.toggle()
                continue
            }
            if quoted { continue }
            if b == 0x0A || b == 0x0D {
                end = i
                break
            }
            if counts[b] != nil { counts[b]! += 1 }
        }
        if end == nil && head.count < 1 << 20 { return }
        try decide(counts)
    }

    private mutating func decide(_ counts: [UInt8: Int]) throws {
        let comma = counts[UInt8(ascii: ",")] ?? 0
        let semi = counts[UInt8(ascii: ";")] ?? 0
        let tab = counts[0x09] ?? 0
        delimiter =
            semi > comma && semi >= tab ? UInt8(ascii: ";") : (tab > comma && tab > semi ? 0x09 : UInt8(ascii: ","))
        var bytes = head
        head = []
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        try bytes.withUnsafeBytes { try parse($0) }
    }

    mutating func finish() {
        if delimiter == nil {
            var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
            var quoted = false
            for b in head {
                if b == UInt8(ascii: "\"") {
                    quoted.toggle()
                    continue
                }
                if quoted || b == 0x0A || b == 0x0D { if !quoted { break } else { continue } }
                if counts[b] != nil { counts[b]! += 1 }
            }
            try? decide(counts)
        }
        guard !stopped else { return }
        if inQuotes && quoteClosed {
            inQuotes = false
            quoteClosed = false
        }
        if inQuotes {
            problem(
                "unterminated_quote", row: quoteAt.row, column: quoteAt.column,
                args: ["file": file, "line": String(quoteAt.line)])
            endRow()
            return
        }
        if !field.isEmpty || column > 1 || fieldTooLong { try? endField() }
        endRow()
    }

    private mutating func problem(_ variant: String, row: Int, column: Int, args: [String: String]) {
        sheet.problems.append(SheetProblem(variant: variant, row: row, column: column, args: args))
    }

    private mutating func parse(_ b: UnsafeRawBufferPointer) throws {
        guard !stopped, let delimiter else { return }
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if pendingCR {
                pendingCR = false
                if c == 0x0A {
                    i += 1
                    continue
                }
            }
            if inQuotes {
                if quoteClosed {
                    // After a closing quote: another quote is an escaped one; else the field goes on unquoted.
                    quoteClosed = false
                    if c == UInt8(ascii: "\"") {
                        append(c)
                        i += 1
                        continue
                    }
                    inQuotes = false
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    quoteClosed = true
                    i += 1
                    continue
                }
                if c == 0x0A { line += 1 }
                append(c)
                i += 1
                continue
            }
            switch c {
            case delimiter:
                try endField()
                if stopped { return }
            case 0x0A, 0x0D:
                try endField()
                if stopped { return }
                endRow()
                line += 1
                if c == 0x0D { pendingCR = true }
            case UInt8(ascii: "\"") where field.isEmpty && !fieldTooLong:
                inQuotes = true
                quoteAt = (row, column, line)
            default:
                append(c)
            }
            i += 1
        }
    }

    @inline(__always) private mutating func append(_ c: UInt8) {
        if fieldTooLong { return }
        field.append(c)
        if field.count > maxValueBytes {
            fieldTooLong = true
            field = []
        }
    }

    private mutating func endField() throws {
        defer {
            field.removeAll(keepingCapacity: true)
            fieldTooLong = false
            column += 1
        }
        if fieldTooLong {
            if sheet.oversized.count < 10_000 { sheet.oversized.append((row, column, maxValueBytes)) }
            return
        }
        guard !field.isEmpty else { return }
        guard let text = String(validating: field, as: UTF8.self) else {
            let bad = field.firstIndex { $0 >= 0x80 } ?? 0
            problem(
                "not_utf8", row: row, column: column,
                args: [
                    "file": file, "line": String(line), "byte": "0x" + String(field[bad], radix: 16, uppercase: true),
                ])
            sheet.rows = []
            current = []
            stopped = true
            return
        }
        if row == 1, column == 1, text.hasPrefix("\u{FEFF}") {
            let rest = String(text.dropFirst())
            if !rest.isEmpty { try add(rest) }
            return
        }
        try add(text)
    }

    private mutating func add(_ text: String) throws {
        cellCount += 1
        if cellCount > maxCells { throw TooManyCells() }
        current.append(Cell(row: row, column: column, value: .text(text)))
    }

    private mutating func endRow() {
        if !current.isEmpty { sheet.rows.append(current) }
        current = []
        row += 1
        column = 1
    }
}

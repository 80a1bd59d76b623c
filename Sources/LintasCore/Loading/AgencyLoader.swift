import Foundation

/// Something lintas cannot do at all (exit code 2): an unreadable path, a bad config or pack.
public struct LintasError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// `file:line:col` when the error is in a file.
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let l = location else { return message }
        return "\(l.file):\(l.line):\(l.column): \(message)"
    }
}

/// One agency to check: a name and the files that make it up.
public struct AgencyInput: Sendable, Hashable {
    public var name: String
    /// The directory (or the file) the agency was found at, as displayed.
    public var root: String
    public var isDirectory: Bool
    public var files: [String]
    /// Files given as bytes rather than read from disk (standard input), by displayed name.
    public var contents: [String: [UInt8]] = [:]
}

/// Finds agencies under the paths given on the command line (format-v1 "Where an agency's data lives").
public struct AgencyDiscovery {
    /// File names that are the tool's own, never agency documents.
    public var excludedNames: Set<String> = [".lintas.yml", ".lintas.yaml", ".lintas-waivers.yml", ".lintas-baseline.json"]
    /// Glob patterns (relative to the checked path) of files to skip.
    public var ignore: [String] = []

    public init() {}

    static func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }

    /// Displays a path relative to the working directory when it is below it.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        if p.hasPrefix(cwd + "/") { p = String(p.dropFirst(cwd.count + 1)) }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p.isEmpty ? "." : p
    }

    static func join(_ a: String, _ b: String) -> String { a == "." ? b : (a.hasSuffix("/") ? a + b : a + "/" + b) }

    /// The agencies at `path`: a file, an agency directory, or a batch directory.
    public func discover(_ path: String) throws -> [AgencyInput] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw LintasError("path not found / jalur tidak ditemukan: \(path)")
        }
        let shown = AgencyDiscovery.display(path)
        if !isDir.boolValue {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw LintasError("cannot read / tidak dapat dibaca: \(shown)")
            }
            return [AgencyInput(name: shown, root: shown, isDirectory: false, files: [shown])]
        }
        let files = try yamlFiles(under: shown, relativeTo: shown)
        // Direct files and immediate subdirectories decide between an agency and a batch.
        var direct: [String] = []
        var bySubdir: [String: [String]] = [:]
        for f in files {
            let rel = shown == "." ? f : String(f.dropFirst(shown.count + 1))
            if let slash = rel.firstIndex(of: "/") {
                bySubdir[String(rel[..<slash]), default: []].append(f)
            } else {
                direct.append(f)
            }
        }
        let directHolds = direct.contains { AgencyDiscovery.holdsInstansi($0) }
        let agencySubdirs = bySubdir.filter { $0.value.contains { AgencyDiscovery.holdsInstansi($0) } }
        if directHolds || agencySubdirs.isEmpty {
            return [AgencyInput(name: shown, root: shown, isDirectory: true, files: files)]
        }
        // A batch: each subdirectory is an agency; loose files are agencies of their own.
        var out: [AgencyInput] = []
        for (sub, fs) in bySubdir {
            let root = AgencyDiscovery.join(shown, sub)
            out.append(AgencyInput(name: root, root: root, isDirectory: true, files: fs.sorted()))
        }
        for f in direct {
            out.append(AgencyInput(name: f, root: f, isDirectory: false, files: [f]))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// All `*.yaml`/`*.yml` below a directory, skipping hidden entries and the tool's own files, sorted.
    func yamlFiles(under dir: String, relativeTo base: String) throws -> [String] {
        var out: [String] = []
        var stack = [dir]
        var visited = Set<String>()
        while let d = stack.popLast() {
            let real = (try? FileManager.default.destinationOfSymbolicLink(atPath: d)) ?? d
            guard visited.insert(URL(fileURLWithPath: real).standardizedFileURL.path).inserted else { continue }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: d)
            } catch {
                throw LintasError("cannot read directory / direktori tidak dapat dibaca: \(d)")
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let p = AgencyDiscovery.join(d, name)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { continue }
                if isDir.boolValue {
                    stack.append(p)
                } else if AgencyDiscovery.isYAML(name), !excludedNames.contains(name) {
                    let rel = base == "." ? p : String(p.dropFirst(base.count + 1))
                    if !ignore.contains(where: { Glob.matches($0, rel) }) { out.append(p) }
                }
            }
        }
        return out.sorted()
    }

    /// Whether a file holds a top-level `instansi` key (a cheap text scan, no parse).
    static func holdsInstansi(_ file: String) -> Bool {
        guard let h = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? h.close() }
        // The key is usually near the top; scan at most the first 4 MiB.
        let data = h.readData(ofLength: 4 << 20)
        let key = Array("instansi:".utf8)
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            let b = raw.bindMemory(to: UInt8.self)
            var i = 0
            var atLineStart = true
            while i < b.count {
                if atLineStart {
                    var j = i
                    if i == 0, b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { j = 3 }
                    if j + key.count <= b.count {
                        var match = true
                        for k in 0..<key.count where b[j + k] != key[k] { match = false; break }
                        if match { return true }
                    }
                }
                atLineStart = b[i] == 10
                i += 1
            }
            return false
        }
    }
}

/// Minimal glob matching: `*` (within a path segment), `**` (across segments), `?`.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        let p = Array(pattern.utf8), s = Array(path.utf8)
        var memo = [Int: Bool]()
        func m(_ i: Int, _ j: Int) -> Bool {
            let key = i * (s.count + 1) + j
            if let v = memo[key] { return v }
            var r: Bool
            if i == p.count {
                r = j == s.count
            } else if p[i] == UInt8(ascii: "*") {
                if i + 1 < p.count && p[i + 1] == UInt8(ascii: "*") {
                    var ni = i + 2
                    if ni < p.count && p[ni] == UInt8(ascii: "/") { ni += 1 }
                    r = false
                    var k = j
                    while k <= s.count {
                        if m(ni, k) { r = true; break }
                        k += 1
                    }
                } else {
                    r = false
                    var k = j
                    while true {
                        if m(i + 1, k) { r = true; break }
                        if k == s.count || s[k] == UInt8(ascii: "/") { break }
                        k += 1
                    }
                }
            } else if j < s.count && (p[i] == UInt8(ascii: "?") ? s[j] != UInt8(ascii: "/") : p[i] == s[j]) {
                r = m(i + 1, j + 1)
            } else {
                r = false
            }
            memo[key] = r
            return r
        }
        return m(0, 0)
    }
}

/// An agency read from its files: the model, the Y and S findings, and the sources for display.
public struct LoadedAgency: Sendable {
    public var input: AgencyInput
    public var agency: Agency
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceText]
}

/// POSIX `read` (the name is taken inside ``AgencyLoader``).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Builds an agency's model from the documents and list items the loader streams to it. A class,
/// so that handing it to the loader for each file copies no arrays.
final class AgencySink: YAMLDocumentSink {
    var builder = ModelBuilder()
    var agency: Agency
    /// The agency's list sizes when the open document began (nil: no document open).
    private var marks: [Int]?

    init(_ agency: Agency) { self.agency = agency }

    var streamedSections: Set<String> { ModelBuilder.streamedSections }

    func beginDocument() {
        abandonDocument()
        marks = [agency.units.count, agency.employees.count, agency.agreements.count, agency.teams.count, agency.matrices.count]
    }

    func item(_ node: YAMLNode, index: Int, section: String, file: String) {
        builder.stage(item: node, index: index, section: section, file: file)
    }

    func endSection(_ section: String) {
        builder.commit(section: section, to: &agency)
    }

    func endDocument(_ root: YAMLNode, file: String) {
        builder.add(document: root, file: file, to: &agency)
        marks = nil
    }

    /// Drops what an incomplete document added: a broken document contributes nothing.
    func abandonDocument() {
        builder.discardStaged()
        guard let m = marks else { return }
        marks = nil
        agency.units.removeSubrange(min(m[0], agency.units.count)...)
        agency.employees.removeSubrange(min(m[1], agency.employees.count)...)
        agency.agreements.removeSubrange(min(m[2], agency.agreements.count)...)
        agency.teams.removeSubrange(min(m[3], agency.teams.count)...)
        agency.matrices.removeSubrange(min(m[4], agency.matrices.count)...)
    }
}

public enum AgencyLoader {
    public static let codes = ["S007"]

    enum Either {
        case success([UInt8])
        case failure(Diagnostic)
    }

    /// Reads one file's bytes, or reports why not (Y005 for an oversize file).
    static func read(_ file: String, limits: YAMLLimits) -> Either {
        if let attrs = try? FileManager.default.attributesOfItem(atPath: file),
           let size = (attrs[.size] as? NSNumber)?.intValue, size > limits.maxFileBytes {
            return .failure(Diagnostic("Y005", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file, args: [
                "what": "file", "what_id": "berkas", "limit": "\(limits.maxFileBytes)", "size": "\(size)",
            ]))
        }
        guard let bytes = readBytes(file, limit: limits.maxFileBytes) else {
            return .failure(Diagnostic("Y001", variant: "unreadable", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file,
                                       args: LibYAMLMessages.arguments(problem: "file cannot be read", context: nil).args))
        }
        return .success(bytes)
    }

    /// A file's bytes straight into an array (no intermediate `Data` copy of a large file). Stops
    /// one byte past `limit` (the loader then reports Y005).
    static func readBytes(_ file: String, limit: Int) -> [UInt8]? {
        let fd = open(file, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readBytes(fd: fd, limit: limit)
    }

    /// Standard input's bytes, read no further than one byte past `limit` (a longer input is then
    /// Y005, as a file would be). Nil when it cannot be read.
    public static func readStandardInput(limit: Int = YAMLLimits().maxFileBytes) -> [UInt8]? {
        readBytes(fd: STDIN_FILENO, limit: limit)
    }

    static func readBytes(fd: Int32, limit: Int) -> [UInt8]? {
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        var out: [UInt8] = []
        out.reserveCapacity(min(max(size, 0), limit) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while out.count <= limit {
            // Never more than one byte past the limit, whatever a pipe still holds.
            let want = min(chunk.count, limit + 1 - out.count)
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Loads every file of an agency; a broken file never stops the others.
    public static func load(_ input: AgencyInput, limits: YAMLLimits = YAMLLimits()) -> LoadedAgency {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceText] = [:]
        // The model is built while the YAML is read, list item by list item: a 30 MB file is
        // never one node tree in memory.
        var sink = AgencySink(Agency(name: input.name, files: input.files))
        for file in input.files {
            let read: Either
            if let given = input.contents[file] {
                read = given.count > limits.maxFileBytes
                    ? .failure(Diagnostic("Y005", variant: "stream", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file, args: [
                        "what": "standard input", "what_id": "masukan standar", "limit": "\(limits.maxFileBytes)",
                    ]))
                    : .success(given)
            } else {
                read = Self.read(file, limits: limits)
            }
            switch read {
            case .failure(let d):
                diagnostics.append(d)
            case .success(let bytes):
                let loaded = YAMLLoader.load(bytes: bytes, file: file, limits: limits, into: &sink)
                sink.abandonDocument()  // the last document, if it did not complete
                diagnostics += loaded.diagnostics
                sources[file] = loaded.source
            }
        }
        let agency = sink.agency
        diagnostics += sink.builder.diagnostics
        let fileBroken = diagnostics.contains { $0.code.hasPrefix("Y") }
        if agency.instansi.isEmpty {
            // A broken file may hold the instansi: then Y001 says enough.
            if !fileBroken, let first = input.files.first {
                diagnostics.append(Diagnostic("S007", variant: "missing", at: SourceLocation(file: first, line: 1, column: 1),
                                              path: "instansi", entity: input.name, args: ["agency": input.name]))
            }
        } else if agency.instansi.count > 1 {
            let first = agency.instansi[0]
            for extra in agency.instansi.dropFirst() {
                diagnostics.append(Diagnostic("S007", variant: "duplicate", at: extra.keyLocation, path: "instansi", entity: input.name,
                                              args: ["agency": input.name, "count": String(agency.instansi.count)],
                                              notes: [DiagnosticNote("first", at: first.keyLocation)]))
            }
        }
        return LoadedAgency(input: input, agency: agency, diagnostics: diagnostics, sources: sources)
    }
}

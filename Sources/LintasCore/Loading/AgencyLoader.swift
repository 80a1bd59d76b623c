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

    /// The error in one language. Messages are written in both, as "English / Indonesian" in one of
    /// three shapes: "EN / ID: detail", "prefix: EN / ID", or "EN / ID"; a message in one language
    /// is itself.
    public func message(_ lang: Language) -> String {
        guard let slash = message.range(of: " / ") else { return message }
        let left = message[..<slash.lowerBound], right = message[slash.upperBound...]
        if !left.contains(": "), let colon = right.range(of: ": ") {
            // "cannot read / tidak dapat dibaca: path"
            let rest = right[colon.upperBound...]
            return lang == .en ? "\(left): \(rest)" : "\(right[..<colon.lowerBound]): \(rest)"
        }
        if let colon = left.range(of: ": ", options: .backwards) {
            // "path: 12 bytes, more than the limit / melebihi batas"
            return lang == .en ? String(left) : "\(left[..<colon.upperBound])\(right)"
        }
        return String(lang == .en ? left : right)
    }

    /// ``description`` in one language.
    public func description(_ lang: Language) -> String {
        guard let l = location else { return message(lang) }
        return "\(l.file):\(l.line):\(l.column): \(message(lang))"
    }

    /// The commands that write files (init, import, export) never overwrite one without `--force`.
    public static func refuseOverwrite(_ paths: [String], force: Bool) throws {
        guard !force else { return }
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw LintasError("refusing to overwrite existing files (use --force) / berkas sudah ada, tidak ditimpa (pakai --force): "
                + existing.joined(separator: ", "))
        }
    }
}

/// One agency to check: a name and the files that make it up.
public struct AgencyInput: Sendable, Hashable {
    public var name: String
    /// The directory (or the file) the agency was found at, as displayed.
    public var root: String
    public var isDirectory: Bool
    public var files: [String]
    /// Paths of the agency that discovery did not read as files, or read once for two paths
    /// (reported as Y006).
    public var notes: [DiscoveryNote] = []
    /// Files given as bytes rather than read from disk (standard input), by displayed name.
    public var contents: [String: [UInt8]] = [:]

    /// Every path a finding of this agency can be at: its files and its noted paths, and the
    /// directory of an agency directory without files (S007 is reported there).
    var reportedPaths: Set<String> { Set(files).union(notes.map(\.path)).union(isDirectory && files.isEmpty ? [root] : []) }
}

/// A path that discovery treated specially (docs/limits.md "Files that are not what they seem").
public struct DiscoveryNote: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A symbolic link to a directory, found while walking: not descended into.
        case directoryLink = "directory_link"
        /// A symbolic link to a file outside the checked tree or under a hidden directory: not read.
        case outsideLink = "outside_link"
        /// The same file (device and inode) as another path of the agency: read once, there.
        case sameFile = "same_file"
        /// A directory whose name ends in `.yaml`/`.yml`: walked like any directory.
        case directoryNamedYAML = "directory_named_yaml"
        /// A directory directly in a batch that holds no YAML file (not even an ignored one): not an
        /// agency, but said, so an agency directory emptied by mistake is not silently skipped.
        case emptyDirectory = "empty_directory"
        /// A directory found while walking that cannot be listed (permission denied, vanished, an
        /// I/O error): reported as Y001 at it; the rest of the walk goes on.
        case unreadableDirectory = "unreadable_directory"
    }

    public var kind: Kind
    /// The path, as displayed.
    public var path: String
    /// The link's target (links), the path read instead (`sameFile`), or the number of YAML files
    /// below the directory (`directoryNamedYAML`), or the problem (`unreadableDirectory`, English).
    public var detail: String
    /// The detail in Indonesian, when it is words (`unreadableDirectory`).
    public var detailID: String? = nil

    public init(_ kind: Kind, path: String, detail: String) {
        self.kind = kind
        self.path = path
        self.detail = detail
    }
}

/// Finds agencies under the paths given on the command line (format-v1 "Where an agency's data lives").
///
/// Paths are judged by their target's own metadata. A path given on the command line is followed
/// whatever it is (a link to a file or a directory). While walking a directory: symbolic links to
/// directories are not descended into (as ruff, ESLint and yamllint do), so no link loop or link
/// to `/` can make the walk endless; a directory reached twice (a bind mount) is walked once; a
/// symbolic link to a file is read only when its target is inside the checked tree and not under
/// a hidden directory, so a pull request cannot make lintas quote a runner's files; a file reached
/// by two paths of one agency is read once. FIFOs, sockets, devices and unresolvable links named
/// `*.yaml` are listed, and the loader reports them (Y001) without opening them.
public struct AgencyDiscovery {
    /// File names that are the tool's own, never agency documents.
    public var excludedNames: Set<String> = [".lintas.yml", ".lintas.yaml", ".lintas-waivers.yml", ".lintas-baseline.json"]
    /// Glob patterns (relative to the checked path) of files to skip.
    public var ignore: [String] = []
    /// Lists a directory (the file-system seam of the walk; tests make a directory vanish or fail).
    var listDirectory: (String) -> Result<[String], ReadProblem> = SafeFile.listDirectory

    public init() {}

    static func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }

    /// Displays a path relative to the working directory when it is below it, without empty or `.`
    /// components (`./a//b/./c/` is `a/b/c`), so one agency named two ways is one agency. Parent
    /// components are kept: through a symbolic link they do not cancel lexically.
    public static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        var p = (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
        if p.hasPrefix(cwd + "/") { p = String(p.dropFirst(cwd.count + 1)) }
        return p.isEmpty ? "." : p
    }

    static func join(_ a: String, _ b: String) -> String { a == "." ? b : (a.hasSuffix("/") ? a + b : a + "/" + b) }

    static func lastComponent(_ p: String) -> String { p.split(separator: "/").last.map(String.init) ?? p }

    /// The agencies at `path`: a file, an agency directory, or a batch directory.
    public func discover(_ path: String) throws -> [AgencyInput] {
        let shown = AgencyDiscovery.display(path)
        let status: PathStatus
        switch SafeFile.status(path) {
        case .success(let s): status = s
        case .failure(.missing): throw LintasError("path not found / jalur tidak ditemukan: \(path)")
        case .failure(.linkLoop): throw LintasError("symbolic link loop / tautan simbolik berputar: \(path)")
        case .failure(.danglingLink(let t)):
            throw LintasError("broken symbolic link / tautan simbolik rusak: \(path) -> \(t)")
        case .failure(let p): throw LintasError("cannot read / tidak dapat dibaca: \(shown) (\(SafeFile.describe(p, limit: 0)))")
        }
        if status.kind != .directory {
            // A file named on the command line is an agency of its own, whatever it is: the loader
            // reads a regular file and reports anything else (Y001), without opening it.
            guard status.kind != .regular || access(path, R_OK) == 0 else {
                throw LintasError("cannot read / tidak dapat dibaca: \(shown)")
            }
            return [AgencyInput(name: shown, root: shown, isDirectory: false, files: [shown])]
        }
        let walk = try self.walk(shown, identity: status.identity)
        let files = walk.files
        // Direct files and immediate subdirectories decide between an agency and a batch.
        func subdir(_ p: String) -> String? {
            guard p != shown else { return nil }
            let rel = shown == "." ? p : String(p.dropFirst(shown.count + 1))
            return rel.firstIndex(of: "/").map { String(rel[..<$0]) }
        }
        var direct: [String] = []
        var bySubdir: [String: [String]] = [:]
        for f in files {
            if let sub = subdir(f) { bySubdir[sub, default: []].append(f) } else { direct.append(f) }
        }
        let directHolds = direct.contains { AgencyDiscovery.holdsInstansi($0) }
        let agencySubdirs = bySubdir.filter { $0.value.contains { AgencyDiscovery.holdsInstansi($0) } }
        if directHolds || agencySubdirs.isEmpty {
            var notes = walk.notes
            if AgencyDiscovery.isYAML(AgencyDiscovery.lastComponent(shown)) {
                notes.insert(DiscoveryNote(.directoryNamedYAML, path: shown, detail: String(files.count)), at: 0)
            }
            return [walk.agency(name: shown, root: shown, isDirectory: true, files: files, notes: notes)]
        }
        // A batch: each subdirectory is an agency; loose files are agencies of their own. A note
        // belongs to the subdirectory it is in, or is an agency of its own when it is loose.
        var notesBySubdir: [String: [DiscoveryNote]] = [:]
        var looseNotes: [DiscoveryNote] = []
        for n in walk.notes {
            if let sub = subdir(n.path) { notesBySubdir[sub, default: []].append(n) } else { looseNotes.append(n) }
        }
        // A directory named `*.yaml` directly in the batch is an agency: its note goes with it.
        looseNotes.removeAll { n in
            let sub = AgencyDiscovery.lastComponent(n.path)
            guard n.kind == .directoryNamedYAML, bySubdir[sub] != nil || notesBySubdir[sub] != nil else { return false }
            notesBySubdir[sub, default: []].append(n)
            return true
        }
        var out: [AgencyInput] = []
        // A subdirectory holding no YAML file at all is said (Y006, info): an agency directory
        // emptied by mistake is not skipped silently, and a `docs/` beside the agencies fails nothing.
        for d in walk.directories {
            guard let sub = subdir(d + "/x"), AgencyDiscovery.join(shown, sub) == d,
                  bySubdir[sub] == nil, notesBySubdir[sub] == nil, !walk.skippedYAML.contains(where: { $0.hasPrefix(d + "/") }) else { continue }
            out.append(AgencyInput(name: d, root: d, isDirectory: true, files: [], notes: [DiscoveryNote(.emptyDirectory, path: d, detail: "")]))
        }
        for sub in Set(bySubdir.keys).union(notesBySubdir.keys) {
            let root = AgencyDiscovery.join(shown, sub)
            out.append(walk.agency(name: root, root: root, isDirectory: true, files: (bySubdir[sub] ?? []).sorted(), notes: notesBySubdir[sub] ?? []))
        }
        for f in direct {
            out.append(AgencyInput(name: f, root: f, isDirectory: false, files: [f]))
        }
        for n in looseNotes {
            // Rooted at the batch: its configuration is looked up there, never through the link.
            out.append(AgencyInput(name: n.path, root: shown, isDirectory: true, files: [], notes: [n]))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// What a walk found: the files (sorted), their identities, which of them are links, and notes.
    struct Walk {
        var files: [String] = []
        var identities: [String: FileIdentity] = [:]
        var links: Set<String> = []
        var notes: [DiscoveryNote] = []
        /// Every directory walked into, below the walked one, in walk order.
        var directories: [String] = []
        /// YAML-named paths skipped by `ignore` or as the tool's own files.
        var skippedYAML: [String] = []

        /// An agency of `files`, a file reached by two of its paths read once: at the path that is
        /// not a link when there is one, else the first in order.
        func agency(name: String, root: String, isDirectory: Bool, files: [String], notes: [DiscoveryNote]) -> AgencyInput {
            var byIdentity: [FileIdentity: [String]] = [:]
            for f in files { if let id = identities[f] { byIdentity[id, default: []].append(f) } }
            var kept: [String] = []
            var allNotes = notes
            for f in files {
                guard let id = identities[f], let same = byIdentity[id], same.count > 1 else { kept.append(f); continue }
                let chosen = same.first { !links.contains($0) } ?? same[0]
                if f == chosen { kept.append(f) } else { allNotes.append(DiscoveryNote(.sameFile, path: f, detail: chosen)) }
            }
            return AgencyInput(name: name, root: root, isDirectory: isDirectory, files: kept,
                               notes: allNotes.sorted { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) })
        }
    }

    /// Every `*.yaml`/`*.yml` below a directory, skipping hidden entries and the tool's own files.
    func walk(_ dir: String, identity: FileIdentity) throws -> Walk {
        var w = Walk()
        let rootReal = SafeFile.realPath(dir) ?? dir
        var visited: Set<FileIdentity> = [identity]
        var namedDirectories: [String] = []
        var stack = [dir]
        while let d = stack.popLast() {
            let names: [String]
            switch listDirectory(d) {
            case .success(let n): names = n
            case .failure(let p) where d == dir:
                // The directory named on the command line: lintas cannot do its job (exit 2).
                throw LintasError("cannot read directory / direktori tidak dapat dibaca: \(d) (\(SafeFile.describe(p, limit: 0)))")
            case .failure(let p):
                // Found while walking: a finding there (Y001); the other files are still checked.
                var note = DiscoveryNote(.unreadableDirectory, path: d, detail: p == .missing ? "it vanished while being checked" : SafeFile.describe(p, limit: 0))
                note.detailID = p == .missing ? "direktori hilang saat diperiksa" : SafeFile.describeID(p, limit: 0)
                w.notes.append(note)
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let p = AgencyDiscovery.join(d, name)
                let rel = dir == "." ? p : String(p.dropFirst(dir.count + 1))
                let wanted = AgencyDiscovery.isYAML(name) && !excludedNames.contains(name) && !ignore.contains(where: { Glob.matches($0, rel) })
                if AgencyDiscovery.isYAML(name) && !wanted { w.skippedYAML.append(p) }
                switch SafeFile.status(p) {
                case .failure:
                    // A link loop, a dangling link: the loader says which (Y001).
                    if wanted { w.files.append(p) }
                case .success(let s) where s.kind == .directory:
                    if s.isLink {
                        w.notes.append(DiscoveryNote(.directoryLink, path: p, detail: SafeFile.linkTarget(p) ?? "?"))
                    } else if visited.insert(s.identity).inserted {
                        if AgencyDiscovery.isYAML(name) { namedDirectories.append(p) }
                        w.directories.append(p)
                        stack.append(p)
                    }
                case .success(let s):
                    guard wanted else { continue }
                    if s.isLink && s.kind == .regular {
                        // Only where the walk itself could have gone: inside the tree, not hidden.
                        let real = SafeFile.realPath(p) ?? p
                        let inside = real.hasPrefix(rootReal == "/" ? "/" : rootReal + "/")
                        let relTarget = inside ? real.dropFirst(rootReal == "/" ? 1 : rootReal.count + 1) : ""
                        if !inside || relTarget.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                            w.notes.append(DiscoveryNote(.outsideLink, path: p, detail: SafeFile.linkTarget(p) ?? real))
                            continue
                        }
                    }
                    w.files.append(p)
                    w.identities[p] = s.identity
                    if s.isLink { w.links.insert(p) }
                }
            }
        }
        w.files.sort()
        for nd in namedDirectories {
            let count = w.files.filter { $0.hasPrefix(nd + "/") }.count
            w.notes.append(DiscoveryNote(.directoryNamedYAML, path: nd, detail: String(count)))
        }
        return w
    }

    /// Whether a file holds a top-level `instansi` key (a cheap text scan, no parse).
    static func holdsInstansi(_ file: String) -> Bool {
        // The key is usually near the top; scan at most the first 4 MiB (of a regular file only:
        // a FIFO or a device is never opened).
        guard case .success(let prefix) = SafeFile.read(file, maxBytes: 4 << 20) else { return false }
        let key = Array("instansi:".utf8)
        return prefix.bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) -> Bool in
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
    public static let codes = ["S007", "Y006"]

    /// A file read and loaded, or why it could not be read.
    enum FileLoad {
        case success(LoadedFile)
        case failure(Diagnostic)
    }

    /// Why a file could not be read, as a finding at 1:1: Y005 for an oversize file (from `stat`'s
    /// size, or after reading the limit + 1 byte whatever `stat` said), Y001 for a FIFO, socket,
    /// device, link loop, dangling link or unreadable file.
    static func diagnostic(_ problem: ReadProblem, file: String, limits: YAMLLimits) -> Diagnostic {
        let at = SourceLocation(file: file, line: 1, column: 1)
        switch problem {
        case .tooLarge(let size):
            var args = ["what": "file", "what_id": "berkas", "limit": "\(limits.maxFileBytes)"]
            if let size {
                args["size"] = "\(size)"
            } else {
                args["size_id"] = "lebih dari \(limits.maxFileBytes)"
                args["size_en"] = "more than \(limits.maxFileBytes)"
            }
            return Diagnostic("Y005", at: at, path: "", entity: file, args: args)
        case .notRegular(let kind):
            return Diagnostic("Y001", variant: "not_regular", at: at, path: "", entity: file, args: [
                "kind_id": kind.words.id, "kind_en": kind.words.en,
            ])
        case .linkLoop:
            return Diagnostic("Y001", variant: "link_loop", at: at, path: "", entity: file, args: [:])
        case .danglingLink(let target):
            return Diagnostic("Y001", variant: "dangling_link", at: at, path: "", entity: file, args: ["target": target])
        default:
            let args = ["problem": SafeFile.describe(problem, limit: limits.maxFileBytes), "problem_id": SafeFile.describeID(problem, limit: limits.maxFileBytes)]
            return Diagnostic("Y001", variant: "unreadable", at: at, path: "", entity: file, args: args)
        }
    }

    /// Reads and loads one file from disk into `sink`, or reports why it cannot be read. Nothing
    /// but a regular file is opened (``SafeFile/open(_:refuseOver:)``). A file of at most
    /// ``YAMLLimits/streamAboveBytes`` is read at once and kept for its source lines; a larger
    /// one is streamed from its descriptor and never held (``YAMLLoader/load(opened:path:file:limits:into:)``).
    static func loadFile<S: YAMLDocumentSink>(_ file: String, limits: YAMLLimits, into sink: inout S) -> FileLoad {
        let opened: SafeFile.OpenedFile
        switch SafeFile.open(file, refuseOver: limits.maxFileBytes) {
        case .success(let f): opened = f
        case .failure(let p): return .failure(diagnostic(p, file: file, limits: limits))
        }
        defer { opened.close() }
        if opened.size > limits.streamAboveBytes {
            switch YAMLLoader.load(opened: opened, path: file, file: file, limits: limits, into: &sink) {
            case .success(let loaded): return .success(loaded)
            case .failure(let p): return .failure(diagnostic(p, file: file, limits: limits))
            }
        }
        // Never more than the limit + 1 byte, whatever `stat` said (devices and /proc say 0).
        switch SafeFile.readDescriptor(opened.fd, sizeHint: opened.size, limit: limits.maxFileBytes) {
        case .failure(let p): return .failure(diagnostic(p, file: file, limits: limits))
        case .success(let bytes) where bytes.count > limits.maxFileBytes:
            return .failure(diagnostic(.tooLarge(size: nil), file: file, limits: limits))
        case .success(let bytes):
            return .success(YAMLLoader.load(bytes: bytes, file: file, limits: limits, into: &sink))
        }
    }

    /// Standard input's bytes, read no further than one byte past `limit` (a longer input is then
    /// Y005, as a file would be). Nil when it cannot be read.
    public static func readStandardInput(limit: Int = YAMLLimits().maxFileBytes) -> [UInt8]? {
        readBytes(fd: STDIN_FILENO, limit: limit)
    }

    /// An open descriptor's bytes, at most one byte past `limit`.
    static func readBytes(fd: Int32, limit: Int) -> [UInt8]? {
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        return try? SafeFile.readDescriptor(fd, sizeHint: size, limit: limit).get()
    }

    /// A discovery note as a finding (Y006), at 1:1 of the path it is about.
    static func diagnostic(_ note: DiscoveryNote) -> Diagnostic {
        if note.kind == .unreadableDirectory {
            return Diagnostic("Y001", variant: "unreadable_directory", at: SourceLocation(file: note.path, line: 1, column: 1), path: "",
                              entity: note.path, args: ["problem": note.detail, "problem_id": note.detailID ?? note.detail])
        }
        var args = ["detail": note.detail]
        var severity: Severity?
        switch note.kind {
        case .directoryLink, .outsideLink: severity = nil
        case .sameFile: severity = .info
        case .directoryNamedYAML: severity = .info
        case .emptyDirectory: severity = .info
        case .unreadableDirectory: severity = nil
        }
        let variant = note.kind == .directoryNamedYAML && note.detail == "0" ? "directory_named_yaml_empty" : note.kind.rawValue
        args["path"] = note.path
        return Diagnostic("Y006", variant: variant, at: SourceLocation(file: note.path, line: 1, column: 1), path: "", entity: note.path,
                          args: args, suggestedSeverity: severity)
    }

    /// Loads every file of an agency; a broken file never stops the others.
    public static func load(_ input: AgencyInput, limits: YAMLLimits = YAMLLimits()) -> LoadedAgency {
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceText] = [:]
        // The model is built while the YAML is read, list item by list item: a 30 MB file is
        // never one node tree in memory.
        var sink = AgencySink(Agency(name: input.name, files: input.files))
        diagnostics += input.notes.map(diagnostic)
        for file in input.files {
            let read: FileLoad
            if let given = input.contents[file] {
                read = given.count > limits.maxFileBytes
                    ? .failure(Diagnostic("Y005", variant: "stream", at: SourceLocation(file: file, line: 1, column: 1), path: "", entity: file, args: [
                        "what": "standard input", "what_id": "masukan standar", "limit": "\(limits.maxFileBytes)",
                    ]))
                    : .success(YAMLLoader.load(bytes: given, file: file, limits: limits, into: &sink))
            } else {
                read = loadFile(file, limits: limits, into: &sink)
            }
            switch read {
            case .failure(let d):
                diagnostics.append(d)
            case .success(let loaded):
                sink.abandonDocument()  // the last document, if it did not complete
                diagnostics += loaded.diagnostics
                sources[file] = loaded.source
            }
        }
        let agency = sink.agency
        diagnostics += sink.builder.diagnostics
        let fileBroken = diagnostics.contains { $0.code.hasPrefix("Y") && $0.code != "Y006" }
        if agency.instansi.isEmpty {
            // A broken file may hold the instansi: then Y001 says enough.
            if !fileBroken, let first = input.files.first {
                diagnostics.append(Diagnostic("S007", variant: "missing", at: SourceLocation(file: first, line: 1, column: 1),
                                              path: "instansi", entity: input.name, args: ["agency": input.name]))
            } else if input.isDirectory && input.files.isEmpty && input.notes.isEmpty {
                // A directory with no YAML file to check: said at the directory, never a silent pass.
                diagnostics.append(Diagnostic("S007", variant: "no_files", at: SourceLocation(file: input.root, line: 1, column: 1),
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

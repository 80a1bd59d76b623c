import Foundation

/// One agency to check: a name and the files that make it up.
public struct AgencyInput: Sendable, Hashable {
    init(
        name: String, root: String, isDirectory: Bool, files: [String], notes: [DiscoveryNote] = [],
        contents: [String: [UInt8]] = [:], isWorkbook: Bool = false
    ) {
        self.name = name
        self.root = root
        self.isDirectory = isDirectory
        self.files = files
        self.notes = notes
        self.contents = contents
        self.isWorkbook = isWorkbook
    }

    var name: String
    /// The directory (or the file) the agency was found at, as displayed.
    public var root: String
    var isDirectory: Bool
    var files: [String]
    /// Paths of the agency that discovery did not read as files, or read once for two paths
    /// (reported as Y006).
    var notes: [DiscoveryNote] = []
    /// Files given as bytes rather than read from disk (standard input), by displayed name.
    var contents: [String: [UInt8]] = [:]
    /// A workbook (`.xlsx`) or a folder of CSV files found by discovery: read by the workbook
    /// importer, not as YAML (`root` is its path).
    var isWorkbook = false

    /// Every path a finding of this agency can be at: its files and its noted paths, and the
    /// directory of an agency directory without files (S007 is reported there).
    var reportedPaths: Set<String> {
        Set(files).union(notes.map(\.path)).union(isDirectory && files.isEmpty ? [root] : [])
    }
}

/// A path that discovery treated specially (docs/limits.md "Files that are not what they seem").
struct DiscoveryNote: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
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
        /// A path found while walking that cannot be named to the system: longer than PATH_MAX, or
        /// a name that is not UTF-8 (shown with its bytes as `\xNN`). Y001 at it, not read.
        case unreadablePath = "unreadable_path"
    }

    var kind: Kind
    /// The path, as displayed.
    var path: String
    /// The link's target (links), the path read instead (`sameFile`), or the number of YAML files
    /// below the directory (`directoryNamedYAML`), or the problem (`unreadableDirectory`, English).
    var detail: String
    /// The detail in Indonesian, when it is words (`unreadableDirectory`).
    var detailID: String? = nil

    init(_ kind: Kind, path: String, detail: String) {
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
    var excludedNames: Set<String> = [
        ".lintas.yml", ".lintas.yaml", ".lintas-waivers.yml", ".lintas-baseline.json",
    ]
    /// Glob patterns (relative to the checked path) of files to skip.
    var ignore: [String] = [] {
        didSet { ignoreSteps = ignore.map(Glob.compile) }
    }
    /// `ignore`, compiled once (not per file).
    private var ignoreSteps: [[Glob.Step]] = []
    /// Lists a directory (the file-system seam of the walk; tests make a directory vanish or fail).
    var listDirectory: (String) -> Result<[String], ReadProblem> = SafeFile.listDirectory

    public init() {}

    static func isYAML(_ name: String) -> Bool { name.hasSuffix(".yaml") || name.hasSuffix(".yml") }

    /// Displays a path relative to the working directory when it is below it, without empty or `.`
    /// components (`./a//b/./c/` is `a/b/c`), so one agency named two ways is one agency. Parent
    /// components are kept: through a symbolic link they do not cancel lexically.
    static func display(_ path: String) -> String {
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
        case .failure(let p):
            throw LintasError("cannot read / tidak dapat dibaca: \(shown) (\(SafeFile.describe(p, limit: 0)))")
        }
        if status.kind != .directory {
            // A file named on the command line is an agency of its own, whatever it is: the loader
            // reads a regular file and reports anything else (Y001), without opening it.
            guard status.kind != .regular || access(path, R_OK) == 0 else {
                throw LintasError("cannot read / tidak dapat dibaca: \(shown)")
            }
            return [AgencyInput(name: shown, root: shown, isDirectory: false, files: [shown])]
        }
        return try layout(shown, identity: status.identity).agencies
    }

    /// The agencies at `path` and the files skipped as not agency data.
    func discoverAll(_ path: String) throws -> DiscoveredLayout {
        let shown = AgencyDiscovery.display(path)
        if case .success(let s) = SafeFile.status(path), s.kind == .directory {
            if CSVReader.isCSVDirectory(path) {
                return DiscoveredLayout(agencies: [
                    AgencyInput(name: shown, root: shown, isDirectory: true, files: [], isWorkbook: true)
                ])
            }
            return try layout(shown, identity: s.identity)
        }
        return DiscoveredLayout(agencies: try discover(path))
    }

    /// The agencies found under a directory and the paths skipped as not agency data
    /// (docs/format.md "Where an agency's data lives"):
    /// - a directory that directly holds a document with `instansi` is an agency: its other files and
    ///   its subdirectories in which no agency is found are its documents. When none of its other
    ///   documents holds agency data, and two or more hold `instansi` (a folder of agency files) or
    ///   agencies are found in its subdirectories (a batch), each file with `instansi` is an agency;
    /// - a directory that is not an agency is searched further: each `.xlsx` workbook and each folder
    ///   of CSV files is an agency; a loose YAML file in it is an agency of its own; a subdirectory
    ///   in which no agency is found at all is one agency (reported as missing its `instansi`);
    /// - YAML outside every agency whose top-level keys are none of format v1's (a CI workflow) is
    ///   skipped, with a note.
    /// Each file is peeked at once (``AgencyDiscovery/peek(_:)``), never parsed.
    func layout(_ shown: String, identity: FileIdentity) throws -> DiscoveredLayout {
        let walk = try self.walk(shown, identity: identity)
        var tree = DirectoryTree(root: shown, walk: walk)
        var out = DiscoveredLayout()
        tree.visit(shown, isRoot: true, into: &out)
        // Notes belong to the agency whose area holds them; others are agencies of their own.
        var byAgency: [String: [DiscoveryNote]] = [:]
        var loose: [DiscoveryNote] = []
        for n in walk.notes {
            if let owner = tree.owner(of: n.path) { byAgency[owner, default: []].append(n) } else { loose.append(n) }
        }
        if AgencyDiscovery.isYAML(AgencyDiscovery.lastComponent(shown)), tree.owned[shown] == shown {
            byAgency[shown, default: []].insert(
                DiscoveryNote(.directoryNamedYAML, path: shown, detail: String(walk.files.count)), at: 0)
        }
        out.agencies = out.agencies.map { a in
            guard a.isDirectory, !a.isWorkbook else { return a }
            return walk.agency(
                name: a.name, root: a.root, isDirectory: true, files: a.files, notes: a.notes + (byAgency[a.root] ?? [])
            )
        }
        for n in loose {
            // Rooted at the checked directory: its configuration is looked up there, never through the link.
            out.agencies.append(AgencyInput(name: n.path, root: shown, isDirectory: true, files: [], notes: [n]))
        }
        out.agencies.sort { $0.name < $1.name }
        out.skipped.sort { $0.path < $1.path }
        return out
    }

    /// The walked directories as a tree, with each file's peek, deciding what is an agency.
    struct DirectoryTree {
        let root: String
        var files: [String: [String]] = [:]
        var subdirs: [String: [String]] = [:]
        var workbooks: [String: [String]] = [:]
        var csvDirectories: Set<String>
        var skippedYAML: [String]
        let identities: [String: FileIdentity]
        var peeks: [String: Peek] = [:]
        /// Each directory of a directory agency, by the agency's root.
        var owned: [String: String] = [:]
        private var agencyBelow: [String: Bool] = [:]
        private var instansiBelow: [String: Bool] = [:]

        init(root: String, walk: Walk) {
            self.root = root
            csvDirectories = walk.csvDirectories
            skippedYAML = walk.skippedYAML
            identities = walk.identities
            for d in walk.directories { subdirs[AgencyDiscovery.parent(d), default: []].append(d) }
            for f in walk.files { files[AgencyDiscovery.parent(f), default: []].append(f) }
            for w in walk.workbooks { workbooks[AgencyDiscovery.parent(w), default: []].append(w) }
            for k in subdirs.keys { subdirs[k]?.sort() }
        }

        mutating func peek(_ f: String) -> Peek {
            if let p = peeks[f] { return p }
            let p = AgencyDiscovery.peek(f)
            peeks[f] = p
            return p
        }

        /// Whether an agency (a document with `instansi`, a workbook, a CSV folder) is at or below `dir`.
        mutating func hasAgency(_ dir: String) -> Bool {
            if let v = agencyBelow[dir] { return v }
            var v = csvDirectories.contains(dir) || !(workbooks[dir] ?? []).isEmpty
            if !v { v = (files[dir] ?? []).contains { peek($0).instansi } }
            if !v {
                for s in subdirs[dir] ?? [] where hasAgency(s) {
                    v = true
                    break
                }
            }
            agencyBelow[dir] = v
            return v
        }

        /// Whether a document with `instansi` is at or below `dir`.
        mutating func hasInstansi(_ dir: String) -> Bool {
            if let v = instansiBelow[dir] { return v }
            var v = (files[dir] ?? []).contains { peek($0).instansi }
            if !v {
                for s in subdirs[dir] ?? [] where hasInstansi(s) {
                    v = true
                    break
                }
            }
            instansiBelow[dir] = v
            return v
        }

        /// The workbooks and CSV folders at or below `dir`, each an agency.
        func workbookAgencies(_ dir: String) -> [AgencyInput] {
            allDirectories(dir).flatMap { d in
                csvDirectories.contains(d)
                    ? [AgencyInput(name: d, root: d, isDirectory: true, files: [], isWorkbook: true)]
                    : (workbooks[d] ?? []).map {
                        AgencyInput(name: $0, root: $0, isDirectory: false, files: [], isWorkbook: true)
                    }
            }
        }

        func allFiles(_ dir: String) -> [String] {
            var out = files[dir] ?? []
            for s in subdirs[dir] ?? [] { out += allFiles(s) }
            return out
        }

        func allDirectories(_ dir: String) -> [String] {
            [dir] + (subdirs[dir] ?? []).flatMap(allDirectories)
        }

        /// The directory agency whose area holds `path` (a file or a directory).
        func owner(of path: String) -> String? {
            owned[path] ?? owned[AgencyDiscovery.parent(path)]
        }

        mutating func directoryAgency(
            _ dir: String, files: [String], ownDirectories: [String], into out: inout DiscoveredLayout
        ) {
            for d in ownDirectories { owned[d] = dir }
            out.agencies.append(AgencyInput(name: dir, root: dir, isDirectory: true, files: files.sorted()))
        }

        mutating func skip(_ files: [String], into out: inout DiscoveredLayout) {
            for f in files { out.skipped.append(SkippedPath(path: f, reason: .notAgencyData, keys: peek(f).keys)) }
        }

        mutating func visit(_ dir: String, isRoot: Bool, into out: inout DiscoveredLayout) {
            if csvDirectories.contains(dir) {
                out.agencies.append(AgencyInput(name: dir, root: dir, isDirectory: true, files: [], isWorkbook: true))
                return
            }
            for w in workbooks[dir] ?? [] {
                out.agencies.append(AgencyInput(name: w, root: w, isDirectory: false, files: [], isWorkbook: true))
            }
            let direct = files[dir] ?? []
            let subs = subdirs[dir] ?? []
            let withInstansi = direct.filter { peek($0).instansi }
            if !withInstansi.isEmpty {
                // Subdirectories without `instansi` are the agency's (a workbook in one is still an
                // agency of its own); the others are read on their own.
                var own: [String] = []
                var searched: [String] = []
                for s in subs { if hasInstansi(s) { searched.append(s) } else { own.append(s) } }
                let ownWorkbooks = own.flatMap(workbookAgencies)
                out.agencies += ownWorkbooks
                let members = direct + own.flatMap(allFiles)
                let rest = members.filter { !peek($0).instansi }
                // One file reached by two paths (a link, a hard link) is one document, read once.
                let distinct = Set(withInstansi.map { identities[$0].map(AnyHashable.init) ?? AnyHashable($0) })
                let besideAgencies = !searched.isEmpty || !ownWorkbooks.isEmpty || !(workbooks[dir] ?? []).isEmpty
                if (distinct.count > 1 || besideAgencies) && rest.allSatisfy({ peek($0).isForeign }) {
                    // A folder of agency files, or a batch folder with loose agency files beside
                    // other agencies: each file is an agency; the rest is not agency data.
                    for f in withInstansi {
                        out.agencies.append(AgencyInput(name: f, root: f, isDirectory: false, files: [f]))
                    }
                    skip(rest, into: &out)
                } else {
                    directoryAgency(
                        dir, files: members, ownDirectories: [dir] + own.flatMap(allDirectories), into: &out)
                }
                for s in searched { visit(s, isRoot: false, into: &out) }
                return
            }
            if !hasAgency(dir) {
                let all = allFiles(dir)
                if all.isEmpty {
                    if isRoot {
                        directoryAgency(dir, files: [], ownDirectories: [dir], into: &out)  // S007: no file to check
                    } else if AgencyDiscovery.parent(dir) == root,
                        !skippedYAML.contains(where: { $0.hasPrefix(dir + "/") })
                    {
                        // Directly in the checked directory: said as Y006, so an agency directory
                        // emptied by mistake is not skipped silently.
                        out.agencies.append(
                            AgencyInput(
                                name: dir, root: dir, isDirectory: true, files: [],
                                notes: [DiscoveryNote(.emptyDirectory, path: dir, detail: "")]))
                        owned[dir] = dir
                    }
                } else if all.allSatisfy({ peek($0).isForeign }) {
                    skip(all, into: &out)
                } else {
                    // Agency data with no `instansi` anywhere: one agency, which S007 reports.
                    directoryAgency(dir, files: all, ownDirectories: allDirectories(dir), into: &out)
                }
                return
            }
            // Not an agency: searched further.
            for f in direct {
                if peek(f).isForeign {
                    skip([f], into: &out)
                } else {
                    out.agencies.append(AgencyInput(name: f, root: f, isDirectory: false, files: [f]))
                }
            }
            for s in subs { visit(s, isRoot: false, into: &out) }
        }
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
        /// Workbooks (`*.xlsx`, regular files) and folders of CSV files without YAML.
        var workbooks: [String] = []
        var csvDirectories: Set<String> = []

        /// An agency of `files`, a file reached by two of its paths read once: at the path that is
        /// not a link when there is one, else the first in order.
        func agency(name: String, root: String, isDirectory: Bool, files: [String], notes: [DiscoveryNote])
            -> AgencyInput
        {
            var byIdentity: [FileIdentity: [String]] = [:]
            for f in files { if let id = identities[f] { byIdentity[id, default: []].append(f) } }
            var kept: [String] = []
            var allNotes = notes
            for f in files {
                guard let id = identities[f], let same = byIdentity[id], same.count > 1 else {
                    kept.append(f)
                    continue
                }
                let chosen = same.first { !links.contains($0) } ?? same[0]
                if f == chosen {
                    kept.append(f)
                } else {
                    allNotes.append(DiscoveryNote(.sameFile, path: f, detail: chosen))
                }
            }
            return AgencyInput(
                name: name, root: root, isDirectory: isDirectory, files: kept,
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
                throw LintasError(
                    "cannot read directory / direktori tidak dapat dibaca: \(d) (\(SafeFile.describe(p, limit: 0)))")
            case .failure(let p):
                // Found while walking: a finding there (Y001); the other files are still checked.
                var note = DiscoveryNote(
                    .unreadableDirectory, path: d,
                    detail: p == .missing ? "it vanished while being checked" : SafeFile.describe(p, limit: 0))
                note.detailID = p == .missing ? "direktori hilang saat diperiksa" : SafeFile.describeID(p, limit: 0)
                w.notes.append(note)
                continue
            }
            // Names that are not UTF-8 cannot be opened by name here: each is said (Y001) with its
            // bytes, so two such files are told apart and neither is "missing".
            for name in names.sorted()
            where name.hasPrefix(SafeFile.invalidNameMark)
                && !name.dropFirst(SafeFile.invalidNameMark.count).hasPrefix(".")
            {
                let shown = AgencyDiscovery.join(d, String(name.dropFirst(SafeFile.invalidNameMark.count)))
                var note = DiscoveryNote(
                    .unreadablePath, path: shown,
                    detail: "its name is not valid UTF-8 (bytes shown as \\xNN); rename it to check it")
                note.detailID =
                    "namanya bukan UTF-8 yang sah (bita ditampilkan sebagai \\xNN); ganti namanya agar diperiksa"
                w.notes.append(note)
            }
            if d != dir, names.contains(where: { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".csv") }),
                !names.contains(where: { AgencyDiscovery.isYAML($0) })
            {
                w.csvDirectories.insert(d)
            }
            for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix(SafeFile.invalidNameMark) {
                let p = AgencyDiscovery.join(d, name)
                let rel = dir == "." ? p : String(p.dropFirst(dir.count + 1))
                if name.lowercased().hasSuffix(".xlsx"), !ignoreSteps.contains(where: { Glob.matches($0, rel) }),
                    case .success(let s) = SafeFile.status(p), s.kind == .regular, !s.isLink
                {
                    w.workbooks.append(p)
                    continue
                }
                let wanted =
                    AgencyDiscovery.isYAML(name) && !excludedNames.contains(name)
                    && !ignoreSteps.contains(where: { Glob.matches($0, rel) })
                if AgencyDiscovery.isYAML(name) && !wanted { w.skippedYAML.append(p) }
                switch SafeFile.status(p) {
                case .failure(let problem):
                    // A link loop, a dangling link: the loader says which (Y001).
                    if wanted {
                        w.files.append(p)
                    } else if problem == .system(ENAMETOOLONG) {
                        // A directory below which the path outgrows PATH_MAX: said, not skipped.
                        var note = DiscoveryNote(
                            .unreadablePath, path: p,
                            detail:
                                "its path is longer than the system allows (PATH_MAX, \(PATH_MAX) bytes); nothing below it is checked"
                        )
                        note.detailID =
                            "jalurnya lebih panjang dari batas sistem (PATH_MAX, \(PATH_MAX) bita); isinya tidak diperiksa"
                        w.notes.append(note)
                    }
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

    /// What a cheap look at a file's top-level keys says (no parse).
    struct Peek: Sendable, Equatable {
        /// The top-level keys seen (plain keys at column 0), in order, each once.
        var keys: [String] = []
        /// `instansi.kode` and `instansi.nama` when written as plain one-line scalars.
        var kode: String?
        var nama: String?

        var instansi: Bool { keys.contains("instansi") }
        /// Top-level keys were seen and none is format v1's: not agency data (a CI workflow).
        /// A file with no key seen (empty, broken, unreadable) is not foreign: it is reported.
        var isForeign: Bool { !keys.isEmpty && !keys.contains(where: FormatSchema.topLevelKeys.contains) }
    }

    /// The top-level keys of a file from a line scan of at most its first 4 MiB (of a regular file
    /// only: a FIFO or a device is never opened), and the agency's code and name.
    static func peek(_ file: String) -> Peek {
        guard case .success(let prefix) = SafeFile.read(file, maxBytes: 4 << 20) else { return Peek() }
        var p = Peek()
        var bytes = prefix.bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
        var inInstansi = false
        var fieldIndent: Int?
        var next = 0
        while next < bytes.count {
            let end = bytes[next...].firstIndex(of: 10) ?? bytes.count
            let rawLine = bytes[next..<end]
            next = end + 1
            // Empty lines, and indented ones outside `instansi` (nearly all of a large file), say
            // nothing: skipped without making a line's text.
            guard let firstByte = rawLine.first, inInstansi || (firstByte != 0x20 && firstByte != 0x09) else {
                continue
            }
            let line = String(decoding: rawLine, as: UTF8.self)
            guard let first = line.unicodeScalars.first else { continue }
            if first == " " || first == "\t" {
                guard inInstansi else { continue }
                let indent = line.prefix { $0 == " " }.count
                let body = line.dropFirst(indent)
                if body.hasPrefix("#") || body.isEmpty { continue }
                if fieldIndent == nil { fieldIndent = indent }
                guard indent == fieldIndent else { continue }
                if body.hasPrefix("kode:") {
                    p.kode = scalar(body.dropFirst(5))
                } else if body.hasPrefix("nama:") {
                    p.nama = scalar(body.dropFirst(5))
                }
                continue
            }
            inInstansi = false
            if first == "#" || first == "-" || first == "%" || first == "." || first == "\r" { continue }
            guard let key = topLevelKey(line) else { continue }
            if !p.keys.contains(key) { p.keys.append(key) }
            if key == "instansi" {
                inInstansi = true
                fieldIndent = nil
            }
        }
        return p
    }

    /// `key` of a line `key: ...` or `key:` (plain or simply quoted), else nil.
    static func topLevelKey(_ line: String) -> String? {
        var s = Substring(line)
        var quote: Character?
        if let q = s.first, q == "\"" || q == "'" {
            quote = q
            s = s.dropFirst()
        }
        guard let end = s.firstIndex(where: { c in quote.map { c == $0 } ?? (c == ":") }) else { return nil }
        let key = s[..<end]
        var after = s[end...]
        if quote != nil { after = after.dropFirst() }
        guard after.hasPrefix(":") else { return nil }
        let rest = after.dropFirst()
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" || rest.first == "\r", !key.isEmpty else {
            return nil
        }
        return String(key)
    }

    /// A one-line plain or quoted scalar without its comment; nil when empty or not one line.
    static func scalar(_ s: Substring) -> String? {
        var v = s.trimmingCharacters(in: .whitespaces)
        if let q = v.first, q == "\"" || q == "'" {
            guard let close = v.dropFirst().firstIndex(of: q) else { return nil }
            v = String(v[v.index(after: v.startIndex)..<close])
        } else if let hash = v.range(of: " #") {
            v = String(v[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        if v.hasSuffix("\r") { v.removeLast() }
        return v.isEmpty || v == "|" || v == ">" ? nil : v
    }

    /// The directory part of a displayed path (`.` for a bare name).
    static func parent(_ p: String) -> String {
        guard let slash = p.lastIndex(of: "/") else { return "." }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }
}

/// What discovery found under a directory: the agencies, and the files it skipped.
public struct DiscoveredLayout: Sendable {
    var agencies: [AgencyInput] = []
    var skipped: [SkippedPath] = []

    /// One line per agency (path, kind, code and name as peeked, file count), then the skipped
    /// files: what `lintas check --list-agencies` prints.
    public func listing(_ lang: Language) -> String {
        func counted(_ n: Int, _ one: UIKey, _ many: UIKey) -> String {
            UIText.t(n == 1 ? one : many, lang, ["count": String(n)])
        }
        var rows: [[String]] = []
        for a in agencies {
            let kind =
                a.isWorkbook
                ? (a.isDirectory ? "csv" : "xlsx")
                : (a.isDirectory ? UIText.t(.fileKindDirectory, lang) : UIText.t(.discoveryFile, lang))
            let peek = a.files.lazy.map(AgencyDiscovery.peek).first { $0.instansi }
            let files =
                a.isWorkbook
                ? "" : counted(a.files.count, .summaryFile, .summaryFiles)
            rows.append([a.name, kind, files, peek?.kode ?? (a.isWorkbook ? "" : "-"), peek?.nama ?? ""])
        }
        let widths = (0..<4).map { i in rows.map { $0[i].count }.max() ?? 0 }
        var out = ""
        for r in rows {
            out +=
                (0..<4).map { r[$0] + String(repeating: " ", count: widths[$0] - r[$0].count) }.joined(separator: "  ")
                + "  " + r[4]
            out = String(out.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        for s in skipped { out += s.path + ": " + UIText.t(.reportNote, lang) + ": " + s.message[lang] + "\n" }
        out +=
            UIText.t(
                .discoveryListingTotal, lang,
                [
                    "agencies": counted(agencies.count, .summaryAgency, .summaryAgencies),
                    "files": counted(skipped.count, .summaryFile, .summaryFiles),
                ]) + "\n"
        return out
    }
}

/// A YAML file discovery did not read as agency data, said in the report as a note.
struct SkippedPath: Sendable, Hashable, Codable {
    enum Reason: String, Sendable, Hashable, Codable {
        /// Outside every agency, and none of its top-level keys is format v1's (a CI workflow).
        case notAgencyData = "not_agency_data"
    }

    var path: String
    var reason: Reason
    /// Its top-level keys (the first few), which say what it is.
    var keys: [String]

    init(path: String, reason: Reason, keys: [String]) {
        self.path = path
        self.reason = reason
        self.keys = Array(keys.prefix(5))
    }

    var message: LocalizedText {
        let k = keys.map { "`\($0)`" }.joined(separator: ", ")
        return UIText[.discoverySkippedNoSection, ["keys": k]]
    }
}

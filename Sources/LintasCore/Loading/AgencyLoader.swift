import Foundation

/// An agency read from its files: the model, the Y and S findings, and the sources for display.
public struct LoadedAgency: Sendable {
    var input: AgencyInput
    public var agency: Agency
    public var diagnostics: [Diagnostic]
    var sources: [String: SourceText]
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
        marks = [
            agency.units.count, agency.employees.count, agency.agreements.count, agency.teams.count,
            agency.matrices.count,
        ]
    }

    func item(_ tape: NodeTape, index: Int, section: String, file: String) {
        builder.stage(item: tape, index: index, section: section, file: file)
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
    static let codes = ["S007", "Y006"]

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
            return Diagnostic(
                "Y001", variant: "not_regular", at: at, path: "", entity: file,
                args: [
                    "kind_id": kind.words.id, "kind_en": kind.words.en,
                ])
        case .linkLoop:
            return Diagnostic("Y001", variant: "link_loop", at: at, path: "", entity: file, args: [:])
        case .danglingLink(let target):
            return Diagnostic(
                "Y001", variant: "dangling_link", at: at, path: "", entity: file, args: ["target": target])
        default:
            let args = [
                "problem": SafeFile.describe(problem, limit: limits.maxFileBytes),
                "problem_id": SafeFile.describeID(problem, limit: limits.maxFileBytes),
            ]
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
        if note.kind == .unreadablePath {
            return Diagnostic(
                "Y001", variant: "unreadable", at: SourceLocation(file: note.path, line: 1, column: 1), path: "",
                entity: note.path, args: ["problem": note.detail, "problem_id": note.detailID ?? note.detail])
        }
        if note.kind == .unreadableDirectory {
            return Diagnostic(
                "Y001", variant: "unreadable_directory", at: SourceLocation(file: note.path, line: 1, column: 1),
                path: "",
                entity: note.path, args: ["problem": note.detail, "problem_id": note.detailID ?? note.detail])
        }
        var args = ["detail": note.detail]
        var severity: Severity?
        switch note.kind {
        case .directoryLink, .outsideLink: severity = nil
        case .sameFile: severity = .info
        case .directoryNamedYAML: severity = .info
        case .emptyDirectory: severity = .info
        case .unreadableDirectory, .unreadablePath: severity = nil
        }
        let variant =
            note.kind == .directoryNamedYAML && note.detail == "0" ? "directory_named_yaml_empty" : note.kind.rawValue
        args["path"] = note.path
        return Diagnostic(
            "Y006", variant: variant, at: SourceLocation(file: note.path, line: 1, column: 1), path: "",
            entity: note.path,
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
                read =
                    given.count > limits.maxFileBytes
                    ? .failure(
                        Diagnostic(
                            "Y005", variant: "stream", at: SourceLocation(file: file, line: 1, column: 1), path: "",
                            entity: file,
                            args: [
                                "what": "standard input", "what_id": "masukan standar",
                                "limit": "\(limits.maxFileBytes)",
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
                diagnostics.append(
                    Diagnostic(
                        "S007", variant: "missing", at: SourceLocation(file: first, line: 1, column: 1),
                        path: "instansi", entity: input.name, args: ["agency": input.name]))
            } else if input.isDirectory && input.files.isEmpty && input.notes.isEmpty {
                // A directory with no YAML file to check: said at the directory, never a silent pass.
                diagnostics.append(
                    Diagnostic(
                        "S007", variant: "no_files", at: SourceLocation(file: input.root, line: 1, column: 1),
                        path: "instansi", entity: input.name, args: ["agency": input.name]))
            }
        } else if agency.instansi.count > 1 {
            let first = agency.instansi[0]
            for extra in agency.instansi.dropFirst() {
                diagnostics.append(
                    Diagnostic(
                        "S007", variant: "duplicate", at: extra.keyLocation, path: "instansi", entity: input.name,
                        args: ["agency": input.name, "count": String(agency.instansi.count)],
                        notes: [DiagnosticNote("first", at: first.keyLocation)]))
            }
        }
        return LoadedAgency(input: input, agency: agency, diagnostics: diagnostics, sources: sources)
    }
}

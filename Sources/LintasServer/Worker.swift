import Foundation
import LintasCore
import ZIPFoundation

/// The check of one upload, run in a child process (`lintas-serve worker`) whose working directory
/// is the request's private directory. A hostile file (a zip bomb, a workbook that takes too long)
/// only ever costs that process: the server kills it at the time limit, and a crash cannot take the
/// server down. Each check starts with a fresh process, so nothing of one upload (not even a file
/// name in the loader's tables) outlives its request.
///
/// Layout of the private directory: the upload as `UPLOAD` (its sanitised name), extracted zips
/// under `input/`, and what the server reads back under `out/`: `report.html`, `findings.json`,
/// `findings.csv`, `findings.sarif`, `annotated.xlsx` (for a workbook), `counts.txt` (numbers only,
/// for the log), `error.txt` (a
/// message for the person, when the upload cannot be checked), `bundle.zip` when asked for.
public enum Worker {
    /// What kind of upload the server saw (by name and first bytes).
    public enum Kind: String, Sendable, CaseIterable {
        case xlsx
        case zip
    }

    public struct Request: Sendable {
        public var kind: Kind
        /// The upload's file name in the working directory (sanitised by the server).
        public var name: String
        public var language: Language
        public var asOf: CivilDate
        /// The packs chosen on the page; nil: the defaults of `lintas check` without a config.
        public var packs: [String]?
        public var bundle: Bool
        public var limits: WorkbookLimits

        public init(
            kind: Kind, name: String, language: Language, asOf: CivilDate, packs: [String]?, bundle: Bool,
            limits: WorkbookLimits = WorkbookLimits()
        ) {
            self.kind = kind
            self.name = name
            self.language = language
            self.asOf = asOf
            self.packs = packs
            self.bundle = bundle
            self.limits = limits
        }
    }

    /// Exit status of the worker: checked (findings or not), or the upload could not be checked
    /// (`out/error.txt` says why, to the person).
    public static let checked: Int32 = 0
    public static let refused: Int32 = 3

    /// A problem with the upload, worded for the person who sent it.
    struct Refusal: Error {
        var text: LocalizedText
    }

    /// Runs one check in the current directory; returns the exit status.
    public static func run(_ request: Request) -> Int32 {
        do {
            try FileManager.default.createDirectory(
                atPath: "out", withIntermediateDirectories: false,
                attributes: [.posixPermissions: 0o700])
            try check(request)
            return checked
        } catch let r as Refusal {
            try? Data(r.text[request.language].utf8).write(to: URL(fileURLWithPath: "out/error.txt"))
            return refused
        } catch let e as LintasError {
            // The reader's and loader's messages name only the upload's own (relative) paths.
            let text =
                request.language == .en
                ? "The upload could not be checked: \(e.description)"
                : "Unggahan tidak dapat diperiksa: \(e.description)"
            try? Data(text.utf8).write(to: URL(fileURLWithPath: "out/error.txt"))
            return refused
        } catch {
            let text = UIText.t(.serveUploadNotChecked, request.language)
            try? Data(text.utf8).write(to: URL(fileURLWithPath: "out/error.txt"))
            return refused
        }
    }

    static func check(_ request: Request) throws {
        let target: String
        switch request.kind {
        case .xlsx:
            target = request.name
        case .zip:
            let root = String(request.name.dropLast(4).isEmpty ? "input" : request.name.dropLast(4))
            target = try SafeUnzip.extract(request.name, into: root, limits: request.limits)
        }
        // The server's own configuration: the packs chosen on the page. A `.lintas.yml` in an
        // uploaded zip is not read (its rules_dir, baseline and waivers name files on the server).
        let config = "lintas-serve.yml"
        let packs = request.packs.map { "packs: [" + $0.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n" } ?? ""
        try Data("version: 1\n\(packs)".utf8).write(to: URL(fileURLWithPath: config))

        var options = LintOptions(today: request.asOf)
        options.asOf = request.asOf
        options.configFile = config
        options.jobs = 1
        let cwd = FileManager.default.currentDirectoryPath
        let anchor = PathAnchor(root: cwd, workingDirectory: cwd)
        options.anchor = anchor
        let linter = Linter(catalog: try RuleCatalog.builtIn(), options: options)
        let report = try linter.run(paths: [target])
        // An empty directory is an agency without files to `check` (S007); here it is a zip to redo.
        if report.agencies.allSatisfy({ $0.files.isEmpty }) {
            throw Refusal(
                text: UIText[.serveZipNoAgency])
        }
        let ctx = ReportContext(language: request.language, anchor: anchor)
        var written: [(String, String)] = []
        for (format, file) in [
            (OutputFormat.html, "report.html"), (.json, "findings.json"), (.csv, "findings.csv"),
            (.sarif, "findings.sarif"),
        ] {
            let out = try ReportOutput(atomicallyWriting: "out/" + file)
            format.reporter.write(report, ctx, to: out)
            try out.finish()
            written.append(("out/" + file, file))
        }
        // A workbook's own copy with its findings (comments and fills at the cells, a first
        // Temuan/Findings sheet). A workbook that could not be read has none: the report's Y001 says why.
        if request.kind == .xlsx, report.agencies.count == 1,
            let data = try? WorkbookAnnotator.annotate(
                path: request.name, result: report.agencies[0], lang: request.language,
                limits: request.limits)
        {
            try data.write(to: URL(fileURLWithPath: "out/annotated.xlsx"))
            written.append(("out/annotated.xlsx", "annotated.xlsx"))
        }
        let counts =
            "agencies=\(report.agencies.count) errors=\(report.count(.error)) warnings=\(report.count(.warning)) info=\(report.count(.info))\n"
        try Data(counts.utf8).write(to: URL(fileURLWithPath: "out/counts.txt"))
        if request.bundle {
            let archive = try Archive(url: URL(fileURLWithPath: "out/bundle.zip"), accessMode: .create)
            for (path, name) in written {
                try archive.addEntry(
                    with: "lintas/" + name, fileURL: URL(fileURLWithPath: path), compressionMethod: .deflate)
            }
        }
    }
}

/// Extraction of an uploaded zip with the limits `check` has for workbooks (entries, bytes of each
/// entry and of all, counted while inflating), refusing absolute paths, parent-directory steps and
/// symbolic links.
enum SafeUnzip {
    /// A path's parent-directory step.
    static let parent = String(repeating: ".", count: 2)

    /// Extracts `zip` into `root` (created, 0700); returns the directory to check: the single
    /// top-level folder when the zip holds only one, else `root`.
    static func extract(_ zip: String, into root: String, limits: WorkbookLimits) throws -> String {
        let archive: BoundedZip
        do {
            archive = try BoundedZip(path: zip, maxEntries: limits.maxEntries)
        } catch {
            throw Worker.Refusal(
                text: UIText[.serveZipUnreadable])
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: root, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        var entries = 0
        var total = 0
        var topLevel = Set<String>()
        for (entry, record) in archive.entries {
            entries += 1
            guard entries <= limits.maxEntries else {
                throw Worker.Refusal(
                    text: UIText[.serveZipTooManyEntries, ["limit": String(limits.maxEntries)]])
            }
            let path = entry.path
            let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains("\\") || parts.contains(parent)
                || parts.contains(".")
                || path.utf8.contains(0) || (path.count >= 2 && path.dropFirst().first == ":")
            {
                throw Worker.Refusal(
                    text: UIText[.serveZipUnsafePath, ["path": clip(path), "parent": parent]])
            }
            if entry.type == .symlink {
                throw Worker.Refusal(
                    text: UIText[.serveZipSymlink, ["path": clip(path)]])
            }
            // Finder's and Windows' by-products are not part of an agency.
            if parts.first == "__MACOSX" || parts.last == ".DS_Store" || parts.last == "Thumbs.db" || parts.isEmpty {
                continue
            }
            let dest = root + "/" + parts.joined(separator: "/")
            if entry.type == .directory {
                try fm.createDirectory(
                    atPath: dest, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                topLevel.insert(parts[0] + "/")
                continue
            }
            topLevel.insert(parts.count > 1 ? parts[0] + "/" : parts[0])
            let parent = (dest as NSString).deletingLastPathComponent
            try fm.createDirectory(
                atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard fm.createFile(atPath: dest, contents: nil, attributes: [.posixPermissions: 0o600]),
                let handle = FileHandle(forWritingAtPath: dest)
            else {
                throw LintasError("cannot write / tidak dapat menulis: \(clip(path))")
            }
            defer { try? handle.close() }
            var written = 0
            struct TooBig: Error {}
            do {
                try archive.extract(record, of: entry, bufferSize: 64 << 10) { chunk in
                    written += chunk.count
                    total += chunk.count
                    if written > limits.maxEntryBytes || total > limits.maxTotalBytes { throw TooBig() }
                    handle.write(chunk)
                }
            } catch is TooBig {
                throw Worker.Refusal(
                    text: UIText[
                        .serveZipTooLarge,
                        ["per_file": String(limits.maxEntryBytes >> 20), "total": String(limits.maxTotalBytes >> 20)]])
            } catch {
                throw Worker.Refusal(
                    text: UIText[.serveZipDamaged, ["path": clip(path)]])
            }
        }
        if topLevel.isEmpty {
            throw Worker.Refusal(
                text: UIText[.serveZipEmpty])
        }
        if topLevel.count == 1, let only = topLevel.first, only.hasSuffix("/") {
            return root + "/" + only.dropLast()
        }
        return root
    }

    static func clip(_ s: String) -> String {
        let printable = String(s.unicodeScalars.map { $0.value < 32 || $0.value == 127 ? "?" : Character($0) })
        return printable.count > 80 ? String(printable.prefix(79)) + "…" : printable
    }
}

import Foundation

/// Writing files a user named (`--output`, `--write-baseline`, `import`, `init`, `export`) without
/// being turned against them (docs/limits.md "Files lintas writes"):
///
/// - a temporary file is created exclusively (`O_CREAT | O_EXCL | O_NOFOLLOW`, a random name in the
///   target's directory): a link or file planted at a guessable name is never written through;
/// - a target that is not a regular file (a device, a FIFO, `/dev/stdout`) is written directly,
///   never replaced; a directory is refused;
/// - a regular target is replaced by `rename`, so a reader never sees half a file.
public enum SafeWrite {
    /// What is at a path that is about to be written.
    enum Target: Equatable {
        case missing
        /// A regular file (or a link to one: `rename` replaces the link, never its target).
        case regular(FileIdentity)
        case directory
        /// A device, FIFO, socket: written in place.
        case special(FileKind, FileIdentity)
    }

    static func target(_ path: String) -> Target {
        var s = stat()
        guard stat(path, &s) == 0 else { return .missing }
        let id = FileIdentity(device: UInt64(s.st_dev), inode: UInt64(s.st_ino))
        switch FileKind(mode: s.st_mode) {
        case .regular: return .regular(id)
        case .directory: return .directory
        case let k: return .special(k, id)
        }
    }

    static func cannotWrite(_ path: String, _ e: Int32? = nil) -> LintasError {
        LintasError("cannot write / tidak dapat menulis: \(path)" + (e.map { " (\(SafeFile.errnoText($0)))" } ?? ""))
    }

    static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    static func randomSuffix() -> String {
        var g = SystemRandomNumberGenerator()
        return String(g.next() as UInt64, radix: 36)
    }

    /// Creates a new file beside `path`, exclusively: never an existing file, never through a
    /// link. Returns its descriptor and name.
    static func createTemporary(beside path: String) throws -> (fd: Int32, path: String) {
        let dir = directory(of: path)
        let name = (path as NSString).lastPathComponent
        var last: Int32 = EEXIST
        for _ in 0..<16 {
            let tmp = AgencyDiscovery.join(dir, ".\(name).lintas-\(randomSuffix()).tmp")
            let d = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if d >= 0 { return (d, tmp) }
            last = errno
            if last != EEXIST { break }
        }
        throw cannotWrite(path, last)
    }

    /// Opens a target that is not a regular file (a device, a FIFO) for writing in place.
    static func openInPlace(_ path: String) throws -> Int32 {
        let d = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard d >= 0 else { throw cannotWrite(path, errno) }
        var s = stat()
        // It turned into a regular file or a directory between `stat` and `open`: refuse.
        if fstat(d, &s) != 0 || FileKind(mode: s.st_mode) == .regular || FileKind(mode: s.st_mode) == .directory {
            close(d)
            throw cannotWrite(path)
        }
        return d
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    /// Writes `bytes` to `path` as described above.
    static func write(_ bytes: [UInt8], to path: String) throws {
        switch target(path) {
        case .directory:
            throw LintasError("cannot write / tidak dapat menulis: \(path) (is a directory / berupa direktori)")
        case .special:
            let d = try openInPlace(path)
            let e = bytes.withUnsafeBytes { writeAll(d, $0) }
            let closed = close(d) == 0
            if e != nil || !closed { throw cannotWrite(path, e) }
        case .missing, .regular:
            let (d, tmp) = try createTemporary(beside: path)
            let e = bytes.withUnsafeBytes { writeAll(d, $0) }
            let closed = close(d) == 0
            guard e == nil, closed, rename(tmp, path) == 0 else {
                let err = e ?? errno
                unlink(tmp)
                throw cannotWrite(path, err)
            }
        }
    }

    /// Where a path points, to tell whether two paths name one file: the file's identity when it
    /// exists, else its directory's real path and its name.
    struct Place: Hashable, Sendable {
        let identity: FileIdentity?
        let spelled: String

        init(_ path: String) {
            if case .success(let s) = SafeFile.status(path) {
                identity = s.identity
                spelled = ""
            } else {
                identity = nil
                let dir = SafeFile.realPath(directory(of: path)) ?? directory(of: path)
                spelled = dir + "/" + (path as NSString).lastPathComponent
            }
        }
    }

    /// Refuses (exit 2) when two of `outputs` name one file, or one names a file of `inputs`.
    /// `outputs`: (the option as given, the path). `inputs`: files the run read.
    public static func refuseClashes(outputs: [(option: String, path: String)], inputs: [String]) throws {
        var seen: [Place: String] = [:]
        for o in outputs {
            let place = Place(o.path)
            if let earlier = seen[place] {
                throw LintasError(
                    "\(o.option), \(earlier): both write the same file \(o.path) / keduanya menulis berkas yang sama \(o.path)"
                )
            }
            seen[place] = o.option
        }
        var inputIDs: [FileIdentity: String] = [:]
        for f in inputs {
            if case .success(let s) = SafeFile.status(f) { inputIDs[s.identity] = f }
        }
        for o in outputs {
            if let id = Place(o.path).identity, let input = inputIDs[id] {
                throw LintasError(
                    "\(o.option): would overwrite an input of this run, \(input) / akan menimpa masukan pemeriksaan ini, \(input)"
                )
            }
        }
    }
}

/// Writes several files into a directory all or nothing (`import`, `init`): every file is first
/// written to an exclusive temporary beside its target; only when all are written are they
/// renamed into place, and a failed rename puts back the files replaced before it.
enum AtomicFileSet {
    static func write(_ files: [(path: String, bytes: [UInt8])]) throws {
        // A target that is a directory or a special file fails here, before anything is written.
        for f in files {
            switch SafeWrite.target(f.path) {
            case .directory:
                throw LintasError("cannot write / tidak dapat menulis: \(f.path) (is a directory / berupa direktori)")
            case .special(let k, _):
                throw LintasError(
                    "cannot write / tidak dapat menulis: \(f.path) (not a regular file but a \(k.words.en) / bukan berkas biasa)"
                )
            case .missing, .regular: break
            }
        }
        var staged: [String] = []
        func discardStaged() { for t in staged { unlink(t) } }
        for f in files {
            let tmp: (fd: Int32, path: String)
            do { tmp = try SafeWrite.createTemporary(beside: f.path) } catch {
                discardStaged()
                throw error
            }
            staged.append(tmp.path)
            let e = f.bytes.withUnsafeBytes { SafeWrite.writeAll(tmp.fd, $0) }
            if close(tmp.fd) != 0 || e != nil {
                discardStaged()
                throw SafeWrite.cannotWrite(f.path, e)
            }
        }
        // Commit: keep a hard link to each replaced file until every rename succeeded.
        var done: [(path: String, backup: String?)] = []
        for (f, tmp) in zip(files, staged) {
            var backup: String? = nil
            if case .regular = SafeWrite.target(f.path) {
                let b = AgencyDiscovery.join(
                    SafeWrite.directory(of: f.path),
                    ".\((f.path as NSString).lastPathComponent).lintas-\(SafeWrite.randomSuffix()).old")
                if link(f.path, b) == 0 { backup = b }
            }
            if rename(tmp, f.path) != 0 {
                let e = errno
                if let b = backup { unlink(b) }
                for d in done.reversed() {
                    if let b = d.backup { rename(b, d.path) } else { unlink(d.path) }
                }
                // The temporaries not yet renamed (a renamed one's name is gone).
                for t in staged { unlink(t) }
                throw SafeWrite.cannotWrite(f.path, e)
            }
            done.append((f.path, backup))
        }
        for d in done { if let b = d.backup { unlink(b) } }
    }
}

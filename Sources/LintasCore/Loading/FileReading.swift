import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's identity (device and inode of the target): the same file reached by two paths (a
/// symbolic or hard link) has one.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
}

/// What a path's target is, from its own metadata (`stat`, which follows links).
enum FileKind: String, Sendable {
    case regular, directory, fifo, socket, characterDevice, blockDevice, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        default: self = .other
        }
    }

    /// The kind in words, for findings: (Indonesian, English).
    var words: (id: String, en: String) {
        switch self {
        case .regular: UIText.pair(.fileKindRegular)
        case .directory: UIText.pair(.fileKindDirectory)
        case .fifo: UIText.pair(.fileKindFifo)
        case .socket: UIText.pair(.fileKindSocket)
        case .characterDevice: UIText.pair(.fileKindCharacterDevice)
        case .blockDevice: UIText.pair(.fileKindBlockDevice)
        case .other: UIText.pair(.fileKindOther)
        }
    }
}

/// Why a path could not be read.
enum ReadProblem: Error, Sendable, Equatable {
    /// Nothing at the path (it vanished after discovery).
    case missing
    /// A symbolic link that leads back to itself (or a chain too long to follow).
    case linkLoop
    /// A symbolic link to a path that does not exist.
    case danglingLink(target: String)
    /// Not a regular file: a FIFO, socket, device or directory. Never opened (or, when it changed
    /// type between `stat` and `open`, closed unread).
    case notRegular(FileKind)
    /// Larger than the limit: the size from `stat` when it said so, nil when the file only turned
    /// out larger while being read (a file that grows, or one whose `stat` size is 0).
    case tooLarge(size: Int?)
    /// A system call's failure, by its `errno` (permission denied, an I/O error, ...): described
    /// in the system's words in English and in Indonesian for the common values.
    case system(Int32)
    /// Any other failure, with words for it.
    case failed(String)
}

/// What a path is: its target's kind and identity, and whether the path itself is a link.
struct PathStatus: Sendable {
    var kind: FileKind
    var identity: FileIdentity
    var size: Int
    var isLink: Bool
}

/// Reading files that anyone can write without being taken down by them: the type is decided from
/// the target's own metadata before anything is opened, only regular files are opened (with
/// `O_NONBLOCK`, and checked again with `fstat` after opening, so a path swapped for a FIFO between
/// the two never blocks), and no more than the limit + 1 byte is ever read, whatever `stat` says
/// (devices and `/proc` report size 0). docs/limits.md "Files that are not what they seem".
enum SafeFile {
    static func errnoText(_ e: Int32) -> String { String(cString: strerror(e)) }

    /// What `path` is, following links; the failure when it cannot be resolved.
    static func status(_ path: String) -> Result<PathStatus, ReadProblem> {
        var l = stat()
        guard lstat(path, &l) == 0 else {
            let e = errno
            return .failure(e == ENOENT || e == ENOTDIR ? .missing : .system(e))
        }
        let isLink = (l.st_mode & S_IFMT) == S_IFLNK
        var s = stat()
        guard stat(path, &s) == 0 else {
            let e = errno
            if e == ELOOP { return .failure(.linkLoop) }
            if (e == ENOENT || e == ENOTDIR) && isLink {
                return .failure(.danglingLink(target: linkTarget(path) ?? "?"))
            }
            return .failure(e == ENOENT ? .missing : .system(e))
        }
        return .success(
            PathStatus(
                kind: FileKind(mode: s.st_mode),
                identity: FileIdentity(device: UInt64(s.st_dev), inode: UInt64(s.st_ino)),
                size: Int(s.st_size), isLink: isLink))
    }

    /// The names in a directory (without its entries for itself and its parent), or why it cannot
    /// be listed: it vanished (`missing`), or the system's error (permission denied, an I/O error).
    static func listDirectory(_ path: String) -> Result<[String], ReadProblem> {
        guard let d = opendir(path) else {
            let e = errno
            return .failure(e == ENOENT ? .missing : .system(e))
        }
        defer { closedir(d) }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(d) else {
                let e = errno
                if e != 0 { return .failure(.system(e)) }
                break
            }
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { p -> String in
                    if let valid = String(validatingCString: p) { return valid }
                    // Not UTF-8: marked (a name cannot hold NUL), its bytes escaped, so that two
                    // such names stay apart and the walk reports them instead of opening them.
                    var shown = invalidNameMark
                    let bytes = Array(
                        UnsafeBufferPointer(
                            start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
                    var i = 0
                    while i < bytes.count {
                        let b = bytes[i]
                        let n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
                        if n > 0, i + n <= bytes.count, let ok = String(validating: bytes[i..<(i + n)], as: UTF8.self) {
                            shown += ok
                            i += n
                        } else {
                            shown += "\\x" + String(b, radix: 16, uppercase: true)
                            i += 1
                        }
                    }
                    return shown
                }
            }
            // Skip the entries for the directory itself and its parent (one or two dots).
            if !(name.count <= 2 && name.allSatisfy { $0 == "." }) { names.append(name) }
        }
        return .success(names)
    }

    /// Begins a name from ``listDirectory(_:)`` that is not UTF-8 (shown with `\xNN` escapes).
    static let invalidNameMark = "\u{0}"

    /// The text of a symbolic link (what it points to, as written).
    static func linkTarget(_ path: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: path)
    }

    /// The absolute path with every link resolved, or nil when it cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// A regular file opened for reading, with what `fstat` said of the descriptor when it was
    /// opened. The caller closes it (``close()``).
    struct OpenedFile {
        let fd: Int32
        /// `fstat`'s size (0 for `/proc` files: never a bound on what is read).
        let size: Int
        let identity: FileIdentity
        let modified: FileTime

        func close() { _ = systemClose(fd) }

        /// Whether this opening is of the file recorded earlier (same device and inode, size and
        /// modification time, as `fstat` gave them when it was opened).
        func matches(identity: FileIdentity, size: Int, modified: FileTime) -> Bool {
            self.identity == identity && self.size == size && self.modified == modified
        }
    }

    /// A modification time with its nanoseconds.
    struct FileTime: Hashable, Sendable {
        var seconds: Int
        var nanoseconds: Int

        init(_ st: stat) {
            #if canImport(Darwin)
                seconds = Int(st.st_mtimespec.tv_sec)
                nanoseconds = Int(st.st_mtimespec.tv_nsec)
            #else
                seconds = Int(st.st_mtim.tv_sec)
                nanoseconds = Int(st.st_mtim.tv_nsec)
            #endif
        }
    }

    /// Opens a regular file: the type is decided from `stat` before opening, the descriptor is
    /// opened with `O_NONBLOCK` and checked again with `fstat` (the path may have been swapped for
    /// a FIFO or a device between the two). With `refuseOver`, a file whose size is over it is not
    /// opened at all (`tooLarge`).
    static func open(_ path: String, refuseOver: Int? = nil) -> Result<OpenedFile, ReadProblem> {
        switch status(path) {
        case .failure(let p): return .failure(p)
        case .success(let s) where s.kind != .regular: return .failure(.notRegular(s.kind))
        case .success: break
        }
        let fd = systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            let e = errno
            return .failure(e == ENOENT ? .missing : e == ELOOP ? .linkLoop : .system(e))
        }
        // The descriptor's own type: the path may have changed since `stat`.
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            _ = systemClose(fd)
            return .failure(.system(e))
        }
        let kind = FileKind(mode: st.st_mode)
        guard kind == .regular else {
            _ = systemClose(fd)
            return .failure(.notRegular(kind))
        }
        let size = max(Int(st.st_size), 0)
        if let limit = refuseOver, size > limit {
            _ = systemClose(fd)
            return .failure(.tooLarge(size: size))
        }
        return .success(
            OpenedFile(
                fd: fd, size: size, identity: FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)),
                modified: FileTime(st)))
    }

    /// Reads at most `maxBytes` of a regular file. `truncated` is true when there was more.
    /// With `refuseOver`, a file whose `stat` size is over it is not read at all (`tooLarge`).
    static func read(_ path: String, maxBytes: Int, refuseOver: Int? = nil) -> Result<
        (bytes: [UInt8], truncated: Bool), ReadProblem
    > {
        let file: OpenedFile
        switch open(path, refuseOver: refuseOver) {
        case .failure(let p): return .failure(p)
        case .success(let f): file = f
        }
        defer { file.close() }
        var bytes: [UInt8]
        switch readDescriptor(file.fd, sizeHint: file.size, limit: maxBytes) {
        case .success(let read): bytes = read
        case .failure(let p): return .failure(p)
        }
        if bytes.count > maxBytes {
            bytes.removeLast(bytes.count - maxBytes)
            return .success((bytes, true))
        }
        return .success((bytes, false))
    }

    /// Reads into `buffer` until it is full or the file ends (`read` may return less than asked):
    /// from the descriptor's current offset, or with `pread` at `offset`. The number of bytes
    /// read, or the failure.
    static func readFully(_ fd: Int32, at offset: Int? = nil, into buffer: UnsafeMutableRawBufferPointer) -> Result<
        Int, ReadProblem
    > {
        var n = 0
        while n < buffer.count {
            let r =
                offset.map { pread(fd, buffer.baseAddress! + n, buffer.count - n, off_t($0 + n)) }
                ?? systemRead(fd, buffer.baseAddress! + n, buffer.count - n)
            if r < 0 {
                let e = errno
                if e == EINTR { continue }
                return .failure(e == EAGAIN ? .failed("reading would block") : .system(e))
            }
            if r == 0 { break }
            n += r
        }
        return .success(n)
    }

    /// Reads an open descriptor to its end, but never more than one byte past `limit` (so a caller
    /// can tell "more than the limit" without reading the rest). `sizeHint` (e.g. `stat`'s size)
    /// only sizes the buffer: it is never a bound on what is read.
    static func readDescriptor(_ fd: Int32, sizeHint: Int, limit: Int) -> Result<[UInt8], ReadProblem> {
        var out: [UInt8] = []
        out.reserveCapacity(min(max(sizeHint, 0), limit) + 1)
        var chunk = [UInt8](repeating: 0, count: min(1 << 20, limit + 1))
        while out.count <= limit {
            let want = min(chunk.count, limit + 1 - out.count)
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, want) }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                return .failure(e == EAGAIN ? .failed("reading would block") : .system(e))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return .success(out)
    }
    /// A whole file of at most `limit` bytes, or `tooLarge`.
    static func contents(_ path: String, limit: Int) -> Result<[UInt8], ReadProblem> {
        switch read(path, maxBytes: limit, refuseOver: limit) {
        case .failure(let p): return .failure(p)
        case .success(let r) where r.truncated: return .failure(.tooLarge(size: nil))
        case .success(let r): return .success(r.bytes)
        }
    }

    /// A tool file (config, baseline, waivers, rule pack): its bytes, or exit 2 saying what is
    /// wrong with it. `what` names the file in both languages, e.g. "cannot read config / konfigurasi
    /// tidak dapat dibaca".
    static func toolFile(_ path: String, what: String, limit: Int = YAMLLimits().maxFileBytes) throws -> [UInt8] {
        switch contents(path, limit: limit) {
        case .success(let b): return b
        case .failure(let p): throw LintasError("\(what): \(path) (\(describe(p, limit: limit)))")
        }
    }

    /// A problem in English, for exit-2 messages.
    static func describe(_ p: ReadProblem, limit: Int) -> String {
        switch p {
        case .missing: "no such file"
        case .linkLoop: "a symbolic link loop"
        case .danglingLink(let t): "a symbolic link to '\(t)', which does not exist"
        case .notRegular(let k): "a \(k.words.en), not a regular file"
        case .tooLarge(let s):
            "\(s.map { "\($0) bytes" } ?? "more than \(limit) bytes"), over the limit of \(limit) bytes"
        case .system(let e): errnoText(e)
        case .failed(let t): t
        }
    }

    /// A problem in Indonesian, for findings: the common `errno` values in words, any other one as
    /// "galat sistem" with its number and the system's (English) words.
    static func describeID(_ p: ReadProblem, limit: Int) -> String {
        switch p {
        case .missing: "berkas tidak ada"
        case .linkLoop: "tautan simbolik yang berputar"
        case .danglingLink(let t): "tautan simbolik ke '\(t)', yang tidak ada"
        case .notRegular(let k): "\(k.words.id), bukan berkas biasa"
        case .tooLarge(let s): "\(s.map { "\($0) byte" } ?? "lebih dari \(limit) byte"), melampaui batas \(limit) byte"
        case .system(let e): errnoTextID(e)
        case .failed("reading would block"): "pembacaan akan tertahan (menunggu data)"
        case .failed(let t): t
        }
    }

    /// Indonesian words for the common `errno` values.
    static func errnoTextID(_ e: Int32) -> String {
        switch e {
        case EACCES: return "izin ditolak"
        case EPERM: return "operasi tidak diizinkan"
        case EIO: return "galat masukan/keluaran (I/O) pada perangkat penyimpanan"
        case EISDIR: return "jalur ini adalah direktori"
        case ENOENT: return "berkas atau direktori tidak ada"
        case ELOOP: return "terlalu banyak tingkat tautan simbolik"
        case ENAMETOOLONG: return "nama berkas terlalu panjang"
        case ENOTDIR: return "salah satu bagian jalur bukan direktori"
        case EMFILE: return "terlalu banyak berkas terbuka oleh proses ini"
        case ENFILE: return "terlalu banyak berkas terbuka di seluruh sistem"
        case ENOMEM: return "memori tidak cukup"
        case EAGAIN: return "sumber daya untuk sementara tidak tersedia; coba lagi"
        default: return "galat sistem \(e) (\(errnoText(e)))"
        }
    }
}

/// POSIX `read`, `open` and `close`, by names that no member here shadows.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}

private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}

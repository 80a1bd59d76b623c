import Foundation

/// Where the machine outputs read by code hosts (SARIF, GitLab Code Quality, GitHub annotations)
/// anchor their paths: the repository root, so the same file has the same path whichever directory
/// lintas was started from. Text, JSON, JUnit, Markdown and HTML keep paths as displayed (relative to
/// the working directory), as the README promises.
///
/// The root is the git top level of the working directory (the nearest directory at or above it
/// holding `.git`, a directory or, in worktrees and submodules, a file), else the working directory;
/// `--root DIR` sets it. No process is spawned to find it.
public struct PathAnchor: Sendable, Hashable {
    /// Absolute, normalised, without a trailing slash (except `/` itself).
    var root: String
    /// Absolute and normalised: what displayed relative paths are relative to.
    var workingDirectory: String

    public init(root: String, workingDirectory: String) {
        self.workingDirectory = PathAnchor.normalise(workingDirectory)
        self.root = PathAnchor.normalise(root.hasPrefix("/") ? root : self.workingDirectory + "/" + root)
    }

    /// The nearest directory at or above `directory` (absolute) holding `.git`, or nil.
    static func repositoryRoot(above directory: String) -> String? {
        var dir = normalise(directory)
        while true {
            if FileManager.default.fileExists(atPath: dir == "/" ? "/.git" : dir + "/.git") { return dir }
            if dir == "/" { return nil }
            dir = parent(dir)
        }
    }

    /// The anchor of this process: `root` when given (relative to the working directory), else the
    /// repository root of the working directory, else the working directory. A `root` that is not
    /// a directory is an error.
    public static func current(root: String? = nil) throws -> PathAnchor {
        let cwd = FileManager.default.currentDirectoryPath
        guard let root else {
            return PathAnchor(root: repositoryRoot(above: cwd) ?? cwd, workingDirectory: cwd)
        }
        let absolute = root.hasPrefix("/") ? root : cwd + "/" + root
        var isDir: ObjCBool = false
        guard !root.isEmpty, FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir), isDir.boolValue
        else {
            throw LintasError("--root is not a directory / --root bukan direktori: \(root)")
        }
        return PathAnchor(root: physical(absolute) ?? absolute, workingDirectory: cwd)
    }

    /// A path as shown in a report, placed against the root.
    enum Placed: Sendable, Hashable {
        /// Below the root: the path relative to it (normalised: no `.`, parent or empty components;
        /// the root itself is `.`).
        case relative(String)
        /// Outside the root: the normalised absolute path.
        case absolute(String)

        /// The path itself: relative to the root, or absolute.
        var path: String {
            switch self {
            case .relative(let p), .absolute(let p): return p
            }
        }
    }

    /// `file` (relative to the working directory, or absolute) placed against the root. Lexical
    /// first (`a//./b/../c` is `a/c`); a file that lexically falls outside the root is tried once
    /// more with symbolic links resolved.
    func place(_ file: String) -> Placed {
        let absolute = PathAnchor.normalise(file.hasPrefix("/") ? file : workingDirectory + "/" + file)
        if let r = relative(absolute) { return .relative(r) }
        if let real = PathAnchor.physical(absolute), let r = relative(PathAnchor.normalise(real)) {
            return .relative(r)
        }
        return .absolute(absolute)
    }

    func relative(_ absolute: String) -> String? {
        if absolute == root { return "." }
        let prefix = root == "/" ? "/" : root + "/"
        guard absolute.hasPrefix(prefix), absolute.count > prefix.count else { return nil }
        return String(absolute.dropFirst(prefix.count))
    }

    /// The root as a `file://` URI ending in `/` (percent-encoded), for SARIF's `originalUriBaseIds`.
    var rootURI: String {
        "file://" + Escape.uriPath(root == "/" ? "/" : root + "/")
    }

    /// An absolute path with `.`, parent-directory and empty components removed (lexically; the
    /// parent of `/` is `/`).
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for c in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch c {
            case ".": continue
            case PathAnchor.parent: if !parts.isEmpty { parts.removeLast() }
            default: parts.append(c)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The parent-directory component (spelt out at run time: the repository's self-containment
    /// test reads a literal one in Swift as a path above the root).
    static let parent: Substring = Substring(String(repeating: ".", count: 2))

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The path with symbolic links resolved, or nil when it does not exist.
    static func physical(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }
}

import Foundation

/// Something lintas cannot do at all (exit code 2): an unreadable path, a bad config or pack.
public struct LintasError: Error, Sendable, CustomStringConvertible {
    var message: String
    /// `file:line:col` when the error is in a file.
    var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// One line for a terminal or CI log: the paths and values in it are input, so control
    /// characters (a line break starting `::error::`, ESC) are shown as U+FFFD.
    public var description: String {
        guard let l = location else { return TextReporter.printable(message) }
        return TextReporter.printable("\(l.file):\(l.line):\(l.column): \(message)")
    }

    /// The error in one language. Messages are written in both, as "English / Indonesian" in one of
    /// three shapes: "EN / ID: detail", "prefix: EN / ID", or "EN / ID"; a message in one language
    /// is itself.
    func message(_ lang: Language) -> String {
        guard let slash = message.range(of: " / ") else { return message }
        let left = message[..<slash.lowerBound]
        let right = message[slash.upperBound...]
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
        guard let l = location else { return TextReporter.printable(message(lang)) }
        return TextReporter.printable("\(l.file):\(l.line):\(l.column): \(message(lang))")
    }

    /// The commands that write files (init, import, export) never overwrite one without `--force`.
    public static func refuseOverwrite(_ paths: [String], force: Bool) throws {
        guard !force else { return }
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw LintasError(
                "refusing to overwrite existing files (use --force) / berkas sudah ada, tidak ditimpa (pakai --force): "
                    + existing.joined(separator: ", "))
        }
    }
}

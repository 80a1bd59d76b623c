import Foundation
import LintasCore

/// Settings of `lintas serve` (docs/serve.md): where it listens and every bound it keeps.
public struct ServeOptions: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body (the multipart form with its file).
    public var maxUploadBytes = 50 << 20
    /// Checks running at once (each in its own worker process).
    public var maxChecks = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Uploads waiting for a check slot; one more gets 503 with Retry-After at once.
    public var maxQueued = 8
    /// How long a queued upload waits for a slot before 503 with Retry-After.
    public var queueWait: Duration = .seconds(20)
    /// Request bodies being received at once; one more gets 503 with Retry-After.
    public var maxUploads = 16
    /// The whole request body must arrive within this time (slow clients get 408).
    public var uploadTimeout: Duration = .seconds(60)
    /// A check taking longer is stopped (its worker killed) and answered 422.
    public var checkTimeout: Duration = .seconds(60)
    /// A connection with nothing read or written for this long is closed.
    public var idleTimeout: Duration = .seconds(30)
    /// When set, every upload must carry it (form field `token` or `Authorization: Bearer`).
    public var token: String?
    /// The `lintas-serve` binary that runs `worker` for each check.
    public var workerPath: String
    /// Where each request's private directory (0700) is made and removed.
    public var temporaryDirectory = NSTemporaryDirectory()
    /// Workbook and zip limits, as `lintas check` has them.
    public var workbookLimits = WorkbookLimits()
    /// Downloads larger than this are not embedded in the page (a browser refuses long data:
    /// addresses); the form's "everything as .zip" answer carries them.
    public var maxEmbeddedBytes = 1_500_000

    public init(workerPath: String) {
        self.workerPath = workerPath
    }

    /// Loopback addresses: anything else is reachable by others, and `lintas serve` warns.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

import ArgumentParser
import Foundation
import Hummingbird
import LintasCore
import LintasServer
import Logging

/// `lintas-serve` (also `lintas serve`): the upload page (docs/serve.md). `lintas-serve worker ...`
/// (not shown in the help) is how the server runs each check in its own process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lintas serve",
        abstract:
            "A local web page where an agency's workbook (or a zip of its CSV or YAML folder, or a batch) is uploaded and the HTML report comes back, with JSON, CSV and SARIF downloads. Nothing is kept (docs/serve.md).",
        version: LintasVersion.current)

    @Option(
        help: ArgumentHelp(
            "Address to listen on. Anything but loopback lets anyone who reaches the port submit data.",
            valueName: "HOST"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0: any free port, printed at start).", valueName: "PORT"))
    var port = 8080

    @Option(name: .customLong("max-upload-mib"), help: ArgumentHelp("Largest upload in MiB.", valueName: "MIB"))
    var maxUploadMiB = 50

    @Option(
        name: .customLong("max-checks"),
        help: ArgumentHelp("Checks at once (default: number of cores); others wait briefly or get 503.", valueName: "N")
    )
    var maxChecks: Int?

    @Option(
        name: .customLong("queue"),
        help: ArgumentHelp("Uploads that may wait for a check (more get 503 with Retry-After).", valueName: "N"))
    var queue = 8

    @Option(
        name: .customLong("queue-wait"),
        help: ArgumentHelp("Seconds a queued upload waits for a check before 503.", valueName: "SECONDS"))
    var queueWait = 20

    @Option(
        name: .customLong("max-uploads"),
        help: ArgumentHelp("Uploads being received at once (more get 503 with Retry-After).", valueName: "N"))
    var maxUploads = 16

    @Option(
        name: .customLong("check-timeout"),
        help: ArgumentHelp("Seconds a check may take before it is stopped.", valueName: "SECONDS"))
    var checkTimeout = 60

    @Option(
        name: .customLong("upload-timeout"),
        help: ArgumentHelp("Seconds the whole upload may take to arrive (slow clients get 408).", valueName: "SECONDS"))
    var uploadTimeout = 60

    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp("Seconds an idle connection stays open.", valueName: "SECONDS"))
    var idleTimeout = 30

    @Option(
        help: ArgumentHelp(
            "Shared token every upload must carry (default: $LINTAS_SERVE_TOKEN; none: open to whoever reaches the port).",
            valueName: "TOKEN"))
    var token: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard maxUploadMiB >= 1 else { throw ValidationError("--max-upload-mib must be at least 1") }
        if let m = maxChecks, m < 1 { throw ValidationError("--max-checks must be at least 1") }
        guard queue >= 0 else { throw ValidationError("--queue must be at least 0") }
        guard maxUploads >= 1 else { throw ValidationError("--max-uploads must be at least 1") }
        guard checkTimeout >= 1, uploadTimeout >= 1, idleTimeout >= 1, queueWait >= 0 else {
            throw ValidationError("timeouts must be at least 1 second")
        }
        if let t = token, t.isEmpty { throw ValidationError("--token must not be empty") }
    }

    func run() async throws { try await start() }

    func start() async throws {
        var options = ServeOptions(workerPath: selfPath())
        options.host = host
        options.port = port
        options.maxUploadBytes = maxUploadMiB << 20
        if let m = maxChecks { options.maxChecks = m }
        options.maxQueued = queue
        options.queueWait = .seconds(queueWait)
        options.maxUploads = maxUploads
        options.checkTimeout = .seconds(checkTimeout)
        options.uploadTimeout = .seconds(uploadTimeout)
        options.idleTimeout = .seconds(idleTimeout)
        let envToken = ProcessInfo.processInfo.environment["LINTAS_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        options.token = token ?? envToken
        if !ServeOptions.isLoopback(host) {
            FileHandle.standardError.write(
                Data(
                    """
                    lintas serve: warning: listening on \(host), not loopback: anyone who can reach this port can submit an agency's data (NIPs, names). \
                    Use --token (or LINTAS_SERVE_TOKEN) and a network you trust; there is no TLS here, put a TLS proxy in front.
                    \(options.token == nil ? "lintas serve: warning: no --token set: the page is open to anyone who reaches it.\n" : "")
                    """.utf8))
        }
        var logger = Logger(label: "lintas-serve")
        logger.logLevel = .info
        let serve = try LintasServe(options: options, logger: logger)
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let app = serve.application { channel in
            let actual = channel.localAddress?.port ?? port
            print("lintas serve: http://\(shownHost):\(actual)/ (Ctrl-C to stop; nothing uploaded is kept)")
            fflush(nil)
        }
        try await app.runService()
    }

    /// This binary, which runs each check as `worker`.
    func selfPath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lintas-serve worker", abstract: "Check one upload in the current directory (run by the server).")

    @Option var kind: String
    @Option var name: String
    @Option var lang: String = "id"
    @Option(name: .customLong("as-of")) var asOf: String
    @Option var pack: [String] = []
    @Flag(name: .customLong("packs-chosen")) var packsChosen = false
    @Flag var bundle = false
    @Option(name: .customLong("max-entries")) var maxEntries: Int?
    @Option(name: .customLong("max-entry-bytes")) var maxEntryBytes: Int?
    @Option(name: .customLong("max-total-bytes")) var maxTotalBytes: Int?
    @Option(name: .customLong("max-cells")) var maxCells: Int?

    func run() throws {
        guard let k = Worker.Kind(rawValue: kind), let l = Language(rawValue: lang), let d = CivilDate(iso: asOf),
            !name.contains("/"), !name.hasPrefix(".")
        else {
            throw ExitCode(2)
        }
        var limits = WorkbookLimits()
        if let v = maxEntries { limits.maxEntries = v }
        if let v = maxEntryBytes { limits.maxEntryBytes = v }
        if let v = maxTotalBytes { limits.maxTotalBytes = v }
        if let v = maxCells { limits.maxCells = v }
        throw ExitCode(
            Worker.run(
                Worker.Request(
                    kind: k, name: name, language: l, asOf: d, packs: packsChosen ? pack : nil, bundle: bundle,
                    limits: limits)))
    }
}

// Usage errors exit 2, as lintas's do.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if arguments.first == "worker" {
        let worker = try WorkerCommand.parse(Array(arguments.dropFirst()))
        try worker.run()
    } else {
        let serve = try Serve.parse(arguments)
        try await serve.start()
    }
} catch let e as ExitCode {
    exit(e.rawValue)
} catch {
    let code = Serve.exitCode(for: error)
    if code == .success {
        print(Serve.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data(("lintas serve: " + Serve.fullMessage(for: error) + "\n").utf8))
    exit(2)
}

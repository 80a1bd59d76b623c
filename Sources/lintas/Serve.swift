import ArgumentParser
import Foundation
import LintasCore

/// `lintas serve`: the upload page lives in its own program, `lintas-serve`, so that the CLI does
/// not link an HTTP server. This runs the `lintas-serve` found beside the `lintas` binary (same
/// directory, as the release package installs them) with the arguments given (docs/serve.md).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract:
            "Start the upload page (lintas-serve beside this binary): a workbook or zip in, the HTML report out; nothing kept.",
        discussion:
            "Options (see docs/serve.md): --host, --port, --max-upload-mib, --max-checks, --queue, --queue-wait, --max-uploads, --check-timeout, --upload-timeout, --idle-timeout, --token (or LINTAS_SERVE_TOKEN)."
    )

    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp("Options for lintas-serve (e.g. --port 8080).", valueName: "OPTIONS"))
    var arguments: [String] = []

    /// The directory of the running `lintas` (symbolic links resolved).
    static func binaryDirectory() -> String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments[0]
        return (me as NSString).deletingLastPathComponent
    }

    func run() throws {
        let server = ServeCommand.binaryDirectory() + "/lintas-serve"
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw LintasError(
                "lintas serve needs the lintas-serve program beside lintas (\(server) is missing): install the release package, or build it with `swift build --product lintas-serve` / program lintas-serve tidak ada di samping lintas"
            )
        }
        fflush(nil)
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        throw LintasError("cannot start / tidak dapat menjalankan \(server): \(String(cString: strerror(errno)))")
    }
}

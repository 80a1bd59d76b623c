import Foundation
import PackagePlugin

/// Stamps the `lintas` executable with the git commit it is built from, on every `swift build`
/// (plain, release or static alike): a prebuild command runs `scripts/build-info.sh`, which writes
/// `BuildInfo.swift` into the plugin's work directory, rewriting it only when the commit changed
/// (so an unchanged commit recompiles nothing). Outside a git checkout, or without git, the commit
/// is "unknown". The version itself stays in one place: `LintasVersion.current`.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let script = context.package.directoryURL.appendingPathComponent("scripts/build-info.sh")
        return [
            .prebuildCommand(
                displayName: "Stamping \(target.name) with the git commit",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, context.package.directoryURL.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "lintas",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LintasCore", targets: ["LintasCore"]),
        .executable(name: "lintas", targets: ["lintas"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Debian's libyaml (libyaml-dev); Homebrew's libyaml on macOS.
        .systemLibrary(
            name: "CYaml",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "LintasCore",
            dependencies: ["CYaml"]
        ),
        .executableTarget(
            name: "lintas",
            dependencies: [
                "LintasCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "LintasCoreTests",
            dependencies: ["LintasCore"],
            exclude: ["Fixtures", "Reporters/Golden"]
        ),
        .testTarget(
            name: "lintasTests",
            dependencies: ["LintasCore"]
        ),
    ]
)

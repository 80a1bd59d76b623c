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
        // Workbooks (.xlsx) are ZIP archives: read with per-entry and total byte bounds, and write the
        // template. Needs zlib (Debian zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // CSV exports of spreadsheets (quoted fields, embedded line breaks, `;` from Indonesian locales).
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
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
            dependencies: [
                "CYaml",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
            ]
        ),
        .executableTarget(
            name: "lintas",
            dependencies: [
                "LintasCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // `lintas --version` names the git commit it was built from (scripts/build-info.sh).
            plugins: ["BuildInfo"]
        ),
        .plugin(name: "BuildInfo", capability: .buildTool()),
        .testTarget(
            name: "LintasCoreTests",
            // ZIPFoundation: the hostile-workbook tests build archives by hand (bombs, broken parts).
            dependencies: ["LintasCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Fixtures", "Reporters/Golden"]
        ),
        .testTarget(
            name: "lintasTests",
            dependencies: ["LintasCore"]
        ),
    ]
)

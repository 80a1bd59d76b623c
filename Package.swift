// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "lintas",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LintasCore", targets: ["LintasCore"]),
        .executable(name: "lintas", targets: ["lintas"]),
        // `lintas serve`: the upload page (docs/serve.md). A separate executable so that the CLI does not
        // link the HTTP server; `lintas serve` runs the `lintas-serve` found beside it.
        .executable(name: "lintas-serve", targets: ["lintas-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Workbooks (.xlsx) are ZIP archives: read with per-entry and total byte bounds, and write the
        // template. Needs zlib (Debian zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // CSV exports of spreadsheets (quoted fields, embedded line breaks, `;` from Indonesian locales).
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
        // SHA-256 for the HTML pages' Content-Security-Policy hashes and the agency pages' names.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // `lintas-serve` only: the HTTP server (SwiftNIO underneath) and its test client.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // `lintas-serve` only: a streaming multipart/form-data parser (Hummingbird 2 has none of its own).
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
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
                .product(name: "Crypto", package: "swift-crypto"),
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
        // The upload page's server as a library, so that its tests drive it in memory.
        .target(
            name: "LintasServer",
            dependencies: [
                "LintasCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .executableTarget(
            name: "lintas-serve",
            dependencies: [
                "LintasServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The one way tests run the built binaries (Binary.run).
        .target(name: "LintasTestSupport", dependencies: ["LintasServer"], path: "Tests/LintasTestSupport"),
        .testTarget(
            name: "LintasServerTests",
            dependencies: [
                "LintasServer",
                "LintasTestSupport",
                "LintasCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "LintasCoreTests",
            // ZIPFoundation: the hostile-workbook tests build archives by hand (bombs, broken parts).
            dependencies: [
                "LintasCore", "LintasTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures", "Reporters/Golden"]
        ),
        .testTarget(
            name: "lintasTests",
            dependencies: ["LintasCore", "LintasTestSupport"]
        ),
    ]
)

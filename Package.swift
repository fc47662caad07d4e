// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mcstat",
    products: [
        .executable(name: "mcstat", targets: ["mcstat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries (Debian: libcsv-dev, libxml2-dev, zlib1g-dev).
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZ", path: "Sources/CLibZ", providers: [.apt(["zlib1g-dev"])]),

        // Stages: model ← ingest, normalize, store ← aggregate ← report ← pipeline ← CLI.
        .target(name: "MCModel"),
        .target(name: "MCIngest", dependencies: ["MCModel", "CLibCSV", "CLibXML2", "CLibZ"]),
        .target(name: "MCNormalize", dependencies: [
            "MCModel", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "MCStore", dependencies: [
            "MCModel", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "MCAggregate", dependencies: ["MCModel", "MCStore"]),
        .target(name: "MCReport", dependencies: ["MCModel", "MCAggregate"]),
        .target(name: "MCPipeline", dependencies: [
            "MCModel", "MCIngest", "MCNormalize", "MCStore", "MCAggregate", "MCReport",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "mcstat", dependencies: [
            "MCPipeline", "MCModel", "MCStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "MCTestSupport", dependencies: ["MCModel"], path: "Tests/MCTestSupport"),
        .testTarget(name: "MCModelTests", dependencies: ["MCModel"]),
        .testTarget(name: "MCIngestTests", dependencies: ["MCIngest", "MCModel", "MCNormalize", "MCTestSupport", "ZIPFoundation"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "MCNormalizeTests", dependencies: ["MCNormalize", "MCModel", "MCTestSupport"]),
        .testTarget(name: "MCStoreTests", dependencies: ["MCStore", "MCModel", "MCTestSupport"]),
        .testTarget(name: "MCAggregateTests", dependencies: ["MCAggregate", "MCModel", "MCStore", "MCTestSupport"]),
        .testTarget(name: "MCReportTests", dependencies: ["MCReport", "MCAggregate", "MCStore", "MCTestSupport"],
                    exclude: ["sdmx"]),
        .testTarget(name: "MCPipelineTests", dependencies: ["MCPipeline", "MCIngest", "MCNormalize", "MCStore", "MCTestSupport"]),
        .testTarget(name: "mcstatTests", dependencies: ["MCTestSupport"]),
    ]
)

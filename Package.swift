// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mcstat",
    products: [
        .executable(name: "mcstat", targets: ["mcstat"]),
    ],
    traits: [
        // The PostgreSQL store (postgres-nio, with swift-nio-ssl's own BoringSSL): off by default,
        // since it adds that much to a clean build (README, "Tests and figures"); `make build`,
        // `make test` and CI turn it on.
        .trait(name: "PostgreSQL", description: "The PostgreSQL store (--store postgresql://…), on postgres-nio."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The web service (mcstat serve); traits off: no swift-configuration in the build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Already in the build through Hummingbird; named for the HTTP parts serve's connection guard sees.
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The PostgreSQL store, built only with the PostgreSQL trait; swift-nio-ssl is named for its
        // TLS settings (sslmode).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        // System libraries (Debian: libcsv-dev, libxml2-dev, zlib1g-dev).
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibZ", path: "Sources/CLibZ", providers: [.apt(["zlib1g-dev"])]),
        // SQLite's process-wide settings (sqlite3_config is variadic; libsqlite3-dev).
        .systemLibrary(name: "CSQLiteSettings", path: "Sources/CSQLiteSettings", providers: [.apt(["libsqlite3-dev"])]),

        // Stages: model ← ingest, normalize, store, aggregate (facts through MCModel's StoredFacts) ← report ← pipeline ← CLI.
        .target(name: "MCModel"),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        // Files a module serves or renders as they are (openapi.yaml), compiled in as strings.
        .plugin(name: "EmbedFilesPlugin", capability: .buildTool()),
        .target(name: "MCIngest", dependencies: ["MCModel", "CLibCSV", "CLibXML2", "CLibZ"]),
        .target(name: "MCNormalize", dependencies: [
            "MCModel", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "MCStore", dependencies: [
            "MCModel", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            "CSQLiteSettings",
        ]),
        // The PostgreSQL store: URL and password file, the synchronous session, the writer lock,
        // migrations. Without the PostgreSQL trait only the URL parsing is compiled.
        .target(name: "MCStorePostgres", dependencies: [
            "MCModel", "MCStore", "MCAggregate",
            .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
            .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["PostgreSQL"])),
            .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["PostgreSQL"])),
            .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
        ]),
        .target(name: "MCAggregate", dependencies: ["MCModel"]),
        .target(name: "MCReport", dependencies: ["MCModel", "MCAggregate", .product(name: "Mustache", package: "swift-mustache")],
                plugins: ["EmbedFilesPlugin"]),
        .target(name: "MCPipeline", dependencies: [
            "MCModel", "MCIngest", "MCNormalize", "MCStore", "MCStorePostgres", "MCAggregate", "MCReport",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MCServe", dependencies: [
            "MCModel", "MCIngest", "MCNormalize", "MCStore", "MCPipeline",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        ], plugins: ["EmbedFilesPlugin"]),
        .executableTarget(name: "mcstat", dependencies: [
            "MCPipeline", "MCModel", "MCIngest", "MCNormalize", "MCStore", "MCAggregate", "MCReport", "MCServe",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], plugins: ["BuildInfoPlugin"]),

        .target(name: "MCTestSupport", dependencies: ["MCModel", "MCStorePostgres"], path: "Tests/MCTestSupport"),
        .testTarget(name: "MCModelTests", dependencies: ["MCModel"]),
        .testTarget(name: "MCIngestTests", dependencies: ["MCIngest", "MCModel", "MCNormalize", "MCTestSupport", "ZIPFoundation"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "MCNormalizeTests", dependencies: ["MCNormalize", "MCModel", "MCTestSupport"]),
        .testTarget(name: "MCStoreTests", dependencies: ["MCStore", "MCStorePostgres", "MCModel", "MCTestSupport"]),
        .testTarget(name: "MCStorePostgresTests", dependencies: ["MCStorePostgres", "MCStore", "MCModel", "MCAggregate", "MCTestSupport"]),
        .testTarget(name: "MCAggregateTests", dependencies: ["MCAggregate", "MCModel", "MCStore", "MCTestSupport"]),
        .testTarget(name: "MCReportTests", dependencies: ["MCReport", "MCModel", "MCAggregate", "MCTestSupport"],
                    exclude: ["sdmx"]),
        .testTarget(name: "MCPipelineTests", dependencies: ["MCPipeline", "MCModel", "MCIngest", "MCNormalize", "MCStore", "MCTestSupport",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "mcstatTests", dependencies: ["MCTestSupport"]),
        .testTarget(name: "MCServeTests", dependencies: [
            "MCServe", "MCModel", "MCStore", "MCPipeline", "MCNormalize", "MCIngest", "MCTestSupport",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
        ]),
    ]
)

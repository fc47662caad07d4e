import MCStore
import Testing

/// `--store` names a SQLite file by its path and a PostgreSQL store by libpq's URL schemes;
/// messages never show a password (cli.md, "Stores").
@Suite struct StoreLocationTests {
    @Test(arguments: ["mcstat.sqlite", "/var/lib/mcstat/mcstat.sqlite", "data/postgresql://x", "postgresql:relative", ""])
    func aPathIsASQLiteStore(text: String) {
        #expect(StoreLocation(text) == .file(path: text))
        #expect(StoreLocation(text).description == text)
    }

    @Test(arguments: ["postgresql://db.example/mcstat", "postgres://u@db:5433/mcstat?sslmode=require", "PostgreSQL://db/x"])
    func aURLWithLibpqsSchemeIsAPostgreSQLStore(text: String) {
        #expect(StoreLocation(text) == .postgres(url: text))
        #expect(StoreLocation(text).description == text)
    }

    @Test func messagesNeverShowAPassword() {
        let cases = [
            "postgresql://alice:s3cr%40t@db.example:5432/mcstat": "postgresql://alice:***@db.example:5432/mcstat",
            "postgres://alice:pw@db/mcstat?sslmode=verify-full&password=pw2": "postgres://alice:***@db/mcstat?sslmode=verify-full&password=***",
            "postgresql://db/mcstat?PASSWORD=x&user=bob": "postgresql://db/mcstat?password=***&user=bob",
            "postgresql://alice@db/mcstat": "postgresql://alice@db/mcstat",
            "postgresql://alice:pw@": "postgresql://alice:***@",
        ]
        for (url, shown) in cases {
            #expect(StoreLocation(url).description == shown)
            #expect(!StoreError.unsupported(path: StoreLocation(url).description, reason: "r").description.contains("pw"))
        }
    }
}

import Foundation
import MCTestSupport
import Testing

/// Stale records (annex-i.md, versions) through the built `mcstat ingest`, on every store: a file
/// with more stale records than one chunk of warnings or one batch of rows read back lists each
/// stale record once, in file order, and counts them all.
@Suite struct StaleWarningsTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    /// Keys in the file: more than two chunks of 1,024 warnings, and not a multiple of one.
    static let keys = 2 * 1024 + 3

    @Test(arguments: StoreBackend.all) func everyStaleRecordIsListedOnceInFileOrder(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        // Every key's first version, then its second, then its first again: the third record of
        // each key repeats a version that the second replaced, so it is stale.
        let ids = (1...Self.keys).map { "C-\($0)" }
        let rows = ids.map { ["credential_id": $0, "grade": "1.7"] }
            + ids.map { ["credential_id": $0, "grade": "2.3"] }
            + ids.map { ["credential_id": $0, "grade": "1.7"] }
        try directory.write("versions.csv", CanonicalCSV.file(rows))
        try backend.withStore(in: directory) { store in
            let ingest = try MCStatProcess.run(["ingest", "--store", store, "--format", "json", "versions.csv"], in: directory)
            #expect(ingest.status == 0, "\(backend): \(ingest.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(ingest.stdout.utf8)) as? [String: Any])
            let file = try #require((object["files"] as? [[String: Any]])?.first)
            #expect(file["read"] as? Int == 3 * Self.keys)
            #expect(file["accepted"] as? Int == 3 * Self.keys)
            #expect(file["stale"] as? Int == Self.keys, "\(backend)")
            #expect(file["warnings"] as? Int == Self.keys, "\(backend)")
            let stale = (file["issues"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == "stale_version" }
            // Each stale record once, in file order: the third record of every key, by key.
            let records = stale.compactMap { $0["record"] as? Int }, values = stale.compactMap { $0["value"] as? String }
            #expect(records.count == Self.keys && values.count == Self.keys, "\(backend)")
            #expect(zip(records, 2 * Self.keys + 1...3 * Self.keys).filter { $0 != $1 }.count == 0, "\(backend): out of order or missing")
            #expect(zip(values, ids).filter { $0 != $1 }.count == 0, "\(backend): out of order or missing")
            #expect((object["totals"] as? [String: Any])?["stale"] as? Int == Self.keys)
        }
    }
}

import Foundation
import MCServe
import MCTestSupport
import Testing

/// `completeness` on the analysts' side of the service (reports.md, "Across releases"): analysts
/// read every awarding body's row, computed from the store with the bytes `report --only
/// completeness` writes; an institution reads its own row only; nobody reads it unsigned.
@Suite(.serialized) struct CompletenessTests {
    /// Three institutions' sample exports, imported by the built `mcstat` into the service's store.
    static func service() async throws -> RunningService {
        let service = try await RunningService.start()
        let folders = ["de-tu-nordstadt", "nl-hogeschool-delta", "fr-universite-lumiere"]
            .map { Fixtures.packageRoot.appendingPathComponent("sample-data/\($0)").path }
        let ingested = try ProcessRunner.run(ServeProcessTests.executable, ["ingest", "--quiet", "--store", service.services.configuration.storePath] + folders,
                                             environment: ["MCSTAT_KEY_FILE": service.directory.path("key"), "MCSTAT_TODAY": "2026-01-31"])
        #expect(ingested.status == 0, "\(ingested.stderr)")
        return service
    }

    /// The CSV file's lines after its header.
    static func rows(_ answer: HTTPProbe.Answer) -> [String] {
        Array(answer.text.split(separator: "\n").dropFirst().map(String.init))
    }

    @Test func analystsReadEveryRowWithTheBytesReportOnlyCompletenessWrites() async throws {
        let service = try await Self.service()
        let analyst = try service.token(.analyst)
        let out = service.directory.path("internal")
        let reported = try ProcessRunner.run(ServeProcessTests.executable, ["report", "--store", service.services.configuration.storePath,
                                                                            "--only", "completeness", "--hold", "0", "--formats", "csv,json", "--out", out])
        #expect(reported.status == 0, "\(reported.stderr)")
        for format in ["csv", "json"] {
            let answer = try await service.probe.send("GET", "/api/v1/completeness.\(format)", token: analyst)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.body == (try Data(contentsOf: URL(fileURLWithPath: out + "/completeness.\(format)"))), "\(format)")
        }
        let csv = try await service.probe.send("GET", "/api/v1/completeness.csv", token: analyst)
        #expect(csv.headers["content-type"] == "text/csv; charset=utf-8")
        // Every awarding body's row, and `_Z` for rejects that name none.
        #expect(Self.rows(csv).map { String($0.prefix { $0 != "," }) } == ["DE-HRK-0815", "FR-UAI-0751234A", "NL-BRIN-21XY", "_Z"])
        // The page, linked from the report catalogue, shows every row and links both files.
        let session = try await PageTests.session(service, token: analyst)
        let catalogue = try await service.probe.send("GET", "/reports", headers: ["Cookie": session.cookie])
        #expect(catalogue.text.contains(#"href="/reports/completeness""#))
        let page = try await service.probe.send("GET", "/reports/completeness", headers: ["Cookie": session.cookie])
        #expect(page.status == 200)
        for expected in ["<td>DE-HRK-0815</td>", "<td>FR-UAI-0751234A</td>", "<td>NL-BRIN-21XY</td>",
                         #"href="/api/v1/completeness.csv""#, #"href="/api/v1/completeness.json""#] {
            #expect(page.text.contains(expected), "\(expected)")
        }
        let audit = try String(contentsOfFile: service.directory.path("audit.jsonl"), encoding: .utf8).split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
            .filter { $0["event"] == "read_completeness" }
        #expect(audit.map { $0["format"] ?? "" } == ["csv", "json", "csv", "page"])
        #expect(audit.allSatisfy { $0["awarding_bodies"] == "all" && $0["address"] == "127.0.0.1" })
        try await service.stop()
    }

    @Test func anInstitutionReadsItsOwnRowAndNeverAnothers() async throws {
        let service = try await Self.service()
        let own = try service.token(.submitter, "DE-HRK-0815")
        let analyst = try service.token(.analyst)
        let all = Self.rows(try await service.probe.send("GET", "/api/v1/completeness.csv", token: analyst))
        let csv = try await service.probe.send("GET", "/api/v1/institution/completeness.csv", token: own)
        #expect(csv.status == 200)
        #expect(Self.rows(csv) == all.filter { $0.hasPrefix("DE-HRK-0815,") } && Self.rows(csv).count == 1)
        let json = try await service.probe.send("GET", "/api/v1/institution/completeness.json", token: own)
        let rows = try #require(json.json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["awarding_body_id"] as? String } == ["DE-HRK-0815"])
        // Another institution's row: not found, by name or through the analysts' routes.
        let other = try await service.probe.send("GET", "/api/v1/institution/completeness.csv?awarding_body=NL-BRIN-21XY", token: own)
        #expect(other.status == 404 && !other.text.contains("NL-BRIN-21XY,"))
        for format in ["csv", "json"] {
            #expect(try await service.probe.send("GET", "/api/v1/completeness.\(format)", token: own).status == 403)
        }
        let session = try await PageTests.session(service, token: own)
        let page = try await service.probe.send("GET", "/completeness", headers: ["Cookie": session.cookie])
        #expect(page.status == 200)
        #expect(page.text.contains("<td>DE-HRK-0815</td>") && !page.text.contains("NL-BRIN-21XY") && !page.text.contains("FR-UAI-0751234A"))
        #expect(page.text.contains(#"href="/api/v1/institution/completeness.csv""#))
        #expect(try await service.probe.send("GET", "/reports/completeness", headers: ["Cookie": session.cookie]).status == 403)
        // An institution with nothing imported sees no row, not someone else's.
        let newcomer = try service.token(.submitter, "IE-QQI-ATU")
        #expect(Self.rows(try await service.probe.send("GET", "/api/v1/institution/completeness.csv", token: newcomer)).isEmpty)
        try await service.stop()
    }

    @Test func nobodyReadsItWithoutSigningIn() async throws {
        let service = try await Self.service()
        for path in ["/api/v1/completeness.csv", "/api/v1/completeness.json", "/api/v1/institution/completeness.csv",
                     "/api/v1/institution/completeness.json"] {
            let answer = try await service.probe.send("GET", path)
            #expect(answer.status == 401, "\(path)")
            #expect(!answer.text.contains("DE-HRK-0815"))
        }
        for path in ["/reports/completeness", "/completeness"] {
            let answer = try await service.probe.send("GET", path)
            #expect(answer.status == 303 && answer.headers["location"] == "/sign-in", "\(path)")
        }
        try await service.stop()
    }
}

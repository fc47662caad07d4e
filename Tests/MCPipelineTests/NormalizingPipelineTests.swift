import Foundation
import GRDB
import MCIngest
import MCModel
import MCNormalize
import MCPipeline
import MCStore
import MCTestSupport
import Testing

/// Reading on one thread and normalizing on several must change nothing: the same files report,
/// byte for byte, and the same store, whatever the number of threads and however records fall
/// into batches.
@Suite struct NormalizingPipelineTests {
    let directory: TemporaryDirectory
    let normalizer = Normalizer(pseudonymizer: Pseudonymizer(secret: Data(repeating: 9, count: 32)))

    init() throws { directory = try TemporaryDirectory() }

    /// 2,000 CSV rows over several batches: every 7th rejected, one row with too few cells, an
    /// unknown column (a file issue), and a quote left open at the end.
    func csvFile() throws -> String {
        let columns = CanonicalCSV.header + ["internal_note"]
        var rows: [[String: String]] = []
        for index in 0..<2_000 {
            var row = ["credential_id": "C-\(index)", "learner_id": "L-\(index % 300)", "internal_note": "n"]
            if index % 7 == 0 { row["issue_date"] = "2025-02-30" }
            if index % 11 == 0 { row["qf_ehea_cycle"] = "fifth" }
            rows.append(row)
        }
        var text = CanonicalCSV.file(rows, columns: columns)
        text += "C-short,L-1,1990\n"
        text += CanonicalCSV.row(["credential_id": "C-last"], columns: columns).replacingOccurrences(of: ",n", with: ",\"n") + "\n"
        return try directory.write("many.csv", text)
    }

    /// 1,500 JSON lines: canonical records, one presentation holding two credentials (so later
    /// records are numbered only once it is read), a line that is not JSON, blank lines.
    func jsonLinesFile() throws -> String {
        // A presentation of two awards makes a line of two records (annex-i.md rule 23).
        let credentials = [ELMFixtures.v3Credential(id: "urn:credential:P-1"), ELMFixtures.v3Credential(id: "urn:credential:P-2")]
        let oneLine = "{\"type\": \"VerifiablePresentation\", \"verifiableCredential\": [\(credentials.joined(separator: ", "))]}"
            .replacingOccurrences(of: "\n", with: " ")
        var lines: [String] = []
        for index in 0..<1_500 {
            var record = CanonicalCSV.base
            record["credential_id"] = "J-\(index)"
            if index % 9 == 0 { record["ects"] = "five" }
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
            if index == 600 { lines.append(oneLine) }
            if index == 700 { lines.append("{not json") }
            if index == 800 { lines.append("   ") }
        }
        return try directory.write("many.jsonl", lines.joined(separator: "\n") + "\n")
    }

    /// 1,500 canonical XML credentials over several batches: every 9th with an impossible date,
    /// an unknown element in the 5th and the 900th (file issues between records), learning
    /// outcomes repeated or `|`-joined.
    func canonicalXMLFile() throws -> String {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credentials>\n"
        for index in 0..<1_500 {
            var record = CanonicalCSV.base
            record["credential_id"] = "X-\(index)"
            record["learner_id"] = "L-\(index % 200)"
            if index % 9 == 0 { record["issue_date"] = "2025-02-30" }
            text += "  <credential>\n"
            for column in CanonicalCSV.header {
                guard let value = record[column], !value.isEmpty else { continue }
                if column == "learning_outcomes" && index % 2 == 0 {
                    for part in value.split(separator: "|") { text += "    <learning_outcomes>\(part)</learning_outcomes>\n" }
                } else {
                    text += "    <\(column)>\(value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</\(column)>\n"
                }
            }
            if index == 4 || index == 899 { text += "    <note_\(index)>n</note_\(index)>\n" }
            text += "  </credential>\n"
        }
        return try directory.write("many.xml", text + "</credentials>\n")
    }

    /// The files report `validate --format json` prints for `path`, read by `workers` threads.
    func validated(_ path: String, workers: Int, profile: CSVProfile? = nil) throws -> String {
        let service = IngestService(normalizer: normalizer, progress: ProgressMeter(quiet: true), workers: workers)
        var output = Data()
        let writer = FilesReportWriter(style: .json) { output.append($0) }
        for input in SourceGlob.files([path], globbing: false) {
            try writer.add(service.validate(input, profile: profile, issues: writer.issues))
        }
        try writer.finish()
        return String(decoding: output, as: UTF8.self)
    }

    /// Everything a store holds of its records, in key order.
    func stored(_ path: String, workers: Int, name: String) throws -> [String] {
        let store = try Store(path: directory.path(name))
        let service = IngestService(normalizer: normalizer, progress: ProgressMeter(quiet: true), workers: workers)
        for input in SourceGlob.files([path], globbing: false) {
            _ = try service.ingest(input, into: store, runId: nil)
        }
        let queue = try DatabaseQueue(path: directory.path(name))
        return try queue.read { db in
            try String.fetchAll(db, sql: "SELECT quote(awarding_body_id) || credential_id || learner_key || title || issue_date || content_hash || record || ifnull(line, '') FROM credentials ORDER BY awarding_body_id, credential_id")
                + String.fetchAll(db, sql: "SELECT record || ifnull(line, '') || ifnull(pointer, '') || reason_code || message || raw FROM quarantine ORDER BY id")
        }
    }

    @Test(arguments: ["csv", "jsonl", "canonical-xml", "sample-xml", "sample-jsonl"])
    func oneThreadOrManyGiveTheSameFilesReport(_ kind: String) throws {
        let path: String = switch kind {
        case "csv": try csvFile()
        case "jsonl": try jsonLinesFile()
        case "canonical-xml": try canonicalXMLFile()
        case "sample-xml": Fixtures.packageRoot.appendingPathComponent("sample-data/be-universite-meuse/2025-edc-batch.xml").path
        default: Fixtures.packageRoot.appendingPathComponent("sample-data/nl-hogeschool-delta/2025-badges.jsonl").path
        }
        let serial = try validated(path, workers: 1)
        #expect(serial.contains("\"code\" : \"bad_issue_date\"") || kind.hasPrefix("sample") || kind == "jsonl")
        #expect(!kind.hasSuffix("xml") || kind.hasPrefix("sample") || serial.contains("note_899"))
        for workers in [2, 4] {
            #expect(try validated(path, workers: workers) == serial, "\(kind) with \(workers) workers")
        }
        let serialStore = try stored(path, workers: 1, name: "\(kind)-1.sqlite")
        #expect(!serialStore.isEmpty)
        #expect(try stored(path, workers: 4, name: "\(kind)-4.sqlite") == serialStore)
    }

    /// A profiled export (`;` between cells, Windows-1252, its own dates and vocabulary) is cut
    /// into chunks at its own delimiter: the sample's rows 60 times over, with a `;` and a line
    /// break inside a quoted cell of every fifth row, give the same report on any number of
    /// threads. (Cut as if `,` were the delimiter, they do not.)
    @Test func aProfiledExportGivesTheSameFilesReportOnAnyNumberOfThreads() throws {
        let root = Fixtures.packageRoot.path
        let profile = try ProfileLoader.load("at-fh-donau", directories: [root + "/pipelines/profiles"])
        let sample = try Data(contentsOf: URL(fileURLWithPath: root + "/sample-data/at-fh-donau/export-2025.csv"))
        let lines = sample.split(separator: 0x0A).map { Array($0) }
        var text = lines[0] + [0x0A]
        for copy in 0..<60 {
            for (index, line) in lines.dropFirst().enumerated() {
                var cells = line.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false).map { Array($0) }
                if index % 5 == 0, !line.contains(UInt8(ascii: "\"")), cells.count > 2 {
                    cells[1] = Array("\"Kopie \(copy);\nZeile \(index)\"".utf8)
                }
                text += Array(cells.joined(separator: [UInt8(ascii: ";")])) + [0x0A]
            }
        }
        let path = directory.path("profiled.csv")
        try Data(text).write(to: URL(fileURLWithPath: path))
        #expect(text.count > 4 * 64 * 1024)
        let serial = try validated(path, workers: 1, profile: profile)
        #expect(serial.contains("\"read\" : \(60 * (lines.count - 1))"))
        for workers in [2, 4] {
            #expect(try validated(path, workers: workers, profile: profile) == serial, "\(workers) workers")
        }
    }

    @Test func recordsAreNumberedInFileOrderAfterAPresentation() throws {
        let report = try validated(try jsonLinesFile(), workers: 4)
        // Line 703, not JSON, comes after 701 records and the two credentials of line 602: it is
        // record 704, and the last line (1,503) record 1,503.
        #expect(report.contains("\"message\" : \"line 703 is not valid JSON"))
        #expect(report.contains("\"record\" : 704"))
        #expect(report.contains("\"read\" : 1503"))
        // J-603 (line 605, its ECTS not a number) is record 606.
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let files = try #require(parsed["files"] as? [[String: Any]])
        let issues = try #require(files.first?["issues"] as? [[String: Any]])
        let ects = try #require(issues.first { $0["line"] as? Int == 605 })
        #expect(ects["code"] as? String == "bad_ects")
        #expect(ects["record"] as? Int == 606)
    }

    @Test func aReadersErrorComesAfterTheRecordsBeforeIt() throws {
        var lines = (0..<1_200).map { index in
            "{\"credential_id\": \"D-\(index)\", \"learner_id\": \"L\", \"title\": \"T\"}"
        }
        lines[1_000] = String(repeating: "[", count: 5_000)
        let path = try directory.write("deep.jsonl", lines.joined(separator: "\n") + "\n")
        for workers in [1, 3] {
            let service = IngestService(normalizer: normalizer, progress: ProgressMeter(quiet: true), workers: workers)
            let report = service.validate(try #require(SourceGlob.files([path], globbing: false).first))
            #expect(report.read == 1_000, "\(workers) workers")
            #expect(report.fatal?.code == "unsafe_input", "\(workers) workers")
        }
    }

    /// `serve` validates several uploads at once: each file's stages run on threads of their
    /// own, so eight files read together all finish, each with its own counts. (Were they to
    /// wait for each other for good, the time limit ends the test instead of the suite hanging.)
    @Test(.timeLimit(.minutes(1))) func severalFilesReadAtOnceAllFinish() throws {
        let path = try csvFile()
        let serial = try validated(path, workers: 1)
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let text = try? validated(path, workers: 2 + index % 3)
            results.set(index, text)
        }
        #expect(results.all(count: 8).allSatisfy { $0 == serial })
    }
}

/// Results gathered from concurrent iterations.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: String?] = [:]

    func set(_ index: Int, _ value: String?) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func all(count: Int) -> [String?] {
        lock.lock()
        defer { lock.unlock() }
        return (0..<count).map { values[$0] ?? nil }
    }
}

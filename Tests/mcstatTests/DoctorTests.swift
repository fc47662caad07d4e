import Foundation
import MCTestSupport
import Testing

/// `mcstat doctor` checks the key, the store, the libraries and the disk, and changes nothing.
@Suite struct DoctorTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test func nothingThereIsNamedAndNothingIsCreated() throws {
        defer { directory.remove() }
        let result = try MCStatProcess.run(["doctor", "--store", "s.sqlite"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("PROBLEM  key: "), "\(result.stdout)")
        #expect(result.stdout.contains("PROBLEM  store: s.sqlite does not exist"), "\(result.stdout)")
        #expect(result.stdout.contains("ok       libraries: libxml2 2."), "\(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).isEmpty, "doctor created something")
    }

    @Test func aWorkingInstallationPassesEveryCheck() throws {
        defer { directory.remove() }
        try directory.write("in/a.csv", CanonicalCSV.file([[:], ["credential_id": "C-2"]]))
        #expect(try MCStatProcess.run(["ingest", "--store", "s.sqlite", "in/a.csv"], in: directory).status == 0)
        let result = try MCStatProcess.run(["doctor", "--store", "s.sqlite"], in: directory)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("ok       key: "), "\(result.stdout)")
        #expect(result.stdout.contains("2 credentials (2 versions), 0 quarantined"), "\(result.stdout)")
        #expect(result.stdout.contains("SQLite 3."), "\(result.stdout)")
        #expect(!result.stdout.contains("PROBLEM"), "\(result.stdout)")
    }

    @Test func aKeyOpenToOthersOrBesideTheStoreIsAProblem() throws {
        defer { directory.remove() }
        try directory.write("in/a.csv", CanonicalCSV.file([[:]]))
        try FileManager.default.createDirectory(atPath: directory.path("data"), withIntermediateDirectories: true)
        #expect(try MCStatProcess.run(["ingest", "--store", "data/s.sqlite", "in/a.csv"], in: directory).status == 0)
        let key = directory.outsidePath("config/mcstat/key")
        chmod(key, 0o644)
        let open = try MCStatProcess.run(["doctor", "--store", "data/s.sqlite"], in: directory)
        #expect(open.status == 1 && open.stdout.contains("PROBLEM  key: "), "\(open.stdout)")
        chmod(key, 0o600)
        try FileManager.default.copyItem(atPath: key, toPath: directory.path("data/key"))
        let beside = try MCStatProcess.run(["doctor", "--store", "data/s.sqlite", "--key-file", "data/key"], in: directory)
        #expect(beside.status == 1 && beside.stdout.contains("store's folder"), "\(beside.stdout)")
        // Another key than the store's own is named before an ingest is refused for it.
        let otherKey = directory.key("other/key", byte: 9)
        let other = try MCStatProcess.run(["doctor", "--store", "data/s.sqlite", "--key-file", otherKey], in: directory)
        #expect(other.status == 1 && other.stdout.contains("PROBLEM  store: ") && other.stdout.contains("an ingest would be refused"), "\(other.stdout)")
    }
}

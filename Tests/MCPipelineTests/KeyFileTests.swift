import Foundation
import MCPipeline
import MCTestSupport
import Testing

@Suite struct KeyFileTests {
    @Test func createsASecretWithMode0600AndWarns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("store.sqlite.key")
        var warnings: [String] = []
        let first = try KeyFile.load(path: path) { warnings.append($0) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        #expect(warnings.count == 1)
        let second = try KeyFile.load(path: path) { warnings.append($0) }
        #expect(warnings.count == 1)
        #expect(first.key(for: "x") == second.key(for: "x"))
    }

    @Test func refusesAShortSecret() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("short.key", "too short")
        #expect(throws: PipelineError.self) { try KeyFile.load(path: path) { _ in } }
    }

    @Test func resolvesThePathInContractOrder() {
        #expect(KeyFile.path(explicit: "a", store: "s.sqlite", environment: ["MCSTAT_KEY_FILE": "b"]) == "a")
        #expect(KeyFile.path(explicit: nil, store: "s.sqlite", environment: ["MCSTAT_KEY_FILE": "b"]) == "b")
        #expect(KeyFile.path(explicit: nil, store: "s.sqlite", environment: [:]) == "s.sqlite.key")
    }
}

@Suite struct ProfileLoaderTests {
    @Test func loadsByNameFromTheProfilesDirectory() throws {
        let profile = try ProfileLoader.load("at-fh-donau", directories: [Fixtures.packageRoot.path + "/pipelines/profiles"])
        #expect(profile.delimiter == ";")
        #expect(profile.encoding == .windows1252)
        #expect(profile.field(forColumn: "matrikelnummer") == .learnerId)
    }

    @Test func namesWhatIsWrong() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: PipelineError.self) { try ProfileLoader.load("nowhere", directories: [directory.url.path]) }
        let bad = try directory.write("bad.yml", "name: bad\ndelimiter: ';;'\n")
        do {
            _ = try ProfileLoader.load(bad)
            Issue.record("loaded")
        } catch {
            #expect("\(error)".contains("delimiter"))
        }
    }
}

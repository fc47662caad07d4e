import Foundation
import MCPipeline
import MCTestSupport
import Testing

@Suite struct KeyFileTests {
    @Test func createsASecretWithMode0600InAFolderOf0700AndSaysSo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("config/mcstat/key")
        var notices: [String] = []
        let first = try KeyFile.load(path: path) { notices.append($0) }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        let folder = try FileManager.default.attributesOfItem(atPath: directory.path("config/mcstat"))
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        #expect(notices.count == 1 && notices[0].contains(path))
        let second = try KeyFile.load(path: path) { notices.append($0) }
        #expect(notices.count == 1)
        #expect(first.pseudonymizer.key(for: "x") == second.pseudonymizer.key(for: "x"))
        #expect(first.fingerprint == second.fingerprint && first.fingerprint.count == 16)
    }

    @Test func refusesAShortSecretADirectoryAndAKeyOpenToOthers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let short = try directory.write("short.key", "too short")
        chmod(short, 0o600)
        let open = try directory.write("open.key", String(repeating: "k", count: 32))
        chmod(open, 0o644)
        let folder = directory.path("folder.key")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (path, reason) in [(short, "holds 9 bytes"), (open, "mode 0644"), (folder, "is a directory")] {
            do {
                _ = try KeyFile.load(path: path) { _ in }
                Issue.record("accepted \(path)")
            } catch {
                #expect("\(error)".contains(reason), "\(error)")
            }
        }
    }

    @Test func fingerprintIsTheFirst16HexDigitsOfTheKeyedHMAC() {
        // HMAC-SHA256(key = 32 bytes of 0x0b, "mcstat key fingerprint"), computed with Python's hmac.
        #expect(KeyFile.fingerprint(of: Data(repeating: 0x0b, count: 32)) == "93ff91c12b02485a")
        #expect(KeyFile.fingerprint(of: Data(repeating: 0x0c, count: 32)) != "93ff91c12b02485a")
    }

    @Test func resolvesThePathInContractOrderNeverBesideTheStore() {
        #expect(KeyFile.path(explicit: "a", environment: ["MCSTAT_KEY_FILE": "b"]) == "a")
        #expect(KeyFile.path(explicit: nil, environment: ["MCSTAT_KEY_FILE": "b", "XDG_CONFIG_HOME": "/x"]) == "b")
        #expect(KeyFile.path(explicit: nil, environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/mcstat/key")
        #expect(KeyFile.path(explicit: nil, environment: ["HOME": "/h"]) == "/h/.config/mcstat/key")
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

import Foundation
import MCTestSupport
import Testing

/// cli.md "Folders and archives": every member of a folder or archive is read, or named in a
/// file-level warning that says why not, or refused as unsafe (exit 3); an empty folder or
/// archive is exit 3; nothing is skipped in silence.
@Suite struct FoldersAndArchivesTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    struct FileEntry {
        var path: String
        var read: Int
        var warnings: Int
        var fatalCode: String?
        var issueCodes: [String]
        var messages: [String]
    }

    /// Runs `validate --format json` and returns the exit status and every file entry.
    func validate(_ paths: [String]) throws -> (status: Int32, files: [FileEntry], totals: [String: Int]) {
        let result = try MCStatProcess.run(["validate", "--format", "json"] + paths, in: directory)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                "not JSON: \(result.stdout) \(result.stderr)")
        let files = try #require(json["files"] as? [[String: Any]]).map { file in
            let issues = file["issues"] as? [[String: Any]] ?? []
            return FileEntry(path: file["path"] as? String ?? "", read: file["read"] as? Int ?? -1,
                             warnings: file["warnings"] as? Int ?? -1,
                             fatalCode: (file["fatal"] as? [String: Any])?["code"] as? String,
                             issueCodes: issues.compactMap { $0["code"] as? String },
                             messages: issues.compactMap { $0["message"] as? String } + [((file["fatal"] as? [String: Any])?["message"] as? String) ?? ""])
        }
        return (result.status, files, try #require(json["totals"] as? [String: Int]))
    }

    /// Makes a zip with Python's zipfile: `members` are (name, bytes) pairs; `links` are symlink
    /// members (name → target).
    func zip(_ name: String, _ members: [(String, Data)], links: [(String, String)] = []) throws -> String {
        let path = directory.path(name)
        var script = "import zipfile, sys\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
        for (index, member) in members.enumerated() {
            let file = try directory.write("zip-src/\(name)-\(index)", member.1)
            script += "i = zipfile.ZipInfo('\(member.0)'); i.compress_type = zipfile.ZIP_DEFLATED\n"
            script += "z.writestr(i, open('\(file)', 'rb').read())\n"
        }
        for (link, target) in links {
            script += "i = zipfile.ZipInfo('\(link)'); i.create_system = 3; i.external_attr = 0o120777 << 16\n"
            script += "z.writestr(i, '\(target)')\n"
        }
        script += "z.close()\n"
        let scriptPath = try directory.write("make-\(name).py", script)
        _ = try ProcessRunner.output("/usr/bin/env", ["python3", scriptPath, path])
        return path
    }

    var export: Data { Data(CanonicalCSV.file([[:], ["credential_id": "C-2"]]).utf8) }

    @Test func aReadmeInAFolderIsANamedWarningNotAFatalError() throws {
        try directory.write("in/export.csv", export)
        try directory.write("in/README.md", "# Exports of Hochschule Eins\nSent every month.\n")
        let (status, files, totals) = try validate([directory.path("in")])
        #expect(status == 0)
        #expect(files.map(\.path) == [directory.path("in/README.md"), directory.path("in/export.csv")])
        #expect(files[0].fatalCode == nil)
        #expect(files[0].issueCodes == ["skipped_file"])
        #expect(files[0].messages[0].contains("not an export"))
        #expect(files[1].read == 2)
        #expect(totals["read"] == 2 && totals["warnings"] == 1)
    }

    @Test func hiddenAndNonUTF8NamedFilesAreNamed() throws {
        try directory.write("in/export.csv", export)
        try directory.write("in/.DS_Store", "x")
        try directory.write("in/.git/config", "x")
        let odd = directory.path("in") + "/caf"
        let oddPath = Array(odd.utf8) + [0xE9] + Array(".csv".utf8) + [0]   // Latin-1 é: not UTF-8
        let fd = oddPath.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        #expect(fd >= 0)
        close(fd)
        let (status, files, _) = try validate([directory.path("in")])
        #expect(status == 0)
        #expect(files.count == 4)
        let reasons = files.filter { $0.read == 0 }.map { $0.messages[0] }
        #expect(reasons.count == 3)
        #expect(reasons.filter { $0.contains("hidden") }.count == 2)
        #expect(reasons.filter { $0.contains("not UTF-8 named") }.count == 1)
        #expect(files.filter { $0.read == 0 }.allSatisfy { $0.issueCodes == ["skipped_file"] && $0.warnings == 1 })
    }

    @Test func anEmptyFolderIsExit3() throws {
        try FileManager.default.createDirectory(atPath: directory.path("empty"), withIntermediateDirectories: true)
        let (status, files, _) = try validate([directory.path("empty")])
        #expect(status == 3)
        #expect(files.map(\.fatalCode) == ["empty_input"])
        let text = try MCStatProcess.run(["validate", directory.path("empty")], in: directory)
        #expect(text.status == 3)
        #expect(text.stdout.contains("holds no files"))
    }

    @Test func aFolderOfOnlyNonExportsIsExit3AndNamesThem() throws {
        try directory.write("docs/README", "read me")
        let (status, files, _) = try validate([directory.path("docs")])
        #expect(status == 3)
        #expect(files.map(\.path) == [directory.path("docs"), directory.path("docs/README")])
        #expect(files[0].fatalCode == "empty_input")
        #expect(files[1].issueCodes == ["skipped_file"])
    }

    @Test func aLinkInAFolderIsRefused() throws {
        try directory.write("in/export.csv", export)
        try FileManager.default.createSymbolicLink(atPath: directory.path("in/elsewhere.csv"), withDestinationPath: "/etc/passwd")
        let (status, files, _) = try validate([directory.path("in")])
        #expect(status == 3)
        #expect(files.first { $0.path.hasSuffix("elsewhere.csv") }?.fatalCode == "unsafe_input")
        #expect(files.first { $0.path.hasSuffix("export.csv") }?.read == 2)
    }

    @Test func unsafeArchiveMembersAreRefusedAndTheOthersRead() throws {
        // `..` climbs out wherever it stands in the path, not only as its first part.
        let archive = try zip("batch.zip", [("ok.csv", export), ("../escape.csv", export), ("/abs.csv", export),
                                            ("sub/../../deep.csv", export), ("sub/inner/../../../x.csv", export)],
                              links: [("link.csv", "/etc/passwd")])
        let (status, files, _) = try validate([archive])
        #expect(status == 3)
        let refused = files.filter { $0.fatalCode == "unsafe_input" }.map(\.path).sorted()
        #expect(refused == [archive + "/../escape.csv", archive + "//abs.csv", archive + "/link.csv",
                            archive + "/sub/../../deep.csv", archive + "/sub/inner/../../../x.csv"])
        #expect(files.first { $0.path == archive + "/ok.csv" }?.read == 2)
        #expect(files.count == 6)
    }

    @Test func skippedArchiveMembersAreNamed() throws {
        let inner = try zip("inner.zip", [("a.csv", export)])
        let archive = try zip("batch.zip", [("ok.csv", export), ("README.txt", Data("hello".utf8)),
                                            (".hidden.csv", export), ("__MACOSX/._ok.csv", Data("x".utf8)),
                                            ("nested.zip", try Data(contentsOf: URL(fileURLWithPath: inner)))])
        let (status, files, totals) = try validate([archive])
        #expect(status == 0)
        #expect(files.count == 5)
        let skipped = files.filter { $0.read == 0 }
        #expect(skipped.count == 4)
        #expect(skipped.allSatisfy { $0.issueCodes == ["skipped_file"] && $0.fatalCode == nil })
        let reasons = skipped.map { $0.messages[0] }
        #expect(reasons.contains { $0.contains("nested archive") })
        #expect(reasons.contains { $0.contains("not an export") })
        #expect(reasons.filter { $0.contains("hidden") }.count == 2)
        #expect(totals["read"] == 2 && totals["warnings"] == 4)
    }

    @Test func aNonUTF8MemberNameIsNamed() throws {
        // Python writes a non-ASCII name as UTF-8 (flag set): that one is read.
        let archive = try zip("names.zip", [("ok.csv", export), ("caf\u{E9}.csv", export)])
        let (status, files, _) = try validate([archive])
        #expect(status == 0)
        #expect(files.filter { $0.read == 2 }.count == 2)
        // The same name in Latin-1 (byte E9, no UTF-8 flag), patched into both headers.
        let latin = try zip("latin.zip", [("ok.csv", export), ("cafX.csv", export)])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: latin)))
        let marker = Array("cafX.csv".utf8)
        var patched = 0
        for index in 0...(bytes.count - marker.count) where Array(bytes[index..<index + marker.count]) == marker {
            bytes[index + 3] = 0xE9
            patched += 1
        }
        #expect(patched == 2)
        try Data(bytes).write(to: URL(fileURLWithPath: latin))
        let (status2, files2, _) = try validate([latin])
        #expect(status2 == 0)
        #expect(files2.filter { $0.read == 0 }.map { $0.messages[0] }.contains { $0.contains("not UTF-8 named") })
    }

    @Test func anEmptyArchiveIsExit3() throws {
        let archive = try zip("empty.zip", [])
        let (status, files, _) = try validate([archive])
        #expect(status == 3)
        #expect(files.map(\.fatalCode) == ["empty_input"])
    }

    /// The 763 KB zip of repeated rows: refused at once for its expansion ratio, nothing unpacked.
    @Test func aZipOfRepeatedRowsIsRefusedByItsRatio() throws {
        let row = CanonicalCSV.row(["credential_id": "C-9"]) + "\n"
        let body = CanonicalCSV.header.joined(separator: ",") + "\n" + String(repeating: row, count: 40_000)
        let archive = try zip("bomb.zip", [("rows.csv", Data(body.utf8))])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)
        #expect(body.utf8.count > 200 * size)
        let (status, files, totals) = try validate([archive])
        #expect(status == 3)
        #expect(files.map(\.fatalCode) == ["unsafe_input"])
        #expect(files.first?.messages.last?.contains("200 times") == true)
        #expect(totals["read"] == 0)
    }

    /// Zip members were unpacked with modes 0644/0755 and stayed after a kill, readable by every
    /// local user. They are unpacked private (0700/0600), and the next run clears what a killed
    /// one left (only its own user's folders, of processes that are gone).
    @Test func membersAreUnpackedPrivatelyAndLeftoversOfKilledRunsAreCleared() throws {
        let archive = try zip("export.zip", [("export.csv", export)])
        let tmp = directory.path("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let killed = try MCStatProcess.run(["validate", archive], in: directory,
                                           environment: ["TMPDIR": tmp, "MCSTAT_TEST_ABORT_AT": "zip-unpacked"])
        #expect(killed.status != 0 && killed.status != 1, "the hook never fired")
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp)
        let unpacked = try #require(left.first, "nothing was left to check")
        #expect(left.count == 1 && unpacked.hasPrefix("mcstat-zip-"), "\(left)")
        let folder = tmp + "/" + unpacked
        #expect((try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
        for member in try FileManager.default.contentsOfDirectory(atPath: folder) {
            #expect((try FileManager.default.attributesOfItem(atPath: folder + "/" + member)[.posixPermissions] as? Int) == 0o600)
        }
        // Another user's or a live process's folder is not ours to clear.
        let live = tmp + "/mcstat-zip-\(getpid())-kept"
        try FileManager.default.createDirectory(atPath: live, withIntermediateDirectories: false)
        let again = try MCStatProcess.run(["validate", archive], in: directory, environment: ["TMPDIR": tmp])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp) == [(live as NSString).lastPathComponent])
    }
}

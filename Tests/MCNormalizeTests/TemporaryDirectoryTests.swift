import Foundation
import MCTestSupport
import Testing

@Suite struct TemporaryDirectoryTests {
    /// A test's folder goes away with the test, contents and all (391 MB were left per run).
    @Test func isRemovedWithItsContentsWhenTheLastReferenceGoes() throws {
        var path = ""
        do {
            let directory = try TemporaryDirectory()
            path = try directory.write("nested/file.csv", "a,b\n")
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent))
    }
}

import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it when
/// the last reference goes away (a suite's instance after each test) or on `remove()`.
///
/// A test that keeps one in a local constant should still say `defer { directory.remove() }`:
/// the optimizer may end a local's lifetime at its last use.
package final class TemporaryDirectory: Sendable {
    package let url: URL

    package init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("mcstat-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { remove() }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    /// Writes `data` to `name` inside the directory and returns its path.
    @discardableResult
    package func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    package func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// A sibling directory (`<directory>.outside`), removed with this one: where a test keeps
    /// what must not lie in the store's folder (pseudonymisation keys).
    package var outside: URL { url.appendingPathExtension("outside") }

    /// `name` inside ``outside``, its folders created.
    package func outsidePath(_ name: String) -> String {
        let file = outside.appendingPathComponent(name)
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        return file.path
    }

    /// Writes a key of 32 copies of `byte` (mode 0600) at `name` inside ``outside`` and returns its path.
    package func key(_ name: String, byte: UInt8 = 7) -> String {
        let path = outsidePath(name)
        FileManager.default.createFile(atPath: path, contents: Data(repeating: byte, count: 32), attributes: [.posixPermissions: 0o600])
        return path
    }

    /// Removes the directory and everything in it (also done when the last reference goes).
    package func remove() {
        try? FileManager.default.removeItem(at: url)
        try? FileManager.default.removeItem(at: outside)
    }
}

import Foundation
package import MCModel

/// Holds the issues of the file being read, already rendered, outside the heap: up to
/// ``memoryLimit`` bytes in memory, the rest in an unlinked temporary file. So a file of two
/// million rejected records costs disk, not memory, and `validate --format json` can still print
/// each file's counts before or after its issues as the output wants.
///
/// Not thread-safe: one reading loop owns it.
package final class IssueSpool {
    /// Renders one issue as its bytes in the output (nil: the output does not show issues).
    let render: ((ValidationIssue, _ first: Bool) -> Data)?
    /// Bytes kept in memory before the spool moves to disk.
    let memoryLimit: Int
    private var buffer = Data()
    private var file: FileHandle?
    private var spilled = 0
    /// Issues added since the last ``reset()``.
    package private(set) var count = 0

    /// - Parameter render: the bytes of one issue, told whether it is the file's first.
    init(memoryLimit: Int = 1 << 20, render: ((ValidationIssue, _ first: Bool) -> Data)?) {
        self.memoryLimit = memoryLimit
        self.render = render
    }

    deinit { try? file?.close() }

    /// Adds issues of the current file.
    package func add(_ issues: [ValidationIssue]) {
        for issue in issues {
            if let render {
                buffer.append(render(issue, count == 0))
                if buffer.count >= memoryLimit { spill() }
            }
            count += 1
        }
    }

    /// Forgets the current file's issues (its import was rolled back, say).
    package func reset() {
        buffer.removeAll(keepingCapacity: true)
        if spilled > 0, let file {
            try? file.truncate(atOffset: 0)
            spilled = 0
        }
        count = 0
    }

    /// Hands the current file's rendered issues to `write` in order, then resets.
    func drain(_ write: (Data) throws -> Void) throws {
        if spilled > 0, let file {
            try file.seek(toOffset: 0)
            var left = spilled
            while left > 0, let chunk = try file.read(upToCount: min(left, 1 << 20)), !chunk.isEmpty {
                try write(chunk)
                left -= chunk.count
            }
        }
        if !buffer.isEmpty { try write(buffer) }
        reset()
    }

    /// Moves the in-memory bytes to the temporary file (made and unlinked on first use; when it
    /// cannot be made, the bytes stay in memory).
    private func spill() {
        if file == nil {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("mcstat-issues-\(UUID().uuidString)").path
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forUpdatingAtPath: path) else { return }
            unlink(path)
            file = handle
        }
        guard let file else { return }
        do {
            try file.seek(toOffset: UInt64(spilled))
            try file.write(contentsOf: buffer)
            spilled += buffer.count
            buffer.removeAll(keepingCapacity: true)
        } catch {
            return
        }
    }
}

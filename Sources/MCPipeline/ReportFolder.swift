import Foundation
internal import MCModel

/// The published report folder, replaced as a whole: files are written into a staging folder
/// beside it (`.<name>.partial-<pid>`), which is swapped in with one atomic rename once every
/// file is complete. `--out` therefore always holds one complete set matching its
/// `manifest.json`; the set it replaced is kept as `<out>.previous`.
struct ReportFolder {
    /// Where the set is published.
    let path: String
    /// Where this run writes it.
    let staging: String
    /// Where a set on its way out is deleted, under a hidden name.
    let trash: String

    /// Prepares a staging folder beside `path`, after clearing what killed runs left there.
    /// Refuses a `path` that is a file, or a non-empty folder that is not a report set (no
    /// `manifest.json`): swapping it away would hide someone's files.
    init(path: String) throws(PipelineError) {
        self.path = path
        let manager = FileManager.default
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .output(path: path, reason: "is a file, not a report folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            guard entries.isEmpty || entries.contains("manifest.json") else {
                throw .output(path: path, reason: "holds files but no manifest.json: not a report folder, so it is not replaced; choose another --out")
            }
        }
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .output(path: parent, reason: "\(error.localizedDescription)")
        }
        let prefix = ".\(name).partial-", trashPrefix = ".\(name).trash-"
        for entry in (try? manager.contentsOfDirectory(atPath: parent)) ?? [] {
            guard let ownPrefix = [prefix, trashPrefix].first(where: { entry.hasPrefix($0) }) else { continue }
            // Left by a run that was killed (its process is gone): never a live run's folder.
            if let pid = Int32(entry.dropFirst(ownPrefix.count)), pid != getpid(), kill(pid, 0) == 0 { continue }
            try? manager.removeItem(atPath: (parent as NSString).appendingPathComponent(entry))
        }
        staging = (parent as NSString).appendingPathComponent(prefix + String(getpid()))
        trash = (parent as NSString).appendingPathComponent(trashPrefix + String(getpid()))
        do {
            try? manager.removeItem(atPath: staging)
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw .output(path: staging, reason: "\(error.localizedDescription)")
        }
    }

    /// Writes one file of the set into the staging folder.
    func write(_ bytes: [UInt8], name: String) throws(PipelineError) {
        let file = (staging as NSString).appendingPathComponent(name)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        } catch {
            throw .output(path: (path as NSString).appendingPathComponent(name), reason: "\(error.localizedDescription)")
        }
    }

    /// Publishes the complete set: exchanges the staging folder with `path` in one atomic rename
    /// (`renameat2` exchange), then exchanges the old set with `<path>.previous` the same way and
    /// deletes what was the previous set under its hidden name. `path` therefore always holds
    /// one whole set, and `<path>.previous` is always whole or absent, whenever the process is
    /// killed. Without an atomic exchange (another system or file system), plain renames: the
    /// old previous set is renamed away whole first, so it is still whole or absent, but there
    /// is a moment without `path`.
    func publish() throws(PipelineError) {
        let manager = FileManager.default
        let previous = path + ".previous"
        TestHook.stop(at: "report-staged")
        guard manager.fileExists(atPath: path) else {
            guard rename(staging, path) == 0 else { throw .output(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        if ReportFolder.exchange(staging, path) {
            TestHook.stop(at: "report-exchanged")
            // `staging` now holds the old set.
            if manager.fileExists(atPath: previous) {
                if ReportFolder.exchange(staging, previous) {
                    TestHook.stop(at: "report-previous-exchanged")
                    ReportFolder.remove(staging)
                    return
                }
                try moveAway(previous)
            }
            guard rename(staging, previous) == 0 else { throw .output(path: previous, reason: String(cString: strerror(errno))) }
        } else {
            if manager.fileExists(atPath: previous) { try moveAway(previous) }
            guard rename(path, previous) == 0, rename(staging, path) == 0 else {
                throw .output(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Renames `folder` to a hidden trash name beside it in one step, then deletes it there: a
    /// kill leaves the folder whole or gone from its place, and the trash is cleared next time.
    private func moveAway(_ folder: String) throws(PipelineError) {
        guard rename(folder, trash) == 0 else { throw .output(path: folder, reason: String(cString: strerror(errno))) }
        TestHook.stop(at: "report-previous-moved")
        ReportFolder.remove(trash)
    }

    /// Deletes a folder of this run's own making (a staging or trash folder), file by file.
    private static func remove(_ folder: String) {
        let manager = FileManager.default
        for entry in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] {
            try? manager.removeItem(atPath: (folder as NSString).appendingPathComponent(entry))
            TestHook.stop(at: "report-deleting")
        }
        try? manager.removeItem(atPath: folder)
    }

    /// Removes the staging folder after a failure, leaving the published set as it was.
    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Linux `renameat2(…, RENAME_EXCHANGE)`: swaps two paths atomically. Looked up at run time
    /// (the C library declares it only for GNU sources); false when unavailable.
    private static func exchange(_ a: String, _ b: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(nil, "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
    }
}

import Foundation

/// Where archives are unpacked: private folders `mcstat-zip-<pid>-<uuid>` (mode 0700) under the
/// temporary directory, removed when their files are done. A process that was killed leaves its
/// folder behind; the next one clears such leftovers at start: only folders of this user, whose
/// process is gone, never through a link.
enum UnpackFolder {
    static let prefix = "mcstat-zip-"

    static var base: URL { FileManager.default.temporaryDirectory }

    /// Cleared once per process.
    private static let cleared: Void = {
        let manager = FileManager.default
        let root = base.path
        for name in (try? manager.contentsOfDirectory(atPath: root)) ?? [] where name.hasPrefix(prefix) {
            let path = (root as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else { continue }
            let rest = name.dropFirst(prefix.count)
            if let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]) {
                // A live process's folder (this one's included) stays.
                if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
            } else {
                // Named by an older mcstat without its pid: cleared once it is a day old.
                guard Date().timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > 86_400 else { continue }
            }
            try? manager.removeItem(atPath: path)
        }
    }()

    /// Removes what killed processes left (once per process).
    static func clearLeftovers() { _ = cleared }
}

import Foundation

/// How far this process has read into a file, for progress: the offset of the descriptor that has
/// the file open, found once through `/proc/self/fd` and then asked with `lseek`. The readers read
/// each file front to back through one descriptor, so its offset is the share done (a little
/// ahead of the records handed out, by the batches in flight). Nil where it cannot be known: a
/// member of an archive, a pipe, a system without `/proc`.
struct ReadPosition {
    private let descriptor: Int32
    private let device: UInt64
    private let inode: UInt64
    /// The file's size in bytes.
    let size: Int64

    init?(path: String) {
        var file = stat()
        guard stat(path, &file) == 0, (file.st_mode & S_IFMT) == S_IFREG, file.st_size > 0,
              let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        for entry in entries {
            guard let descriptor = Int32(entry) else { continue }
            var open = stat()
            if fstat(descriptor, &open) == 0, open.st_dev == file.st_dev, open.st_ino == file.st_ino {
                self.descriptor = descriptor
                device = UInt64(file.st_dev)
                inode = UInt64(file.st_ino)
                size = Int64(file.st_size)
                return
            }
        }
        return nil
    }

    /// Bytes read so far, or nil once the descriptor no longer holds the file.
    var offset: Int64? {
        var open = stat()
        guard fstat(descriptor, &open) == 0, UInt64(open.st_dev) == device, UInt64(open.st_ino) == inode else { return nil }
        let offset = lseek(descriptor, 0, SEEK_CUR)
        return offset >= 0 ? min(Int64(offset), size) : nil
    }
}

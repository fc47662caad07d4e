internal import Crypto
import Foundation
internal import MCModel

/// An upload as it arrives: written chunk by chunk to a private file in the inbox's staging
/// folder (never whole in memory), hashed on the way, refused past the size limit. A writer that
/// is not finished removes its file when it goes away, so an upload cut off mid-way leaves nothing.
package final class UploadWriter {
    package let path: String
    package let limit: Int
    package private(set) var bytes = 0
    private var descriptor: Int32
    private var hasher = SHA256()
    private var finished = false

    /// Creates the staging file (mode 0600, a new random name) in `directory`.
    package init(directory: String, limit: Int) throws(ServeError) {
        path = (directory as NSString).appendingPathComponent(AccessToken.randomHex(bytes: 16) + ".part")
        self.limit = limit
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .inbox(path: directory, reason: "cannot create a staging file: \(String(cString: strerror(errno)))")
        }
    }

    /// Appends a chunk. Throws ``ServeError/uploadTooLarge(limit:)`` once the upload passes the limit.
    package func write(_ chunk: UnsafeRawBufferPointer) throws(ServeError) {
        bytes += chunk.count
        guard bytes <= limit else { throw .uploadTooLarge(limit: limit) }
        hasher.update(bufferPointer: chunk)
        var offset = 0
        while offset < chunk.count {
            let written = Glibc.write(descriptor, chunk.baseAddress! + offset, chunk.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw .inbox(path: path, reason: "cannot write the upload: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// Flushes the file to disk and hands it over; from now on the caller owns the file.
    package func finish() throws(ServeError) -> StagedUpload {
        guard fsync(descriptor) == 0 else {
            throw .inbox(path: path, reason: "cannot flush the upload: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        descriptor = -1
        finished = true
        return StagedUpload(path: path, sha256: hasher.finalize().hexString, bytes: bytes)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !finished { unlink(path) }
    }
}

/// A complete upload in the staging folder, not yet validated or landed.
package struct StagedUpload: Sendable {
    package let path: String
    package let sha256: String
    package let bytes: Int

    /// Removes the staged file.
    package func discard() {
        unlink(path)
    }
}

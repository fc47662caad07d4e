internal import Crypto
import Foundation
package import MCNormalize

/// The pseudonymisation secret's file: found and checked, or created with 32 random bytes
/// (mode 0600, in a folder of mode 0700). It never sits beside the store by default, so that a
/// copy of the store's folder does not carry the means to re-identify learners.
package enum KeyFile {
    /// A loaded secret: the pseudonymizer it keys and its fingerprint.
    package struct Loaded: Sendable {
        package let pseudonymizer: Pseudonymizer
        /// The first 16 hex digits of HMAC-SHA256(secret, "mcstat key fingerprint"): recorded in
        /// the store, so that a later ingest with another key is noticed.
        package let fingerprint: String
    }

    /// The key file to use: `explicit`, else `MCSTAT_KEY_FILE`, else
    /// `$XDG_CONFIG_HOME/mcstat/key` (`$HOME/.config/mcstat/key` when it is unset).
    package static func path(explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let variable = environment["MCSTAT_KEY_FILE"], !variable.isEmpty { return variable }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".config")
        return ((config as NSString).appendingPathComponent("mcstat") as NSString).appendingPathComponent("key")
    }

    /// Refuses a key file that lies in the store's folder or below it, however it was named: a
    /// copy of the store's folder must not carry the means to re-identify learners. Both paths
    /// are compared as the file system resolves them (links, `..`), also when they do not exist yet.
    package static func requireApart(key: String, store: String) throws(PipelineError) {
        let storeFolder = resolved((resolved(store) as NSString).deletingLastPathComponent)
        let keyPath = resolved(key)
        let folder = storeFolder.hasSuffix("/") ? storeFolder : storeFolder + "/"
        guard !keyPath.hasPrefix(folder) else {
            throw .keyFile(path: key, reason: "lies in the store's folder (\(storeFolder)) or below it; a copy of that folder would carry the means to re-identify learners. Keep the key elsewhere, e.g. ~/.config/mcstat/key")
        }
    }

    /// `path` made absolute with links resolved, as far as it exists; the rest appended as named.
    static func resolved(_ path: String) -> String {
        var existing = (path as NSString).isAbsolutePath ? path : FileManager.default.currentDirectoryPath + "/" + path
        var rest: [String] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                var result = String(cString: real)
                for part in rest.reversed() {
                    if part == ".." { result = (result as NSString).deletingLastPathComponent } else if part != "." && !part.isEmpty {
                        result = (result as NSString).appendingPathComponent(part)
                    }
                }
                return result
            }
            let parent = (existing as NSString).deletingLastPathComponent
            guard parent != existing, !parent.isEmpty else { return path }
            rest.append((existing as NSString).lastPathComponent)
            existing = parent
        }
    }

    /// The fingerprint of a secret.
    package static func fingerprint(of secret: Data) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("mcstat key fingerprint".utf8), using: SymmetricKey(data: secret))
        return String(Data(code).hexString.prefix(16))
    }

    /// Loads the secret at `path`, creating it when missing (`notice` then says where). Refuses
    /// a directory, a file readable or writable by group or others, and a secret shorter than 32
    /// bytes.
    package static func load(path: String, notice: (String) -> Void) throws(PipelineError) -> Loaded {
        // Creating, it never answers nil.
        try read(path: path, creating: true, notice: notice)!
    }

    /// Loads the secret at `path` with the same checks as ``load(path:notice:)``, but never
    /// creates it: nil when there is no file (commands that keep nothing, as `validate --explain`).
    package static func loadExisting(path: String) throws(PipelineError) -> Loaded? {
        try read(path: path, creating: false) { _ in }
    }

    /// The checked secret at `path`; when there is none, a new one if `creating`, else nil.
    private static func read(path: String, creating: Bool, notice: (String) -> Void) throws(PipelineError) -> Loaded? {
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { throw .keyFile(path: path, reason: String(cString: strerror(errno))) }
            guard creating else { return nil }
            try create(path)
            notice("created a new pseudonymisation key at \(path) (mode 0600); back it up and keep it apart from the store: without it, the same learner gets a different key")
            guard lstat(path, &info) == 0 else { throw .keyFile(path: path, reason: String(cString: strerror(errno))) }
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw .keyFile(path: path, reason: "is a directory; the key is a file of at least \(Pseudonymizer.minimumSecretLength) random bytes")
        }
        if info.st_mode & 0o077 != 0 {
            throw .keyFile(path: path, reason: String(format: "has mode %04o: it is open to group or others; restrict it with chmod 600", info.st_mode & 0o7777))
        }
        guard let secret = FileManager.default.contents(atPath: path) else {
            throw .keyFile(path: path, reason: "cannot read it")
        }
        guard secret.count >= Pseudonymizer.minimumSecretLength else {
            throw .keyFile(path: path, reason: "holds \(secret.count) bytes; the secret needs at least \(Pseudonymizer.minimumSecretLength) random bytes")
        }
        return Loaded(pseudonymizer: Pseudonymizer(secret: secret), fingerprint: fingerprint(of: secret))
    }

    /// Creates the folder (0700) when missing, then the file with 32 random bytes (0600).
    private static func create(_ path: String) throws(PipelineError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .keyFile(path: path, reason: "cannot create its folder: \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .keyFile(path: path, reason: "cannot create it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        fchmod(descriptor, 0o600)
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw .keyFile(path: path, reason: "cannot write it: \(String(cString: strerror(errno)))")
        }
    }
}

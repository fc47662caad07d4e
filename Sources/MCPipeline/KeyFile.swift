import Foundation
import MCNormalize

/// The pseudonymisation secret's file: found, or created with 32 random bytes and mode 0600.
public enum KeyFile {
    /// The key file to use: `explicit`, else `MCSTAT_KEY_FILE`, else `<store>.key`.
    public static func path(explicit: String?, store: String, environment: [String: String]) -> String {
        explicit ?? environment["MCSTAT_KEY_FILE"] ?? store + ".key"
    }

    /// Loads the secret at `path`, creating it when missing. `warn` receives a message when a new
    /// key was created. Throws when the file exists but is unreadable or shorter than 32 bytes.
    public static func load(path: String, warn: (String) -> Void) throws(PipelineError) -> Pseudonymizer {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = generator.next() }
            guard manager.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
                throw .keyFile(path: path, reason: "cannot create it")
            }
            warn("created a new pseudonymisation key at \(path); keep it apart from the store and back it up: without it, the same learner gets a different key")
        }
        guard let secret = manager.contents(atPath: path) else {
            throw .keyFile(path: path, reason: "cannot read it")
        }
        guard secret.count >= Pseudonymizer.minimumSecretLength else {
            throw .keyFile(path: path, reason: "holds \(secret.count) bytes; the secret needs at least \(Pseudonymizer.minimumSecretLength) random bytes")
        }
        return Pseudonymizer(secret: secret)
    }
}

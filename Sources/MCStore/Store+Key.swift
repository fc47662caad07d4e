internal import GRDB

extension Store {
    /// The fingerprint of the key the store was filled with, when recorded, and whether the
    /// store holds any credential (a store filled before fingerprints were recorded has none).
    package func keyFingerprint() throws(StoreError) -> (fingerprint: String?, hasCredentials: Bool) {
        try read("read the key fingerprint") { db in
            (try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = 'key_fingerprint'"),
             try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM credentials)") ?? false)
        }
    }

    /// Records the pseudonymisation key's fingerprint on first use; throws
    /// ``StoreError/keyMismatch(path:stored:given:)`` when the store was filled with another key.
    package func bindKeyFingerprint(_ fingerprint: String) throws(StoreError) {
        let stored: String? = try write("record the key fingerprint") { db in
            if let stored = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE name = 'key_fingerprint'") {
                return stored
            }
            try db.execute(sql: "INSERT INTO settings (name, value) VALUES ('key_fingerprint', ?)", arguments: [fingerprint])
            return nil
        }
        if let stored, stored != fingerprint {
            throw .keyMismatch(path: path, stored: stored, given: fingerprint)
        }
    }
}

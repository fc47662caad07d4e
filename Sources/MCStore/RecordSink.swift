package import MCModel

/// Receives one file's records inside its import transaction, whichever store it is: accepted
/// credentials are stored as a new version of their key (replacing the stored one) unless they
/// are unchanged or stale, rejected ones quarantined. Counts what it got.
///
/// A store may apply accepted records as they come (SQLite) or stage them and apply them all at
/// once (PostgreSQL: `COPY` into a staging table, then the rules in SQL), so which records were
/// stale is known for certain only after ``settle()``, which the caller calls once its records
/// are all handed over (the import calls it too, in case the caller did not).
package protocol RecordSink {
    /// Records read, accepted, rejected; warnings; accepted records found stale (after ``settle()``).
    var read: Int { get }
    var accepted: Int { get }
    var rejected: Int { get }
    var warnings: Int { get }
    var stale: Int { get }

    /// Takes an accepted credential by its row, built beforehand (on another thread): it becomes
    /// a new version of its key, unless it is identical to the stored version (unchanged) or to
    /// an older one that a newer version replaced (stale: the newer one stays). Within a file,
    /// records count in their order, as if each were stored before the next was read.
    mutating func accept(_ row: CredentialRow, provenance: Provenance, warnings: Int) throws
    /// Quarantines a rejected record with its reason, listed under `awardingBody` (nil: the one
    /// the record names); `raw` is its values as stored, when made beforehand by
    /// ``ImportSink/rawValues(of:)``. Returns a handle for ``recordBytes(ofQuarantined:start:end:sha256:)``.
    @discardableResult
    mutating func quarantine(_ rejection: Rejection, warnings: Int, awardingBody: String?, raw: String?) throws -> Int64
    /// Records where the bytes of quarantined entry `id` (a record that could not be read apart)
    /// lie in the file, and their SHA-256.
    mutating func recordBytes(ofQuarantined id: Int64, start: Int, end: Int, sha256: String) throws
    /// Counts file-level warnings (unknown columns, …).
    mutating func addWarnings(_ count: Int)
    /// Applies every record handed over so far and hands each record found stale since the last
    /// call to `found`, in file order, one at a time: a file with many stale records is not held
    /// in memory twice (a store that stages records reads them back through a cursor).
    mutating func settle(_ found: (StaleRecord) throws -> Void) throws
}

/// An accepted record that was not stored because a newer version of it had replaced the one it
/// repeats (a re-sent old export).
package struct StaleRecord: Sendable, Equatable {
    package var credentialId: String
    /// Where it was read: its record, line and pointer in the imported file (a store that stages
    /// records keeps only these).
    package var provenance: Provenance
    /// The import that brought the newer version.
    package var replacedBy: ImportReference

    package init(credentialId: String, provenance: Provenance, replacedBy: ImportReference) {
        self.credentialId = credentialId
        self.provenance = provenance
        self.replacedBy = replacedBy
    }
}

extension RecordSink {
    /// Applies every record handed over so far and returns those found stale since the last
    /// call, in file order (see ``settle(_:)``).
    package mutating func settle() throws -> [StaleRecord] {
        var all: [StaleRecord] = []
        try settle { all.append($0) }
        return all
    }

    /// Takes an accepted credential (see ``accept(_:provenance:warnings:)``), its row built here.
    package mutating func accept(_ credential: Credential, provenance: Provenance, warnings: Int = 0) throws {
        try accept(CredentialRow(credential), provenance: provenance, warnings: warnings)
    }

    /// Takes a credential by its row (see ``accept(_:provenance:warnings:)``), with no warnings.
    package mutating func accept(_ row: CredentialRow, provenance: Provenance) throws {
        try accept(row, provenance: provenance, warnings: 0)
    }

    /// Quarantines a rejected record under the awarding body it names (see ``quarantine(_:warnings:awardingBody:raw:)``).
    @discardableResult
    package mutating func quarantine(_ rejection: Rejection, warnings: Int = 0) throws -> Int64 {
        try quarantine(rejection, warnings: warnings, awardingBody: nil, raw: nil)
    }
}

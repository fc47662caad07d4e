package import MCModel

/// The pipeline's store, whichever kind it is (the embedded SQLite ``Store``, or PostgreSQL when
/// one machine is not enough): what ingest, `run`, the reports, `runs`, `rejects`, `doctor` and
/// the web service's pipeline side ask of it. `StoreOpener` (MCPipeline) opens the kind that
/// `--store` names (``StoreLocation``).
///
/// Contract, for every kind: a file's import is one transaction (wholly stored or not at all);
/// a read sees one consistent snapshot; methods throw ``StoreError`` naming ``path`` (the
/// PostgreSQL store's `importFile` also rethrows what its `body` throws, as is). Writers hold the
/// store's writer lock (one writer at a time); readers never block.
package protocol PipelineStore: StoredFacts, StoreCopying, AnyObject {
    /// The store as messages name it: a file's path, or a URL without its password.
    var path: String { get }

    // MARK: Imports

    /// The earlier import of a file with this SHA-256 under `binding` (the awarding bodies its
    /// source binds, `|`-joined; '' for none), if any.
    func previousImport(sha256: String, binding: String) throws(StoreError) -> ImportReceipt?
    /// Imports one file in one transaction. `body` streams the file's records into the sink;
    /// when it throws, nothing of the file is kept and the error is rethrown as is.
    func importFile(path file: String, sha256: String, binding: String, format: String, runId: Int64?,
                    body: (inout any RecordSink) throws -> Void) throws -> ImportReceipt
    /// The import ledger, oldest first.
    func imports() throws(StoreError) -> [ImportReceipt]
    /// Hands quarantined records to `visit` one at a time, in import and record order, filtered
    /// by run and awarding body when given, until `visit` answers false.
    func eachQuarantined(runId: Int64?, awardingBodyId: String?, _ visit: (QuarantinedRecord) -> Bool) throws(StoreError)

    // MARK: Runs

    /// Whether run `id` is in the run history.
    func runExists(id: Int64) throws(StoreError) -> Bool
    /// Records the start of a run and returns its id.
    func beginRun(pipeline: String) throws(StoreError) -> Int64
    /// Marks every run still `running` as `interrupted` (only the writer holding the lock calls
    /// it); returns the ids marked.
    @discardableResult
    func markInterruptedRuns() throws(StoreError) -> [Int64]
    /// Records how a run ended.
    func finishRun(id: Int64, outcome: String, summary: String) throws(StoreError)
    /// Run history, newest first.
    func runs() throws(StoreError) -> [RunRecord]

    // MARK: Releases

    /// What the folder `out` last published, per group (rows, not record versions).
    func publishedGroups(out: String) throws(StoreError) -> [ReleaseGroup: PublishedGroup]
    /// The current version of every stored record, per (country, year) of issue.
    func recordVersions() throws(StoreError) -> [ReleaseGroup: RecordVersions]
    /// Per group with records, and per group the folder `out` last published under `layout`: how
    /// many records were added, corrected or revoked since it did (every record of a group it
    /// never published under `layout`).
    func releaseChanges(out: String, layout: String) throws(StoreError) -> [ReleaseGroup: Int]
    /// Records a release in one transaction, with the current record versions of each group it
    /// released (read again there: the caller holds the writer lock, so they are the versions
    /// ``releaseChanges(out:layout:)`` compared); returns it as run history shows it.
    func recordRelease(_ release: NewRelease) throws(StoreError) -> ReleaseRecord
    /// The releases a run recorded.
    func releases(runId: Int64) throws(StoreError) -> [ReleaseRecord]

    // MARK: Keys

    /// The fingerprint of the key the store was filled with, when recorded, and whether the
    /// store holds any credential.
    func keyFingerprint() throws(StoreError) -> (fingerprint: String?, hasCredentials: Bool)
    /// Records the key's fingerprint on first use; throws ``StoreError/keyMismatch(path:stored:given:)``
    /// when the store was filled with another key.
    func bindKeyFingerprint(_ fingerprint: String) throws(StoreError)
    /// How many stored credentials have no record keys yet.
    func credentialsWithoutRecordKeys() throws(StoreError) -> Int
    /// Gives every credential without record keys its keys, in slices of `slice` rows, one
    /// transaction each; returns how many it gave.
    @discardableResult
    func fillRecordKeys(slice: Int,
                        _ keys: (_ awardingBodyId: String, _ credentialId: String, _ learnerKey: String) -> RecordKeys) throws(StoreError) -> Int

    // MARK: Health

    /// Counts and versions for `mcstat doctor`.
    func health() throws(StoreError) -> StoreHealth
}

extension PipelineStore {
    /// The earlier import of a file with this SHA-256 under no binding (see ``previousImport(sha256:binding:)``).
    package func previousImport(sha256: String) throws(StoreError) -> ImportReceipt? {
        try previousImport(sha256: sha256, binding: "")
    }

    /// Imports one file under no binding (see ``importFile(path:sha256:binding:format:runId:body:)``).
    package func importFile(path file: String, sha256: String, format: String, runId: Int64?,
                            body: (inout any RecordSink) throws -> Void) throws -> ImportReceipt {
        try importFile(path: file, sha256: sha256, binding: "", format: format, runId: runId, body: body)
    }

    /// The snapshot of ``StoredFacts/readSnapshot(sortingThreads:_:)``, sorted on the caller's thread alone.
    package func readSnapshot(_ visit: (CredentialFact) -> Void) throws -> [RejectionCount] {
        try readSnapshot(sortingThreads: 0, visit)
    }

    /// Gives record keys in slices of 10,000 (see ``fillRecordKeys(slice:_:)``).
    @discardableResult
    package func fillRecordKeys(_ keys: (_ awardingBodyId: String, _ credentialId: String, _ learnerKey: String) -> RecordKeys) throws(StoreError) -> Int {
        try fillRecordKeys(slice: 10_000, keys)
    }

    /// Quarantined records, filtered by run and awarding body when given (all in memory: for
    /// tests and the web service's short lists; `rejects` streams them with ``eachQuarantined(runId:awardingBodyId:_:)``).
    package func quarantined(runId: Int64? = nil, awardingBodyId: String? = nil) throws(StoreError) -> [QuarantinedRecord] {
        var records: [QuarantinedRecord] = []
        try eachQuarantined(runId: runId, awardingBodyId: awardingBodyId) { records.append($0); return true }
        return records
    }

    /// Every stored credential with `status = issued`, in key order (all in memory: for tests and
    /// small stores; reports stream the store with ``StoredFacts/readSnapshot(sortingThreads:_:)``).
    package func issuedCredentials() throws -> [CredentialFact] {
        var issued: [CredentialFact] = []
        _ = try readSnapshot(sortingThreads: 0) { if $0.status == .issued { issued.append($0) } }
        return issued.sorted { ($0.awardingBodyId, $0.credentialId) < ($1.awardingBodyId, $1.credentialId) }
    }
}

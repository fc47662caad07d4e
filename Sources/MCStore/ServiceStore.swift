/// The web service's tables (accounts, submissions and their receipts, and the sign-in state:
/// page sessions, sign-in nonces, failed sign-ins), whichever kind of store
/// holds them: ``SQLiteServiceStore`` for the embedded store, `PostgresServiceStore`
/// (MCStorePostgres) for PostgreSQL. Plain records and values in and out, never a database
/// type, so that the service holds no SQL of its own.
///
/// Contract, for every kind: methods may be called from many threads at once; each is one
/// consistent read or one transaction; text compares and sorts by its bytes; errors are
/// ``StoreError``s naming ``path``.
package protocol ServiceStore: AnyObject, Sendable {
    /// The store as messages name it: a file's path, or a URL without its password.
    var path: String { get }

    // MARK: Accounts (awarding bodies as a list; an awarding-body id holds no `|`)

    /// Adds an account; an id or token digest already there is an error.
    func insertAccount(_ account: AccountRecord) throws(StoreError)
    /// Every account, revoked ones included, oldest first (then by id).
    func accounts() throws(StoreError) -> [AccountRecord]
    /// The account with this id; with `activeOnly`, nil for a revoked one.
    func account(id: String, activeOnly: Bool) throws(StoreError) -> AccountRecord?
    /// Marks an active account revoked at `time`; false when there is no active account `id`.
    func revokeAccount(id: String, at time: String) throws(StoreError) -> Bool

    // MARK: Submissions

    /// The receipt (JSON) of these bytes for this awarding body, when they were received before.
    func submissionReceipt(awardingBody: String, sha256: String) throws(StoreError) -> String?
    /// The receipt (JSON) of the submission `id`.
    func submissionReceipt(id: String) throws(StoreError) -> String?
    /// The awarding body the submission `id` was made for.
    func submissionAwardingBody(id: String) throws(StoreError) -> String?
    /// Bytes `accountId` landed at `since` or later (ISO 8601 in UTC, as stored).
    func bytesLanded(accountId: String, since: String) throws(StoreError) -> Int
    /// What the institution called each landed file of these awarding bodies (the summary's
    /// `name`; its landing name when it gave none), by its path in the inbox.
    func submittedFileNames(awardingBodies: [String]) throws(StoreError) -> [String: String]
    /// The summaries (JSON receipts without their `validation`) of these awarding bodies'
    /// submissions (every body's when nil), newest first.
    func submissionSummaries(awardingBodies: [String]?) throws(StoreError) -> [String]
    /// Records `submission` unless one for the same awarding body and bytes exists, in one
    /// transaction; `land` moves the file into the inbox inside that transaction (its error is
    /// rethrown as is, and nothing is recorded). Returns the earlier receipt (JSON) when there was
    /// one (and then `land` was not called), nil when `submission` was recorded. Two services
    /// recording the same bytes at once: one records and lands, the other gets its receipt.
    func recordSubmission(_ submission: SubmissionRecord, land: () throws -> Void) throws -> String?
    /// Landed files received before `time` whose raw upload is still kept, oldest first: those
    /// that landed in the inbox `inbox`, and those whose inbox is not known.
    func landedFiles(receivedBefore time: String, inbox: String) throws(StoreError) -> [LandedFile]
    /// Records that the raw upload of submission `id` was deleted at `time`.
    func markRawUploadDeleted(submissionId id: String, at time: String) throws(StoreError)
    /// The raw uploads still kept whose inbox is known: each file's path in its inbox, with that
    /// inbox's id (to recognise an inbox that lost its `.inbox-id`).
    func keptUploadInboxes() throws(StoreError) -> [(file: String, inbox: String)]

    // MARK: Sign-in state (secrets only as their SHA-256; times are Unix milliseconds)

    /// Stores a new page session in one transaction: drops every session expired at `now`, then
    /// the account's oldest (by expiry, then by age) so that with the new one it has at most
    /// `maxPerAccount`. Two services signing one account in at once keep that bound.
    func openPageSession(_ session: PageSessionRecord, maxPerAccount: Int, now: Int64) throws(StoreError)
    /// The session whose cookie value has this digest, when it is live at `now`.
    func pageSession(idSHA256: String, now: Int64) throws(StoreError) -> PageSessionRecord?
    /// Ends the session whose cookie value has this digest (signing out).
    func closePageSession(idSHA256: String) throws(StoreError)
    /// Stores an issued sign-in nonce's digest, live until `expiresMs`; drops the nonces expired
    /// at `now` and the oldest beyond the newest `capacity`.
    func issueSignInNonce(sha256: String, expiresMs: Int64, capacity: Int, now: Int64) throws(StoreError)
    /// Uses up the nonce with this digest, in one statement (of two services given the same
    /// nonce at once, one gets it): true when it was issued and is live at `now`.
    func consumeSignInNonce(sha256: String, now: Int64) throws(StoreError) -> Bool
    /// The failure windows of these key digests that are still open at `now` (started after
    /// `now - windowMs`).
    func signInFailures(keys: [String], now: Int64, windowMs: Int64) throws(StoreError) -> [SignInFailureWindow]
    /// Counts one failure against each key digest, in one transaction: within its open window,
    /// or as the first of a new window starting at `now`; windows ended at `now` are dropped.
    func recordSignInFailure(keys: [String], now: Int64, windowMs: Int64) throws(StoreError)
}

extension ServiceStore {
    /// The account with this id, revoked or not.
    package func account(id: String) throws(StoreError) -> AccountRecord? { try account(id: id, activeOnly: false) }
}

import Foundation
import MCStore
import MCTestSupport
import Testing

/// The web service's tables through ``ServiceStore``, on every kind of store of the build (a real
/// SQLite file, a real PostgreSQL database): what any store behind these methods must do.
@Suite struct ServiceStoreTests {
    let directory: TemporaryDirectory
    init() throws {
        directory = try TemporaryDirectory()
    }

    func submission(_ id: String, body: String = "HS-1", sha256: String = "aa", at time: String = "2026-01-01T10:00:00Z",
                    bytes: Int = 10, inbox: String? = "inbox-a") -> SubmissionRecord {
        SubmissionRecord(id: id, accountId: "acc1", awardingBodyId: body, sha256: sha256, receivedAt: time, file: "\(body)/\(id).csv",
                         bytes: bytes, receipt: #"{"id":"\#(id)","validation":{}}"#, summary: #"{"id":"\#(id)","name":"export-\#(id).csv"}"#,
                         inbox: inbox)
    }

    @Test(arguments: StoreBackend.all)
    func accountsAreAddedListedFoundAndRevokedOnce(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        try backend.withServiceStore(in: directory) { tables, reopen in
        let first = AccountRecord(id: "acc1", role: "submitter", awardingBodies: ["HS-1", "HS-2"], label: "TU", tokenSHA256: "d1",
                                  createdAt: "2026-01-01T00:00:00Z")
        let second = AccountRecord(id: "acc0", role: "analyst", awardingBodies: [], label: nil, tokenSHA256: "d2",
                                   createdAt: "2026-01-02T00:00:00Z")
        try tables.insertAccount(second)
        try tables.insertAccount(first)
        #expect(try tables.accounts() == [first, second], "oldest first, awarding bodies as given")
        #expect(try tables.account(id: "acc1", activeOnly: true) == first)
        #expect(try tables.revokeAccount(id: "acc1", at: "2026-02-01T00:00:00Z"))
        #expect(try !tables.revokeAccount(id: "acc1", at: "2026-02-02T00:00:00Z"), "revoked once")
        #expect(try !tables.revokeAccount(id: "nobody", at: "2026-02-02T00:00:00Z"))
        #expect(try tables.account(id: "acc1", activeOnly: true) == nil)
        #expect(try tables.account(id: "acc1")?.revokedAt == "2026-02-01T00:00:00Z")
        #expect(throws: StoreError.self) { try tables.insertAccount(first) }
        // Another service on the same store sees the same accounts.
        #expect(try reopen().accounts().map(\.id) == ["acc1", "acc0"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aSubmissionIsRecordedOncePerBodyAndBytesAndLandsInItsTransaction(_ backend: StoreBackend) throws {
        defer { directory.remove() }
        try backend.withServiceStore(in: directory) { tables, reopen in
        try tables.insertAccount(AccountRecord(id: "acc1", role: "submitter", awardingBodies: ["HS-1"], label: nil, tokenSHA256: "d",
                                               createdAt: "2026-01-01T00:00:00Z"))
        var landed = 0
        #expect(try tables.recordSubmission(submission("s1")) { landed += 1 } == nil)
        let earlier = try tables.recordSubmission(submission("s2")) { landed += 1 }
        #expect(earlier == submission("s1").receipt && landed == 1, "the same bytes again: the earlier receipt, not landed again")
        // A landing that fails leaves nothing recorded, and its error comes back as it was.
        #expect(throws: CancellationError.self) { try tables.recordSubmission(submission("s3", sha256: "bb")) { throw CancellationError() } }
        #expect(try tables.submissionReceipt(id: "s3") == nil)
        _ = try tables.recordSubmission(submission("s4", body: "HS-2", sha256: "cc", at: "2026-01-02T10:00:00Z", bytes: 5)) {}
        #expect(try tables.submissionReceipt(awardingBody: "HS-1", sha256: "aa") == submission("s1").receipt)
        #expect(try tables.submissionAwardingBody(id: "s4") == "HS-2")
        #expect(try tables.bytesLanded(accountId: "acc1", since: "2026-01-02T00:00:00Z") == 5)
        #expect(try tables.submittedFileNames(awardingBodies: ["HS-1"]) == ["HS-1/s1.csv": "export-s1.csv"])
        #expect(try tables.submissionSummaries(awardingBodies: nil) == [submission("s4").summary, submission("s1").summary], "newest first")
        #expect(try tables.submissionSummaries(awardingBodies: ["HS-2"]) == [submission("s4").summary])
        #expect(try tables.landedFiles(receivedBefore: "2026-01-02T00:00:00Z", inbox: "inbox-a")
            == [LandedFile(submissionId: "s1", awardingBodyId: "HS-1", sha256: "aa", file: "HS-1/s1.csv", inbox: "inbox-a")])
        // Another inbox's upload is not this inbox's to delete; one whose inbox is unknown may be.
        _ = try tables.recordSubmission(submission("s6", sha256: "dd", at: "2026-01-03T10:00:00Z", inbox: "inbox-b")) {}
        _ = try tables.recordSubmission(submission("s7", sha256: "ee", at: "2026-01-04T10:00:00Z", inbox: nil)) {}
        #expect(try tables.landedFiles(receivedBefore: "2026-12-31T00:00:00Z", inbox: "inbox-b").map(\.submissionId) == ["s6", "s7"])
        try tables.markRawUploadDeleted(submissionId: "s1", at: "2026-04-01T00:00:00Z")
        #expect(try tables.landedFiles(receivedBefore: "2026-12-31T00:00:00Z", inbox: "inbox-a").map(\.submissionId) == ["s4", "s7"])
        // Another service on the same store: the same bytes give the earlier receipt.
        #expect(try reopen().recordSubmission(submission("s5")) { landed += 1 } == submission("s1").receipt && landed == 1)
        }
    }
}

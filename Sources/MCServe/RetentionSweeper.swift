import Foundation
internal import MCNormalize
internal import MCStore
internal import ServiceLifecycle

/// Deletes raw uploads (they hold clear learner ids) once the nightly run has imported them and
/// `--retention-days` have passed since they arrived; the receipt, with the SHA-256, stays, and
/// the submission records when its file went. Runs at start and every hour while serving.
/// A service deletes only what landed in its own inbox (by the inbox's id: with a shared inbox,
/// every upload; with one inbox per service, its own), so that it never marks deleted an upload
/// another service still holds. An upload landed before the store recorded its inbox is marked
/// deleted only when this service deleted the file.
package struct RetentionSweeper: Service {
    let services: ServeServices

    package init(services: ServeServices) {
        self.services = services
    }

    package func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    _ = try? await offload { try sweep() }
                    try await Task.sleep(for: .seconds(3600))
                }
            }
        } catch is CancellationError {}
    }

    /// Deletes what is due at `now`; returns how many raw uploads were deleted.
    @discardableResult
    package func sweep(now: Date = Date()) throws -> Int {
        let days = services.configuration.retentionDays
        let cutoff = ServiceDatabase.timestamp(now.addingTimeInterval(-Double(days) * 86_400))
        guard let inbox = services.desk.inbox.id else { return 0 }
        let due = try services.database.run { store throws(StoreError) in try store.landedFiles(receivedBefore: cutoff, inbox: inbox) }
        var deleted = 0
        for landed in due {
            let id = landed.submissionId, sha256 = landed.sha256, file = landed.file
            // Never imported yet: the nightly run still needs it.
            guard try isImported(landed) else { continue }
            let path = (services.configuration.inboxPath as NSString).appendingPathComponent(file)
            // Gone already from this inbox: deleted all the same. Of an upload whose inbox is not
            // known, a missing file may be one another service still holds.
            guard unlink(path) == 0 || (errno == ENOENT && landed.inbox != nil) else { continue }
            try services.database.run { store throws(StoreError) in
                try store.markRawUploadDeleted(submissionId: id, at: ServiceDatabase.timestamp(now))
            }
            services.audit.record("raw_upload_deleted", account: nil, awardingBody: landed.awardingBodyId,
                                  details: ["submission": id, "sha256": sha256, "retention_days": "\(days)"])
            deleted += 1
        }
        return deleted
    }

    /// Whether the upload was imported: by the nightly run, which reads an awarding body's inbox
    /// folder under that body's binding, or by a plain `ingest` of the file (no binding).
    func isImported(_ landed: LandedFile) throws(StoreError) -> Bool {
        let binding = SourcePolicy(awardingBodies: [landed.awardingBodyId]).binding
        if try services.store.previousImport(sha256: landed.sha256, binding: binding) != nil { return true }
        return try services.store.previousImport(sha256: landed.sha256, binding: "") != nil
    }
}

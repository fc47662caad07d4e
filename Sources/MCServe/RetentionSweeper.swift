import Foundation
internal import MCStore
internal import ServiceLifecycle

/// Deletes raw uploads (they hold clear learner ids) once the nightly run has imported them and
/// `--retention-days` have passed since they arrived; the receipt, with the SHA-256, stays, and
/// the submission records when its file went. Runs at start and every hour while serving.
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
        let due = try services.database.run { store throws(StoreError) in try store.landedFiles(receivedBefore: cutoff) }
        var deleted = 0
        for landed in due {
            let id = landed.submissionId, sha256 = landed.sha256, file = landed.file
            // Never imported yet: the nightly run still needs it.
            guard try services.store.previousImport(sha256: sha256, binding: "") != nil else { continue }
            let path = (services.configuration.inboxPath as NSString).appendingPathComponent(file)
            guard unlink(path) == 0 || errno == ENOENT else { continue }
            try services.database.run { store throws(StoreError) in
                try store.markRawUploadDeleted(submissionId: id, at: ServiceDatabase.timestamp(now))
            }
            services.audit.record("raw_upload_deleted", account: nil, awardingBody: landed.awardingBodyId,
                                  details: ["submission": id, "sha256": sha256, "retention_days": "\(days)"])
            deleted += 1
        }
        return deleted
    }
}

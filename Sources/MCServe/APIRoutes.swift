import Foundation
internal import Hummingbird
internal import MCStore

/// The JSON API under `/api/v1` and the operational routes (`/healthz`, `/metrics`). Every route
/// checks the account's role, and every submission or reject is filtered by the account's
/// awarding bodies; what another institution sent answers 404, as if it did not exist.
struct APIRoutes: Sendable {
    let services: ServeServices

    func register(on router: Router<ServeContext>) {
        router.get("/healthz") { _, _ in JSONBody.response(["status": "ok"]) }
        router.get("/metrics") { _, context in
            _ = try context.require(.analyst, .admin)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: services.metrics.exposition() + services.connectionMetrics())))
        }
        router.get("/api/v1/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        let api = router.group("/api/v1")
        api.post("submissions") { request, context in try await submit(request, context) }
        api.get("submissions") { _, context in
            let account = try context.require(.submitter, .admin)
            let receipts = try await offload { try services.ledger.receipts(awardingBodies: account.role == .admin ? nil : account.awardingBodies) }
            return JSONBody.response(["submissions": receipts])
        }
        api.get("submissions/{id}") { _, context in
            let account = try context.require(.submitter, .admin)
            let id = try context.parameters.require("id")
            guard let receipt = try await offload({ try services.ledger.receipt(id: id) }),
                  account.mayRead(awardingBody: receipt.awardingBody) else { throw APIError.notFound }
            services.audit.record("read_receipt", account: account, awardingBody: receipt.awardingBody, address: context.remoteAddress,
                                  details: ["submission": id])
            return JSONBody.response(receipt)
        }
        api.get("submissions/{id}/validation") { _, context in
            let account = try context.require(.submitter, .admin)
            let id = try context.parameters.require("id")
            guard let body = try await offload({ try services.ledger.awardingBody(ofSubmission: id) }), account.mayRead(awardingBody: body) else {
                throw APIError.notFound
            }
            let path = services.desk.inbox.validationReport(id: id)
            guard FileManager.default.fileExists(atPath: path) else { throw APIError.notFound }
            services.audit.record("read_validation_report", account: account, awardingBody: body, address: context.remoteAddress,
                                  details: ["submission": id])
            return Response(status: .ok, headers: [.contentType: "application/json"], body: try await FileIO().loadFile(path: path, context: context))
        }
        api.get("rejects") { request, context in
            let account = try context.require(.submitter, .admin)
            let bodies = try Self.awardingBodies(request, account)
            let rejects = try await offload { try services.rejects(of: bodies) }
            services.audit.record("read_rejects", account: account, address: context.remoteAddress,
                                  details: ["awarding_bodies": bodies.joined(separator: " "), "count": "\(rejects.count)"])
            return JSONBody.response(["rejects": rejects])
        }
        api.get("reports") { _, context in
            _ = try context.require(.analyst, .admin)
            return ReportListing.response(files: services.reports.entries(), manifest: services.reports.manifest())
        }
        api.get("reports/{name}") { _, context in
            let account = try context.require(.analyst, .admin)
            let name = try context.parameters.require("name")
            guard let path = services.reports.path(of: name) else { throw APIError.notFound }
            services.audit.record("download", account: account, address: context.remoteAddress, details: ["file": name])
            let body = try await FileIO().loadFile(path: path, context: context)
            return Response(status: .ok, headers: [.contentType: Self.mediaType(of: name)], body: body)
        }
        api.get("runs") { _, context in
            _ = try context.require(.analyst, .admin)
            let runs = try await offload { try services.store.runs() }
            return JSONBody.response(["runs": runs])
        }
        api.get("accounts") { _, context in
            _ = try context.require(.admin)
            let accounts = try await offload { try services.accounts.list() }
            return JSONBody.response(["accounts": accounts])
        }
    }

    /// `POST /api/v1/submissions[?awarding_body=ID]`: the body is the file. Streamed to disk,
    /// validated, landed; 201 with a new receipt, 200 with the earlier one for the same bytes.
    func submit(_ request: Request, _ context: ServeContext) async throws -> Response {
        let account = try context.require(.submitter)
        let bodies = try Self.awardingBodies(request, account)
        guard bodies.count == 1, let awardingBody = bodies.first else {
            throw APIError.badRequest(code: "awarding_body_required",
                                      message: "this account acts for several awarding bodies; name one with ?awarding_body=ID")
        }
        // An account made before ids were checked may hold one no folder may be made of.
        guard Account.isAwardingBodyId(awardingBody) else {
            throw APIError.badRequest(code: "invalid_awarding_body", message: "this awarding body id holds '|' or a control character; ask the ministry for a corrected account")
        }
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > services.desk.maxUpload {
            services.metrics.submission(outcome: "too_large", bytes: 0)
            throw APIError.tooLarge(limit: services.desk.maxUpload)
        }
        // The daily quota: what this account landed today, and this upload, stay within it.
        let quota = services.configuration.dailyQuota
        let landedToday = try await offload { try services.ledger.bytesLanded(accountId: account.id) }
        let quotaExceeded = APIError.quotaExceeded(quota: quota, retryAfter: Self.secondsToNextUTCDay())
        guard landedToday + (declared ?? 1) <= quota else {
            services.metrics.submission(outcome: "over_quota", bytes: 0)
            throw quotaExceeded
        }
        let writer = try services.desk.openUpload(limit: quota - landedToday)
        do {
            for try await chunk in request.body {
                try chunk.withUnsafeReadableBytes { bytes throws(ServeError) in try writer.write(bytes) }
            }
        } catch ServeError.uploadTooLarge(let limit) {
            services.metrics.submission(outcome: limit < services.desk.maxUpload ? "over_quota" : "too_large", bytes: writer.bytes)
            throw limit < services.desk.maxUpload ? quotaExceeded : APIError.tooLarge(limit: limit)
        } catch {
            // The client went away or the connection was cut off (too slow, shutting down).
            services.metrics.submission(outcome: "cut_off", bytes: writer.bytes)
            throw APIError.badRequest(code: "upload_cut_off", message: "the upload ended early")
        }
        if let declared, writer.bytes != declared {
            services.metrics.submission(outcome: "cut_off", bytes: writer.bytes)
            throw APIError.badRequest(code: "upload_cut_off", message: ServeError.uploadCutOff(received: writer.bytes, declared: declared).description)
        }
        let staged = try writer.finish()
        let started = ContinuousClock.now
        let desk = services.desk
        let given = Self.fileName(request.uri.queryParameters.get("filename"))
        let outcome = try await offload { try desk.submit(staged, awardingBody: awardingBody, account: account, name: given) }
        services.metrics.validation(duration: ContinuousClock.now - started)
        switch outcome {
        case .landed(let receipt):
            services.metrics.submission(outcome: "landed", bytes: staged.bytes)
            services.metrics.records(accepted: receipt.counts.accepted, rejected: receipt.counts.rejected)
            audit(receipt, "landed", account, context)
            var response = JSONBody.response(receipt, status: .created)
            response.headers[.location] = "/api/v1/submissions/\(receipt.id)"
            return response
        case .repeated(let receipt):
            services.metrics.submission(outcome: "repeated", bytes: staged.bytes)
            audit(receipt, "repeated", account, context)
            return JSONBody.response(receipt)
        case .unreadable(let summary):
            services.metrics.submission(outcome: "unreadable", bytes: staged.bytes)
            services.audit.record("submission", account: account, awardingBody: awardingBody, address: context.remoteAddress,
                                  details: ["outcome": "unreadable", "sha256": staged.sha256])
            throw APIError.unreadable(summary)
        case .empty(let summary):
            services.metrics.submission(outcome: "empty", bytes: staged.bytes)
            services.audit.record("submission", account: account, awardingBody: awardingBody, address: context.remoteAddress,
                                  details: ["outcome": "empty", "sha256": staged.sha256])
            throw APIError.noRecords(summary)
        }
    }

    func audit(_ receipt: Receipt, _ outcome: String, _ account: Account, _ context: ServeContext) {
        services.audit.record("submission", account: account, awardingBody: receipt.awardingBody, address: context.remoteAddress,
                              details: ["outcome": outcome, "submission": receipt.id, "sha256": receipt.sha256,
                                        "read": "\(receipt.counts.read)", "accepted": "\(receipt.counts.accepted)",
                                        "rejected": "\(receipt.counts.rejected)"])
    }

    /// The awarding bodies a request is about: `?awarding_body=ID` (one of the account's), else
    /// all of the account's. An admin must name one.
    static func awardingBodies(_ request: Request, _ account: Account) throws(APIError) -> [String] {
        if let named = request.uri.queryParameters.get("awarding_body") {
            guard account.mayRead(awardingBody: named) else { throw .notFound }
            return [named]
        }
        if account.role == .admin && account.awardingBodies.isEmpty {
            throw .badRequest(code: "awarding_body_required", message: "name the awarding body with ?awarding_body=ID")
        }
        return account.awardingBodies
    }

    /// Seconds until the next day begins (UTC), for Retry-After.
    static func secondsToNextUTCDay(now: Date = Date()) -> Int {
        let seconds = Int(now.timeIntervalSince1970)
        return 86_400 - seconds % 86_400
    }

    /// A file name a client gave: its last path component, without control characters, at
    /// most 255 characters; nil when nothing is left.
    static func fileName(_ given: String?) -> String? {
        guard let given else { return nil }
        let last = given.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.properties.generalCategory != .control }).prefix(255))
        return clean.isEmpty || clean == "." || clean == ".." ? nil : clean
    }

    static func mediaType(of name: String) -> String {
        switch (name as NSString).pathExtension {
        case "csv": "text/csv; charset=utf-8"
        case "json": "application/json"
        case "xml": "application/xml"
        case "html": "text/html; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// A quarantined record as an institution may see it: where, which element, why — without the
/// record itself (no learner key).
struct Reject: Encodable {
    /// The file as the institution named it (else as its receipt names it), never a server path.
    var file: String
    var credentialId: String?
    var record: Int
    var line: Int?
    var pointer: String?
    var awardingBody: String?
    var reasonCode: String
    var field: String?
    var element: String?
    var message: String

    /// - Parameter names: what the institution called each landed file, by its path in the inbox.
    init(_ record: QuarantinedRecord, names: [String: String]) {
        let landed = names.keys.first { record.file == $0 || record.file.hasSuffix("/" + $0) }
        file = landed.flatMap { names[$0] } ?? (record.file as NSString).lastPathComponent
        credentialId = Self.credentialId(raw: record.raw)
        self.record = record.record
        line = record.line
        pointer = record.pointer
        awardingBody = record.awardingBodyId
        reasonCode = record.reasonCode
        field = record.field
        element = record.element
        message = record.message
    }

    /// The credential id among a quarantined record's stored values.
    static func credentialId(raw: String) -> String? {
        guard let values = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] else { return nil }
        switch values["credential_id"] {
        case let text as String: return text
        case let parts as [Any]: return parts.compactMap { $0 as? String }.first
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case file, record, line, pointer, field, element, message
        case awardingBody = "awarding_body", reasonCode = "reason_code", credentialId = "credential_id"
    }
}

/// `GET /api/v1/reports`: `{"files": [{name, bytes}], "manifest": <manifest.json as written, or null>}`.
enum ReportListing {
    static func response(files: [ReportCatalogue.Entry], manifest: Data?) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data(#"{"files":"#.utf8)
        data.append((try? encoder.encode(files)) ?? Data("[]".utf8))
        data.append(Data(#","manifest":"#.utf8))
        if let manifest, (try? JSONSerialization.jsonObject(with: manifest)) is [String: Any] {
            data.append(manifest)
        } else {
            data.append(Data("null".utf8))
        }
        data.append(Data("}\n".utf8))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

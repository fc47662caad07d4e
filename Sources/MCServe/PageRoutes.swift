import Foundation
internal import Hummingbird

/// The pages for people: sign in with the token (then a session cookie: HttpOnly,
/// SameSite=Strict, Secure under TLS), upload with a progress bar, the validation report grouped
/// by reason, the history of submissions, the rejects; for analysts and admins the report
/// catalogue and run history. Every form carries a CSRF token.
struct PageRoutes: Sendable {
    let services: ServeServices
    /// Issues shown per reason before "… and N more".
    static let shownPerReason = 10
    static let signInCookie = "mcstat_sign_in_csrf"

    func register(on router: Router<ServeContext>) {
        router.get("/") { _, context in
            guard let account = context.identity else { return Self.redirect("/sign-in") }
            return Self.redirect(account.role == .submitter ? "/upload" : "/reports")
        }
        router.get("/static/upload.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: PageTemplates.uploadScript)))
        }
        router.get("/sign-in") { _, _ in try signInPage(error: nil) }
        router.post("/sign-in") { request, context in try await signIn(request, context) }
        router.post("/sign-out") { request, context in
            // The session's CSRF value was checked by the sign-in middleware.
            if let session = context.session {
                try services.sessions.close(session.id)
                services.audit.record("sign_out", account: context.identity, address: context.remoteAddress)
            }
            var response = Self.redirect("/sign-in")
            response.headers[.setCookie] = cookie(SessionStore.cookieName, "", maxAge: 0)
            return response
        }
        router.get("/upload") { _, context in
            guard let account = context.identity, account.role == .submitter else { return try deny(context) }
            return page("upload", "Submit an export", ["csrf": context.session?.csrfToken ?? "", "choose": account.awardingBodies.count > 1,
                                                       "bodies": account.awardingBodies], context)
        }
        router.get("/submissions") { _, context in
            guard let account = context.identity, account.role != .analyst else { return try deny(context) }
            let receipts = try await offload { try services.ledger.receipts(awardingBodies: account.role == .admin ? nil : account.awardingBodies) }
            return page("submissions", "Submissions", ["submissions": receipts.map(Self.values)], context)
        }
        router.get("/submissions/{id}") { _, context in
            guard let account = context.identity, account.role != .analyst else { return try deny(context) }
            let id = try context.parameters.require("id")
            guard let receipt = try await offload({ try services.ledger.receipt(id: id) }),
                  account.mayRead(awardingBody: receipt.awardingBody) else { throw APIError.notFound }
            services.audit.record("read_receipt", account: account, awardingBody: receipt.awardingBody, address: context.remoteAddress,
                                  details: ["submission": id])
            return page("report", "Validation report", Self.reportValues(receipt), context)
        }
        router.get("/rejects") { _, context in
            guard let account = context.identity, account.role == .submitter else { return try deny(context) }
            let rejects = try await offload { try services.rejects(of: account.awardingBodies) }
            services.audit.record("read_rejects", account: account, address: context.remoteAddress,
                                  details: ["awarding_bodies": account.awardingBodies.joined(separator: " "), "count": "\(rejects.count)"])
            return page("rejects", "Rejects", ["rejects": rejects.map { ["file": $0.file, "record": $0.record, "line": $0.line.map(String.init) ?? "",
                                                                           "credentialId": $0.credentialId ?? "",
                                                                           "reasonCode": $0.reasonCode, "element": $0.element ?? "", "message": $0.message] }],
                        context)
        }
        router.get("/reports") { _, context in
            guard let account = context.identity, account.role.readsReports else { return try deny(context) }
            let store = services.store
            let runs = try await offload { try store.runs() }
            let files = services.reports.entries()
            return page("reports", "Reports", [
                "hasIndex": files.contains { $0.name == "index.html" },
                "files": files.map { ["name": $0.name, "bytes": $0.bytes] },
                "runs": runs.map { ["id": $0.id, "pipeline": $0.pipeline, "startedAt": $0.startedAt, "finishedAt": $0.finishedAt ?? "",
                                    "outcome": $0.outcome] },
            ], context)
        }
        router.get("/reports/files/{name}") { _, context in
            guard let account = context.identity, account.role.readsReports else { return try deny(context) }
            let name = try context.parameters.require("name")
            guard let path = services.reports.path(of: name) else { throw APIError.notFound }
            services.audit.record("download", account: account, address: context.remoteAddress, details: ["file": name])
            return Response(status: .ok, headers: [.contentType: APIRoutes.mediaType(of: name)],
                            body: try await FileIO().loadFile(path: path, context: context))
        }
    }

    func signInPage(error: String?) throws(ServeError) -> Response {
        let csrf = try services.signInNonces.issue()
        var response = Self.html(PageTemplates.render("sign-in", title: "Sign in", values: ["csrf": csrf, "error": error ?? false],
                                                      account: nil, csrf: ""),
                                 status: error == nil ? .ok : .unauthorized)
        response.headers[.setCookie] = cookie(Self.signInCookie, csrf, maxAge: 3600)
        return response
    }

    /// `POST /sign-in`: the token from the form, checked like a bearer token (and rate-limited
    /// the same way); the form's CSRF value must match the cookie set with the form and be a
    /// nonce this service issued and nobody used yet.
    func signIn(_ request: Request, _ context: ServeContext) async throws -> Response {
        let form = try await Self.form(request, context)
        guard let sent = form["csrf"], let expected = request.cookies[Self.signInCookie]?.value,
              AccessToken.constantTimeEquals(sent, expected), try services.signInNonces.consume(sent) else {
            services.audit.record("csrf_refused", account: nil, address: context.remoteAddress, details: ["path": "/sign-in"])
            throw APIError.csrf
        }
        let token = form["token"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let account: Account
        switch Result(catching: { () throws(APIError) in try services.gatekeeper.signIn(token: token, address: context.remoteAddress) }) {
        case .success(let signedIn): account = signedIn
        case .failure(.unauthorized): return try signInPage(error: "This token is not valid (or its account was revoked).")
        case .failure(let error): throw error
        }
        let session = try services.sessions.open(for: account)
        services.audit.record("sign_in", account: account, address: context.remoteAddress)
        var response = Self.redirect(account.role == .submitter ? "/upload" : "/reports")
        response.headers[.setCookie] = cookie(SessionStore.cookieName, session.id, maxAge: Int(services.sessions.lifetime.components.seconds))
        return response
    }

    /// A cookie only this site's own pages send back: HttpOnly, SameSite=Strict, Secure under TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (services.configuration.usesTLS ? "; Secure" : "")
    }

    func page(_ template: String, _ title: String, _ values: [String: Any], _ context: ServeContext) -> Response {
        Self.html(PageTemplates.render(template, title: title, values: values, account: context.identity, csrf: context.session?.csrfToken ?? ""))
    }

    /// Not signed in: to the sign-in page; signed in with the wrong role: 403.
    func deny(_ context: ServeContext) throws -> Response {
        guard context.identity != nil else { return Self.redirect("/sign-in") }
        throw APIError.forbidden
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// Largest form body.
    static let formLimit = 64 * 1024

    /// An `application/x-www-form-urlencoded` body (at most 64 KiB).
    static func form(_ request: Request, _ context: ServeContext) async throws -> [String: String] {
        var request = request
        return fields(of: try await request.collectBody(upTo: formLimit))
    }

    /// The fields of an `application/x-www-form-urlencoded` body.
    static func fields(of buffer: ByteBuffer) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }

    static func values(_ receipt: Receipt) -> [String: Any] {
        ["id": receipt.id, "receivedAt": receipt.receivedAt, "awardingBody": receipt.awardingBody, "file": receipt.file,
         "read": receipt.counts.read, "accepted": receipt.counts.accepted, "rejected": receipt.counts.rejected,
         "warnings": receipt.counts.warnings]
    }

    /// The validation report grouped by reason code (errors first), each with its first issues
    /// and how many more there are.
    static func reportValues(_ receipt: Receipt) -> [String: Any] {
        let issues = receipt.validation?.files.flatMap(\.issues) ?? []
        var order: [String] = []
        var groups: [String: [(line: String, element: String, value: String, message: String, hint: String, severity: String)]] = [:]
        for issue in issues {
            let code = issue.code.rawValue
            if groups[code] == nil { order.append(code) }
            groups[code, default: []].append((issue.line.map(String.init) ?? issue.pointer ?? "", issue.element ?? "", issue.value ?? "",
                                              issue.message, issue.hint ?? "", issue.severity.rawValue))
        }
        order.sort { (groups[$0]?.first?.severity == "error" ? 0 : 1, $0) < (groups[$1]?.first?.severity == "error" ? 0 : 1, $1) }
        var values = values(receipt)
        values["sha256"] = receipt.sha256
        values["fullReport"] = receipt.validationReport ?? false
        values["reasons"] = order.map { code -> [String: Any] in
            let group = groups[code] ?? []
            // The receipt keeps the first issues of each reason; the count is of them all.
            let count = max(receipt.issueCounts?[code] ?? 0, group.count)
            return ["code": code, "severity": group.first?.severity ?? "", "count": count,
                    "shown": group.prefix(shownPerReason).map { ["line": $0.line, "element": $0.element, "value": $0.value,
                                                                "message": $0.message, "hint": $0.hint] },
                    "more": count > shownPerReason ? count - shownPerReason : false]
        }
        return values
    }
}

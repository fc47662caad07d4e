internal import HTTPTypes
internal import Hummingbird
internal import HummingbirdAuth

/// Signs requests in: a bearer token (API) or a session cookie (pages). A valid token always
/// passes, whatever others did. Failed tokens are counted per (address, account) when they name
/// an existing account, else per address; only the pair or address that failed is refused for
/// a while — so guessing at someone's account id locks out nobody but the one guessing.
package struct Gatekeeper: Sendable {
    let accounts: AccountStore
    let sessions: SessionStore
    let limiter: SignInLimiter
    let metrics: ServeMetrics
    let audit: AuditLog
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    let trustedProxies: [AddressRange]

    /// The account a token belongs to; 401 when none, 429 when none and this address (or this
    /// address for the named account) has failed too often.
    package func signIn(token: String, address: String) throws(APIError) -> Account {
        let account: Account?
        do { account = try accounts.authenticate(token: token) } catch { throw .unavailable("\(error)") }
        if let account { return account }
        let named = AccessToken.accountId(of: token)
        let known = named.map { id in (try? accounts.account(id: id)) != nil } ?? false
        let key = known ? "account:\(named ?? "")@\(address)" : "address:" + address
        var details = named.map { ["named_account": $0] } ?? [:]
        metrics.failedSignIn()
        let wait: Int?
        do { wait = try limiter.retryAfter([key]) } catch { throw .unavailable("\(error)") }
        if let wait {
            details["retry_after"] = "\(wait)"
            audit.record("sign_in_refused", account: nil, address: address, details: details)
            throw .tooManySignIns(retryAfter: wait)
        }
        do { try limiter.recordFailure([key]) } catch { throw .unavailable("\(error)") }
        audit.record("sign_in_failed", account: nil, address: address, details: details)
        throw .unauthorized
    }

    /// The live session of a cookie and its account, when the account is still active; 503 when
    /// the store cannot say.
    func session(cookie: String) throws(APIError) -> (session: PageSession, account: Account)? {
        let session: PageSession?
        do { session = try sessions.session(cookie) } catch { throw .unavailable("\(error)") }
        guard let session, let account = try? accounts.account(id: session.accountId), account.revokedAt == nil else { return nil }
        return (session, account)
    }
}

/// Puts the signed-in account (and page session) into the context of every request.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = ServeContext
    let gatekeeper: Gatekeeper

    func handle(_ request: Request, context: ServeContext, next: (Request, ServeContext) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        context.remoteAddress = AddressRange.client(peer: context.remoteAddress, forwardedFor: request.headers[HTTPField.Name("X-Forwarded-For")!],
                                                    trusted: gatekeeper.trustedProxies)
        if let bearer = request.headers.bearer {
            context.identity = try gatekeeper.signIn(token: bearer.token, address: context.remoteAddress)
        } else if let cookie = request.cookies[SessionStore.cookieName], let signedIn = try gatekeeper.session(cookie: cookie.value) {
            let session = signedIn.session
            context.identity = signedIn.account
            context.session = session
            // A browser's session changes nothing without the session's CSRF token, whatever the
            // content type: in the X-CSRF-Token header (uploads) or a form's `csrf` field.
            if request.method != .get && request.method != .head {
                var sent = request.headers[HTTPField.Name("X-CSRF-Token")!]
                if sent == nil && Self.isForm(request) {
                    sent = PageRoutes.fields(of: try await request.collectBody(upTo: PageRoutes.formLimit))["csrf"]
                }
                guard let sent, AccessToken.constantTimeEquals(sent, session.csrfToken) else {
                    gatekeeper.audit.record("csrf_refused", account: signedIn.account, address: context.remoteAddress,
                                            details: ["method": request.method.rawValue, "path": request.uri.path])
                    throw APIError.csrf
                }
            }
        }
        do {
            return try await next(request, context)
        } catch let error as APIError {
            // Every refusal of a signed-in or anonymous request, with who and from where.
            if [.unauthorized, .forbidden, .notFound, .tooManyRequests].contains(error.status) {
                gatekeeper.audit.record("denied", account: context.identity, address: context.remoteAddress,
                                        details: ["status": "\(error.status.code)", "code": error.code,
                                                  "method": request.method.rawValue, "path": request.uri.path])
            }
            throw error
        }
    }

    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
    }
}

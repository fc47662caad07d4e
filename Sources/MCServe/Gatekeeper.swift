import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Signs requests in: a bearer token (API) or a session cookie (pages), failed tokens counted
/// against the address and the account they name, refused while either is over the limit.
public struct Gatekeeper: Sendable {
    let accounts: AccountStore
    let sessions: SessionStore
    let limiter: SignInLimiter
    let metrics: ServeMetrics
    let audit: AuditLog

    /// The account a token belongs to; 401 when none, 429 while sign-ins from this address or for
    /// this account are blocked.
    public func signIn(token: String, address: String) throws(APIError) -> Account {
        var keys = ["address:" + address]
        if let id = AccessToken.accountId(of: token) { keys.append("account:" + id) }
        if let wait = limiter.retryAfter(keys) { throw .tooManySignIns(retryAfter: wait) }
        let account: Account?
        do { account = try accounts.authenticate(token: token) } catch { throw .unavailable("\(error)") }
        guard let account else {
            limiter.recordFailure(keys)
            metrics.failedSignIn()
            audit.record("sign_in_failed", account: nil, address: address,
                         details: AccessToken.accountId(of: token).map { ["named_account": $0] } ?? [:])
            throw .unauthorized
        }
        return account
    }

    /// The live session of a cookie and its account, when the account is still active.
    func session(cookie: String) -> (session: PageSession, account: Account)? {
        guard let session = sessions.session(cookie),
              let account = try? accounts.account(id: session.accountId), account.revokedAt == nil else { return nil }
        return (session, account)
    }
}

/// Puts the signed-in account (and page session) into the context of every request.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = ServeContext
    let gatekeeper: Gatekeeper

    func handle(_ request: Request, context: ServeContext, next: (Request, ServeContext) async throws -> Response) async throws -> Response {
        var context = context
        if let bearer = request.headers.bearer {
            context.identity = try gatekeeper.signIn(token: bearer.token, address: context.remoteAddress)
        } else if let cookie = request.cookies[SessionStore.cookieName], let signedIn = gatekeeper.session(cookie: cookie.value) {
            let session = signedIn.session
            context.identity = signedIn.account
            context.session = session
            // A browser's session makes no change without the session's CSRF token: in the
            // X-CSRF-Token header (uploads) or, for forms, checked by the page routes.
            if request.method != .get && request.method != .head && !Self.isForm(request) {
                guard let sent = request.headers[HTTPField.Name("X-CSRF-Token")!],
                      AccessToken.constantTimeEquals(sent, session.csrfToken) else { throw APIError.csrf }
            }
        }
        return try await next(request, context)
    }

    static func isForm(_ request: Request) -> Bool {
        request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true
    }
}

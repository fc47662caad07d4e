package import Hummingbird
internal import HummingbirdAuth
internal import NIOCore

/// Per-request context: the signed-in account (from a bearer token or a page session), the
/// session when signed in through the pages, and the client's address (for rate limiting).
package struct ServeContext: AuthRequestContext, RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var identity: Account?
    package var session: PageSession?
    /// The client's address: the peer's, or from `X-Forwarded-For` when the peer is a trusted proxy.
    package var remoteAddress: String

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The signed-in account when it has one of `roles`; else 401 (nobody signed in) or 403.
    package func require(_ roles: Role...) throws(APIError) -> Account {
        guard let identity else { throw .unauthorized }
        guard roles.contains(identity.role) else { throw .forbidden }
        return identity
    }
}

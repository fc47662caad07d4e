import Hummingbird
import HummingbirdAuth
import NIOCore

/// Per-request context: the signed-in account (from a bearer token or a page session), the
/// session when signed in through the pages, and the client's address (for rate limiting).
public struct ServeContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Account?
    public var session: PageSession?
    /// The client's address: the peer's, or from `X-Forwarded-For` when the peer is a trusted proxy.
    public var remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The signed-in account when it has one of `roles`; else 401 (nobody signed in) or 403.
    public func require(_ roles: Role...) throws(APIError) -> Account {
        guard let identity else { throw .unauthorized }
        guard roles.contains(identity.role) else { throw .forbidden }
        return identity
    }
}

import Foundation
internal import HTTPTypes
internal import Hummingbird
internal import HummingbirdCore
package import Logging
internal import NIOCore
package import ServiceLifecycle

/// `mcstat serve`: the Hummingbird application with the API, the pages and the operational
/// routes, over HTTP on loopback; HTTPS comes from the reverse proxy in front (docs/deploy.md).
package struct WebService: Sendable {
    package let services: ServeServices
    package let logger: Logger

    package init(services: ServeServices, logger: Logger) {
        self.services = services
        self.logger = logger
    }

    /// The router with every route and the sign-in middleware.
    func router() -> Router<ServeContext> {
        let router = Router(context: ServeContext.self)
        router.middlewares.add(SecurityHeadersMiddleware(logger: logger))
        router.middlewares.add(SignInMiddleware(gatekeeper: services.gatekeeper))
        APIRoutes(services: services).register(on: router)
        PageRoutes(services: services).register(on: router)
        CompletenessRoutes(services: services).register(on: router)
        return router
    }

    /// Every route as `METHOD /path` (`{id}` for a parameter), for checking the OpenAPI document.
    package func routes() -> [String] {
        router().routes.map { "\($0.method) \($0.path)" }
    }

    /// The application; `onListening` receives the port once the server listens.
    package func application(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some Service {
        let configuration = services.configuration
        let limits = configuration.connectionLimits
        let counter = services.connections
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(limits: limits, counter: counter)],
            idleTimeout: .seconds(120),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: configuration.maxHeaderBytes,
                                            maxHeaderListSize: configuration.maxHeaderBytes, maxHeaderFieldCount: 100))
        return Application(router: router(), server: .http1(configuration: http1),
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "mcstat"),
                           onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then stops accepting connections and lets requests in
    /// flight (uploads included) finish before it returns — for at most the shutdown timeout,
    /// after which what is still in flight is cut off (an upload cut off leaves nothing).
    package func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var configuration = ServiceGroupConfiguration(services: [application(onListening: onListening), RetentionSweeper(services: services)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = services.configuration.shutdownTimeout
        configuration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        try await group.run()
    }
}

/// Headers every answer carries: no sniffing, no framing, no caching of personal pages. An
/// error that is no answer of the API (a failing store, a bug) is logged with a new error id and
/// answered 500 with that id in a JSON body, so that a report from an institution can be matched
/// to the log line; nothing else of it reaches the client.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ServeContext
    let logger: Logger

    func handle(_ request: Request, context: ServeContext, next: (Request, ServeContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            let id = AccessToken.randomHex(bytes: 8)
            logger.error("internal error", metadata: ["error_id": .string(id), "error": .string("\(error)"),
                                                      "method": .string(request.method.rawValue), "path": .string(request.uri.path)])
            response = JSONBody.response(["error": ["code": "internal_error", "error_id": id,
                                                    "message": "something went wrong on our side; quote error id \(id) when you report it"]],
                                         status: .internalServerError)
        }
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        response.headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
        return response
    }
}

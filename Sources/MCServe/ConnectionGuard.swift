internal import HTTPTypes
internal import NIOCore
internal import NIOHTTPTypes
import Synchronization

/// The connections open right now, shared by every connection's ``ConnectionGuard``.
package final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)
    private let refusals = Atomic<Int>(0)

    package init() {}

    /// Connections open now (refused ones included until they are closed).
    package var current: Int { open.load(ordering: .relaxed) }
    /// Connections refused since start because the cap was reached.
    package var refused: Int { refusals.load(ordering: .relaxed) }

    func opened() -> Int { open.add(1, ordering: .relaxed).newValue }
    func closed() { open.subtract(1, ordering: .relaxed) }
    func refusedOne() { refusals.add(1, ordering: .relaxed) }
}

/// The limits a connection is held to: how many may be open, how long its request head may take,
/// how slowly its body may arrive.
package struct ConnectionLimits: Sendable {
    package var maxConnections: Int
    package var headerTimeout: Duration
    /// Bytes per second a request body must average over each `uploadRateWindow`; 0: no minimum.
    package var minUploadRate: Int
    package var uploadRateWindow: Duration
}

/// One connection's discipline, in its channel pipeline after the HTTP codec:
/// - past the connection cap, the connection is answered `503` at once and closed;
/// - a request head (the first, and each next one on a kept-alive connection) must be complete
///   within `headerTimeout`, else `408` and close;
/// - a request body must bring at least `minUploadRate × uploadRateWindow` bytes in every
///   window, else the connection is closed (the upload is then cut off and nothing is kept).
/// So a client that trickles bytes cannot hold a connection, and no number of clients can
/// take the file descriptors the process needs.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: ConnectionLimits
    let counter: ConnectionCounter
    private var counted = false
    private var refused = false
    private var started = false
    private var receivingBody = false
    private var awaitingResponse = false
    private var bodyBytes = 0
    private var timer: Scheduled<Void>?

    init(limits: ConnectionLimits, counter: ConnectionCounter) {
        self.limits = limits
        self.counter = counter
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        refused = counter.opened() > limits.maxConnections
        if refused { counter.refusedOne() }
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
        if counted { counter.closed(); counted = false }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        if refused {
            answer(context, .serviceUnavailable, extra: [.retryAfter: "5"])
        } else {
            armHeaderDeadline(context)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            cancelTimer()
            receivingBody = true
            awaitingResponse = true
            bodyBytes = 0
            armRateCheck(context)
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
        case .end:
            receivingBody = false
            cancelTimer()
            if !awaitingResponse { armHeaderDeadline(context) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            awaitingResponse = false
            if !receivingBody { armHeaderDeadline(context) }
        }
        context.write(data, promise: promise)
    }

    private func armHeaderDeadline(_ context: ChannelHandlerContext) {
        cancelTimer()
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: Self.amount(limits.headerTimeout)) { [self] in
            timer = nil
            answer(context, .requestTimeout)
        }
    }

    private func armRateCheck(_ context: ChannelHandlerContext) {
        guard limits.minUploadRate > 0 else { return }
        timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: Self.amount(limits.uploadRateWindow)) { [self] in
            timer = nil
            let seconds = Double(limits.uploadRateWindow.components.seconds) + Double(limits.uploadRateWindow.components.attoseconds) / 1e18
            if Double(bodyBytes) < Double(limits.minUploadRate) * seconds {
                context.close(promise: nil)
            } else {
                bodyBytes = 0
                armRateCheck(context)
            }
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Answers with `status` and no body, then closes the connection.
    private func answer(_ context: ChannelHandlerContext, _ status: HTTPResponse.Status, extra: HTTPFields = [:]) {
        var fields: HTTPFields = [.connection: "close", .contentLength: "0"]
        fields.append(contentsOf: extra)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        let closing = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in closing.value.close(promise: nil) }
    }

    static func amount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

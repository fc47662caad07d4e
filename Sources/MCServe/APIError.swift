import Foundation
package import Hummingbird
package import MCPipeline

/// An API answer other than success, as `{"error": {"code", "message"}}` (and, for a file that
/// could not be read, its validation report).
package enum APIError: Error, Sendable, HTTPResponseError {
    case unauthorized
    case forbidden
    case notFound
    case badRequest(code: String, message: String)
    case tooLarge(limit: Int)
    case unreadable(FilesSummary)
    case noRecords(FilesSummary)
    case tooManySignIns(retryAfter: Int)
    case quotaExceeded(quota: Int, retryAfter: Int)
    case csrf
    case unavailable(String)

    package var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .tooLarge: .contentTooLarge
        case .unreadable, .noRecords: .unprocessableContent
        case .tooManySignIns, .quotaExceeded: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    var code: String {
        switch self {
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .badRequest(let code, _): code
        case .tooLarge: "upload_too_large"
        case .unreadable: "unreadable_file"
        case .noRecords: "no_records"
        case .tooManySignIns: "too_many_sign_ins"
        case .quotaExceeded: "daily_quota_exceeded"
        case .csrf: "csrf_token_invalid"
        case .unavailable: "unavailable"
        }
    }

    var message: String {
        switch self {
        case .unauthorized: "sign in with a valid token (Authorization: Bearer <token>)"
        case .forbidden: "this account's role may not use this route"
        case .notFound: "no such resource for this account"
        case .badRequest(_, let message): message
        case .tooLarge(let limit): "the upload is larger than the limit of \(limit) bytes"
        case .unreadable: "the file could not be read at all; nothing was kept (see validation)"
        case .noRecords: "the file holds no record; nothing was kept"
        case .tooManySignIns(let seconds): "too many failed sign-ins; try again in \(seconds) s"
        case .quotaExceeded(let quota, _): "this account's uploads today would pass the daily quota of \(quota) bytes; try again tomorrow (UTC)"
        case .csrf: "the form's CSRF token is missing or wrong; reload the page"
        case .unavailable(let reason): reason
        }
    }

    struct Body: Encodable {
        struct Detail: Encodable { var code: String; var message: String }
        var error: Detail
        var validation: FilesSummary?
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var validation: FilesSummary?
        if case .unreadable(let summary) = self { validation = summary }
        if case .noRecords(let summary) = self { validation = summary }
        var response = JSONBody.response(Body(error: .init(code: code, message: message), validation: validation), status: status)
        if case .tooManySignIns(let seconds) = self { response.headers[.retryAfter] = "\(seconds)" }
        if case .quotaExceeded(_, let seconds) = self { response.headers[.retryAfter] = "\(seconds)" }
        if case .unauthorized = self { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }
}

/// JSON responses with sorted keys: the same answer gives the same bytes.
enum JSONBody {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(0x0A)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

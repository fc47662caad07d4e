import Foundation
internal import Hummingbird
internal import MCPipeline

/// The `completeness` report on the analysts' side of the service (reports.md, "Across
/// releases": never in the public set), computed from the store at each read by the same job and
/// writers as `report --only completeness`:
/// - analysts and admins: `GET /api/v1/completeness.csv|.json` and the page
///   `/reports/completeness`, every awarding body's row;
/// - an institution: `GET /api/v1/institution/completeness.csv|.json` (`?awarding_body=ID` for
///   one of several) and the page `/completeness`, its own rows only; another body's answers 404.
/// Every read is in the audit log.
struct CompletenessRoutes: Sendable {
    let services: ServeServices

    func register(on router: Router<ServeContext>) {
        let api = router.group("/api/v1")
        for format in CompletenessFeedback.formats {
            api.get("completeness.\(format)") { _, context in
                let account = try context.require(.analyst, .admin)
                return try await file(format, awardingBodies: nil, account, context)
            }
            api.get("institution/completeness.\(format)") { request, context in
                let account = try context.require(.submitter, .admin)
                return try await file(format, awardingBodies: try APIRoutes.awardingBodies(request, account), account, context)
            }
        }
        let pages = PageRoutes(services: services)
        router.get("/reports/completeness") { _, context in
            guard let account = context.identity, account.role.readsReports else { return try pages.deny(context) }
            return try await page(awardingBodies: nil, links: "/api/v1/completeness", account, context, pages)
        }
        router.get("/completeness") { _, context in
            guard let account = context.identity, account.role == .submitter else { return try pages.deny(context) }
            return try await page(awardingBodies: account.awardingBodies, links: "/api/v1/institution/completeness", account, context, pages)
        }
    }

    /// `completeness.<format>` with the rows of `awardingBodies` (nil: every row).
    func file(_ format: String, awardingBodies: [String]?, _ account: Account, _ context: ServeContext) async throws -> Response {
        let feedback = try await read(awardingBodies, account, context, shown: format)
        guard let file = feedback.file(format: format) else { throw APIError.notFound }
        return Response(status: .ok, headers: [.contentType: APIRoutes.mediaType(of: file.name)],
                        body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// The page: the table (reject reasons no shown row has left out) and links to the files.
    func page(awardingBodies: [String]?, links: String, _ account: Account, _ context: ServeContext, _ pages: PageRoutes) async throws -> Response {
        let feedback = try await read(awardingBodies, account, context, shown: "page")
        let rows = feedback.rows
        let shown = feedback.columns.indices.filter { column in
            !feedback.columns[column].hasPrefix("rejected_") || rows.contains { $0[column] != "0" }
        }
        return pages.page("completeness", "Completeness", [
            "all": awardingBodies == nil,
            "links": CompletenessFeedback.formats.map { ["href": "\(links).\($0)", "format": $0.uppercased()] },
            "columns": shown.map { feedback.columns[$0] },
            "rows": rows.map { row in ["cells": shown.map { row[$0] }] },
        ], context)
    }

    /// The report from the store, read off the request threads, and its audit line.
    func read(_ awardingBodies: [String]?, _ account: Account, _ context: ServeContext, shown: String) async throws -> CompletenessFeedback {
        let store = services.store
        let feedback = try await offload { try CompletenessFeedback(store: store, awardingBodies: awardingBodies) }
        services.audit.record("read_completeness", account: account, address: context.remoteAddress,
                              details: ["awarding_bodies": awardingBodies?.joined(separator: " ") ?? "all", "format": shown])
        return feedback
    }
}

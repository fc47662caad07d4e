#if PostgreSQL
import Foundation
package import MCAggregate
internal import MCStore

/// Reports counted by the server (cli.md, "Stores"): every query in one read-only snapshot, so
/// that what a report holds does not grow with the store.
extension PostgresPipelineStore: CountingStore {
    package func count(_ queries: [CellQuery]) throws -> StoreCounts {
        try inTransaction("count the reports", readOnly: true) { session in
            // Once the table is analyzed, each report's query is costed above JIT's thresholds,
            // and compiling it took more CPU than it saved (this transaction only).
            try session.execute("SET LOCAL jit = off")
            let cells = try queries.map { try PostgresCellQuery(query: $0).cells(session, store: path) }
            let totals = try session.row("SELECT count(*), count(*) FILTER (WHERE status = 'issued') FROM credentials")
            return StoreCounts(cells: cells, credentials: try totals?.int(0) ?? 0, issued: try totals?.int(1) ?? 0,
                               rejections: try rejectionCounts(session))
        }
    }
}
#endif

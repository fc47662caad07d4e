import Foundation
import MCPipeline
@testable import MCServe
import MCTestSupport
import Testing

@Suite struct SubmissionLedgerTests {
    /// A list shows receipts without their validation reports (SQLite leaves them out, so a long
    /// report is never decoded to be dropped); one receipt keeps its report.
    @Test func listsLeaveOutTheValidationReportAndOneReceiptKeepsIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try ServiceDatabase(path: directory.path("serve.sqlite"))
        let (account, _) = try AccountStore(database: database).add(role: .submitter, awardingBodies: ["B-1"], label: nil)
        let ledger = SubmissionLedger(database: database)
        var file = FileReport(path: "export.csv", format: "csv")
        file.read = 3
        file.accepted = 2
        let receipts = (1...3).map { n in
            Receipt(id: "r\(n)", awardingBody: n == 3 ? "B-2" : "B-1", sha256: String(repeating: "\(n)", count: 64),
                    receivedAt: "2026-11-30T10:0\(n):00Z", file: "B-1/export-\(n).csv", bytes: 100 * n, format: "csv",
                    counts: Totals([file]), validation: FilesSummary(files: [file]))
        }
        for receipt in receipts { _ = try ledger.record(receipt, accountId: account.id, land: {}) }

        func listed(_ receipt: Receipt) -> Receipt {
            var summary = receipt
            summary.validation = nil
            return summary
        }
        #expect(try ledger.receipts(awardingBodies: ["B-1"]) == [listed(receipts[1]), listed(receipts[0])])
        #expect(try ledger.receipts(awardingBodies: nil) == receipts.reversed().map(listed))
        #expect(try ledger.receipts(awardingBodies: ["B-9"]).isEmpty)
        #expect(try ledger.receipt(id: "r2") == receipts[1])
        #expect(try ledger.receipt(awardingBody: "B-1", sha256: receipts[0].sha256) == receipts[0])
    }
}

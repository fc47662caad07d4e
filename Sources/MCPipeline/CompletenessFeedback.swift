internal import MCAggregate
internal import MCReport
package import MCStore

/// The `completeness` report as the web service hands it out (reports.md, "Across releases": it
/// is never in the public set; analysts see every awarding body's row, an institution its own).
/// Computed from the store by the same job and the same writers as `report --only completeness`,
/// so its files are byte for byte the ones that command writes.
package struct CompletenessFeedback: Sendable {
    /// The formats it is given in, as `completeness.<format>`.
    package static let formats = ["csv", "json"]

    private let table: ReportTable

    /// Reads the store in one pass (one snapshot). `awardingBodies`: the only rows kept; nil
    /// keeps every row (rejects of no awarding body included).
    package init(store: any PipelineStore, awardingBodies: [String]?) throws(StoreError) {
        var table: ReportTable
        do {
            table = try CompletenessJob().run(in: ReportContext(store: store, minCell: 1, runner: JobRunner()))
        } catch let error as StoreError {
            throw error
        } catch {
            throw .database(path: store.path, operation: "read a snapshot", reason: "\(error)")
        }
        if let awardingBodies {
            table.rows = table.rows.filter { awardingBodies.contains($0.dimensions[0]) }
        }
        self.table = table
    }

    /// The file `completeness.<format>`, or nil for a format not in ``formats``.
    package func file(format: String) -> (name: String, bytes: [UInt8])? {
        guard Self.formats.contains(format), let writer = ReportWriters.writer(for: format),
              let file = writer.files(for: [table], context: RenderContext(minCell: 1, formats: [format])).first else { return nil }
        return (file.name, file.bytes)
    }

    /// The column names (the CSV file's header).
    package var columns: [String] { table.dimensions + table.measures.map(\.name) }

    /// Each row's values as the CSV file writes them, in ``columns`` order.
    package var rows: [[String]] {
        table.rows.map { row in row.dimensions + row.measures.map { $0?.text ?? "" } }
    }
}

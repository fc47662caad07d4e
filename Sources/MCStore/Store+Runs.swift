internal import GRDB

/// One row of run history: a pipeline run, when, and how it ended.
package struct RunRecord: Sendable, Codable, Equatable, FetchableRecord {
    package var id: Int64
    package var pipeline: String
    package var startedAt: String
    package var finishedAt: String?
    /// `running`, `succeeded`, `completed-with-errors`, `failed` or `interrupted` (killed: marked
    /// so by the next writer).
    package var outcome: String
    /// JSON summary: inputs with their counts, reports written.
    package var summary: String?

    package init(id: Int64, pipeline: String, startedAt: String, finishedAt: String?, outcome: String, summary: String?) {
        self.id = id
        self.pipeline = pipeline
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case id, pipeline, outcome, summary
        case startedAt = "started_at", finishedAt = "finished_at"
    }
}

extension Store {
    /// Records the start of a run and returns its id.
    package func beginRun(pipeline: String) throws(StoreError) -> Int64 {
        try write("record a run") { db in
            try db.execute(sql: "INSERT INTO runs (pipeline, started_at, outcome) VALUES (?, ?, 'running')",
                           arguments: [pipeline, Store.timestamp()])
            return db.lastInsertedRowID
        }
    }

    /// Marks every run still `running` as `interrupted`. Only a writer holding the store's lock
    /// may call this: no other run can then be alive. Returns the ids marked.
    @discardableResult
    package func markInterruptedRuns() throws(StoreError) -> [Int64] {
        try write("mark interrupted runs") { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE outcome = 'running' ORDER BY id")
            try db.execute(sql: "UPDATE runs SET outcome = 'interrupted', finished_at = ? WHERE outcome = 'running'",
                           arguments: [Store.timestamp()])
            return ids
        }
    }

    /// Records how a run ended.
    package func finishRun(id: Int64, outcome: String, summary: String) throws(StoreError) {
        try write("finish a run") { db in
            try db.execute(sql: "UPDATE runs SET finished_at = ?, outcome = ?, summary = ? WHERE id = ?",
                           arguments: [Store.timestamp(), outcome, summary, id])
        }
    }

    /// Run history, newest first.
    package func runs() throws(StoreError) -> [RunRecord] {
        try read("read run history") { db in try RunRecord.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC") }
    }
}

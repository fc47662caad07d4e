internal import MCModel

/// The records one JSON value (or token) holds, handed out one at a time: a presentation holds
/// several, each then placed by its own pointer; a single record keeps the value's place.
struct RecordQueue {
    private var shapes: [JSONRecordShape] = []
    private var line = 0
    private var pointer = ""
    private var split = false
    /// Records handed out so far, over the whole file.
    private(set) var count = 0

    /// The first shape waiting, if any.
    var first: JSONRecordShape? { shapes.first }

    /// Queues the records of the value at `line` and `pointer`.
    mutating func load(_ shapes: [JSONRecordShape], line: Int, pointer: String) {
        (self.shapes, self.line, self.pointer, split) = (shapes, line, pointer, shapes.count > 1)
    }

    /// The next queued record of `file`, or nil when none waits.
    mutating func next(file: String) -> RawRecord? {
        guard !shapes.isEmpty else { return nil }
        count += 1
        return JSONRecords.record(shapes.removeFirst(), file: file, number: count, line: line, pointer: pointer, oneOfMany: split)
    }

    /// Counts a record made outside the queue (a line that is not JSON).
    mutating func countOne() -> Int {
        count += 1
        return count
    }
}

internal import MCModel

/// The records one JSON value (or token) holds, handed out one at a time: a presentation holds
/// several, each then placed by its own pointer; a single record keeps the value's place. The
/// credentials that are not awards are kept apart, as file-level warnings (annex-i.md rule 23).
struct RecordQueue {
    private var shapes: [JSONRecordShape] = []
    private var line = 0
    private var pointer = ""
    private var split = false
    /// Records handed out so far, over the whole file.
    private(set) var count = 0
    /// Warnings for the credentials of the loaded values that are not awards, not yet taken.
    private(set) var skipped: [ValidationIssue] = []
    /// What the first credential skipped over the whole file is, for a file that holds nothing else.
    private(set) var firstSkipped: String?

    /// The first shape waiting, if any.
    var first: JSONRecordShape? { shapes.first }

    /// Queues the records of the value at `line` and `pointer`.
    mutating func load(_ loaded: [JSONRecordShape], line: Int, pointer: String) {
        var records: [JSONRecordShape] = []
        for shape in loaded {
            if case .notAward(let credential) = shape {
                skipped.append(credential.issue(line: line))
                if firstSkipped == nil { firstSkipped = loaded.count == 1 ? credential.what : "\(credential.name) is \(credential.what)" }
            } else {
                records.append(shape)
            }
        }
        (shapes, self.line, self.pointer, split) = (records, line, pointer, loaded.count > 1)
    }

    /// Why the file cannot be read when the loaded value holds no record (its first unknown
    /// shape, else what its first credential that is not an award is); nil when it holds one.
    var unreadable: String? {
        guard format == nil else { return nil }
        if case .unknown(let seen)? = shapes.first { return seen }
        return shapes.isEmpty ? firstSkipped : nil
    }

    /// Takes the warnings gathered so far.
    mutating func takeSkipped() -> [ValidationIssue] {
        defer { skipped = [] }
        return skipped
    }

    /// The format of the first record waiting.
    var format: InputFormat? { shapes.lazy.compactMap(\.format).first }

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

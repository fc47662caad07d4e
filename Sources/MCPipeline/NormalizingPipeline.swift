import Dispatch
import Foundation
internal import MCIngest
internal import MCModel
internal import MCNormalize

/// What the normalizing threads hand on per record: the outcome itself, or only what the caller
/// needs of it (so that a record's memory is freed on the thread that made it).
protocol PipelineOutput: Sendable {
    /// The same output for a record numbered `offset` later (a piece numbered its records from 1).
    func offsettingRecord(by offset: Int) -> Self
}

/// Cuts a file into pieces on one thread (a CSV row, an XML element, a JSON line) and decodes,
/// normalizes and `finish`es them in batches on the others, handing the outputs back in file
/// order: the reader and the rules use every core while the caller (counting, storing) sees
/// exactly the sequence a one-thread loop would. A reader that cannot be cut
/// (``PiecewiseRecordReader``) hands out decoded records, and only the rules run beside it.
///
/// Each stage runs on a thread of its own; the stages are joined by bounded queues: at most ``maxBatchesInFlight`` batches of
/// ``batchSize`` records or ``batchBytes`` bytes exist at once, and at most ``maxBytesInFlight``
/// bytes of input between them (a batch of one long record may pass that alone, never beside
/// others), so memory grows neither with the file nor with its longest records. An error of the
/// reader arrives after every record read before it; a failure of the caller stops the reader.
final class NormalizingPipeline<Output: PipelineOutput>: @unchecked Sendable {
    /// Records per batch, at most (as pieces count them: a chunk of rows counts its lines).
    static var batchSize: Int { 512 }
    /// Bytes of input per batch, at most (beyond one piece): long records make short batches.
    static var batchBytes: Int { 1 << 20 }
    /// Batches cut but not yet handed back, at most.
    static var maxBatchesInFlight: Int { 6 }
    /// Bytes of input in the batches cut but not yet handed back, at most (unless one batch
    /// alone holds more).
    static var maxBytesInFlight: Int { maxBatchesInFlight * batchBytes }

    /// One piece as cut, with the file-level issues its reader found before it.
    struct Item {
        var piece: RecordPiece
        var fileIssues: [ValidationIssue]
    }

    /// What became of one piece: its records' outputs, or the error that stops the input.
    struct PieceOutput {
        var outputs: [Output] = []
        var numberedLocally: Bool
        var fileIssues: [ValidationIssue]
        var error: IngestError?
    }

    // All state below is guarded by `lock`; each kind of waiter has its own condition.
    private let lock = NSLock()
    private let roomForReader = NSCondition()
    private let workForWorkers = NSCondition()
    private let doneForCaller = NSCondition()
    private var waiting: [(sequence: Int, items: [Item])] = []
    private var done: [Int: [PieceOutput]] = [:]
    private var batchesCut = 0
    private var nextToHand = 0
    /// Input bytes of each batch cut and not yet handed back, by sequence, and their sum.
    private var bytesOfBatch: [Int: Int] = [:]
    private var bytesInFlight = 0
    private var readerFinished = false
    private var readerError: IngestError?
    private var trailingIssues: [ValidationIssue] = []
    private var cancelled = false
    private let group = DispatchGroup()

    /// Starts cutting `reader` and, on `workers` threads, normalizing with `normalizer` and
    /// turning each outcome into an output with `finish`. A record whose cells `shortcut` gives
    /// an output for is neither built nor normalized: that is its output.
    init(reader: any RecordReader, normalizer: Normalizer, workers: Int,
         shortcut: (@Sendable (FieldCells) -> Output?)? = nil,
         finish: @escaping @Sendable (NormalizedRecord) -> Output) {
        let box = ReaderBox(reader)
        spawn("mcstat-read") { self.readAll(box) }
        for _ in 0..<max(workers, 1) {
            spawn("mcstat-check") { self.work(normalizer, shortcut, finish) }
        }
    }

    /// Runs `body` on a thread of its own. The stages block on each other, so they must not
    /// wait for a place in a bounded pool (several files read at once, as `serve` does, would
    /// then hold every pool thread with readers waiting for workers that cannot start).
    private func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        let thread = Thread { [group] in
            body()
            group.leave()
        }
        thread.name = name
        thread.start()
    }

    /// Hands each output to `handle` in file order, with the file issues found before it (nil
    /// when issues came with a piece that held no record), and returns the file issues found
    /// after the last record. Rethrows the reader's error after the records read before it, or
    /// `handle`'s error at once (the reader is stopped and every thread joined before this
    /// returns).
    func drain(_ handle: (_ fileIssues: [ValidationIssue], _ output: Output?) throws -> Void) throws -> [ValidationIssue] {
        defer { stop() }
        var records = 0
        while let batch = try nextBatch() {
            for piece in batch {
                var fileIssues = piece.fileIssues
                if let error = piece.error { throw error }
                let offset = piece.numberedLocally ? records : 0
                for output in piece.outputs {
                    try handle(fileIssues, offset == 0 ? output : output.offsettingRecord(by: offset))
                    fileIssues = []
                    records += 1
                }
                // File issues found with a piece that holds no record come before the next one.
                if !fileIssues.isEmpty { try handle(fileIssues, nil) }
            }
        }
        return locked { trailingIssues }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// Waits on `condition` until `ready` (read under the lock) holds.
    private func wait(on condition: NSCondition, until ready: () -> Bool) {
        condition.lock()
        while !locked(ready) { condition.wait() }
        condition.unlock()
    }

    private func wake(_ condition: NSCondition, all: Bool = false) {
        condition.lock()
        if all { condition.broadcast() } else { condition.signal() }
        condition.unlock()
    }

    private func nextBatch() throws(IngestError) -> [PieceOutput]? {
        wait(on: doneForCaller) { done[nextToHand] != nil || (readerFinished && nextToHand == batchesCut) }
        let (batch, error): ([PieceOutput]?, IngestError?) = locked {
            if let batch = done.removeValue(forKey: nextToHand) {
                bytesInFlight -= bytesOfBatch.removeValue(forKey: nextToHand) ?? 0
                nextToHand += 1
                return (batch, nil)
            }
            return (nil, readerError)
        }
        if let error { throw error }
        if batch != nil { wake(roomForReader) }
        return batch
    }

    private func stop() {
        locked { cancelled = true }
        wake(roomForReader, all: true)
        wake(workForWorkers, all: true)
        group.wait()
    }

    private func readAll(_ box: ReaderBox) {
        var items: [Item] = []
        items.reserveCapacity(Self.batchSize)
        var bytes = 0
        var records = 0
        var fileIssuesTaken = 0
        var error: IngestError?
        var trailing: [ValidationIssue] = []
        while true {
            // While a long record fills the bytes in flight, read no further: the next one
            // would only wait beside it.
            wait(on: roomForReader) { cancelled || bytesInFlight < Self.maxBytesInFlight }
            if locked({ cancelled }) { return }
            let piece: RecordPiece?
            do { piece = try box.nextPiece() } catch let failure { error = failure; piece = nil }
            var issues: [ValidationIssue] = []
            if box.fileIssues.count > fileIssuesTaken {
                issues = Array(box.fileIssues[fileIssuesTaken...])
                fileIssuesTaken = box.fileIssues.count
            }
            guard let piece else {
                if error == nil { trailing = issues }
                break
            }
            items.append(Item(piece: piece, fileIssues: issues))
            bytes += piece.bytes
            records += piece.records
            if records >= Self.batchSize || bytes >= Self.batchBytes {
                guard enqueue(items, bytes: bytes) else { return }
                items.removeAll(keepingCapacity: true)
                bytes = 0
                records = 0
            }
        }
        if !items.isEmpty { _ = enqueue(items, bytes: bytes) }
        locked {
            readerFinished = true
            readerError = error
            trailingIssues = trailing
        }
        wake(workForWorkers, all: true)
        wake(doneForCaller)
    }

    /// Queues a batch of `bytes` bytes of input, waiting while too many batches or bytes are in
    /// flight; false when the pipeline was stopped.
    private func enqueue(_ items: [Item], bytes: Int) -> Bool {
        wait(on: roomForReader) {
            cancelled || (batchesCut - nextToHand < Self.maxBatchesInFlight
                          && (batchesCut == nextToHand || bytesInFlight + bytes <= Self.maxBytesInFlight))
        }
        let queued: Bool = locked {
            guard !cancelled else { return false }
            waiting.append((batchesCut, items))
            bytesOfBatch[batchesCut] = bytes
            bytesInFlight += bytes
            batchesCut += 1
            return true
        }
        if queued { wake(workForWorkers) }
        return queued
    }

    private func work(_ normalizer: Normalizer, _ shortcut: ((FieldCells) -> Output?)?, _ finish: (NormalizedRecord) -> Output) {
        while true {
            wait(on: workForWorkers) { !waiting.isEmpty || cancelled || readerFinished }
            let next: (sequence: Int, items: [Item])? = locked {
                cancelled || waiting.isEmpty ? nil : waiting.removeFirst()
            }
            guard let (sequence, items) = next else { return }
            var pieces: [PieceOutput] = []
            pieces.reserveCapacity(items.count)
            for item in items {
                var output = PieceOutput(numberedLocally: item.piece.numberedLocally, fileIssues: item.fileIssues)
                do {
                    var found: [ValidationIssue] = []
                    output.outputs = try item.piece.decode().compactMap { record in
                        if let issue = record.fileIssue {
                            found.append(issue)
                            return nil
                        }
                        if let shortcut, let cells = record.cells, let quick = shortcut(cells) { return quick }
                        return finish(normalizer.normalize(record.record()))
                    }
                    output.fileIssues += found
                } catch let failure {
                    output.error = failure
                    pieces.append(output)
                    break
                }
                pieces.append(output)
            }
            locked { done[sequence] = pieces }
            wake(doneForCaller)
        }
    }
}

/// The reader, moved to the reading thread (only that thread touches it).
private final class ReaderBox: @unchecked Sendable {
    private var piecewise: (any PiecewiseRecordReader)?
    private var plain: (any RecordReader)?

    init(_ reader: any RecordReader) {
        if let piecewise = reader as? any PiecewiseRecordReader { self.piecewise = piecewise } else { plain = reader }
    }

    /// File-level warnings found so far.
    var fileIssues: [ValidationIssue] { piecewise?.fileIssues ?? plain?.fileIssues ?? [] }

    /// The next piece: cut by a reader that can, else a record it decoded.
    func nextPiece() throws(IngestError) -> RecordPiece? {
        if piecewise != nil { return try piecewise!.nextPiece() }
        return try plain!.next().map(RecordPiece.decoded)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CLibCSV

/// Rows as libcsv delivered them, kept together: every field's bytes back to back in one
/// buffer, where each field ends, where each row's fields start and the physical line where each
/// row starts. One batch holds the rows of one piece of input, so that a row costs no
/// allocation of its own.
final class CSVRowBatch: Sendable {
    let bytes: [UInt8]
    /// Where each field ends in `bytes` (fields of all rows, in order).
    let ends: [Int]
    /// Per row, the index of its first field in `ends`; one more entry than rows.
    let firstFields: [Int]
    let lines: [Int]
    /// Fields that held a NUL byte, and fields longer than the tokenizer keeps (their bytes
    /// were dropped), as (row, field in row); rare.
    let nulFields: [(row: Int, field: Int)]
    let oversizedFields: [(row: Int, field: Int)]

    init(bytes: [UInt8], ends: [Int], firstFields: [Int], lines: [Int],
         nulFields: [(row: Int, field: Int)], oversizedFields: [(row: Int, field: Int)]) {
        self.bytes = bytes
        self.ends = ends
        self.firstFields = firstFields
        self.lines = lines
        self.nulFields = nulFields
        self.oversizedFields = oversizedFields
    }

    var rowCount: Int { lines.count }

    /// The rows, in order.
    var rows: [CSVRow] { (0..<rowCount).map { CSVRow(batch: self, index: $0) } }
}

/// One row of a ``CSVRowBatch``.
struct CSVRow: Sendable {
    let batch: CSVRowBatch
    let index: Int

    /// The physical line where the row starts.
    var line: Int { batch.lines[index] }
    /// How many fields the row has.
    var count: Int { batch.firstFields[index + 1] - batch.firstFields[index] }
    /// The row's bytes, all fields back to back.
    var byteRange: Range<Int> {
        let first = batch.firstFields[index], last = batch.firstFields[index + 1]
        let start = first == 0 ? 0 : batch.ends[first - 1]
        return start..<(last == 0 ? 0 : batch.ends[last - 1])
    }

    func field(_ field: Int) -> ArraySlice<UInt8> {
        let position = batch.firstFields[index] + field
        let start = position == 0 ? 0 : batch.ends[position - 1]
        return batch.bytes[start..<batch.ends[position]]
    }

    /// Fields that held a NUL byte.
    var nulFields: [Int] { batch.nulFields.isEmpty ? [] : batch.nulFields.filter { $0.row == index }.map(\.field) }
    /// Fields longer than the tokenizer keeps (their bytes were dropped).
    var oversizedFields: [Int] { batch.oversizedFields.isEmpty ? [] : batch.oversizedFields.filter { $0.row == index }.map(\.field) }
}

/// Callback state, kept in a struct behind a pointer (no class, no retain per callback): the
/// batch being filled.
struct CSVTokenizerState {
    var bytes = GrowingBuffer<UInt8>(capacity: 4096)
    var ends = GrowingBuffer<Int>(capacity: 512)
    var firstFields: [Int] = [0]
    var lines: [Int] = []
    var nulFields: [(row: Int, field: Int)] = []
    var oversizedFields: [(row: Int, field: Int)] = []
    /// Where the row being read starts.
    var rowStartLine = 1
    var maxFieldBytes: Int
    /// Whether a NUL byte was fed: fields are searched for one only then.
    var sawNul = false
    /// Rows read as plain lines, without libcsv.
    var plainRows = 0

    init(rowStartLine: Int, maxFieldBytes: Int) {
        self.rowStartLine = rowStartLine
        self.maxFieldBytes = maxFieldBytes
    }

    /// Whether a row is complete and not yet taken.
    var hasRows: Bool { !lines.isEmpty }

    /// The complete rows as a batch; a row begun stays.
    mutating func takeBatch() -> CSVRowBatch {
        let rows = lines.count
        let fieldsTaken = firstFields[rows]
        let bytesTaken = fieldsTaken == 0 ? 0 : ends[fieldsTaken - 1]
        let batch = CSVRowBatch(bytes: bytes.array(0..<bytesTaken), ends: ends.array(0..<fieldsTaken),
                                firstFields: firstFields, lines: lines,
                                nulFields: nulFields.filter { $0.row < rows }, oversizedFields: oversizedFields.filter { $0.row < rows })
        // Fields of an open row move to the front of the next batch.
        bytes.removeFirst(bytesTaken)
        ends.removeFirst(fieldsTaken)
        for index in 0..<ends.count { ends.base[index] -= bytesTaken }
        nulFields = nulFields.filter { $0.row >= rows }.map { ($0.row - rows, $0.field) }
        oversizedFields = oversizedFields.filter { $0.row >= rows }.map { ($0.row - rows, $0.field) }
        firstFields = [0]
        lines.removeAll(keepingCapacity: true)
        return batch
    }

    /// Frees the buffers.
    func free() {
        bytes.free()
        ends.free()
    }
}

// Both callbacks are inlined into the C-convention thunk libcsv calls: one call per field or row, not two.
@inline(__always)
private func onField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    let state = context!.assumingMemoryBound(to: CSVTokenizerState.self)
    if length > state.pointee.maxFieldBytes {
        state.pointee.oversizedFields.append((state.pointee.lines.count, state.pointee.ends.count - state.pointee.firstFields[state.pointee.lines.count]))
    } else if length > 0, let data {
        if state.pointee.sawNul && memchr(data, 0, length) != nil {
            state.pointee.nulFields.append((state.pointee.lines.count, state.pointee.ends.count - state.pointee.firstFields[state.pointee.lines.count]))
        }
        state.pointee.bytes.append(data.assumingMemoryBound(to: UInt8.self), count: length)
    }
    state.pointee.ends.append(state.pointee.bytes.count)
}

@inline(__always)
private func onRowEnd(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    let state = context!.assumingMemoryBound(to: CSVTokenizerState.self)
    state.pointee.lines.append(state.pointee.rowStartLine)
    state.pointee.firstFields.append(state.pointee.ends.count)
}

/// Streams bytes through libcsv and hands back complete rows with the physical line each row
/// starts on. Bytes are fed up to each line end (LF, or CR) at a time so that a row's start line is known even
/// when quoted fields hold line breaks. Memory stays bounded by the longest row.
final class CSVTokenizer {
    private let parser: UnsafeMutablePointer<csv_parser>
    private let state: UnsafeMutablePointer<CSVTokenizerState>
    private var line = 1
    private var finished = false
    private let delimiter: UInt8
    /// Whether plain lines are read without libcsv (``CSVTokenizerState/appendPlainLine(_:delimiter:)``).
    private let readsPlainLines: Bool

    /// - Parameters:
    ///   - maxFieldBytes: fields longer than this are reported as oversized and not kept.
    ///   - firstLine: the physical line the first byte fed is on (a chunk of a file starts later).
    ///   - plainLines: whether plain lines are read without libcsv (the same rows either way).
    init(delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int, firstLine: Int = 1, plainLines: Bool = true) {
        self.delimiter = delimiter
        readsPlainLines = plainLines && CSVTokenizerState.readsPlainLines(delimiter: delimiter)
        parser = .allocate(capacity: 1)
        csv_init(parser, 0)
        csv_set_delim(parser, delimiter)
        csv_set_realloc_func(parser, mcstat_csv_bounded_realloc)
        state = .allocate(capacity: 1)
        state.initialize(to: CSVTokenizerState(rowStartLine: firstLine, maxFieldBytes: maxFieldBytes))
        line = firstLine
    }

    /// The physical line the next byte fed is on.
    var currentLine: Int { line }

    deinit {
        csv_free(parser)
        parser.deallocate()
        state.pointee.free()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Feeds a chunk of the file. Returns where libcsv gave up (a field beyond its hard buffer
    /// limit), nil when all bytes were taken.
    func feed(_ chunk: UnsafeRawBufferPointer) -> TokenizerFailure? {
        feed(chunk, stoppingAtRowEnd: false).failure
    }

    /// Feeds a chunk of the file; with `stoppingAtRowEnd`, stops at the first line feed that
    /// ends a row (the parser then between rows). Returns how many bytes were taken, where
    /// libcsv gave up, if it did, and whether it stopped at a row end.
    func feed(_ chunk: UnsafeRawBufferPointer, stoppingAtRowEnd: Bool) -> (taken: Int, failure: TokenizerFailure?, stopped: Bool) {
        guard let start = chunk.baseAddress, !chunk.isEmpty else { return (0, nil, false) }
        // A field may begin in an earlier feed: once a NUL is seen, every field is searched.
        if !state.pointee.sawNul && memchr(start, 0, chunk.count) != nil { state.pointee.sawNul = true }
        var cursor = start
        let end = cursor + chunk.count
        while cursor < end {
            // A segment ends after a line feed or a carriage return (a row may end at either), so
            // that a row's start line is known however the bytes arrive.
            let remaining = end - cursor
            let newline = memchr(cursor, 0x0A, remaining).map { UnsafeRawPointer($0) }
            let lineLength = newline.map { $0 - cursor } ?? remaining
            let carriageReturn = memchr(cursor, 0x0D, lineLength).map { UnsafeRawPointer($0) }
            let segmentLength = (carriageReturn ?? newline).map { $0 - cursor + 1 } ?? remaining
            let endsLine = carriageReturn == nil && newline != nil
            let betweenRows = mcstat_csv_between_rows(parser) != 0
            if betweenRows { state.pointee.rowStartLine = line }
            // A whole plain line, libcsv between rows, is read without it (see ``CSVTokenizerState/appendPlainLine(_:delimiter:)``).
            if !(betweenRows && endsLine && readsPlainLines && !state.pointee.sawNul
                 && state.pointee.appendPlainLine(UnsafeRawBufferPointer(start: cursor, count: segmentLength - 1), delimiter: delimiter)) {
                let consumed = csv_parse(parser, cursor, segmentLength, onField, onRowEnd, state)
                if consumed != segmentLength {
                    return (cursor - start, TokenizerFailure(line: state.pointee.rowStartLine), false)
                }
            }
            if endsLine { line += 1 }
            cursor += segmentLength
            if stoppingAtRowEnd && endsLine && state.pointee.hasRows && mcstat_csv_between_rows(parser) != 0 {
                return (cursor - start, nil, true)
            }
        }
        return (chunk.count, nil, false)
    }

    /// Ends the input: the last row (without a final line break) is completed. Returns true when
    /// the input ended inside a quoted field whose closing quote never came.
    func finish() -> Bool {
        guard !finished else { return false }
        finished = true
        let unterminated = mcstat_csv_inside_open_quote(parser) != 0
        csv_fini(parser, onField, onRowEnd, state)
        return unterminated
    }

    /// Reserves room for about `bytes` bytes of fields.
    func reserve(bytes: Int) {
        state.pointee.bytes.reserve(bytes)
        state.pointee.ends.reserve(bytes / 8)
    }

    /// Whether a row is complete and not yet taken.
    var hasRows: Bool { state.pointee.hasRows }

    /// Rows read as plain lines, without libcsv.
    var plainRows: Int { state.pointee.plainRows }

    /// Bytes held for rows not yet taken: their cells and one end per cell.
    var heldBytes: Int { state.pointee.bytes.count + 8 * state.pointee.ends.count }

    /// Takes the rows completed so far, as a batch.
    func takeBatch() -> CSVRowBatch { state.pointee.takeBatch() }

    /// Takes the rows completed so far.
    func takeRows() -> [CSVRow] { takeBatch().rows }
}

/// libcsv stopped (a value beyond its buffer limit): `line` is where the failing row started.
struct TokenizerFailure {
    var line: Int

    /// The reading's error for `path`.
    func error(path: String) -> IngestError {
        .malformed(path: path, line: line, reason: "a value grows beyond 64 MiB (an unterminated quote?)")
    }
}

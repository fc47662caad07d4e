#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibCSV

/// One row as libcsv delivered it: the field bytes back to back, where each field ends, and the
/// physical line where the row starts.
struct CSVRow {
    var line: Int
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// Fields that held a NUL byte.
    var nulFields: [Int] = []
    /// Fields longer than the tokenizer keeps (their bytes were dropped).
    var oversizedFields: [Int] = []

    var count: Int { ends.count }

    func field(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : ends[index - 1]
        return bytes[start..<ends[index]]
    }
}

/// Callback state, kept in a struct behind a pointer (no class, no retain per callback).
struct CSVTokenizerState {
    var row = CSVRow(line: 1)
    var rowStartLine = 1
    var completed: [CSVRow] = []
    var maxFieldBytes: Int
}

private func onField(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    let state = context!.assumingMemoryBound(to: CSVTokenizerState.self)
    if state.pointee.row.ends.isEmpty { state.pointee.row.line = state.pointee.rowStartLine }
    let index = state.pointee.row.ends.count
    if length > state.pointee.maxFieldBytes {
        state.pointee.row.oversizedFields.append(index)
    } else if length > 0, let data {
        let buffer = UnsafeRawBufferPointer(start: data, count: length)
        if buffer.contains(0) { state.pointee.row.nulFields.append(index) }
        state.pointee.row.bytes.append(contentsOf: buffer)
    }
    state.pointee.row.ends.append(state.pointee.row.bytes.count)
}

private func onRowEnd(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    let state = context!.assumingMemoryBound(to: CSVTokenizerState.self)
    if state.pointee.row.ends.isEmpty { state.pointee.row.line = state.pointee.rowStartLine }
    let (bytes, fields) = (state.pointee.row.bytes.count, state.pointee.row.ends.count)
    state.pointee.completed.append(state.pointee.row)
    // The next row is most likely as long as this one: one allocation per array, not a dozen.
    state.pointee.row = CSVRow(line: state.pointee.rowStartLine)
    state.pointee.row.bytes.reserveCapacity(bytes + bytes / 4)
    state.pointee.row.ends.reserveCapacity(fields)
}

/// Streams bytes through libcsv and hands back complete rows with the physical line each row
/// starts on. Bytes are fed up to each line end (LF, or CR) at a time so that a row's start line is known even
/// when quoted fields hold line breaks. Memory stays bounded by the longest row.
final class CSVTokenizer {
    private let parser: UnsafeMutablePointer<csv_parser>
    private let state: UnsafeMutablePointer<CSVTokenizerState>
    private var line = 1
    private var finished = false

    /// - Parameters:
    ///   - maxFieldBytes: fields longer than this are reported as oversized and not kept.
    ///   - firstLine: the physical line the first byte fed is on (a chunk of a file starts later).
    init(delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int, firstLine: Int = 1) {
        parser = .allocate(capacity: 1)
        csv_init(parser, 0)
        csv_set_delim(parser, delimiter)
        csv_set_realloc_func(parser, mcstat_csv_bounded_realloc)
        state = .allocate(capacity: 1)
        state.initialize(to: CSVTokenizerState(row: CSVRow(line: firstLine), rowStartLine: firstLine, maxFieldBytes: maxFieldBytes))
        line = firstLine
    }

    /// The physical line the next byte fed is on.
    var currentLine: Int { line }

    deinit {
        csv_free(parser)
        parser.deallocate()
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
            if mcstat_csv_between_rows(parser) != 0 { state.pointee.rowStartLine = line }
            let consumed = csv_parse(parser, cursor, segmentLength, onField, onRowEnd, state)
            if consumed != segmentLength {
                return (cursor - start, TokenizerFailure(line: state.pointee.rowStartLine), false)
            }
            if endsLine { line += 1 }
            cursor += segmentLength
            if stoppingAtRowEnd && endsLine && !state.pointee.completed.isEmpty && mcstat_csv_between_rows(parser) != 0 {
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

    /// Takes the rows completed so far.
    func takeRows() -> [CSVRow] {
        let rows = state.pointee.completed
        state.pointee.completed.removeAll(keepingCapacity: true)
        return rows
    }
}

/// libcsv stopped (a value beyond its buffer limit): `line` is where the failing row started.
struct TokenizerFailure {
    var line: Int

    /// The reading's error for `path`.
    func error(path: String) -> IngestError {
        .malformed(path: path, line: line, reason: "a value grows beyond 64 MiB (an unterminated quote?)")
    }
}

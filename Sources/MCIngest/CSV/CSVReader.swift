#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import MCModel
import Synchronization

/// Reads a canonical CSV export through libcsv, streaming it in fixed-size chunks.
///
/// RFC 4180 quoting (delimiters, `""` and line breaks inside quotes), an optional UTF-8 BOM and
/// CRLF or LF line ends are handled. Each record remembers the physical line where it starts
/// (the header is line 1). Damage confined to one record (a wrong number of cells, invalid UTF-8,
/// a NUL byte, an oversized value, an unterminated quote at the end) marks that record; only a
/// file that cannot be read at all throws.
package struct CSVReader: PiecewiseRecordReader {
    /// Bytes read from the file per chunk.
    package static let chunkSize = 64 * 1024
    /// Bytes of rows per piece when the file is read in pieces (see ``nextPiece()``).
    static let pieceBytes = 64 * 1024
    /// Longest row a piece may hold: from a row that grows beyond this without ending (an
    /// unclosed quote swallowing the file, say), the file is read row by row, as `next()` reads
    /// it (a value beyond libcsv's 64 MiB buffer then stops the reading).
    static let maxRowBytes = 64 * 1024 * 1024 - 4096
    /// Longest value kept for any field (1 MiB); longer values reject their record.
    package static let maxValueBytes = 1 << 20
    /// Longest header row (1 MiB, cells and their ends): a header is a few hundred bytes of
    /// column names, and one without end would be held whole.
    package static let maxHeaderBytes = 1 << 20

    package let format = InputFormat.csv
    package private(set) var fileIssues: [ValidationIssue] = []
    package let path: String

    private let descriptor: Int32
    private var tokenizer: CSVTokenizer
    private var buffer: [UInt8]
    private var pending: [CSVRow] = []
    private var pendingIndex = 0
    /// Turns rows into records, once the header is read.
    private var decoder: CSVRecordDecoder?
    private var recordNumber = 0
    private var endOfFile = false
    private var unterminatedQuote = false
    private var sawHeader = false
    private var sawAnyByte = false
    private let closer: FileCloser
    private let profile: CSVProfile?
    private let delimiter: UInt8
    // Reading in pieces: the tokenizer reads up to the end of the header row, then the rest of
    // the file is cut into chunks of whole rows that the pieces parse themselves.
    private var readingPieces = false
    /// Cuts the rest of the file once the tokenizer stopped at the end of the header row.
    private var chunker: CSVChunker?
    /// Whether any data row fits the header, shared by every copy of the reader and its pieces.
    private let fit = HeaderFit()

    /// Opens `path`, read by `profile` when given (column names, delimiter, encoding). Throws
    /// ``IngestError/unreadable(path:reason:)`` when it cannot be opened.
    package init(path: String, profile: CSVProfile? = nil) throws(IngestError) {
        self.path = path
        self.profile = profile
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        descriptor = fd
        closer = FileCloser(descriptor: fd)
        delimiter = profile?.delimiter.utf8.first ?? UInt8(ascii: ",")
        tokenizer = CSVTokenizer(delimiter: delimiter, maxFieldBytes: CSVReader.maxValueBytes)
        buffer = [UInt8](repeating: 0, count: CSVReader.chunkSize)
    }

    package mutating func next() throws(IngestError) -> RawRecord? {
        guard let row = try nextRow() else { return nil }
        return decoder!.record(from: row.row, number: row.number, unterminated: row.unterminated)
    }

    /// The header row and any row on its line come one piece each; the rest of the file comes
    /// in chunks of whole rows (cut where libcsv would be between rows, see
    /// ``CSVRowBoundaryScanner``), which the pieces parse with a libcsv parser of their own. Rows
    /// are numbered within their piece.
    package mutating func nextPiece() throws(IngestError) -> RecordPiece? {
        readingPieces = true
        if chunker == nil || pendingIndex < pending.count {
            if let (row, _, unterminated) = try nextRow() {
                let decoder = decoder!
                return RecordPiece(numberedLocally: true, bytes: row.byteRange.count) {
                    let rows = CSVPieceRows(batch: row.batch, decoder: decoder, numberOffset: 1 - row.index,
                                            unterminatedRow: unterminated ? row.index : nil)
                    return [PieceRecord(rows: rows, index: row.index)]
                }
            }
            if chunker == nil { return nil }
        }
        return try nextChunk()
    }

    /// The next chunk of whole rows, cut at the last row boundary once a piece's worth is read;
    /// at the end of the file, what is left. Nil when nothing is. A row that grows beyond
    /// ``maxRowBytes`` without ending (an unclosed quote, say) is not cut: from its start on the
    /// file is read row by row, as `next()` reads it, with the same outcome.
    private mutating func nextChunk() throws(IngestError) -> RecordPiece? {
        while !endOfFile && !chunker!.hasChunk(of: CSVReader.pieceBytes) {
            if chunker!.openRowBytes > CSVReader.maxRowBytes {
                try readRowByRow()
                return try nextPiece()
            }
            let count = chunker!.read(from: descriptor, toHold: CSVReader.pieceBytes)
            if count < 0 {
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 {
                endOfFile = true
                break
            }
        }
        let isLast = endOfFile
        guard let chunk = chunker!.cut(atEnd: isLast) else { return nil }
        let (decoder, path, delimiter) = (decoder!, path, delimiter)
        return RecordPiece(numberedLocally: true, bytes: chunk.count, records: max(1, chunk.lineFeeds)) { () throws(IngestError) -> [PieceRecord] in
            let tokenizer = CSVTokenizer(delimiter: delimiter, maxFieldBytes: CSVReader.maxValueBytes, firstLine: chunk.firstLine)
            tokenizer.reserve(bytes: chunk.count)
            if let failure = chunk.bytes.withUnsafeBytes({ tokenizer.feed(UnsafeRawBufferPointer(rebasing: $0[0..<chunk.count])) }) {
                // Not reached: a chunk is shorter than the value libcsv refuses.
                throw failure.error(path: path)
            }
            let unterminated = isLast && tokenizer.finish()
            let batch = tokenizer.takeBatch()
            let count = batch.rowCount
            let rows = CSVPieceRows(batch: batch, decoder: decoder, numberOffset: 1, unterminatedRow: unterminated ? count - 1 : nil)
            return (0..<count).map { PieceRecord(rows: rows, index: $0) }
        }
    }

    /// Gives up cutting chunks: the tokenizer takes over from the start of the open row (the
    /// chunker holds nothing before it) and the rest of the file comes row by row.
    private mutating func readRowByRow() throws(IngestError) {
        let open = chunker!.takeOpenRow()
        chunker = nil
        tokenizer = CSVTokenizer(delimiter: delimiter, maxFieldBytes: CSVReader.maxValueBytes, firstLine: open.firstLine)
        if let failure = open.bytes.withUnsafeBytes({ tokenizer.feed($0) }) {
            throw failure.error(path: path)
        }
        pending = tokenizer.takeRows()
        pendingIndex = 0
    }

    /// The next data row (the header read on the way), its record number, and whether a quote
    /// opened in it is never closed; nil at the end of the file.
    private mutating func nextRow() throws(IngestError) -> (row: CSVRow, number: Int, unterminated: Bool)? {
        while true {
            if pendingIndex < pending.count {
                let row = pending[pendingIndex]
                pendingIndex += 1
                if !sawHeader {
                    try readHeader(row)
                    continue
                }
                let isLast = endOfFile && pendingIndex == pending.count
                recordNumber += 1
                return (row, recordNumber, isLast && unterminatedQuote)
            }
            if endOfFile {
                if !sawAnyByte { throw .empty(path: path) }
                if !sawHeader { throw .empty(path: path) }
                return nil
            }
            if chunker != nil { return nil }
            try fill()
        }
    }

    /// Reads the next chunk into the tokenizer, or finishes it at end of file.
    private mutating func fill() throws(IngestError) {
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if count == 0 {
            endOfFile = true
            unterminatedQuote = tokenizer.finish()
        } else {
            var start = 0
            if !sawAnyByte {
                sawAnyByte = true
                if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
            }
            // Reading in pieces, the tokenizer stops at the end of the header row; the rest goes
            // into chunks.
            let stopping = readingPieces && !sawHeader
            let (taken, failure, stopped) = buffer.withUnsafeBytes { bytes in
                tokenizer.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<count]), stoppingAtRowEnd: stopping)
            }
            if !sawHeader && !tokenizer.hasRows && tokenizer.heldBytes > CSVReader.maxHeaderBytes {
                throw .malformed(path: path, line: 1, reason: "the header row runs past \(CSVReader.maxHeaderBytes >> 20) MiB: a header row naming the columns, on one line, is expected first (a stray quote in it?)")
            }
            if stopped {
                var chunker = CSVChunker(delimiter: delimiter, firstLine: tokenizer.currentLine)
                buffer.withUnsafeBytes { chunker.add(UnsafeRawBufferPointer(rebasing: $0[(start + taken)..<count])) }
                self.chunker = chunker
            }
            if let failure {
                throw failure.error(path: path)
            }
        }
        pending = tokenizer.takeRows()
    }

    private mutating func readHeader(_ row: CSVRow) throws(IngestError) {
        sawHeader = true
        // A header row is one line of column names: a row that holds a line break is a quote
        // left open (the file's rows swallowed into one cell), never a header. Reported by its
        // shape: what it holds may be records.
        let lineBreaks = row.batch.bytes[row.byteRange].reduce(0) { $0 + ($1 == 0x0A || $1 == 0x0D ? 1 : 0) }
        if lineBreaks > 0 {
            throw .malformed(path: path, line: row.line, reason: "the header row spans several lines (\(CSVReader.shape(of: row))): a quote in it is never closed, or a cell holds a line break; a header row naming the columns, on one line, is expected first")
        }
        if row.byteRange.count + 8 * row.count > CSVReader.maxHeaderBytes {
            throw .malformed(path: path, line: row.line, reason: "the header row is longer than \(CSVReader.maxHeaderBytes >> 20) MiB (\(CSVReader.shape(of: row))): a header row naming the columns is expected first")
        }
        var seen = Set<Field>()
        var unknown: [String] = []
        var duplicates: [String] = []
        let columns: [Field?] = (0..<row.count).map { index in
            let name = decode(row.field(index)).trimmingASCIIWhitespace().lowercased()
            guard let field = profile?.field(forColumn: name) ?? Field.named[name] else {
                unknown.append(name)
                return nil
            }
            guard seen.insert(field).inserted else {
                duplicates.append(name)
                return nil
            }
            return field
        }
        let decoder = CSVRecordDecoder(path: path, profile: profile, columns: columns, headerCount: row.count, fit: fit)
        self.decoder = decoder
        let missing = Field.required.filter { !seen.contains($0) }
        if missing.count == Field.required.count {
            let hint = profile.map { " (nor the columns profile '\($0.name)' names)" } ?? " (an export in another layout needs a profile: --profile NAME)"
            throw .unknownFormat(path: path, seen: "the first row has none of the canonical columns (credential_id, learner_id, title, …)\(hint); it is \(CSVReader.shape(of: row)) — a header row naming the columns is expected first")
        }
        if !unknown.isEmpty || !duplicates.isEmpty {
            fit.expect(header: row.count, ignored: unknown.count + duplicates.count, shape: CSVReader.shape(of: row), line: row.line)
        }
        if !unknown.isEmpty {
            // Names are printed only when they look like names: a cell that is long or holds
            // anything but a name's characters may be a record's value.
            let names = unknown.filter(CSVReader.looksLikeName)
            let shown = names.prefix(20).joined(separator: ", ")
            let others = unknown.count - min(names.count, 20)
            let listed = (shown.isEmpty ? "" : shown) + (others > 0 ? "\(shown.isEmpty ? "" : ", and ")\(others) other cell\(others == 1 ? "" : "s") that do not look like column names" : "")
            fileIssues.append(ValidationIssue(record: nil, line: row.line, field: nil, code: .unknownColumn,
                                    severity: .warning, value: names.isEmpty ? nil : names.prefix(20).joined(separator: ","),
                                    message: "columns not in the canonical layout were ignored: \(listed)",
                                    hint: "rename them to canonical names, or use a profile (--profile) that maps them"))
        }
        for name in Set(duplicates).sorted() {
            fileIssues.append(ValidationIssue(record: nil, line: row.line, field: nil, code: .unknownColumn,
                                    severity: .warning, value: name,
                                    message: "the column \(name) appears \(duplicates.filter { $0 == name }.count + 1) times in the header; only the first was read, the others were ignored",
                                    hint: "give each column once; remove or rename the duplicate \(name) column"))
        }
        for field in missing {
            fileIssues.append(ValidationIssue(record: nil, line: row.line, field: field, code: .missingColumn,
                                    severity: .warning,
                                    message: "the header has no \(field.rawValue) column: every record lacks the element '\(field.element.rawValue)'",
                                    hint: "add the column \(field.rawValue) to the export"))
        }
        if !seen.contains(.ects) && !seen.contains(.workloadHours) {
            fileIssues.append(ValidationIssue(record: nil, line: row.line, field: .ects, code: .missingColumn,
                                    severity: .warning,
                                    message: "the header has neither an ects nor a workload_hours column: every record lacks the notional workload",
                                    hint: "add an ects (preferred) or workload_hours column"))
        }
    }
}

extension CSVReader {
    /// Checked once every row was read: a header with ignored columns that no data row fits
    /// (as many cells as the header) is not the columns of this file's rows — a header glued
    /// to the first row, say — and the file is refused by its shape (cli.md).
    package func finish() throws(IngestError) {
        guard let (header, ignored, shape, line) = fit.misfit() else { return }
        throw .malformed(path: path, line: line, reason: "the header row has \(header) cells, \(ignored) of them not canonical columns, and no row of the file has as many cells: these are not the file's columns (\(shape)); a header row naming the columns, on a line of its own, is expected first")
    }

    /// Whether an unknown header cell looks like a column name (and may be printed): at most 64
    /// bytes, and only letters, digits, space, `_`, `-`, `.`, `/`, `(`, `)`.
    static func looksLikeName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " _-./()".unicodeScalars.contains(scalar)
        }
    }

    /// What a row looks like without saying what it holds (it may be a record, learner id
    /// included): its number of cells and the kind of each of the first ones.
    static func shape(of row: CSVRow) -> String {
        func kind(_ bytes: ArraySlice<UInt8>) -> String {
            let cell = bytes.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed()
            if cell.isEmpty { return "empty" }
            if cell.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }) { return "number" }
            if let text = String(validating: Array(cell), as: UTF8.self), CalendarDate(iso: text) != nil { return "date" }
            return "text"
        }
        let shown = min(row.count, 8)
        let kinds = (0..<shown).map { kind(row.field($0)) }.joined(separator: ", ")
        return "a row of \(row.count) cell\(row.count == 1 ? "" : "s") (\(kinds)\(row.count > shown ? ", …" : ""))"
    }

    /// Header text in the file's encoding.
    func decode(_ bytes: ArraySlice<UInt8>) -> String {
        profile?.encoding == .windows1252 ? Windows1252.decode(bytes) : String(decoding: bytes, as: UTF8.self)
    }

    /// The bytes as a String, nil when they are not valid UTF-8. ASCII (most cells) takes a
    /// fast path.
    static func utf8String(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            // ASCII needs no validation: copy the bytes straight into the string.
            if buffer.allSatisfy({ $0 < 0x80 }) {
                return String(unsafeUninitializedCapacity: buffer.count) { target in
                    _ = target.initialize(fromContentsOf: buffer)
                    return buffer.count
                }
            }
            return String(validating: buffer, as: UTF8.self)
        }
    }
}

/// Closes a file descriptor when the last copy of the reader goes away.
final class FileCloser {
    let descriptor: Int32
    init(descriptor: Int32) { self.descriptor = descriptor }
    deinit { close(descriptor) }
}

/// Builds records from a CSV file's rows by its header: what may run on any thread. A class,
/// so that each row's record holds it by one reference.
final class CSVRecordDecoder: Sendable {
    let path: String
    let profile: CSVProfile?
    /// The field of each column (nil: ignored).
    let columns: [Field?]
    let headerCount: Int
    /// Per field (by ordinal), its column; -1 when the header has none.
    let columnOfField: [Int]
    /// Told of every data row that fits the header.
    let fit: HeaderFit

    init(path: String, profile: CSVProfile?, columns: [Field?], headerCount: Int, fit: HeaderFit = HeaderFit()) {
        self.path = path
        self.profile = profile
        self.columns = columns
        self.headerCount = headerCount
        self.fit = fit
        var columnOfField = Array(repeating: -1, count: Field.allCases.count)
        for (index, field) in columns.enumerated() { if let field { columnOfField[field.ordinal] = index } }
        self.columnOfField = columnOfField
    }

    /// `row`'s cells by field, when the row is clean: as many cells as the header, no quote left
    /// open, no NUL byte, no cell too long, and no profile (whose encoding, date format or
    /// vocabulary would change the values). Nil otherwise: the row is then only decoded.
    func cells(of row: CSVRow, unterminated: Bool, storage: FieldCells.Storage) -> FieldCells? {
        if row.count == headerCount { fit.sawFittingRow() }
        guard profile == nil, !unterminated, row.count == headerCount, row.nulFields.isEmpty, row.oversizedFields.isEmpty else {
            return nil
        }
        return FieldCells(storage: storage, firstCell: row.batch.firstFields[row.index], cellCount: row.count)
    }

    /// Cells of `batch`'s rows, by this header's columns.
    func cellStorage(of batch: CSVRowBatch) -> FieldCells.Storage {
        FieldCells.Storage(bytes: batch.bytes, ends: batch.ends, cellOfField: columnOfField)
    }

    /// The record of `row`, the file's record `recordNumber`.
    func record(from row: CSVRow, number recordNumber: Int, unterminated: Bool) -> RawRecord {
        if row.count == headerCount { fit.sawFittingRow() }
        let provenance = Provenance(file: path, record: recordNumber, line: row.line)
        var record = RawRecord(provenance: provenance)
        var damage: ValidationIssue?
        func mark(_ field: Field?, _ code: ReasonCode, _ message: String, _ hint: String) {
            if damage == nil {
                damage = ValidationIssue(record: recordNumber, line: row.line, field: field, code: code,
                               severity: .error, message: message, hint: hint)
            }
        }
        if unterminated {
            mark(nil, .malformedRow,
                 "a quoted value opened in this record is never closed before the end of the file",
                 "close the quote; a quote inside a quoted value is written twice (\"\")")
        }
        for index in 0..<min(row.count, columns.count) {
            guard let field = columns[index] else { continue }
            if row.oversizedFields.contains(index) {
                mark(field, .valueTooLong, "the \(field.rawValue) value is longer than 1 MiB",
                     "check the export: a value this long is not an Annex I element (an unclosed quote?)")
                continue
            }
            let bytes = row.field(index)
            if row.nulFields.contains(index) {
                mark(field, .badEncoding, "the \(field.rawValue) value contains a NUL byte",
                     "export the file as UTF-8 text without NUL bytes")
            }
            if profile?.encoding == .windows1252 {
                record[field] = .text(Windows1252.decode(bytes))
            } else if let text = CSVReader.utf8String(bytes) {
                record[field] = .text(text)
            } else {
                mark(field, .badEncoding, "the \(field.rawValue) value is not valid UTF-8",
                     "export the file as UTF-8 (a profile can declare Windows-1252)")
                record[field] = .text(String(decoding: bytes, as: UTF8.self))
            }
        }
        if row.count != headerCount && !unterminated {
            damage = nil
            mark(nil, .malformedRow,
                 "the row has \(row.count) cells but the header has \(headerCount); its values were not kept",
                 "quote values that contain commas or line breaks, and give every row one cell per column")
        }
        // A row whose cells cannot be aligned with the header may carry the learner id under any
        // column: nothing of it is kept, only where it is and why it was refused.
        if row.count != headerCount || unterminated {
            return RawRecord(provenance: provenance, damage: damage)
        }
        record.damage = damage
        return record
    }
}

/// The rows of one piece with what turns them into records: shared by the piece's records, so
/// that each holds them by one reference.
final class CSVPieceRows: Sendable {
    let batch: CSVRowBatch
    let decoder: CSVRecordDecoder
    let storage: FieldCells.Storage
    /// Row `index` is record `index + numberOffset` of the piece.
    let numberOffset: Int
    /// The row whose quote is never closed (the file's last), if it is among these.
    let unterminatedRow: Int?

    init(batch: CSVRowBatch, decoder: CSVRecordDecoder, numberOffset: Int, unterminatedRow: Int?) {
        self.batch = batch
        self.decoder = decoder
        storage = decoder.cellStorage(of: batch)
        self.numberOffset = numberOffset
        self.unterminatedRow = unterminatedRow
    }

    func cells(of index: Int) -> FieldCells? {
        decoder.cells(of: CSVRow(batch: batch, index: index), unterminated: index == unterminatedRow, storage: storage)
    }

    func record(of index: Int) -> RawRecord {
        decoder.record(from: CSVRow(batch: batch, index: index), number: index + numberOffset, unterminated: index == unterminatedRow)
    }
}

/// Whether any data row of a CSV file has as many cells as its header, when the header has
/// columns that were ignored: shared by the reader's copies and the pieces decoded on other
/// threads, asked once every row was read (``CSVReader/finish()``).
final class HeaderFit: Sendable {
    private let fitted = Atomic<Bool>(false)
    /// The header's cell count, ignored cells, shape and line, when it has ignored cells.
    private let header = Mutex<(count: Int, ignored: Int, shape: String, line: Int)?>(nil)

    /// The header has `ignored` cells that are not (first) canonical columns.
    func expect(header count: Int, ignored: Int, shape: String, line: Int) {
        header.withLock { $0 = (count, ignored, shape, line) }
    }

    /// A data row has as many cells as the header.
    func sawFittingRow() {
        if !fitted.load(ordering: .relaxed) { fitted.store(true, ordering: .relaxed) }
    }

    /// The header's description when it has ignored cells and no data row fitted it.
    func misfit() -> (Int, Int, String, Int)? {
        guard !fitted.load(ordering: .acquiring), let header = header.withLock({ $0 }) else { return nil }
        return (header.count, header.ignored, header.shape, header.line)
    }
}

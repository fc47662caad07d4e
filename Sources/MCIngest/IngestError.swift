/// Why an input could not be read at all. A file that raises one of these contributes no
/// records; the other inputs of the same command are still processed (exit code 3).
package enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file holds no bytes (not even a header).
    case empty(path: String)
    /// The content is not a format mcstat reads; `seen` says what was found instead.
    case unknownFormat(path: String, seen: String)
    /// The format is recognised but this build has no reader for it.
    case unsupportedFormat(path: String, format: String)
    /// The file is damaged beyond record level (a field larger than the reader's hard limit,
    /// XML that is not well-formed, …), at `line` when known.
    case malformed(path: String, line: Int?, reason: String)
    /// The file is unsafe to read (external entities, entity bombs, absurd nesting).
    case unsafe(path: String, line: Int?, reason: String)
    /// A folder or archive with nothing to read in it: no files, or only skipped ones.
    case emptyInput(path: String, reason: String)

    /// A short machine code for `validate --format json`'s `fatal.code`.
    package var code: String {
        switch self {
        case .unreadable: "unreadable"
        case .empty: "empty_file"
        case .unknownFormat: "unknown_format"
        case .unsupportedFormat: "unsupported_format"
        case .malformed: "malformed_file"
        case .unsafe: "unsafe_input"
        case .emptyInput: "empty_input"
        }
    }

    /// The line the failure was found at, when known.
    package var line: Int? {
        switch self {
        case .malformed(_, let line, _), .unsafe(_, let line, _): line
        default: nil
        }
    }

    package var message: String {
        switch self {
        case .unreadable(_, let reason): "cannot read the file: \(reason)"
        case .empty: "the file is empty: expected a header row naming the columns, then one record per row"
        case .unknownFormat(_, let seen): "not a format mcstat reads (canonical CSV, ELM XML, ELM JSON-LD, Open Badges 3.0, canonical JSON/XML): \(seen)"
        case .unsupportedFormat(_, let format): "the \(format) format is recognised but not read by this version of mcstat"
        case .malformed(_, let line, let reason): line.map { "line \($0): \(reason)" } ?? reason
        case .unsafe(_, let line, let reason): "refused as unsafe: " + (line.map { "line \($0): \(reason)" } ?? reason)
        case .emptyInput(_, let reason): reason
        }
    }

    /// The file the error is about.
    package var path: String {
        switch self {
        case .unreadable(let path, _), .empty(let path), .unknownFormat(let path, _),
             .unsupportedFormat(let path, _), .malformed(let path, _, _), .unsafe(let path, _, _),
             .emptyInput(let path, _):
            path
        }
    }

    package var description: String { "\(path): \(message)" }
}

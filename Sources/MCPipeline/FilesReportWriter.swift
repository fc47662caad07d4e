import Foundation
package import MCModel

/// Writes the report of `validate` and `ingest` file by file as the files are read, text for
/// people or JSON for machines (`{"files": […], "totals": {…}}`, keys sorted, two-space indent),
/// so that neither the issues nor the output are ever held whole in memory. The same input gives
/// the same bytes.
///
/// Give ``issues`` to the ``IngestService`` while a file is read, then ``add(_:)`` its report;
/// ``finish()`` writes the totals.
package final class FilesReportWriter {
    package enum Style: Sendable, Equatable {
        /// For people; `verbose` lists every issue under its file's line.
        case text(verbose: Bool)
        /// The machine shape of the command-line contract.
        case json
    }

    package let style: Style
    /// Where the issues of the file being read go.
    package let issues: IssueSpool
    /// Sums over the files added so far.
    package private(set) var totals = Totals([])
    private let write: (Data) throws -> Void
    private var files = 0
    /// How many files were added.
    package var fileCount: Int { files }

    /// - Parameters:
    ///   - write: receives the output in order, in pieces.
    ///   - observe: sees each issue as it is spooled (the service keeps the first of each reason).
    package init(style: Style, write: @escaping (Data) throws -> Void, observe: ((ValidationIssue) -> Void)? = nil) {
        self.style = style
        self.write = write
        switch style {
        case .json:
            issues = IssueSpool { issue, first in
                observe?(issue)
                var bytes: [UInt8] = first ? [0x0A] : [UInt8(ascii: ","), 0x0A]
                bytes.reserveCapacity(512)
                IssueJSON.render(issue, indent: 8, into: &bytes)
                return Data(bytes)
            }
        case .text(let verbose):
            // Stale records are named even in the short form: they are the ones an operator must see.
            issues = IssueSpool { issue, _ in
                verbose || issue.code == .staleVersion ? Data(FilesReportWriter.textLines(issue).utf8) : Data()
            }
        }
    }

    /// Writes one file's report, with the issues spooled while it was read and those it keeps.
    package func add(_ report: FileReport) throws {
        issues.add(report.issues)
        totals.add(report)
        defer { files += 1 }
        switch style {
        case .json: try addJSON(report)
        case .text: try addText(report)
        }
    }

    /// Writes the totals and closes the document.
    package func finish() throws {
        switch style {
        case .json:
            let opening = files == 0 ? "{\n  \"files\" : [],\n" : "\n  ],\n"
            try write(Data((opening + "  \"totals\" : {\n    \"accepted\" : \(totals.accepted),\n    \"read\" : \(totals.read),\n" +
                "    \"rejected\" : \(totals.rejected),\n" + (totals.stale.map { "    \"stale\" : \($0),\n" } ?? "") +
                "    \"warnings\" : \(totals.warnings)\n  }\n}\n").utf8))
        case .text:
            let stale = totals.stale.flatMap { $0 > 0 ? ", \($0) stale" : nil } ?? ""
            try write(Data("total: \(totals.read) read, \(totals.accepted) accepted, \(totals.rejected) rejected, \(totals.warnings) warnings\(stale)\n".utf8))
        }
    }

    private func addJSON(_ report: FileReport) throws {
        var head = files == 0 ? "{\n  \"files\" : [\n    {\n" : ",\n    {\n"
        head += "      \"accepted\" : \(report.accepted),\n"
        head += "      \"fatal\" : \(report.fatal.map { FilesReportWriter.indented(FilesReportWriter.json($0), by: 6, first: false) } ?? "null"),\n"
        head += "      \"format\" : \(report.format.map(FilesReportWriter.json) ?? "null"),\n"
        head += "      \"issues\" : ["
        try write(Data(head.utf8))
        let hadIssues = issues.count > 0
        try issues.drain(write)
        var tail = hadIssues ? "\n      ],\n" : "],\n"
        tail += "      \"path\" : \(FilesReportWriter.json(report.path)),\n"
        tail += "      \"read\" : \(report.read),\n"
        tail += "      \"rejected\" : \(report.rejected),\n"
        if let skipped = report.skipped { tail += "      \"skipped\" : \(skipped),\n" }
        if let stale = report.stale { tail += "      \"stale\" : \(stale),\n" }
        tail += "      \"warnings\" : \(report.warnings)\n    }"
        try write(Data(tail.utf8))
    }

    private func addText(_ report: FileReport) throws {
        let line: String
        if report.skipped == true {
            line = "\(report.path): skipped (already imported, same SHA-256)\n"
        } else if let fatal = report.fatal {
            line = "\(report.path): cannot be read: \(fatal.message)\n"
        } else if let reason = report.notRead {
            line = "\(report.path): not read: \(reason)\n"
        } else {
            let stale = report.stale.flatMap { $0 > 0 ? ", \($0) stale" : nil } ?? ""
            line = "\(report.path) (\(report.format ?? "?")): \(report.read) read, \(report.accepted) accepted, \(report.rejected) rejected, \(report.warnings) warnings\(stale)\n"
        }
        try write(Data(line.utf8))
        if report.skipped == true || report.fatal != nil || report.notRead != nil {
            issues.reset()
        } else {
            try issues.drain(write)
        }
    }

    /// One issue as the text report prints it: where, severity, code, element, message; then
    /// `also:` (the other rules a rejected record fails) and `fix:` lines.
    static func textLines(_ issue: ValidationIssue) -> String {
        var place: [String] = []
        if let record = issue.record { place.append("record \(record)") }
        if let line = issue.line { place.append("line \(line)") }
        if let pointer = issue.pointer { place.append(pointer) }
        let element = issue.element.map { "\($0)" + (issue.field.map { " (\($0))" } ?? "") }
        var out = "  \(place.isEmpty ? "file" : place.joined(separator: ", ")): \(issue.severity.rawValue) \(issue.code.rawValue)"
        out += element.map { " — \($0)" } ?? ""
        out += ": \(issue.message)\n"
        if let also = issue.also { out += "      also: \(also.map(\.rawValue).joined(separator: ", "))\n" }
        if let hint = issue.hint { out += "      fix: \(hint)\n" }
        return out
    }

    /// A value as pretty, key-sorted JSON.
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    /// `text` with every line (or every line but the first) indented by `spaces`.
    static func indented(_ text: String, by spaces: Int, first: Bool = true) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 && !first ? String($0.element) : pad + $0.element }.joined(separator: "\n")
    }
}

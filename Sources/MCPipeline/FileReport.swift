package import MCIngest
package import MCModel

/// What reading one file gave: its counts, its issues, and the fatal error when it could not be
/// read at all. `read == accepted + rejected` always holds.
///
/// Issues are kept in ``issues`` unless an ``IssueSpool`` takes them as they are found (what
/// `validate` and `ingest` do, so that memory does not grow with the number of rejects).
package struct FileReport: Sendable, Codable, Equatable {
    package var path: String
    package var format: String?
    package var read = 0
    package var accepted = 0
    package var rejected = 0
    package var warnings = 0
    package var fatal: FatalError?
    package var issues: [ValidationIssue] = []
    /// For `ingest`: the file was imported before (same SHA-256) and was not read again.
    package var skipped: Bool?
    /// How many of the warnings are about the file as a whole (not one record).
    package private(set) var fileWarnings = 0
    /// Why this member of a folder or archive was named but not read; nil when it was read.
    package var notRead: String?
    /// For `ingest`: accepted records identical to a version a newer one already replaced; they
    /// were not stored (the newer version stays).
    package var stale: Int?
    /// For `ingest`: records read per awarding body (rejects under the body they are listed
    /// under), for the pipeline's `fail:` rules. Not part of the printed report.
    package var awardingBodies: [String: BodyTally] = [:]

    package init(path: String, format: String? = nil) {
        self.path = path
        self.format = format
    }

    /// The report of an input that could not be read at all.
    package init(failed error: IngestError, skipped: Bool? = nil) {
        self.init(path: error.path)
        fail(error)
        self.skipped = skipped
    }

    /// Marks the file as not read at all because of `error`. A file whose content turned out not
    /// to be the format it was taken for (an XML file holding no ELM credential) reports no
    /// format, as a file not recognised at all does: `"format": null`.
    package mutating func fail(_ error: IngestError) {
        fatal = FatalError(error)
        if case .unknownFormat = error { format = nil }
    }

    /// The report of a member of a folder or archive that is named but not read, with the
    /// reason as a file-level warning.
    package init(notRead path: String, reason: String, spool: IssueSpool? = nil) {
        self.init(path: path)
        notRead = reason
        addFileIssues([ValidationIssue(record: nil, line: nil, field: nil, code: .skippedFile, severity: .warning,
                                       message: "not read: \(reason)",
                                       hint: "only exports are read from folders and archives: send each export as its own .csv, .xml, .json or .jsonl file")],
                      spool: spool)
    }

    /// Counts one normalized record; its issues go to `spool`, or are kept when there is none.
    mutating func count(_ tally: RecordTally, spool: IssueSpool? = nil) {
        read += 1
        if tally.accepted { accepted += 1 } else { rejected += 1 }
        warnings += tally.warnings.count
        keep(tally.issues, spool: spool)
    }

    /// Counts the records found stale, with their warnings.
    mutating func addStale(_ staleIssues: [ValidationIssue], spool: IssueSpool? = nil) {
        stale = (stale ?? 0) + staleIssues.count
        warnings += staleIssues.count
        keep(staleIssues, spool: spool)
    }

    /// Counts file-level warnings; they go to `spool`, or are kept when there is none.
    mutating func addFileIssues(_ fileIssues: [ValidationIssue], spool: IssueSpool? = nil) {
        warnings += fileIssues.count
        fileWarnings += fileIssues.count
        keep(fileIssues, spool: spool)
    }

    private mutating func keep(_ found: [ValidationIssue], spool: IssueSpool?) {
        guard !found.isEmpty else { return }
        if let spool { spool.add(found) } else { issues.append(contentsOf: found) }
    }

    enum CodingKeys: String, CodingKey {
        case path, format, read, accepted, rejected, warnings, fatal, issues, skipped, stale
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(format, forKey: .format)
        try container.encode(read, forKey: .read)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(rejected, forKey: .rejected)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(fatal, forKey: .fatal)
        try container.encode(issues, forKey: .issues)
        try container.encodeIfPresent(skipped, forKey: .skipped)
        try container.encodeIfPresent(stale, forKey: .stale)
    }
}

/// How many records of one awarding body a file carried, and how many of them were rejected.
package struct BodyTally: Sendable, Codable, Equatable {
    package var read = 0
    package var rejected = 0
}

/// The fatal error of a file that could not be read at all, as `validate --format json` prints it.
package struct FatalError: Sendable, Codable, Equatable {
    package var code: String
    package var message: String
    package var line: Int?

    package init(_ error: IngestError) {
        code = error.code
        message = error.message
        line = error.line
    }

    package init(code: String, message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    enum CodingKeys: String, CodingKey { case code, message, line }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(line, forKey: .line)
    }
}

import MCIngest
import MCModel

/// What reading one file gave: its counts, every issue found, and the fatal error when it could
/// not be read at all. `read == accepted + rejected` always holds.
public struct FileReport: Sendable, Codable, Equatable {
    public var path: String
    public var format: String?
    public var read = 0
    public var accepted = 0
    public var rejected = 0
    public var warnings = 0
    public var fatal: FatalError?
    public var issues: [ValidationIssue] = []
    /// For `ingest`: the file was imported before (same SHA-256) and was not read again.
    public var skipped: Bool?
    /// For `ingest`: accepted records identical to a version a newer one already replaced; they
    /// were not stored (the newer version stays).
    public var stale: Int?
    /// For `ingest`: records read per awarding body (rejects under the body they are listed
    /// under), for the pipeline's `fail:` rules. Not part of the printed report.
    public var awardingBodies: [String: BodyTally] = [:]

    public init(path: String, format: String? = nil) {
        self.path = path
        self.format = format
    }

    /// The report of an input that could not be read at all.
    public init(failed error: IngestError, skipped: Bool? = nil) {
        self.init(path: error.path)
        fatal = FatalError(error)
        self.skipped = skipped
    }

    /// Counts one normalized record and keeps its issues.
    mutating func count(_ outcome: NormalizedRecord) {
        read += 1
        switch outcome {
        case .accepted: accepted += 1
        case .rejected(let rejection, _):
            rejected += 1
            issues.append(rejection.issue)
        }
        warnings += outcome.warnings.count
        issues.append(contentsOf: outcome.warnings)
    }

    /// Counts the records found stale, with their warnings.
    mutating func addStale(_ staleIssues: [ValidationIssue]) {
        stale = (stale ?? 0) + staleIssues.count
        warnings += staleIssues.count
        issues.append(contentsOf: staleIssues)
    }

    /// Keeps file-level warnings.
    mutating func addFileIssues(_ fileIssues: [ValidationIssue]) {
        warnings += fileIssues.count
        issues.append(contentsOf: fileIssues)
    }

    enum CodingKeys: String, CodingKey {
        case path, format, read, accepted, rejected, warnings, fatal, issues, skipped, stale
    }

    public func encode(to encoder: any Encoder) throws {
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
public struct BodyTally: Sendable, Codable, Equatable {
    public var read = 0
    public var rejected = 0
}

/// The fatal error of a file that could not be read at all, as `validate --format json` prints it.
public struct FatalError: Sendable, Codable, Equatable {
    public var code: String
    public var message: String
    public var line: Int?

    public init(_ error: IngestError) {
        code = error.code
        message = error.message
        line = error.line
    }

    public init(code: String, message: String, line: Int? = nil) {
        self.code = code
        self.message = message
        self.line = line
    }

    enum CodingKeys: String, CodingKey { case code, message, line }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(line, forKey: .line)
    }
}

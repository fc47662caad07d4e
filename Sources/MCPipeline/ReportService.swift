import Crypto
import Foundation
import MCAggregate
import MCModel
import MCReport
import MCStore

/// What to report and how.
public struct ReportOptions: Sendable, Equatable {
    public var outputDirectory: String
    public var minCell: Int
    public var formats: [String]
    public var only: [String]
    /// Concurrent jobs; 0 = one per core.
    public var jobs: Int
    /// Suppression (the default) or the cell key method.
    public var method: DisclosureMethod.Name
    /// The cell key method's perturbation table file; nil for the one shipped with mcstat.
    public var ptable: String?

    public init(outputDirectory: String = "reports", minCell: Int = 5, formats: [String] = ReportWriters.all.map(\.format),
                only: [String] = ReportCatalog.all.map(\.name), jobs: Int = 0, method: DisclosureMethod.Name = .suppression,
                ptable: String? = nil) {
        self.outputDirectory = outputDirectory
        self.minCell = minCell
        self.formats = formats
        self.only = only
        self.jobs = jobs
        self.method = method
        self.ptable = ptable
    }

    /// The method with its perturbation table read (the shipped one unless `ptable` names another);
    /// throws ``ReportSetupError/perturbationTable(path:reason:)`` for a table that cannot be used.
    public func disclosureMethod() throws(ReportSetupError) -> DisclosureMethod {
        switch method {
        case .suppression: return .suppression
        case .cellKey:
            guard let ptable else { return .cellKey(.shipped) }
            guard let bytes = FileManager.default.contents(atPath: ptable) else {
                throw .perturbationTable(path: ptable, reason: "cannot be read")
            }
            do {
                return .cellKey(try PerturbationTable(text: String(decoding: bytes, as: UTF8.self), sha256: SHA256.hash(data: bytes).hexString))
            } catch {
                throw .perturbationTable(path: ptable, reason: "\(error)")
            }
        }
    }
}

/// A report run that cannot start as asked (a usage error: exit 2).
public enum ReportSetupError: Error, CustomStringConvertible, Equatable {
    case perturbationTable(path: String, reason: String)
    /// Credentials stored before record keys were made; only a writer with the key file can make them.
    case recordKeysMissing(store: String, count: Int)

    public var description: String {
        switch self {
        case .perturbationTable(let path, let reason): "perturbation table \(path): \(reason)"
        case .recordKeysMissing(let store, let count):
            "the store \(store) holds \(count) credentials stored before record keys were made, so the cell key method cannot count them; "
                + "run mcstat ingest (any file, even one already imported) or mcstat run once with the store's key file: it gives them their keys"
        }
    }
}

/// A file a report run wrote.
public struct WrittenFile: Sendable, Equatable, Codable {
    public var report: String?
    public var path: String
    public var rows: Int?
    public var sha256: String
}

/// Computes the chosen reports over one snapshot of the store, writes them in every chosen
/// format, then `manifest.json` — all into a staging folder that replaces `--out` as a whole
/// (``ReportFolder``), so `--out` never holds half of one night and half of another.
public enum ReportService {
    public static func run(store: Store, options: ReportOptions) throws -> [WrittenFile] {
        let runner = JobRunner(maxConcurrency: options.jobs)
        let method = try options.disclosureMethod()
        if case .cellKey = method {
            let missing = try store.credentialsWithoutRecordKeys()
            guard missing == 0 else { throw ReportSetupError.recordKeysMissing(store: store.path, count: missing) }
        }
        var context = ReportContext(store: store, minCell: options.minCell, runner: runner)
        context.method = method
        let catalogue = try ReportCatalog.compute(in: context)
        let tables = catalogue.tables.filter { options.only.contains($0.name) }
        let rows = Dictionary(tables.map { ($0.name, $0.rows.count) }, uniquingKeysWith: { a, _ in a })
        let folder = try ReportFolder(path: options.outputDirectory)
        do {
            var written: [WrittenFile] = []
            let render = RenderContext(minCell: options.minCell, method: method.name)
            for writer in ReportWriters.all where options.formats.contains(writer.format) {
                for file in writer.files(for: tables, context: render) {
                    try folder.write(file.bytes, name: file.name)
                    written.append(WrittenFile(report: file.report, path: (options.outputDirectory as NSString).appendingPathComponent(file.name),
                                               rows: file.report.flatMap { rows[$0] }, sha256: SHA256.hash(data: file.bytes).hexString))
                }
            }
            let manifest = Manifest(store: store.path, catalogue: catalogue, options: options, method: method, tables: tables, files: written)
            try folder.write(try manifest.json(), name: "manifest.json")
            try folder.publish()
            return written
        } catch {
            folder.discard()
            throw error
        }
    }
}

/// `manifest.json`: when, which store, the rule version, the threshold, and per report its row
/// count and the SHA-256 of each file written — so a published figure can be traced back.
struct Manifest: Encodable {
    struct StoreInfo: Encodable {
        var path: String
        var credentials: Int
        var issued: Int
        var quarantined: Int
    }
    struct ReportInfo: Encodable {
        var name: String
        var title: String
        var rows: Int
        var suppressed: Int
        var files: [FileInfo]
    }
    struct FileInfo: Encodable {
        var path: String
        var sha256: String
    }
    /// How the figures were protected, when not by suppression alone.
    struct Disclosure: Encodable {
        var method: String
        var ptableSHA256: String?
        var note: String

        enum CodingKeys: String, CodingKey {
            case method, note, ptableSHA256 = "ptable_sha256"
        }
    }

    var generatedAt: String
    var mcstatVersion = BuildInfo.version
    var ruleVersion = RuleVersion.current
    var minCell: Int
    var formats: [String]
    var store: StoreInfo
    var reports: [ReportInfo]
    var otherFiles: [FileInfo]
    var disclosure: Disclosure?

    init(store path: String, catalogue: Catalogue, options: ReportOptions, method: DisclosureMethod = .suppression,
         tables: [ReportTable], files: [WrittenFile]) {
        generatedAt = ISO8601DateFormatter().string(from: Date())
        if case .cellKey(let table) = method {
            disclosure = Disclosure(method: DisclosureMethod.Name.cellKey.rawValue, ptableSHA256: table.sha256,
                                    note: "cell key method: every count is slightly perturbed; figures are not additive")
        }
        minCell = options.minCell
        formats = options.formats
        store = StoreInfo(path: path, credentials: catalogue.credentials, issued: catalogue.issued,
                          quarantined: catalogue.rejections.map(\.count).reduce(0, +))
        reports = tables.map { table in
            ReportInfo(name: table.name, title: table.title, rows: table.rows.count,
                       suppressed: table.rows.filter { $0.status.isSuppressed }.count,
                       files: files.filter { $0.report == table.name }.map { FileInfo(path: $0.path, sha256: $0.sha256) })
        }
        otherFiles = files.filter { $0.report == nil }.map { FileInfo(path: $0.path, sha256: $0.sha256) }
    }

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at", mcstatVersion = "mcstat_version", ruleVersion = "rule_version"
        case minCell = "min_cell", formats, store, reports, otherFiles = "other_files", disclosure
    }

    func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}

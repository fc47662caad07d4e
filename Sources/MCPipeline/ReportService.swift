internal import Crypto
import Foundation
package import MCAggregate
internal import MCModel
internal import MCReport
package import MCStore

/// What to report and how.
package struct ReportOptions: Sendable, Equatable {
    package var outputDirectory: String
    package var minCell: Int
    package var formats: [String]
    package var only: [String]
    /// Concurrent jobs; 0 = one per core.
    package var jobs: Int
    /// Suppression (the default) or the cell key method.
    package var method: DisclosureMethod.Name
    /// The cell key method's perturbation table file; nil for the one shipped with mcstat.
    package var ptable: String?
    /// The release hold H (reports.md, "Across releases"): nil for the default, the larger of 10
    /// and `minCell`; 0 publishes every night (for internal use).
    package var hold: Int?

    package init(outputDirectory: String = "reports", minCell: Int = 5, formats: [String] = ReportWriters.all.map(\.format),
                only: [String] = ReportCatalog.publicSet, jobs: Int = 0, method: DisclosureMethod.Name = .suppression,
                ptable: String? = nil, hold: Int? = nil) {
        self.outputDirectory = outputDirectory
        self.minCell = minCell
        self.formats = formats
        self.only = only
        self.jobs = jobs
        self.method = method
        self.ptable = ptable
        self.hold = hold
    }

    /// H as applied: the given hold, else the larger of 10 and the threshold.
    package var effectiveHold: Int { hold ?? ReportOptions.defaultHold(minCell: minCell) }

    package static func defaultHold(minCell: Int) -> Int { max(10, minCell) }

    /// Why a hold is not allowed with this threshold (between 1 and k-1), or nil.
    package static func holdProblem(hold: Int, minCell: Int) -> String? {
        hold < 0 ? "the hold must be 0 or a whole number of at least min_cell (\(minCell))"
            : hold > 0 && hold < minCell ? "a hold of \(hold) is below min_cell \(minCell): it must be 0 (no hold) or at least \(minCell)" : nil
    }

    /// The method with its perturbation table read (the shipped one unless `ptable` names another);
    /// throws ``ReportSetupError/perturbationTable(path:reason:)`` for a table that cannot be used.
    package func disclosureMethod() throws(ReportSetupError) -> DisclosureMethod {
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
package enum ReportSetupError: Error, CustomStringConvertible, Equatable {
    case perturbationTable(path: String, reason: String)
    /// Credentials stored before record keys were made; only a writer with the key file can make them.
    case recordKeysMissing(store: String, count: Int)

    package var description: String {
        switch self {
        case .perturbationTable(let path, let reason): "perturbation table \(path): \(reason)"
        case .recordKeysMissing(let store, let count):
            "the store \(store) holds \(count) credentials stored before record keys were made, so the cell key method cannot count them; "
                + "run mcstat ingest (any file, even one already imported) or mcstat run once with the store's key file: it gives them their keys"
        }
    }
}

/// A file a report run wrote.
package struct WrittenFile: Sendable, Equatable, Codable {
    package var report: String?
    package var path: String
    package var rows: Int?
    package var sha256: String
}

/// What a report run wrote and, with a hold, the release it recorded.
package struct ReportResult: Sendable {
    package var files: [WrittenFile]
    package var release: ReleaseRecord?
}

/// Computes the chosen reports over one snapshot of the store, writes them in every chosen
/// format, then `manifest.json` — all into a staging folder that replaces `--out` as a whole
/// (``ReportFolder``), so `--out` never holds half of one night and half of another.
///
/// With a hold (``ReportOptions/effectiveHold`` > 0) the finished rows pass through
/// ``ReleaseHold`` against what the store says this folder last published, whatever the
/// disclosure method, and the release is recorded in the store before the set is swapped in:
/// the caller holds the store's writer lock.
package enum ReportService {
    package static func run(store: any PipelineStore, options: ReportOptions) throws -> [WrittenFile] {
        try publish(store: store, options: options).files
    }

    /// Publishes the set; `progress` shows its stages on a terminal (computing, the release hold,
    /// writing file i of n).
    package static func publish(store: any PipelineStore, options: ReportOptions, runId: Int64? = nil, progress: ProgressMeter? = nil) throws -> ReportResult {
        defer { progress?.end() }
        let runner = JobRunner(maxConcurrency: options.jobs)
        let method = try options.disclosureMethod()
        if case .cellKey = method {
            let missing = try store.credentialsWithoutRecordKeys()
            guard missing == 0 else { throw ReportSetupError.recordKeysMissing(store: store.path, count: missing) }
        }
        var context = ReportContext(store: store, minCell: options.minCell, runner: runner)
        context.method = method
        progress?.stage("report: computing \(ReportCatalog.all.count) reports from one snapshot of the store")
        let catalogue = try ReportCatalog.compute(in: context)
        let hold = options.effectiveHold
        var all = catalogue.tables
        var held: ReleaseHold.Outcome?
        var release: NewRelease?
        if hold > 0 {
            progress?.stage("report: release hold (H = \(hold))")
            let out = ReportService.releaseName(options.outputDirectory)
            // Everything that changes how rows are made belongs in the settings (threshold, method
            // and its table, rules): rows made under other settings are never republished beside
            // new ones.
            var settings = "\(RuleVersion.current); min_cell \(options.minCell); method \(method.name.rawValue)"
            if case .cellKey(let table) = method { settings += "; ptable \(table.sha256)" }
            let layout = ReleaseHold.layout(of: all, settings: settings)
            let outcome = try ReleaseHold(hold: hold).apply(to: all, layout: layout, published: try store.publishedGroups(out: out),
                                                            changes: try store.releaseChanges(out: out, layout: layout))
            all = outcome.tables
            held = outcome
            release = NewRelease(out: out, hold: hold, runId: runId, layout: layout, released: outcome.released, held: outcome.held)
        }
        let tables = all.filter { options.only.contains($0.name) }
        let rows = Dictionary(tables.map { ($0.name, $0.rows.count) }, uniquingKeysWith: { a, _ in a })
        let folder = try ReportFolder(path: options.outputDirectory)
        do {
            var written: [WrittenFile] = []
            let render = RenderContext(minCell: options.minCell, method: method.name, hold: hold, formats: options.formats)
            let outputs = ReportWriters.all.filter { options.formats.contains($0.format) }.flatMap { $0.files(for: tables, context: render) }
            // The manifest is the last file written.
            let count = outputs.count + 1
            for (index, file) in outputs.enumerated() {
                progress?.stage("report: writing \(index + 1) of \(count): \(file.name)")
                try folder.write(file.bytes, name: file.name)
                written.append(WrittenFile(report: file.report, path: (options.outputDirectory as NSString).appendingPathComponent(file.name),
                                           rows: file.report.flatMap { rows[$0] }, sha256: SHA256.hash(data: file.bytes).hexString))
            }
            var recorded: ReleaseRecord?
            if let release { recorded = try store.recordRelease(release) }
            let manifest = Manifest(store: store.path, catalogue: catalogue, options: options, method: method, tables: tables, files: written,
                                    release: Manifest.Release(hold: hold, recorded: recorded, outcome: held))
            progress?.stage("report: writing \(count) of \(count): manifest.json")
            try folder.write(try manifest.json(), name: "manifest.json")
            try folder.publish()
            return ReportResult(files: written, release: recorded)
        } catch {
            folder.discard()
            throw error
        }
    }

    /// The name a folder's releases are recorded under: its absolute path, links resolved.
    static func releaseName(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// `manifest.json`: when, which store, the rule version, the threshold, and per report its row
/// count and the SHA-256 of each file written — so a published figure can be traced back.
struct Manifest: Encodable {
    struct StoreInfo: Encodable {
        var path: String
        /// Left out under a hold: their change from one night to the next would tell how many
        /// records arrived.
        var credentials: Int?
        var issued: Int?
        var quarantined: Int?
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
    /// How the figures were protected within the release.
    struct Disclosure: Encodable {
        var method: String
        var minCell: Int?
        var ptableSHA256: String?
        var note: String?

        enum CodingKeys: String, CodingKey {
            case method, note, minCell = "min_cell", ptableSHA256 = "ptable_sha256"
        }
    }
    /// The release hold: H, this release, and per published group the release that last updated it.
    struct Release: Encodable {
        struct Group: Encodable {
            var country: String
            var year: String
            var release: Int64
            var releasedAt: String

            enum CodingKeys: String, CodingKey {
                case country, year, release, releasedAt = "released_at"
            }
        }
        var hold: Int
        var release: Int64?
        var note: String
        var groups: [Group]?

        init(hold: Int, recorded: ReleaseRecord?, outcome: ReleaseHold.Outcome?) {
            self.hold = hold
            guard let recorded, let outcome else {
                release = nil
                note = "published every night without a release hold: for internal use, not for publication"
                groups = nil
                return
            }
            release = recorded.id
            note = "a country and year is updated only once at least \(hold) of its records were added, corrected or revoked since it was last published; "
                + "an update still shows the mix of values of a cohort of at least \(hold) records, none of them linkable"
            groups = outcome.published.map { group in
                let earlier = outcome.earlier[group]
                return Group(country: group.country, year: group.year, release: earlier?.releaseId ?? recorded.id,
                             releasedAt: earlier?.releasedAt ?? recorded.releasedAt)
            }
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
    var disclosure: Disclosure
    var release: Release

    init(store path: String, catalogue: Catalogue, options: ReportOptions, method: DisclosureMethod = .suppression,
         tables: [ReportTable], files: [WrittenFile], release: Release) {
        generatedAt = ISO8601DateFormatter().string(from: Date())
        if case .cellKey(let table) = method {
            disclosure = Disclosure(method: DisclosureMethod.Name.cellKey.rawValue, ptableSHA256: table.sha256,
                                    note: "cell key method: every count is slightly perturbed; figures are not additive")
        } else if options.minCell <= 1 {
            disclosure = Disclosure(method: "none", note: "not protected: for internal use, not for publication")
        } else {
            disclosure = Disclosure(method: DisclosureMethod.Name.suppression.rawValue, minCell: options.minCell)
        }
        self.release = release
        minCell = options.minCell
        formats = options.formats
        let counted = release.release == nil
        store = StoreInfo(path: path, credentials: counted ? catalogue.credentials : nil, issued: counted ? catalogue.issued : nil,
                          quarantined: counted ? catalogue.rejections.map(\.count).reduce(0, +) : nil)
        reports = tables.map { table in
            ReportInfo(name: table.name, title: table.title, rows: table.rows.count,
                       suppressed: table.rows.filter { $0.status.isSuppressed }.count,
                       files: files.filter { $0.report == table.name }.map { FileInfo(path: $0.path, sha256: $0.sha256) })
        }
        otherFiles = files.filter { $0.report == nil }.map { FileInfo(path: $0.path, sha256: $0.sha256) }
    }

    enum CodingKeys: String, CodingKey {
        case generatedAt = "generated_at", mcstatVersion = "mcstat_version", ruleVersion = "rule_version"
        case minCell = "min_cell", formats, store, reports, otherFiles = "other_files", disclosure, release
    }

    func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0A]
    }
}

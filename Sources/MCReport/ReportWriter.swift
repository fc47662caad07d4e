import MCAggregate

/// An output format for report tables. Writers are pure: table in, bytes out.
public protocol ReportWriter: Sendable {
    /// The format's name on the command line (`csv`).
    var format: String { get }
    /// The file name for a report (`uptake.csv`).
    func fileName(for table: ReportTable) -> String
    /// The file's bytes.
    func render(_ table: ReportTable) -> [UInt8]
}

/// The output formats, in the order they are written.
public enum ReportWriters {
    public static let all: [any ReportWriter] = [CSVReportWriter()]

    public static func writer(for format: String) -> (any ReportWriter)? {
        all.first { $0.format == format }
    }
}

package import MCAggregate

/// A file a writer produces.
package struct OutputFile: Sendable, Equatable {
    /// File name inside the output directory.
    package var name: String
    /// The report it holds, nil for files about all reports (structure.xml, index.html).
    package var report: String?
    package var bytes: [UInt8]

    package init(name: String, report: String?, bytes: [UInt8]) {
        self.name = name
        self.report = report
        self.bytes = bytes
    }
}

/// What writers may show besides the tables.
package struct RenderContext: Sendable {
    /// The disclosure threshold used (suppression).
    package var minCell: Int
    /// How the figures were protected.
    package var method: DisclosureMethod.Name
    /// The release hold H (0: none, the set is for internal use).
    package var hold: Int
    /// The formats written in this set: a page links only files that exist.
    package var formats: [String]

    package init(minCell: Int, method: DisclosureMethod.Name = .suppression, hold: Int = 0,
                formats: [String] = ["csv", "json", "sdmx", "html"]) {
        self.minCell = minCell
        self.method = method
        self.hold = hold
        self.formats = formats
    }
}

/// An output format for report tables. Writers are pure: tables in, bytes out (no clock, no
/// environment), so the same store gives the same bytes.
package protocol ReportWriter: Sendable {
    /// The format's name on the command line (`csv`).
    var format: String { get }
    /// The files of this format for `tables`.
    func files(for tables: [ReportTable], context: RenderContext) -> [OutputFile]
}

/// The output formats, in the order they are written.
package enum ReportWriters {
    package static let all: [any ReportWriter] = [CSVReportWriter(), JSONReportWriter(), SDMXReportWriter(), HTMLReportWriter()]

    package static func writer(for format: String) -> (any ReportWriter)? {
        all.first { $0.format == format }
    }
}

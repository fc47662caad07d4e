internal import CLibCSV
internal import CLibXML2
internal import CLibZ

/// The C libraries the readers are built on, with their versions, for `mcstat doctor`.
package enum LibraryVersions {
    /// Name and version of each: libxml2 and libcsv as their headers name them at build time,
    /// zlib as the loaded library reports itself.
    package static var all: [(name: String, version: String)] {
        [("libxml2", LIBXML_DOTTED_VERSION),
         ("libcsv", "\(CSV_MAJOR).\(CSV_MINOR).\(CSV_RELEASE)"),
         ("zlib", String(cString: zlibVersion()))]
    }
}

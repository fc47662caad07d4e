import Foundation

/// The report folder of the last run (`--reports`): its files, by name, and its manifest.
package struct ReportCatalogue: Sendable {
    package let folder: String

    package init(folder: String) {
        self.folder = folder
    }

    /// One published file.
    package struct Entry: Sendable, Codable, Equatable {
        package var name: String
        package var bytes: Int
    }

    /// The regular, non-hidden files at the top of the folder, sorted by name.
    package func entries() -> [Entry] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let attributes = try? manager.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name)),
                  attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
            return Entry(name: name, bytes: (attributes[.size] as? Int) ?? 0)
        }
    }

    /// The path of a published file, only for a name the listing holds (no path of the client's
    /// making is ever opened).
    package func path(of name: String) -> String? {
        entries().contains { $0.name == name } ? (folder as NSString).appendingPathComponent(name) : nil
    }

    /// The run's `manifest.json`, as written by `mcstat report`.
    package func manifest() -> Data? {
        path(of: "manifest.json").flatMap { FileManager.default.contents(atPath: $0) }
    }
}

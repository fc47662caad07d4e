import Foundation
@testable import MCServe
import MCTestSupport
import Testing

/// The pages' Mustache templates are the `.mustache` files of Sources/MCServe (embedded by
/// Plugins/EmbedFilesPlugin, as the reports' `index.mustache` is): each file a template of its
/// name, as it is, and each one parsed (a template that does not parse would be missing from the
/// library and its page would render empty).
@Suite struct PageTemplateFileTests {
    @Test func everyPageTemplateIsAFileOfTheModule() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("Sources/MCServe")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }.sorted()
        let names = files.map { String($0.dropLast(".mustache".count)) }
        #expect(names == PageTemplates.sources.keys.sorted())
        for (file, name) in zip(files, names) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(text.hasSuffix("\n"), "\(file)")
            #expect(PageTemplates.sources[name] == String(text.dropLast()), "\(file)")
            #expect(!(PageTemplates.library.render([String: Any](), withTemplate: name) ?? "").isEmpty, "\(file)")
        }
    }
}

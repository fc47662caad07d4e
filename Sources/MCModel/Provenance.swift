/// Where a record came from: the file, its position in the file, and the physical line where it
/// starts (or a JSON pointer for JSON inputs).
package struct Provenance: Sendable, Codable, Equatable, Hashable {
    package var file: String
    /// 1-based position of the record in its file.
    package var record: Int
    /// Physical line where the record starts (header = line 1 for CSV).
    package var line: Int?
    /// JSON pointer to the record, for JSON inputs.
    package var pointer: String?
    /// The fields whose values came from the pipeline source's `defaults`, not from the file.
    package var defaulted: [String]?
    /// For one of several awards of a credential (annex-i.md rule 24): which claim the record
    /// came from, e.g. `claim 2 of 3: /credentialSubject/hasClaim/1`.
    package var claim: String?

    package init(file: String, record: Int, line: Int?, pointer: String? = nil) {
        self.file = file
        self.record = record
        self.line = line
        self.pointer = pointer
    }
}

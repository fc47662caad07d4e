internal import MCModel

/// Keeps what a receipt holds of an upload's issues, whatever their number: every issue counted
/// by reason code, and the first ``perReason`` of each reason (in the order found), assigned to
/// the file they were found in. The full list goes to the validation report file.
final class IssueSampler {
    /// Issues of one reason kept in a receipt.
    static let perReason = 100
    let perReason: Int
    private(set) var counts: [String: Int] = [:]
    private var current: [ValidationIssue] = []

    init(perReason: Int = IssueSampler.perReason) {
        self.perReason = perReason
    }

    /// Sees one issue of the file being read.
    func observe(_ issue: ValidationIssue) {
        let code = issue.code.rawValue
        let seen = counts[code, default: 0]
        counts[code] = seen + 1
        if seen < perReason { current.append(issue) }
    }

    /// The kept issues of the file just read; the next file starts empty.
    func takeFileIssues() -> [ValidationIssue] {
        defer { current = [] }
        return current
    }
}

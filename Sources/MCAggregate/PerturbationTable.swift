import Foundation

/// A perturbation table of the cell key method in the format of the Destatis R package `ptable`
/// (`create_cnt_ptable`, exported by `pt_export`): one line per original count `i` and target
/// count `j` with the cumulative probability bounds `p_int_lb` and `p_int_ub`, `;` or `,`
/// separated, columns found by name (`i`, `j`, `p_int_ub` needed; `p_int_lb` taken from the line
/// before when absent). The last `i` serves every larger count.
///
/// A cell key picks a target by its value mod 4096, c: the target whose interval holds
/// u = (c + 0.5) / 4096, `p_int_lb < u <= p_int_ub` (the sdcTools lookup, at the middle of each of
/// 4096 slots). 0 always stays 0.
///
/// - Complexity: building is O(rows × 4096); a lookup is O(1).
package struct PerturbationTable: Sendable, Equatable {
    /// Cell keys are looked up modulo this.
    package static let keyRange = 4096
    /// The largest last `i` a table may have: counts above 750 reuse the rows of 501 … 750 in the
    /// ONS expansion (`pcv`), which agrees with "the last row serves every larger count" only
    /// when the last row is at most 501.
    package static let maximumRow = 501

    /// The file's SHA-256, lower-case hex (for the manifest).
    package let sha256: String
    /// `noise[i][c]`: the noise added to count `i` (the last row for larger counts) by cell key `c`.
    private let noise: [[Int16]]

    /// Reads a table from the bytes of its file; `sha256` is their hash.
    package init(text: String, sha256: String) throws(PerturbationTableError) {
        self.sha256 = sha256
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let headerLine = lines.first else { throw .invalid("the file is empty") }
        let separator: Character = headerLine.contains(";") ? ";" : ","
        let header = headerLine.split(separator: separator, omittingEmptySubsequences: false).map(PerturbationTable.unquote)
        guard let iColumn = header.firstIndex(of: "i"), let jColumn = header.firstIndex(of: "j"),
              let upperColumn = header.firstIndex(of: "p_int_ub") else {
            throw .invalid("the header names no columns i, j and p_int_ub (Destatis ptable format)")
        }
        let lowerColumn = header.firstIndex(of: "p_int_lb")
        var intervals: [Int: [(j: Int, lower: Double, upper: Double)]] = [:]
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: separator, omittingEmptySubsequences: false).map(PerturbationTable.unquote)
            let lineNumber = number + 2
            guard fields.count == header.count, let i = Int(fields[iColumn]), let j = Int(fields[jColumn]),
                  let upper = Double(fields[upperColumn]), i >= 0, j >= 0 else {
                throw .invalid("line \(lineNumber) is not a row of i, j and probability bounds")
            }
            let lower = try lowerColumn.map { column throws(PerturbationTableError) -> Double in
                guard let value = Double(fields[column]) else { throw .invalid("line \(lineNumber): p_int_lb is not a number") }
                return value
            } ?? intervals[i]?.last?.upper ?? 0
            guard lower <= upper else { throw .invalid("line \(lineNumber): p_int_lb is above p_int_ub") }
            intervals[i, default: []].append((j, lower, upper))
        }
        guard let last = intervals.keys.max() else { throw .invalid("the table has no rows") }
        guard last <= PerturbationTable.maximumRow else {
            throw .invalid("its last row is i = \(last); at most \(PerturbationTable.maximumRow) is supported")
        }
        var noise: [[Int16]] = [Array(repeating: 0, count: PerturbationTable.keyRange)]
        for i in 1...max(last, 1) {
            guard let row = intervals[i] else { throw .invalid("no row for i = \(i): every count up to \(last) needs one") }
            guard abs((row.last?.upper ?? 0) - 1) < 1e-6, (row.first?.lower ?? 1) < 1e-6 else {
                throw .invalid("the probabilities of i = \(i) do not cover 0 to 1")
            }
            guard row.allSatisfy({ abs($0.j - i) <= Int(Int16.max) }) else { throw .invalid("a target of i = \(i) is out of range") }
            noise.append((0..<PerturbationTable.keyRange).map { key in
                let u = (Double(key) + 0.5) / Double(PerturbationTable.keyRange)
                let target = row.first { $0.lower < u && u <= $0.upper } ?? row[row.count - 1]
                return Int16(target.j - i)
            })
        }
        if let zero = intervals[0], zero.contains(where: { $0.j != 0 }) {
            throw .invalid("the row of i = 0 moves a 0: an empty cell must stay 0")
        }
        self.noise = noise
    }

    /// The table shipped with mcstat (`pipelines/ptables/ckm-default.txt`: maximum noise 2,
    /// variance 1.08, no published 1s).
    package static let shipped: PerturbationTable = {
        // The shipped text is checked by a test; it cannot fail to read.
        (try? PerturbationTable(text: ShippedPerturbationTable.text, sha256: ShippedPerturbationTable.sha256))
            ?? PerturbationTable(noise: [Array(repeating: 0, count: keyRange)], sha256: "")
    }()

    private init(noise: [[Int16]], sha256: String) {
        self.noise = noise
        self.sha256 = sha256
    }

    /// `count` perturbed by the cell key `cellKey` (the sum of the record keys of its units, mod
    /// 2^64). 0 stays 0.
    package func perturb(_ count: Int, cellKey: UInt64) -> Int {
        guard count > 0 else { return count }
        let row = noise[min(count, noise.count - 1)]
        return count + Int(row[Int(cellKey % UInt64(PerturbationTable.keyRange))])
    }

    private static func unquote(_ field: Substring) -> String {
        field.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
}

/// A perturbation table file that cannot be used.
package enum PerturbationTableError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    package var description: String {
        switch self {
        case .invalid(let reason): "not a usable perturbation table (Destatis ptable format): \(reason)"
        }
    }
}

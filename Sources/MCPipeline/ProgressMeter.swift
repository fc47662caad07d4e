import Foundation

/// Shows how a long read goes, on stderr, only when stderr is a terminal and the user did not
/// ask for quiet (cli.md "Common"): `file i of n`, the share of the file done, records and
/// records/s, bytes, and the time left. Updates at most twice a second; the line is cleared when
/// the file is done. A report run shows its stages the same way (``stage(_:)``).
///
/// ```
/// file 2 of 9: sample-data/de-tu-nordstadt/2025-06-export.csv  41% of 286.1 MB, 412,000 records, 381,000/s, 1 min 4 s left
/// ```
package final class ProgressMeter {
    private let enabled: Bool
    private let interval: TimeInterval
    private var started = Date()
    private var lastShown = Date.distantPast
    private var label = ""
    private var position: ReadPosition?
    private var shownSomething = false
    private var fileIndex = 0
    private var fileCount: Int?

    /// - Parameter quiet: `--quiet` was given.
    package init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        // Tests that drive a terminal set the interval to 0 to see every update.
        interval = ProcessInfo.processInfo.environment["MCSTAT_PROGRESS_INTERVAL"].flatMap(TimeInterval.init) ?? 0.5
    }

    /// How many files the command will read, when it knows: the line then says `file i of n`.
    package func expect(files count: Int) {
        fileCount = count
        fileIndex = 0
    }

    /// Starts counting for a new file; `path` is where its bytes are read from, if a file.
    package func begin(_ label: String, path: String? = nil) {
        self.label = label
        fileIndex += 1
        started = Date()
        lastShown = started
        position = enabled ? path.flatMap(ReadPosition.init(path:)) : nil
    }

    /// Called per record; cheap unless a line is due.
    package func tick(records: Int) {
        guard enabled, interval == 0 || records & 1023 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= interval else { return }
        lastShown = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line(records: records, elapsed: now.timeIntervalSince(started))).utf8))
        shownSomething = true
    }

    /// The progress line for `records` read in `elapsed` seconds.
    func line(records: Int, elapsed: TimeInterval) -> String {
        let read = position.flatMap { position in position.offset.map { (offset: $0, size: position.size) } }
        return ProgressMeter.line(file: fileCount.map { (min(fileIndex, $0), $0) }, label: label, records: records, elapsed: elapsed, read: read)
    }

    /// The progress line as a value: `file i of n: ` when the count of files is known, the label,
    /// and when the file's size and the offset read are known its share done and the time left.
    package static func line(file: (index: Int, count: Int)?, label: String, records: Int, elapsed: TimeInterval,
                             read: (offset: Int64, size: Int64)?) -> String {
        var parts: [String] = []
        let rate = Double(records) / max(elapsed, 0.001)
        if let read, read.size > 0 {
            let share = Double(read.offset) / Double(read.size)
            parts.append("\(Int(share * 100))% of \(bytes(read.size))")
            parts.append("\(count(records)) records, \(count(Int(rate)))/s")
            if share > 0.01 { parts.append(duration(elapsed * (1 - share) / share) + " left") }
        } else {
            parts.append("\(count(records)) records, \(count(Int(rate)))/s")
        }
        let prefix = file.map { "file \($0.index) of \($0.count): " } ?? ""
        return prefix + label + "  " + parts.joined(separator: ", ")
    }

    /// Shows one stage of a longer job in place of the line before (`report: writing 3 of 24:
    /// fields.csv`); the next stage, file or ``end()`` replaces it.
    package func stage(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        shownSomething = true
    }

    /// Clears the progress line.
    package func end() {
        position = nil
        guard enabled, shownSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shownSomething = false
    }

    static func count(_ value: Int) -> String {
        let digits = String(value)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return grouped
    }

    static func bytes(_ value: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var amount = Double(value), unit = 0
        while amount >= 1000, unit < units.count - 1 { amount /= 1000; unit += 1 }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", amount, units[unit])
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}

import Foundation

/// Shows records read and records/s on stderr while a long file is read — only when stderr is a
/// terminal and the user did not ask for quiet. Updates at most twice a second.
public final class ProgressMeter {
    private let enabled: Bool
    private var started = Date()
    private var lastShown = Date.distantPast
    private var label = ""
    private var shownSomething = false

    /// - Parameter quiet: `--quiet` was given.
    public init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    /// Starts counting for a new file.
    public func begin(_ label: String) {
        self.label = label
        started = Date()
    }

    /// Called per record; cheap unless a line is due.
    public func tick(records: Int) {
        guard enabled, records & 1023 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= 0.5 else { return }
        lastShown = now
        let rate = Double(records) / max(now.timeIntervalSince(started), 0.001)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label): \(records) records, \(Int(rate)) records/s".utf8))
        shownSomething = true
    }

    /// Clears the progress line.
    public func end() {
        guard enabled, shownSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shownSomething = false
    }
}

import Foundation

/// Deterministic kills for crash-safety tests: when `MCSTAT_TEST_ABORT_AT` names a step (and,
/// with `name:N`, its N-th passage), the process aborts there, as a `kill -9` would stop it.
/// Unset, it costs one environment lookup per step.
package enum TestHook {
    private static let target: (name: Substring, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["MCSTAT_TEST_ABORT_AT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":")
        return (parts[0], parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()
    nonisolated(unsafe) private static var passed = 0

    /// Aborts at once when `step` is the one named (on its N-th passage).
    package static func stop(at step: String) {
        guard let target, target.name == step else { return }
        passed += 1
        if passed >= target.count { kill(getpid(), SIGKILL) }
    }
}

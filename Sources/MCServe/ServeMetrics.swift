internal import CoreMetrics
package import Prometheus

/// The service's metrics (swift-metrics, kept in a Prometheus registry of its own, so nothing
/// global is set): submissions and bytes, records by outcome, validation time, failed sign-ins.
package struct ServeMetrics: Sendable {
    package let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    package init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
                                                   .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10), .seconds(60)]
        self.factory = factory
    }

    /// One upload ended: `landed`, `repeated`, `unreadable`, `too_large`, `cut_off`.
    package func submission(outcome: String, bytes: Int) {
        CoreMetrics.Counter(label: "mcstat_submissions_total", dimensions: [("outcome", outcome)], factory: factory).increment()
        CoreMetrics.Counter(label: "mcstat_submitted_bytes_total", dimensions: [], factory: factory).increment(by: bytes)
    }

    /// Records validated in uploads, by outcome.
    package func records(accepted: Int, rejected: Int) {
        CoreMetrics.Counter(label: "mcstat_records_total", dimensions: [("outcome", "accepted")], factory: factory).increment(by: accepted)
        CoreMetrics.Counter(label: "mcstat_records_total", dimensions: [("outcome", "rejected")], factory: factory).increment(by: rejected)
    }

    /// How long validating one upload took.
    package func validation(duration: Duration) {
        CoreMetrics.Timer(label: "mcstat_validation_duration_seconds", dimensions: [], factory: factory).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A sign-in (bearer or page) with an unknown, revoked or malformed token.
    package func failedSignIn() {
        CoreMetrics.Counter(label: "mcstat_failed_sign_ins_total", dimensions: [], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    package func exposition() -> String {
        registry.emitToString()
    }
}

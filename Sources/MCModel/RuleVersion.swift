/// The version of the normalization and reading rules (canonical-csv.md, annex-i.md) and report
/// definitions (reports.md) this build implements; the manifest records it with every report run
/// so that a published figure can be traced to its rules.
package enum RuleVersion {
    package static let current = "mcstat-rules/1.0 (Council Recommendation 2022/C 243/02, Annex I)"
}

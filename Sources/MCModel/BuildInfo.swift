/// What this build of mcstat is, in one place: the program's version and the rules it
/// implements (``RuleVersion``). `mcstat --version` adds the git commit (written into the
/// executable at build time by the package's BuildInfoPlugin); report manifests record both
/// versions.
package enum BuildInfo {
    /// The program's version (semantic versioning).
    package static let version = "0.2.0"

    /// The version of the rules and report definitions this build implements.
    package static var rules: String { RuleVersion.current }
}

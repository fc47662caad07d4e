#!/usr/bin/env python3
"""Mutation testing of mcstat's critical rules, one mutant at a time.

Each mutant changes one line of a rule that protects learners, the store or the published
figures (disclosure control, keys, unsafe archives, the rules of a record, the report swap, the
service's isolation). For each: apply it, build the tests, run the suites that should notice,
restore the file. A mutant is *killed* when a test fails (or the build does), *survives* when
every test passes: a survivor is a missing test. Run it in a checkout of its own (it edits
files and rebuilds there), e.g.

    git worktree add /tmp/mutation main && cd /tmp/mutation && python3 tools/mutate.py

It prints a Markdown table and exits 1 when any mutant survived. `--only NAME` runs one mutant.
Not part of `make test`: one build per mutant takes minutes.
"""
import argparse
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (name, file, original text, mutated text, test filter)
MUTANTS = [
    ("primary threshold off by one", "Sources/MCAggregate/DisclosureControl.swift",
     "return count > 0 && count < threshold", "return count > 0 && count < threshold - 1",
     "DisclosureControlTests|CatalogueDisclosureTests"),
    ("learners not checked behind cells", "Sources/MCAggregate/DisclosureControl.swift",
     "node.isSharePart || policy.checksLearners ? node.learners : nil", "node.isSharePart ? node.learners : nil",
     "DisclosureControlTests|CatalogueDisclosureTests"),
    ("secondary: small residual allowed", "Sources/MCAggregate/DisclosureControl.swift",
     "guard suppressed == 1 || residualIsSmall else", "guard suppressed == 1 else",
     "DisclosureControlTests|CatalogueDisclosureTests|DisclosurePropertyTests"),
    ("secondary: lone suppressed cell allowed", "Sources/MCAggregate/DisclosureControl.swift",
     "guard suppressed == 1 || residualIsSmall else", "guard residualIsSmall else",
     "DisclosureControlTests|CatalogueDisclosureTests|DisclosurePropertyTests"),
    ("suppressed total recomputable from its cells", "Sources/MCAggregate/DisclosureControl.swift",
     "guard published.count == group.members.count, let smallest", "guard published.count == group.members.count + 1, let smallest",
     "DisclosureControlTests|CatalogueDisclosureTests|DisclosurePropertyTests"),
    ("one total, one status: trend's months not a group of the total", "Sources/MCAggregate/DisclosureGraph.swift",
     "layout.grouping == .months ? (policy.linksReports ? sharedTotals[key] : nil) : totals[position][key]",
     "layout.grouping == .months ? nil : totals[position][key]",
     "DisclosureControlTests|CatalogueDisclosureTests|DisclosurePropertyTests"),
    ("one total, one status: a share's numerator cells not a group", "Sources/MCAggregate/DisclosureGraph.swift",
     "groups.append(Group(total: parts.numerator, members: inside,", "groups.append(Group(total: parts.numerator, members: [],",
     "DisclosureControlTests|CatalogueDisclosureTests|PrinciplesJobTests|DisclosurePropertyTests"),
    ("share rule: only the numerator checked", "Sources/MCAggregate/DisclosureControl.swift",
     "where [parts.denominator, parts.numerator, parts.difference].contains(where: graph.isSuppressed)",
     "where [parts.numerator].contains(where: graph.isSuppressed)",
     "DisclosureControlTests|CatalogueDisclosureTests|PrinciplesJobTests|DisclosurePropertyTests"),
    ("disclosure on the --only subset", "Sources/MCPipeline/ReportService.swift",
     "let tables = all.filter { options.only.contains($0.name) }",
     "var tables = try context.pass(ReportCatalog.all.filter { options.only.contains($0.name) }.map { $0.makeTally() }).0; "
     "context.disclosure.apply(to: &tables)",
     "ReportServiceTests|ReportSubsetTests"),
    ("key open to group/other write accepted", "Sources/MCPipeline/KeyFile.swift",
     "info.st_mode & 0o077 != 0", "info.st_mode & 0o044 != 0",
     "KeyFileTests|StoreSafetyTests|StoreOpeningTests"),
    ("archive '..' only as first part", "Sources/MCIngest/Archive/ZipExpander.swift",
     '} else if parts.contains("..") {', '} else if parts.first == ".." {',
     "FoldersAndArchivesTests|ZipArchiveTests"),
    ("archive ratio limit 10x looser", "Sources/MCIngest/Archive/ZipExpander.swift",
     "static let maxRatio: UInt64 = 200", "static let maxRatio: UInt64 = 2000",
     "FoldersAndArchivesTests|ZipArchiveTests"),
    ("EQF level 9 accepted", "Sources/MCNormalize/Normalizer.swift",
     "(1...8).contains($0) ? $0 : nil", "(1...9).contains($0) ? $0 : nil",
     "NormalizerTests|QuickCheckTests"),
    ("learner ids keyed without the secret", "Sources/MCNormalize/Pseudonymizer.swift",
     "keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))", "keyed = HMAC<SHA256>(key: SymmetricKey(data: Data(count: 32)))",
     "PseudonymizerTests|KeyFileTests"),
    ("stale re-send not counted as stale", "Sources/MCStore/ImportSink.swift",
     "stale += 1", "stale += 0",
     "StoreTests|SourceRulesTests"),
    ("writer lock not exclusive", "Sources/MCPipeline/WriterLock.swift",
     "while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {", "while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {",
     "StoreSafetyTests|CrashSafetyTests"),
    ("report set swapped by two renames", "Sources/MCPipeline/ReportFolder.swift",
     "if ReportFolder.exchange(staging, path) {", "if false && ReportFolder.exchange(staging, path) {",
     "ReportServiceTests|CrashSafetyTests|ReportFolderTests|ReportSwapTests"),
    ("another institution's submission page readable", "Sources/MCServe/PageRoutes.swift",
     "account.mayRead(awardingBody: receipt.awardingBody) else { throw APIError.notFound }",
     "true else { throw APIError.notFound }",
     "PageTests|AuthorizationTests"),
    ("submitter reads every awarding body", "Sources/MCServe/Account.swift",
     "case .submitter: awardingBodies.contains(awardingBody)", "case .submitter: true",
     "AuthorizationTests|SubmissionTests|PageTests"),
    ("issue dates in the future accepted", "Sources/MCNormalize/Normalizer.swift",
     "guard date <= latestIssueDate else {", "guard true || date <= latestIssueDate else {",
     "ImpossibleValuesTests|QuickCheckTests"),
    ("quick check passes future dates", "Sources/MCNormalize/QuickCheck.swift",
     "issued <= latestIssueDate else { return false }", "issued <= latestIssueDate || true else { return false }",
     "QuickCheckTests"),
    ("implausible birth years kept", "Sources/MCNormalize/Normalizer.swift",
     "birthYear <= issueYear && birthYear >= issueYear - 100", "birthYear <= issueYear + 10 && birthYear >= issueYear - 100",
     "ImpossibleValuesTests|QuickCheckTests"),
    ("XML tags of any number of attributes read", "Sources/MCIngest/XML/XMLAttributeGuard.swift",
     "static let maxAttributes = 1024", "static let maxAttributes = 1_000_000",
     "AuditReadingTests|AuditCommandTests"),
    ("YAML nesting unbounded", "Sources/MCPipeline/YAMLShape.swift",
     "static let maxDepth = 64", "static let maxDepth = 1_000_000",
     "YAMLShapeTests|AuditCommandTests"),
    ("CSV header glued to a row read", "Sources/MCIngest/CSV/CSVReader.swift",
     "guard let (header, ignored, shape, line) = fit.misfit() else { return }", "guard let (header, ignored, shape, line) = fit.misfit(), false else { return }",
     "AuditReadingTests|AuditCommandTests"),
    ("writers leave the store in WAL mode (settle)", "Sources/MCStore/Store.swift",
     '"PRAGMA journal_mode = DELETE"', '"PRAGMA journal_mode = WAL"',
     "StoreOpeningTests|StoreSafetyTests"),
    ("a killed run not marked interrupted", "Sources/mcstat/CommonOptions.swift",
     "try store.markInterruptedRuns()", "if false { try store.markInterruptedRuns() }",
     "StoreSafetyTests|CrashSafetyTests"),
]


# Mutants removed from the table because they are equivalent: no output of mcstat can differ.
# Each was replaced by a mutant of the same rule that a test kills (above). Printed with the table.
EQUIVALENT = {
    "share rule: difference not checked (`[denominator, numerator]`)":
        "numerator + difference = denominator is a group of its own (DisclosureGraph.addShare). Rules run until "
        "nothing changes, so when the difference is suppressed and the denominator is not, the group rule "
        "(one suppressed member is never alone) suppresses the numerator: the share is withheld through the "
        "numerator. The same holds for leaving out the numerator or the denominator alone (a suppressed "
        "denominator with both parts published makes the smaller part go), so the replacement leaves out two "
        "(`[numerator]`): a small denominator with a numerator of 0 (only the difference and the denominator "
        "small) is then published; PrinciplesJobTests.aSmallDenominatorWithholdsAShareNobodyMeets kills it.",
    "a share's denominator follows its row (was \"one total, one status: not linked\", `where false && ...`)":
        "the rule changes nothing unless a row is suppressed. (1) A stackability row's share has no margin: its "
        "parts belong to no group but their own, and a suppressed row publishes none of its measures. (2) A "
        "principles row is the (country, year) total, which is withheld only for its own counts, never for another "
        "cell: a group withholds its total only when every member is suppressed and the rest (then the total "
        "itself) is small, so C already, or the group has one member, which holds the very counts "
        "of the total and is withheld for another cell only by the same argument one level down (checked on "
        "random catalogues by DisclosurePropertyTests.aTotalIsOnlyEverWithheldForItsOwnCounts). Small in credentials: every "
        "credential share's denominator is that same count, small itself, and the 25+ denominator (learners "
        "with a birth year, at most the credentials) is small itself or 0 and has no margin. Small in learners: every "
        "cell of that (country, year) in every report has no more learners and is suppressed, so the "
        "numerator's and difference's margins the rule could reach hold no published cell. Either way only "
        "share parts of suppressed rows change, which are never published. Replaced by the two mutants of "
        "the linked rule's groups (trend's months, a share's numerator cells).",
}


def run(command, log):
    return subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT).returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the mutant with this name")
    parser.add_argument("--check", action="store_true",
                        help="only check that each mutant's line is in its file once (make test runs this)")
    arguments = parser.parse_args()
    if arguments.check:
        stale = [f"{name}: {path}" for name, path, original, _, _ in MUTANTS
                 if not os.path.exists(os.path.join(ROOT, path))
                 or open(os.path.join(ROOT, path), encoding="utf-8").read().count(original) != 1]
        for line in stale:
            print(f"mutate.py: the mutated line is no longer in its file once: {line}", file=sys.stderr)
        print(f"mutate.py: {len(MUTANTS) - len(stale)} of {len(MUTANTS)} mutants apply")
        return 1 if stale else 0
    rows = []
    os.makedirs(os.path.join(ROOT, ".build"), exist_ok=True)
    log_path = os.path.join(ROOT, ".build", "mutation.log")
    with open(log_path, "w") as log:
        if run(["swift", "build", "--build-tests"], log) != 0:
            print("the unmutated package does not build; see " + log_path, file=sys.stderr)
            return 2
        for name, path, original, mutated, tests in MUTANTS:
            if arguments.only and arguments.only != name:
                continue
            file = os.path.join(ROOT, path)
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
            if text.count(original) != 1:
                rows.append((name, path, "not applicable (the line is not there once)", tests))
                continue
            try:
                with open(file, "w", encoding="utf-8") as handle:
                    handle.write(text.replace(original, mutated))
                print(f"mutant: {name}", file=log, flush=True)
                if run(["swift", "build", "--build-tests"], log) != 0:
                    outcome = "killed (does not build)"
                elif run(["swift", "test", "--skip-build", "--filter", tests], log) != 0:
                    outcome = "killed"
                else:
                    outcome = "SURVIVED"
            finally:
                with open(file, "w", encoding="utf-8") as handle:
                    handle.write(text)
            rows.append((name, path, outcome, tests))
            print(f"{outcome:10} {name}", flush=True)
        run(["swift", "build", "--build-tests"], log)
    print("\n| mutant | file | outcome | suites run |\n|---|---|---|---|")
    for name, path, outcome, tests in rows:
        print(f"| {name} | `{path}` | {outcome} | {tests} |")
    killed = sum(row[2].startswith("killed") for row in rows)
    applicable = sum(not row[2].startswith("not applicable") for row in rows)
    print(f"\nscore: {killed} of {applicable} applicable mutants killed")
    print("\nEquivalent mutants, left out of the table (no output can differ):")
    for name, argument in EQUIVALENT.items():
        print(f"- {name}: {argument}")
    return 0 if killed == applicable else 1


if __name__ == "__main__":
    sys.exit(main())

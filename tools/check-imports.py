#!/usr/bin/env python3
"""Checks that every module imports only what Package.swift declares for it.

SwiftPM builds all targets into one module folder, so a target can import a module of the package
(or of a dependency) that it never declared, and the build still passes until the order of the
build changes. This check reads the manifest (`swift package dump-package`), the manifests of the
dependencies that provide products, and every `import` in each target's Swift files, and fails
naming each import that is not declared. System modules (Foundation, Dispatch, Glibc, ...) are
always allowed. Within a target, a few imports are narrower still (NARROWER): only the files
named there may import that module. Run by `make test` before the build.
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Dispatch",
          "Glibc", "Darwin", "Musl", "Synchronization", "Testing", "XCTest", "_Concurrency",
          "Observation", "RegexBuilder", "Swift", "_StringProcessing", "os"}
# (target, module) -> the only files of the target that may import the module. None today: the
# report jobs (MCAggregate) no longer see MCStore at all, they read facts through MCModel's
# `StoredFacts`, which Package.swift enforces by not declaring MCStore for MCAggregate.
NARROWER = {}
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?"
                    r"import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)")


def dump(path):
    out = subprocess.run(["swift", "package", "dump-package", "--package-path", path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def product_modules(package_name, product_name, cache):
    """The modules a product of a dependency gives (its targets and their in-package dependencies)."""
    key = package_name.lower()
    if key not in cache:
        checkouts = os.path.join(ROOT, ".build", "checkouts")
        folder = next((os.path.join(checkouts, d) for d in os.listdir(checkouts) if d.lower() == key), None)
        cache[key] = dump(folder) if folder else None
    manifest = cache[key]
    if manifest is None:
        return {product_name}
    targets = {t["name"]: t for t in manifest["targets"]}
    modules = set()
    for product in manifest["products"]:
        if product["name"] != product_name:
            continue
        pending = list(product["targets"])
        while pending:
            name = pending.pop()
            if name in modules or name not in targets:
                continue
            modules.add(name)
            for dependency in targets[name].get("dependencies", []):
                for kind in ("byName", "target"):
                    if kind in dependency:
                        pending.append(dependency[kind][0])
    return modules or {product_name}


def main():
    manifest = dump(ROOT)
    cache = {}
    problems = []
    for target in manifest["targets"]:
        if target["type"] == "system":
            continue
        name = target["name"]
        folder = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", name)
        declared = set()
        for dependency in target.get("dependencies", []):
            if "byName" in dependency:
                declared.add(dependency["byName"][0])
            elif "target" in dependency:
                declared.add(dependency["target"][0])
            elif "product" in dependency:
                product, package = dependency["product"][0], dependency["product"][1]
                declared |= product_modules(package, product, cache)
        for directory, _, files in os.walk(os.path.join(ROOT, folder)):
            if "Fixtures" in directory.split(os.sep):
                continue
            for file in sorted(files):
                if not file.endswith(".swift"):
                    continue
                path = os.path.join(directory, file)
                with open(path, encoding="utf-8") as source:
                    for number, line in enumerate(source, 1):
                        match = IMPORT.match(line)
                        if match and match.group(1) not in SYSTEM | declared | {name}:
                            problems.append(f"{os.path.relpath(path, ROOT)}:{number}: {name} imports "
                                            f"{match.group(1)}, which Package.swift does not declare for it")
                        elif match and file not in NARROWER.get((name, match.group(1)), {file}):
                            problems.append(f"{os.path.relpath(path, ROOT)}:{number}: {name} imports {match.group(1)} "
                                            f"outside {', '.join(sorted(NARROWER[(name, match.group(1))]))}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check-imports: {len(problems)} import problem(s)", file=sys.stderr)
        return 1
    print("check-imports: every import is declared")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks every relative link in README.md and docs/: the file it names must exist, and a
`#fragment` must name a heading of that file. Run by `make test`."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchors(path):
    found = set()
    with open(path, encoding="utf-8") as text:
        for line in text:
            if line.startswith("#"):
                title = line.lstrip("#").strip().lower()
                found.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return found


def main():
    pages = [os.path.join(ROOT, "README.md")]
    for directory, _, files in os.walk(os.path.join(ROOT, "docs")):
        pages += [os.path.join(directory, f) for f in files if f.endswith(".md")]
    problems = []
    for page in sorted(pages):
        with open(page, encoding="utf-8") as text:
            for number, line in enumerate(text, 1):
                for target in LINK.findall(line):
                    if re.match(r"^[a-z]+:", target):
                        continue
                    path, _, fragment = target.partition("#")
                    resolved = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
                    where = f"{os.path.relpath(page, ROOT)}:{number}"
                    if not os.path.exists(resolved):
                        problems.append(f"{where}: {target} does not exist")
                    elif fragment and resolved.endswith(".md") and fragment not in anchors(resolved):
                        problems.append(f"{where}: {target} names no heading of {os.path.relpath(resolved, ROOT)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check-doc-links: {len(problems)} broken link(s)", file=sys.stderr)
        return 1
    print(f"check-doc-links: every link of {len(pages)} pages resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())

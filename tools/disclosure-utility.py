#!/usr/bin/env python3
"""What protecting a report set costs: compares a protected set (suppression or the cell key
method) with the unprotected one (`--min-cell 1`) of the same store, cell by cell.

  disclosure-utility.py UNPROTECTED_DIR PROTECTED_DIR

Per report and over all: the cells (rows of the unprotected set), the share of them published in
the protected set (a row present with an empty status), and over the credentials and learners
counts of every cell the mean absolute difference between the protected and the true figure (a
cell left out or suppressed counts as 0 published; `published only` averages over published
cells alone).
"""
import csv
import pathlib
import sys

MEASURES = ("credentials", "learners")


def read(path):
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


raw_dir, protected_dir = map(pathlib.Path, sys.argv[1:3])
print(f"{'report':<14}{'cells':>8}{'published':>11}{'mean |diff|':>13}{'published only':>16}")
totals = [0, 0, 0.0, 0, 0.0, 0]
for path in sorted(raw_dir.glob("*.csv")):
    if path.name.endswith(".sdmx.csv") or path.stem == "completeness":
        continue
    header, rows = read(path)
    measures = [m for m in MEASURES if m in header]
    if not measures:
        continue
    dims = header[: min(header.index(m) for m in measures)]
    _, protected_rows = read(protected_dir / path.name)
    protected = {tuple(r[d] for d in dims): r for r in protected_rows}
    cells = len(rows)
    published = diff = counted = diff_published = counted_published = 0
    for row in rows:
        other = protected.get(tuple(row[d] for d in dims))
        shown = other is not None and other.get("status", "") == ""
        published += shown
        for m in measures:
            true = int(row[m])
            value = int(other[m]) if shown and other[m] != "" else 0
            diff += abs(value - true)
            counted += 1
            if shown:
                diff_published += abs(value - true)
                counted_published += 1
    totals = [totals[0] + cells, totals[1] + published, totals[2] + diff, totals[3] + counted,
              totals[4] + diff_published, totals[5] + counted_published]
    print(f"{path.stem:<14}{cells:>8}{published / cells:>11.1%}{diff / counted:>13.3f}{diff_published / max(counted_published, 1):>16.3f}")
print(f"{'all':<14}{totals[0]:>8}{totals[1] / totals[0]:>11.1%}{totals[2] / totals[3]:>13.3f}{totals[4] / max(totals[5], 1):>16.3f}")

#!/usr/bin/env python3
"""Counts the suppressed cells of every report in a report directory: rows with status C
(primary) and D (secondary), and shares withheld by the share rule in published rows (an empty
share column where the row's status is empty; a share of nothing is empty too, so withheld shares
are counted from the SDMX-CSV file, where they are NaN with CONF_STATUS C in a row whose counts
are published).

  suppression-counts.py REPORT_DIR
"""
import csv
import pathlib
import sys

directory = pathlib.Path(sys.argv[1])
print(f"{'report':<14}{'rows':>6}{'C':>6}{'D':>6}{'withheld shares':>17}")
for path in sorted(directory.glob("*.csv")):
    if path.name.endswith(".sdmx.csv"):
        continue
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or "status" not in rows[0]:
        continue
    c = sum(1 for row in rows if row["status"] == "C")
    d = sum(1 for row in rows if row["status"] == "D")
    withheld = "-"
    sdmx = directory / (path.stem + ".sdmx.csv")
    if sdmx.exists():
        with sdmx.open(newline="", encoding="utf-8") as handle:
            observations = list(csv.DictReader(handle))
        dims = [k for k in observations[0] if k not in ("STRUCTURE", "STRUCTURE_ID", "ACTION", "MEASURE", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS")] if observations else []
        published = {tuple(o[k] for k in dims) for o in observations if o["MEASURE"] in ("CREDENTIALS", "LEARNERS") and o["CONF_STATUS"] == ""}
        withheld = sum(1 for o in observations if o["MEASURE"].startswith("SHARE_") and o["CONF_STATUS"] == "C"
                       and tuple(o[k] for k in dims) in published)
    print(f"{path.stem:<14}{len(rows):>6}{c:>6}{d:>6}{withheld:>17}")

#!/usr/bin/env python3
"""The independent check of mcstat's cell key method: recomputes every count of every report that
`mcstat report --method cell-key` published with the ONS `cell-key-perturbation` package (PyPI)
and says whether they agree, count for count.

  ckm-oracle.py STORE REPORT_DIR PTABLE_PCV_CSV [--key-file KEY]

It reads the record-level data straight from the store (SQLite): per issued credential its
dimensions and its record keys, and never prints a learner key. Tabulating is done here, apart
from mcstat: each report's dimensions are worked out from the records (a joint award counts in
each of its countries; citizenship is domestic when it is the country's), and every set of
published rows with `_T` in the same dimensions (a breakdown, a margin or a total) is handed to
`create_perturbed_table` as a table of its own, with the record keys mod 4096 and the
perturbation table in its `pcv,ckey,pvalue` form (made by `tools/make-ptable.py --expand`).
Credentials are counted once per credential and country, learners once per cell.

Agreement means: in each such table, the cells whose first count (credentials, else learners) the
package perturbs to more than 0 are exactly the rows mcstat published, and every credentials and
learners figure is the package's. With --key-file, the stored record keys are also recomputed from
the key file (HMAC-SHA256 as reports.md defines them).
"""
import argparse
import csv
import hashlib
import hmac
import pathlib
import sqlite3
import sys
from decimal import Decimal

import pandas as pd
from cell_key_perturbation.create_perturbed_table import create_perturbed_table

MEASURES = ("credentials", "learners")
KEY_RANGE = 4096


def ects_band(ects):
    if ects is None:
        return "_Z"
    value = Decimal(ects)
    for limit, band in ((1, "LT1"), (5, "1-5"), (10, "5-10"), (15, "10-15")):
        if value < limit:
            return band
    return "GE15"


def age_band(birth_year, issue_year):
    if birth_year is None:
        return "_Z"
    age = issue_year - birth_year
    for limit, band in ((25, "LT25"), (35, "25-34"), (45, "35-44"), (65, "45-64")):
        if age < limit:
            return band
    return "GE65"


def dimension(name, record, country):
    """The value of dimension `name` for a credential counted in `country`."""
    year = int(record["issue_date"][:4])
    if name == "country":
        return country
    if name == "year":
        return str(year)
    if name == "month":
        return record["issue_date"][:7]
    if name == "eqf_level":
        return "_Z" if record["eqf_level"] is None else str(record["eqf_level"])
    if name == "ects_band":
        return ects_band(record["ects"])
    if name == "isced_broad":
        return "_Z" if record["isced_f"] is None else record["isced_f"][:2]
    if name == "age_band":
        return age_band(record["learner_birth_year"], year)
    if name == "citizenship":
        citizenship = record["learner_citizenship"]
        return "_Z" if citizenship is None else ("domestic" if citizenship == country else "foreign")
    column = {"gender": "learner_gender"}.get(name, name)
    value = record[column]
    return "_Z" if value is None else value


def countries(record):
    seen = []
    for country in record["issuer_country"].split("|"):
        if country not in seen:
            seen.append(country)
    return seen


def check_keys(records, key_file):
    secret = pathlib.Path(key_file).read_bytes()
    k = hmac.new(secret, b"mcstat ckm v1", hashlib.sha256).digest()

    def key(*parts):
        return int.from_bytes(hmac.new(k, b"\x1f".join(p.encode() for p in parts), hashlib.sha256).digest()[:8], "big")

    wrong = 0
    for record in records:
        if record["record_key"] % 2**64 != key("rec", record["awarding_body_id"], record["credential_id"]):
            wrong += 1
        elif record["learner_record_key"] % 2**64 != key("lrn", record["learner_key"]):
            wrong += 1
    return wrong


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("reports")
    parser.add_argument("ptable")
    parser.add_argument("--key-file")
    args = parser.parse_args()

    connection = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    records = [dict(row) for row in connection.execute("SELECT * FROM credentials WHERE status = 'issued'")]
    if any(r["record_key"] is None or r["learner_record_key"] is None for r in records):
        sys.exit("the store holds credentials without record keys")
    learner_numbers = {}
    for record in records:
        record["learner"] = learner_numbers.setdefault(record["learner_key"], len(learner_numbers))
    failures = []
    if args.key_file:
        wrong = check_keys(records, args.key_file)
        if wrong:
            failures.append(f"{wrong} stored record keys differ from HMAC-SHA256 of the key file")
        else:
            print(f"record keys: all {len(records)} credentials' keys recomputed from the key file")

    ptable = pd.read_csv(args.ptable)
    compared = 0
    for path in sorted(pathlib.Path(args.reports).glob("*.csv")):
        if path.name.endswith(".sdmx.csv") or path.stem == "completeness":
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            rows = list(reader)
        measures = [m for m in MEASURES if m in header]
        if not measures:
            continue
        dims = header[: min(header.index(m) for m in measures)]
        headline = measures[0]
        by_mask = {}
        for row in rows:
            mask = tuple(row[d] == "_T" for d in dims)
            by_mask.setdefault(mask, {})[tuple(row[d] for d in dims)] = row
        for mask, published in sorted(by_mask.items()):
            kept = [d for d, total in zip(dims, mask) if not total]
            results = {}
            for measure in measures:
                units = []
                seen = set()
                for record in records:
                    for country in countries(record):
                        cell = tuple(dimension(d, record, country) for d in kept)
                        if measure == "credentials":
                            units.append(cell + (record["record_key"] % KEY_RANGE,))
                        elif (cell, record["learner"]) not in seen:
                            seen.add((cell, record["learner"]))
                            units.append(cell + (record["learner_record_key"] % KEY_RANGE,))
                if not units:
                    results[measure] = {}
                    continue
                data = pd.DataFrame(units, columns=kept + ["record_key"])
                table = create_perturbed_table(data=data, ptable=ptable, geog=[], tab_vars=kept,
                                               record_key="record_key", use_existing_ons_id=False, threshold=0)
                results[measure] = {tuple(str(row[d]) for d in kept): int(row["count"]) for _, row in table.iterrows()}
            expected = {cell for cell, count in results[headline].items() if count > 0}
            full = lambda cell: tuple("_T" if total else cell[kept.index(d)] for d, total in zip(dims, mask))
            expected_rows = {full(cell) for cell in expected}
            got_rows = set(published)
            for row in sorted(expected_rows - got_rows):
                failures.append(f"{path.stem} {row}: the package publishes it, mcstat does not")
            for row in sorted(got_rows - expected_rows):
                failures.append(f"{path.stem} {row}: mcstat publishes it, the package perturbs it to 0")
            for cell in expected:
                row = published.get(full(cell))
                if row is None:
                    continue
                for measure in measures:
                    want = results[measure].get(cell, 0)
                    compared += 1
                    if row[measure] != str(want):
                        failures.append(f"{path.stem} {full(cell)} {measure}: mcstat {row[measure]}, the package {want}")
    for failure in failures[:40]:
        print(failure)
    if failures:
        print(f"{len(failures)} disagreements")
        sys.exit(1)
    print(f"agreed: {compared} counts")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Generates the benchmark inputs of `make bench`, deterministically (fixed seed).

  tools/bench/generate.py N OUTDIR   # OUTDIR/canonical-N.csv, canonical-N.jsonl, elm-N.xml

The CSV and JSON Lines files hold the same N records in the same order: canonical records of
seven countries with a realistic skew (a few large institutions, learners holding several
credentials), every optional column filled where the generator fills it, about 3 % invalid
records spread over every reject reason, about 2 % re-sent corrections of an earlier record
(same key, later in the file: the later one wins), about 2 % joint awards of two countries,
vocabulary variants and revoked awards. The ELM v2 XML batch holds N valid credentials.
"""
import importlib.util
import json
import multiprocessing
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("samples", os.path.join(HERE, "..", "generate-sample-data.py"))
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

COUNTRIES = [("DE", 30), ("FR", 20), ("NL", 15), ("IE", 10), ("EL", 10), ("BE", 8), ("AT", 7)]
JOINT_PARTNER = {"DE": "AT", "FR": "BE", "NL": "BE", "IE": "UK", "EL": "CY", "BE": "NL", "AT": "DE"}
BODIES_PER_COUNTRY = 6


def records(count):
    """Yields `count` canonical records (dicts of strings) in file order."""
    rng = random.Random(20261130)
    pool = max(1, count // 3)
    learners = [f"STU-{n:08d}" for n in range(pool)]
    countries = [c for c, _ in COUNTRIES]
    weights = [w for _, w in COUNTRIES]
    earlier = []
    for i in range(count):
        if earlier and rng.random() < 0.02:
            # A re-sent correction: an earlier record under the same key, one value changed.
            record = dict(rng.choice(earlier))
            record["ects"] = rng.choice(["1", "3", "6", "12.5"])
            record["workload_hours"] = ""
            yield record
            continue
        country = rng.choices(countries, weights)[0]
        body_no = min(int(BODIES_PER_COUNTRY * rng.random() ** 2), BODIES_PER_COUNTRY - 1)
        body_id = f"{country}-BENCH-{body_no:02d}"
        record = samples.base_record(rng, body_id, f"Bench University {country} {body_no}", country, i, learners)
        record["credential_id"] = f"{body_id}-{i:08d}"
        record["learner_id"] = learners[min(int(pool * rng.random() ** 1.5), pool - 1)]
        record["further_info"] = "https://example.org/mc"
        if rng.random() < 0.02:
            record["issuer_country"] = f"{country}|{JOINT_PARTNER[country]}"
        roll = rng.random()
        if roll < 0.03:
            _, change = rng.choice(samples.FAULTS)
            record.update(change)
        elif roll < 0.04:
            record.update(rng.choice(samples.WARNINGS))
        elif len(earlier) < 5000 and rng.random() < 0.05:
            earlier.append(record)
        yield record


def write_csv_and_jsonl(count, outdir):
    csv_path = os.path.join(outdir, f"canonical-{count}.csv")
    jsonl_path = os.path.join(outdir, f"canonical-{count}.jsonl")
    with open(csv_path, "w", encoding="utf-8", newline="") as csv, open(jsonl_path, "w", encoding="utf-8") as jsonl:
        csv.write(",".join(samples.HEADER) + "\n")
        for record in records(count):
            csv.write(",".join(samples.quote(record[c]) for c in samples.HEADER) + "\n")
            jsonl.write(json.dumps({c: record[c] for c in samples.HEADER}, ensure_ascii=False) + "\n")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, outdir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    # The XML batch and the CSV/JSON Lines pair are independent: one core each.
    elm = multiprocessing.Process(target=samples.bench_elm, args=(count, os.path.join(outdir, f"elm-{count}.xml")))
    elm.start()
    write_csv_and_jsonl(count, outdir)
    elm.join()
    if elm.exitcode != 0:
        sys.exit(f"generating the ELM batch failed (exit {elm.exitcode})")


if __name__ == "__main__":
    main()

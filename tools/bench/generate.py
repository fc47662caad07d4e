#!/usr/bin/env python3
"""Generates the benchmark inputs of `make bench`, deterministically (fixed seed).

  tools/bench/generate.py [--profile thin|full] [--formats csv,jsonl,xml,elm-xml] N OUTDIR
  # OUTDIR/canonical-N.csv, canonical-N.jsonl, canonical-N.xml, elm-N.xml

The CSV, JSON Lines and canonical XML files hold the same N records in the same order. The
`thin` profile (the default): canonical records of seven countries and 42 institutions with a
realistic skew (a few large institutions, learners holding several credentials), optional
columns filled here and there. The `full` profile is shaped like a ministry's export: every
Annex I element and optional column filled as real exports fill them (two to five learning
outcomes, long titles and names, birth year, gender, citizenship of dozens of countries, 4-digit
ISCED-F codes, supervision, grade, prerequisites, a further-information URL), 41 countries and
about 3,000 institutions, ESI-style learner ids; about 650 bytes a CSV row against thin's 286.
Both profiles hold about 3 % invalid records spread over every reject reason, about 2 % re-sent
corrections of an earlier record (same key, later in the file: the later one wins), about 2 %
joint awards of two countries, vocabulary variants and revoked awards. The ELM v2 XML batch
holds N valid credentials (the same in both profiles).

Above 1,000,000 records (N a multiple of it: the 10M run) the canonical files are the
1,000,000-record file's records written N / 1,000,000 times, each copy under new credential ids
and learner numbers (the first copy is the 1,000,000-record file itself): made in the time it
takes to write them, with the same shape, the same institutions and the same share of faults
and corrections; every learner's credentials lie within one copy.
"""
import argparse
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
# Above a million records, a block of a million is made once and copied (write_copies): the
# leading digits of each credential's serial (two of eight) and learner number (two of eight in
# the thin profile, four of ten in the full one) are a mark that copy k replaces by k.
BLOCK = 1_000_000
COPY_MARKS = {8: "\ue000", 10: "\ue001"}


def digits(number, width, marked):
    """`number` zero-padded to `width` (8 or 10) digits; `marked`, its leading digits are a mark
    that each copy of a block replaces by its number (see ``write_copies``)."""
    if not marked:
        return f"{number:0{width}d}"
    assert number < 10 ** 6, "a block holds fewer than a million records"
    return COPY_MARKS[width] + f"{number:06d}"


def records(count, marked=False):
    """Yields `count` canonical records (dicts of strings) in file order."""
    rng = random.Random(20261130)
    pool = max(1, count // 3)
    learners = [f"STU-{digits(n, 8, marked)}" for n in range(pool)]
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
        record["credential_id"] = f"{body_id}-{digits(i, 8, marked)}"
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


# The full profile: 41 EHEA countries weighted about by population, ~3,000 institutions.
FULL_COUNTRIES = [("DE", 83), ("FR", 68), ("GB", 67), ("IT", 59), ("ES", 48), ("PL", 37), ("UA", 36), ("RO", 19),
                  ("NL", 18), ("BE", 12), ("CZ", 11), ("EL", 10), ("SE", 10), ("PT", 10), ("HU", 10), ("AT", 9),
                  ("CH", 9), ("RS", 7), ("BG", 6), ("DK", 6), ("FI", 6), ("SK", 5), ("NO", 5), ("IE", 5),
                  ("HR", 4), ("GE", 4), ("MD", 3), ("BA", 3), ("AM", 3), ("LT", 3), ("AL", 3), ("SI", 2),
                  ("MK", 2), ("LV", 2), ("EE", 1), ("CY", 1), ("LU", 1), ("ME", 1), ("MT", 1), ("IS", 1), ("AZ", 10)]
FULL_KINDS = ["Universität", "Université", "University of Applied Sciences", "Hochschule", "Politecnico",
              "Universidad", "Uniwersytet", "Hogeschool", "Technical University", "Academy of Arts",
              "Open University", "Institute of Technology", "Business School", "Vysoká škola", "Egyetem"]
FULL_PLACES = ["Nordstadt", "Lumière", "Delta", "Aigaio", "Atlantic", "Wrocławek", "Český Brod", "Szeged-Dél",
               "Porto Alto", "Sevilla Este", "Bergamo Nord", "Tartu Lõuna", "Ålesund", "Zürichsee", "Kraków Wschód",
               "Île-de-Seine", "Cluj Vest", "Plovdiv", "Kaunas", "Galway Bay"]
FULL_TITLES = [
    ("Data literacy for public administration", "0688"), ("Introduction to machine learning", "0613"),
    ("Sustainable supply chains and logistics", "0413"), ("Academic writing in English for researchers", "0231"),
    ("Circular economy: materials, design and policy", "0521"), ("Cybersecurity awareness for SMEs", "0612"),
    ("Project management essentials (PRINCE2-aligned)", "0413"), ("Teaching with digital tools in schools", "0114"),
    ("Renewable energy systems: solar and wind", "0713"), ("Public health data and epidemiology", "0988"),
    ("Mediation and conflict resolution at work", "0319"), ("Green hydrogen technologies", "0711"),
    ("Palliative care nursing", "0913"), ("Precision agriculture with drones", "0811"),
    ("Heritage conservation: timber structures", "0732"), ("Financial literacy for entrepreneurs", "0412"),
    ("Sign language for public services", "0231"), ("Urban mobility planning", "0731"),
    ("Clinical trial management", "0912"), ("Inclusive education practice", "0112"),
    ("Cloud computing fundamentals", "0612"), ("Water resource management", "0712"),
    ("Journalism in the age of disinformation", "0321"), ("Biostatistics with R", "0542"),
]
FULL_OUTCOMES = [
    "Reads, cleans and documents tabular data from administrative registers",
    "Explains a chart and its uncertainty to a lay audience in plain language",
    "Designs a small study, states its hypotheses and chooses a suitable method",
    "Applies the relevant European and national regulations to a realistic case",
    "Works in a multidisciplinary team and reflects on their own contribution",
    "Evaluates the environmental impact of a process over its whole life cycle",
    "Plans a project with milestones, risks, a budget and a communication plan",
    "Writes a structured report that cites its sources correctly (APA 7th ed.)",
    "Uses open-source software to automate a repetitive professional task",
    "Assesses the ethical, legal and social implications of a new technology",
    "Communicates findings to stakeholders in a presentation of ten minutes",
    "Identifies risks to privacy and proposes proportionate safeguards (GDPR)",
    "Compares alternative solutions against explicit criteria and justifies a choice",
    "Carries out the core procedure safely under supervision in a real setting",
]
FULL_PREREQUISITES = ["", "Bachelor degree in a related field", "Basic statistics (e.g. a first-year course)",
                      "Two years of professional experience in the sector", "English at level B2 of the CEFR",
                      "Secondary school leaving certificate", "None: open to everyone", "Completed module 1 of the series"]
FULL_GRADES = ["pass", "A", "B", "C", "1.3", "1.7", "2.0", "2.3", "14/20", "16/20", "very good", "good", "excellent", "8", "9"]
FULL_CITIZENSHIP_ABROAD = ["DE", "PL", "IT", "UA", "FR", "ES", "RO", "TR", "IN", "CN", "NG", "BR", "US", "SY", "MA",
                           "PT", "GR", "BG", "AL", "RS", "VN", "PK", "IR", "EG", "CO", "MX", "KZ", "BY", "GE", "AM"]
FULL_JOINT = {"DE": "AT", "FR": "BE", "NL": "BE", "IE": "GB", "EL": "CY", "BE": "NL", "AT": "DE", "IT": "ES",
              "ES": "PT", "PL": "CZ", "SE": "FI", "DK": "SE", "CZ": "SK", "HU": "RO"}


def full_institutions(rng):
    """(awarding body id, name, domain) per country: about 75 per weight point, ~3,000 in all."""
    bodies = {}
    for country, weight in FULL_COUNTRIES:
        count = max(3, weight * 75 // 10)
        bodies[country] = [(f"{country}-HEI-{n:04d}",
                            f"{rng.choice(FULL_KINDS)} {rng.choice(FULL_PLACES)} {n}",
                            f"{rng.choice(['uni', 'hs', 'tu', 'college'])}{n}.{country.lower() if country != 'EL' else 'gr'}.example")
                           for n in range(count)]
    return bodies


def full_record(rng, country, body, serial, learner):
    """One full-width canonical record: every optional element filled as real exports fill them;
    `serial` is the record's number in its id (eight digits)."""
    body_id, body_name, domain = body
    title, isced = rng.choice(FULL_TITLES)
    form = rng.choices(list(samples.FORMS), weights=[40, 25, 20, 5, 10])[0]
    qa = rng.choices(list(samples.QA), weights=[30, 50, 20])[0]
    year = rng.choice([2023, 2024, 2025])
    ects = rng.choices(["0.5", "1", "2", "2.5", "3", "4", "5", "6", "7.5", "10", "15", ""],
                       weights=[2, 6, 8, 6, 10, 6, 12, 6, 4, 4, 1, 3])[0]
    hours = str(rng.choice([12, 25, 40, 60, 90, 125, 150])) if not ects or rng.random() < 0.6 else ""
    home = country if country != "EL" else "GR"
    credential_id = f"{body_id}-MC-{year}-{serial}"
    return {
        "credential_id": credential_id,
        "learner_id": learner,
        "learner_birth_year": str(rng.randint(1950, 2006)) if rng.random() < 0.97 else "",
        "learner_gender": rng.choices(["F", "M", "X", "f", "m", ""], weights=[46, 44, 2, 3, 3, 2])[0],
        "learner_citizenship": home if rng.random() < 0.75 else rng.choice(FULL_CITIZENSHIP_ABROAD),
        "title": title if rng.random() < 0.7 else f"{title} – module {rng.randint(1, 6)} of the micro-credential series",
        "issuer_country": country,
        "awarding_body_id": body_id,
        "awarding_body_name": body_name,
        "issue_date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "learning_outcomes": "|".join(rng.sample(FULL_OUTCOMES, rng.randint(2, 5))),
        "ects": ects.replace(".", ",") if rng.random() < 0.1 else ects,
        "workload_hours": hours,
        "eqf_level": rng.choices(["4", "5", "6", "7", "8", ""], weights=[5, 10, 40, 30, 5, 10])[0],
        "qf_ehea_cycle": rng.choice(["short", "first", "first", "second", "second", "third", ""]),
        "assessment_type": rng.choice(samples.ASSESSMENTS),
        "participation_form": rng.choice(samples.FORMS[form]),
        "quality_assurance": rng.choice(samples.QA[qa]),
        "prerequisites": rng.choice(FULL_PREREQUISITES),
        "supervision": rng.choice(samples.SUPERVISION[1:] + [""]),
        "grade": rng.choice(FULL_GRADES) if rng.random() < 0.9 else "",
        "stackability": rng.choice(["stand-alone", "stackable", "stackable", ""]),
        "isced_f": isced if rng.random() < 0.92 else isced[:3],
        "language": rng.choice(["en", "en", country.lower() if country not in ("EL", "GB") else "el" if country == "EL" else "en", "ENG"]),
        "further_info": f"https://{domain}/micro-credentials/{credential_id}",
        "status": "issued" if rng.random() < 0.985 else "revoked",
    }


def full_records(count, marked=False):
    """Yields `count` full-width canonical records in file order (see the module's doc)."""
    rng = random.Random(20261206)
    bodies = full_institutions(rng)
    countries = [c for c, _ in FULL_COUNTRIES]
    weights = [w for _, w in FULL_COUNTRIES]
    pool = max(1, count // 3)
    earlier = []
    for i in range(count):
        if earlier and rng.random() < 0.02:
            record = dict(rng.choice(earlier))
            record["ects"] = rng.choice(["1", "3", "6", "12.5"])
            record["workload_hours"] = ""
            yield record
            continue
        country = rng.choices(countries, weights)[0]
        options = bodies[country]
        body = options[min(int(len(options) * rng.random() ** 2), len(options) - 1)]
        learner_no = min(int(pool * rng.random() ** 1.5), pool - 1)
        learner = f"urn:schac:personalUniqueCode:int:esi:{country.lower()}:{digits(learner_no, 10, marked)}"
        record = full_record(rng, country, body, digits(i, 8, marked), learner)
        if rng.random() < 0.02 and country in FULL_JOINT:
            record["issuer_country"] = f"{country}|{FULL_JOINT[country]}"
        roll = rng.random()
        if roll < 0.03:
            _, change = rng.choice(samples.FAULTS)
            record.update(change)
        elif roll < 0.04:
            record.update(rng.choice(samples.WARNINGS))
        elif len(earlier) < 5000 and rng.random() < 0.05:
            earlier.append(record)
        yield record


def xml_text(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def canonical_xml(record):
    """One `<credential>` of canonical XML: a child per filled field; learning outcomes repeated
    (one element each), a joint award's countries `|`-joined, as exports write them."""
    parts = ["  <credential>\n"]
    for column in samples.HEADER:
        value = record[column]
        if value == "":
            continue
        values = value.split("|") if column == "learning_outcomes" else [value]
        for item in values:
            parts.append(f"    <{column}>{xml_text(item)}</{column}>\n")
    parts.append("  </credential>\n")
    return "".join(parts)


HEADS = {"csv": ",".join(samples.HEADER) + "\n", "jsonl": "", "xml": '<?xml version="1.0" encoding="UTF-8"?>\n<credentials>\n'}
TAILS = {"csv": "", "jsonl": "", "xml": "</credentials>\n"}


def write_records(files, records):
    """Writes each record to every open file of `files` (format → file), in its format."""
    for record in records:
        if "csv" in files:
            files["csv"].write(",".join(samples.quote(record[c]) for c in samples.HEADER) + "\n")
        if "jsonl" in files:
            files["jsonl"].write(json.dumps({c: record[c] for c in samples.HEADER}, ensure_ascii=False) + "\n")
        if "xml" in files:
            files["xml"].write(canonical_xml(record))


def write_copies(block, copies, out):
    """Writes `copies` copies of the marked records in file `block` to `out` (binary), the
    marks of copy k replaced by k: credential ids and learner numbers are new in every copy,
    everything else (re-sent corrections within a copy, faults, skew) is the block's."""
    marks = [(mark.encode(), width) for width, mark in COPY_MARKS.items()]
    for k in range(copies):
        with open(block, "rb") as f:
            while True:
                lines = f.readlines(1 << 24)
                if not lines:
                    break
                chunk = b"".join(lines)
                for mark, width in marks:
                    chunk = chunk.replace(mark, f"{k:0{width - 6}d}".encode())
                out.write(chunk)


def write_canonical(count, outdir, profile, formats):
    """Writes the canonical formats asked for (csv, jsonl, xml) of the same records, one pass.
    Above ``BLOCK`` records (a multiple of it), the records of one block are made once and
    written count / BLOCK times, each copy under new ids: the first copy is the BLOCK-record
    file itself."""
    wanted = [fmt for fmt in ("csv", "jsonl", "xml") if fmt in formats]
    generate = full_records if profile == "full" else records
    if count > BLOCK:
        if count % BLOCK:
            sys.exit(f"above {BLOCK:,} records the count must be a multiple of it (got {count:,})")
        blocks = {fmt: os.path.join(outdir, f".block-{profile}.{fmt}") for fmt in wanted}
        files = {fmt: open(path, "w", encoding="utf-8", newline="") for fmt, path in blocks.items()}
        try:
            write_records(files, generate(BLOCK, marked=True))
        finally:
            for f in files.values():
                f.close()
        try:
            for fmt, path in blocks.items():
                with open(os.path.join(outdir, f"canonical-{count}.{fmt}"), "wb") as out:
                    out.write(HEADS[fmt].encode())
                    write_copies(path, count // BLOCK, out)
                    out.write(TAILS[fmt].encode())
        finally:
            for path in blocks.values():
                os.remove(path)
        return
    files = {}
    try:
        for fmt in wanted:
            files[fmt] = open(os.path.join(outdir, f"canonical-{count}.{fmt}"), "w", encoding="utf-8", newline="")
            files[fmt].write(HEADS[fmt])
        write_records(files, generate(count))
        for fmt, f in files.items():
            f.write(TAILS[fmt])
    finally:
        for f in files.values():
            f.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", choices=["thin", "full"], default="thin")
    parser.add_argument("--formats", default="csv,jsonl,xml,elm-xml")
    parser.add_argument("count", type=int)
    parser.add_argument("outdir")
    args = parser.parse_args()
    formats = args.formats.split(",")
    os.makedirs(args.outdir, exist_ok=True)
    # The ELM batch and the canonical files are independent: one core each.
    elm = None
    if "elm-xml" in formats:
        elm = multiprocessing.Process(target=samples.bench_elm, args=(args.count, os.path.join(args.outdir, f"elm-{args.count}.xml")))
        elm.start()
    write_canonical(args.count, args.outdir, args.profile, formats)
    if elm:
        elm.join()
        if elm.exitcode != 0:
            sys.exit(f"generating the ELM batch failed (exit {elm.exitcode})")


if __name__ == "__main__":
    main()

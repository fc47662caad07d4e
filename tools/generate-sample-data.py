#!/usr/bin/env python3
"""Generates mcstat's sample institution exports (canonical CSV), deterministically.

  tools/generate-sample-data.py                      # rewrites sample-data/
  tools/generate-sample-data.py --bench N OUT.csv    # one clean canonical CSV of N records

The institutions are fictional. The sample holds realistic faults (every reject reason at least
once), vocabulary variants, a joint award and a re-sent correction of an earlier record.
"""
import os
import random
import sys

HEADER = ["credential_id", "learner_id", "learner_birth_year", "learner_gender", "learner_citizenship",
          "title", "issuer_country", "awarding_body_id", "awarding_body_name", "issue_date",
          "learning_outcomes", "ects", "workload_hours", "eqf_level", "qf_ehea_cycle", "assessment_type",
          "participation_form", "quality_assurance", "prerequisites", "supervision", "grade",
          "stackability", "isced_f", "language", "further_info", "status"]

TITLES = [("Data literacy for public administration", "0688", ["Reads and cleans tabular data", "Explains a chart to a lay audience"]),
          ("Introduction to machine learning", "0613", ["Trains a classifier", "Evaluates a model on held-out data"]),
          ("Sustainable supply chains", "0413", ["Maps the emissions of a supply chain", "Proposes a reduction plan"]),
          ("Academic writing in English", "0231", ["Structures an argument", "Cites sources correctly"]),
          ("Circular economy basics", "0521", ["Explains material loops", "Assesses a product's circularity"]),
          ("Cybersecurity awareness", "0612", ["Recognises phishing", "Applies password hygiene"]),
          ("Project management essentials", "0413", ["Plans a small project", "Tracks risks and milestones"]),
          ("Teaching with digital tools", "0111", ["Designs an online lesson", "Uses a learning platform"]),
          ("Renewable energy systems", "0713", ["Sizes a photovoltaic system", "Compares storage options"]),
          ("Public health data", "0988", ["Interprets incidence rates", "Communicates health risks"])]

FORMS = {"online": ["online", "Online", "e-learning", "distance learning", "remote"],
         "onsite": ["onsite", "on-site", "face-to-face", "classroom", "In person"],
         "blended": ["blended", "hybrid", "Blended learning"],
         "volunteering": ["volunteering"],
         "work-based": ["work-based", "workplace"]}
QA = {"internal": ["internal", "Internal"], "external": ["external"],
      "internal+external": ["internal+external", "internal & external", "both"]}
ASSESSMENTS = ["written-exam", "Written exam", "project", "portfolio", "oral exam", "continuous assessment",
               "quiz", "peer assessment", "practical", "Recognition of prior learning", "case study defence"]
SUPERVISION = ["", "none", "supervised", "online proctoring", "onsite-id", "unsupervised-id"]

INSTITUTIONS = [
    # folder, awarding body id, name, country as written, records, options
    ("de-tu-nordstadt", "DE-HRK-0815", "Technische Universität Nordstadt", "DE", 520, {}),
    ("fr-universite-lumiere", "FR-UAI-0751234A", "Université Lumière de Lyonnais", "FR", 430, {"crlf": True, "bom": True}),
    ("nl-hogeschool-delta", "NL-BRIN-21XY", "Hogeschool Delta", "NL", 400, {"joint": ("BE", "NL|BE")}),
    ("gr-aigaio-university", "GR-EL-AEG01", "Aigaio University", "EL", 330, {}),
    ("ie-atlantic-tu", "IE-QQI-ATU", "Atlantic Technological University", "IE", 360, {}),
]


def base_record(rng, body_id, body_name, country, index, learners):
    title, isced, outcomes = rng.choice(TITLES)
    form = rng.choices(list(FORMS), weights=[40, 25, 20, 5, 10])[0]
    qa = rng.choices(list(QA), weights=[30, 50, 20])[0]
    year = rng.choice([2024, 2025])
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    ects = rng.choices(["0.5", "1", "2", "2.5", "3", "4", "5", "6", "7.5", "10", "15", ""], weights=[2, 6, 8, 6, 10, 6, 12, 6, 4, 4, 1, 5])[0]
    hours = "" if ects and rng.random() < 0.7 else str(rng.choice([12, 25, 40, 60, 90, 125]))
    if not ects and not hours:
        hours = "30"
    return {
        "credential_id": f"{body_id}-{year}-{index:05d}",
        "learner_id": rng.choice(learners),
        "learner_birth_year": str(rng.randint(1955, 2005)) if rng.random() < 0.9 else "",
        "learner_gender": rng.choices(["F", "M", "X", ""], weights=[48, 45, 2, 5])[0],
        "learner_citizenship": rng.choices([country if country not in ("EL",) else "GR", "DE", "PL", "IT", "UA", ""], weights=[70, 6, 6, 6, 6, 6])[0],
        "title": title,
        "issuer_country": country,
        "awarding_body_id": body_id,
        "awarding_body_name": body_name,
        "issue_date": f"{year}-{month:02d}-{day:02d}",
        "learning_outcomes": "|".join(outcomes),
        "ects": ects.replace(".", ",") if rng.random() < 0.1 else ects,
        "workload_hours": hours,
        "eqf_level": rng.choices(["5", "6", "7", "8", ""], weights=[10, 45, 30, 5, 10])[0],
        "qf_ehea_cycle": rng.choice(["", "first", "second", "short"]),
        "assessment_type": rng.choice(ASSESSMENTS),
        "participation_form": rng.choice(FORMS[form]),
        "quality_assurance": rng.choice(QA[qa]),
        "prerequisites": rng.choice(["", "", "Bachelor degree", "Basic statistics"]),
        "supervision": rng.choice(SUPERVISION),
        "grade": rng.choice(["", "pass", "A", "B", "1.7", "very good"]),
        "stackability": rng.choice(["", "stand-alone", "stackable"]),
        "isced_f": isced if rng.random() < 0.85 else "",
        "language": rng.choice(["en", "en", country.lower() if country != "EL" else "el", ""]),
        "further_info": "",
        "status": "issued" if rng.random() < 0.98 else "revoked",
    }


# Each fault: (reason code it must produce, change to a valid record).
FAULTS = [
    ("missing_credential_id", {"credential_id": ""}),
    ("missing_title", {"title": "  "}),
    ("missing_learner_id", {"learner_id": ""}),
    ("missing_issuer_country", {"issuer_country": ""}),
    ("missing_awarding_body_id", {"awarding_body_id": ""}),
    ("missing_issue_date", {"issue_date": ""}),
    ("missing_learning_outcomes", {"learning_outcomes": " | "}),
    ("missing_ects_and_workload_hours", {"ects": "", "workload_hours": ""}),
    ("missing_assessment_type", {"assessment_type": ""}),
    ("missing_participation_form", {"participation_form": ""}),
    ("missing_quality_assurance", {"quality_assurance": ""}),
    ("bad_issuer_country", {"issuer_country": "Germany"}),
    ("bad_issue_date", {"issue_date": "2025-02-30"}),
    ("bad_issue_date", {"issue_date": "01.04.2025"}),
    ("bad_ects", {"ects": "2.5 ECTS"}),
    ("bad_workload_hours", {"ects": "", "workload_hours": "ca. 40"}),
    ("bad_eqf_level", {"eqf_level": "EQF 6"}),
    ("bad_participation_form", {"participation_form": "correspondence course"}),
    ("bad_quality_assurance", {"quality_assurance": "accredited"}),
]


# Optional values outside their vocabulary: kept records, with a warning each.
WARNINGS = [{"supervision": "proctored"}, {"learner_gender": "female"}, {"stackability": "maybe later"},
            {"isced_f": "ICT"}, {"learner_birth_year": "85"}]


def quote(value):
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(path, rows, crlf=False, bom=False, raw_tail=""):
    eol = "\r\n" if crlf else "\n"
    text = ",".join(HEADER) + eol + "".join(",".join(quote(r[c]) for c in HEADER) + eol for r in rows) + raw_tail
    with open(path, "wb") as f:
        if bom:
            f.write(b"\xef\xbb\xbf")
        f.write(text.encode("utf-8"))


def sample(root):
    rng = random.Random(20251129)
    learners = [f"STU-{n:06d}" for n in range(1, 1601)]
    for number, (folder, body_id, name, country, count, options) in enumerate(INSTITUTIONS):
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        rows = [base_record(rng, body_id, name, country, i + 1, learners) for i in range(count)]
        # Faults: every institution gets a share; together they cover every reason code.
        for k, (_, change) in enumerate(FAULTS):
            if k % len(INSTITUTIONS) == number or number == 0:
                target = rng.randrange(len(rows))
                rows[target] = {**rows[target], **change, "credential_id": change.get("credential_id", rows[target]["credential_id"] + "-F")}
        for k, change in enumerate(WARNINGS):
            target = rng.randrange(len(rows))
            rows[target] = {**rows[target], **change}
        if "joint" in options:
            partner, countries = options["joint"]
            for i in range(0, 40):
                rows[i * 7]["issuer_country"] = countries
                rows[i * 7]["title"] = "Joint micro-credential in water management"
        if folder.startswith("de-"):
            # A learning outcome with a comma and a line break, quoted.
            rows[3]["learning_outcomes"] = 'Writes a "data story", with charts\nand a summary|Presents it'
            first, second = rows[:count - 20], rows[count - 20:]
            write_csv(os.path.join(root, folder, "2025-06-export.csv"), first)
            # A re-sent correction: an earlier record under the same key with corrected ECTS,
            # plus the awards that came after.
            corrected = dict(first[10])
            corrected["ects"] = "6"
            corrected["grade"] = "corrected: B"
            write_csv(os.path.join(root, folder, "2025-12-export.csv"), [corrected] + second)
        else:
            # Ireland's export ends with a row whose title holds an unquoted comma (one cell too many).
            tail = ""
            if folder.startswith("ie-"):
                broken = dict(rows[5], credential_id=f"{body_id}-2025-99999", title="Leadership, ethics")
                tail = ",".join(broken[c] if c != "learning_outcomes" else quote(broken[c]) for c in HEADER) + "\n"
            write_csv(os.path.join(root, folder, "2025-export.csv"), rows,
                      crlf=options.get("crlf", False), bom=options.get("bom", False), raw_tail=tail)


def bench(count, path):
    rng = random.Random(7)
    learners = [f"STU-{n:07d}" for n in range(1, count // 2 + 2)]
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    rows = (base_record(rng, "XX-BENCH-1", "Bench University", rng.choice(["DE", "FR", "NL", "IE", "GR"]), i, learners)
            for i in range(count))
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(HEADER) + "\n")
        for r in rows:
            r["credential_id"] = r["credential_id"] + f"-{rng.randrange(10**9)}"
            f.write(",".join(quote(r[c]) for c in HEADER) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--bench":
        bench(int(sys.argv[2]), sys.argv[3])
    else:
        sample(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-data"))

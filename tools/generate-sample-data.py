#!/usr/bin/env python3
"""Generates mcstat's sample institution exports (canonical CSV), deterministically.

  tools/generate-sample-data.py                      # rewrites sample-data/
  tools/generate-sample-data.py --bench N OUT.csv    # one clean canonical CSV of N records
  tools/generate-sample-data.py --bench-elm N OUT.xml  # one ELM v2 XML batch of N credentials

The institutions are fictional. The sample holds realistic faults (every reject reason at least
once), vocabulary variants, a joint award and a re-sent correction of an earlier record.
"""
import json
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
    write_other_formats(root, rng, learners)
    write_profiled_export(root, rng, learners)


MODES = {"online": "920fbb3cbe", "blended": "e92d221e4d", "onsite": "9191af2ed9", "work-based": "729f3bed4b"}
ASSESSMENT_CONCEPTS = ["6e6cb2cc78", "d30284d7df", "6a4db9f11d", "4f03b91c0e", "795dac4096", "3484bd7e51"]


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def elm_v2_credential(rng, n, org_id, org_name, country3, learners, qa=True, issued=None):
    title, isced, outcomes = rng.choice(TITLES)
    mode = rng.choice(list(MODES))
    year = rng.choice([2024, 2025])
    issued = issued or f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(8, 17):02d}:00:00+01:00"
    ects = rng.choice(["2", "3", "4", "5", "6"])
    outcome_refs = "".join(f'<learningOutcome idref="urn:epass:learningOutcome:{i + 1}"/>' for i in range(len(outcomes)))
    outcome_defs = "".join(f'<learningOutcome id="urn:epass:learningOutcome:{i + 1}"><prefLabel><text lang="en">{xml_escape(o)}</text></prefLabel></learningOutcome>' for i, o in enumerate(outcomes))
    accreditation = '<hasAccreditation idref="urn:epass:accreditation:1"/>' if qa else ""
    return f"""  <europassCredential xmlns="http://data.europa.eu/snb" xmlns:cred="http://data.europa.eu/europass/model/credentials/w3c#" cred:id="urn:credential:{org_id.lower()}-{n:05d}" xsdVersion="0.10.0">
    <cred:validFrom>{issued}</cred:validFrom>
    <cred:issued>{issued}</cred:issued>
    <cred:issuer idref="urn:epass:org:1"/>
    <credentialSubject id="urn:epass:person:1">
      <identifier schemeID="student-number">{rng.choice(learners)}</identifier>
      <dateOfBirth>{rng.randint(1960, 2004)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}</dateOfBirth>
      <achievements>
        <learningAchievement id="urn:epass:learningAchievement:1">
          <title><text content-type="text/plain" lang="en">{xml_escape(title)}</text></title>
          <wasDerivedFrom id="urn:epass:assessment:1">
            <grade>{rng.choice(["14/20", "16/20", "pass"])}</grade>
            <idVerificationMethod uri="http://data.europa.eu/snb/supervision-verification/{rng.choice(["c598449d64", "70be69aaf9"])}"/>
            <specifiedBy idref="urn:epass:assessmentSpec:1"/>
          </wasDerivedFrom>
          <wasAwardedBy idref="urn:epass:awardingProcess:1"/>
          <specifiedBy idref="urn:epass:qualification:1"/>
        </learningAchievement>
      </achievements>
    </credentialSubject>
    <learningSpecificationReferences>
      <qualification id="urn:epass:qualification:1">
        <title><text content-type="text/plain" lang="en">{xml_escape(title)}</text></title>
        <hasISCED-FCode uri="http://data.europa.eu/snb/isced-f/{isced} "/>
        <volumeOfLearning>PT{int(ects) * 27}H</volumeOfLearning>
        <hasECTSCreditPoints>{ects}</hasECTSCreditPoints>
        <language uri="http://publications.europa.eu/resource/authority/language/ENG"/>
        <mode uri="http://data.europa.eu/snb/learning-assessment/{MODES[mode]}"/>
        <learningOutcomes>{outcome_refs}</learningOutcomes>
        <eqfLevel uri="http://data.europa.eu/snb/eqf/{rng.choice([5, 6, 6, 7])}"/>
        {accreditation}
      </qualification>
    </learningSpecificationReferences>
    <learningOutcomeReferences>{outcome_defs}</learningOutcomeReferences>
    <assessmentSpecificationReferences>
      <assessmentSpecification id="urn:epass:assessmentSpec:1"><type uri="http://data.europa.eu/snb/assessment/{rng.choice(ASSESSMENT_CONCEPTS)}"/></assessmentSpecification>
    </assessmentSpecificationReferences>
    <accreditationReferences>
      <accreditation id="urn:epass:accreditation:1"><type uri="http://data.europa.eu/snb/accreditation/bb4618238e"/></accreditation>
    </accreditationReferences>
    <agentReferences>
      <organization id="urn:epass:org:1">
        <identifier schemeID="erasmus">{org_id}</identifier>
        <prefLabel><text content-type="text/plain" lang="en">{xml_escape(org_name)}</text></prefLabel>
        <hasLocation><hasAddress><country uri="http://publications.europa.eu/resource/authority/country/{country3}"/></hasAddress></hasLocation>
      </organization>
    </agentReferences>
    <awardingProcessReferences>
      <awardingProcess id="urn:epass:awardingProcess:1"><awardingBody idref="urn:epass:org:1"/></awardingProcess>
    </awardingProcessReferences>
  </europassCredential>
"""


def open_badge(rng, n, learners):
    title, isced, outcomes = rng.choice(TITLES)
    participation = rng.choice(["online", "onsite or blended", "work experience"])
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": f"https://badges.hsdelta.example/credentials/{n:05d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "NL-BRIN-21XY", "type": ["Profile"], "name": "Hogeschool Delta",
                   "address": {"type": ["Address"], "addressCountryCode": "NL"}},
        "validFrom": f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.choice(['09:00:00Z', '23:30:00Z'])}",
        "credentialSubject": {
            "id": f"urn:hsdelta:student:{rng.choice(learners)}", "type": ["AchievementSubject"],
            "achievement": {
                "id": f"https://badges.hsdelta.example/achievements/{isced}", "type": ["Achievement", "EducredentialAchievement"],
                "achievementType": "MicroCredential", "name": title, "description": title,
                "criteria": {"narrative": outcomes[0]}, "inLanguage": "nl-NL", "ECTS": rng.choice([2.5, 3, 5]),
                "participationType": participation, "assessmentType": rng.choice(["portfolio", "application of a skill", "testing"]),
                "supervisionType": rng.choice(["onsite with identity verification", "online with identity verification"]),
                "alignment": [{"type": ["Alignment"], "targetType": "ext:EQF", "targetName": "EQF", "targetCode": rng.choice(["5", "6"]),
                               "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels"}]
                             + ([{"type": ["Alignment"], "targetType": "ext:QualityAssurance", "targetName": "NVAO",
                                  "targetUrl": "https://www.nvao.net/"}] if rng.random() < 0.95 else []),
                "learningOutcome": [{"type": "LearningOutcome", "title": o} for o in outcomes],
            },
            "result": [{"type": ["Result"], "value": rng.choice(["7", "8", "8.5"])}],
        },
    }


AT_COLUMNS = {
    "credential_id": "Zertifikatsnummer", "learner_id": "Matrikelnummer", "learner_birth_year": "Geburtsjahr",
    "learner_gender": "Geschlecht", "learner_citizenship": "Staatsangehörigkeit", "title": "Titel",
    "issuer_country": "Land", "awarding_body_id": "Hochschulkennung", "awarding_body_name": "Hochschule",
    "issue_date": "Ausstellungsdatum", "learning_outcomes": "Lernergebnisse", "ects": "ECTS",
    "workload_hours": "Arbeitsstunden", "eqf_level": "EQR-Niveau", "assessment_type": "Prüfungsform",
    "participation_form": "Teilnahmeform", "quality_assurance": "Qualitätssicherung", "supervision": "Aufsicht",
    "grade": "Note", "stackability": "Kombinierbarkeit", "isced_f": "ISCED-F", "language": "Sprache",
}
AT_FORMS = {"online": "Fernlehre", "onsite": "Präsenz", "blended": "Hybrid", "work-based": "Betrieblich", "volunteering": "Ehrenamt"}
AT_QA = {"internal": "intern", "external": "extern", "internal+external": "intern und extern"}


def write_profiled_export(root, rng, learners):
    """An Austrian university's own layout: German column names, ';', Windows-1252, day-first
    dates, decimal commas and German vocabulary, read through pipelines/profiles/at-fh-donau.yml."""
    folder = os.path.join(root, "at-fh-donau")
    os.makedirs(folder, exist_ok=True)
    columns = list(AT_COLUMNS)
    lines = [";".join(AT_COLUMNS[c] for c in columns)]
    for n in range(1, 161):
        r = base_record(rng, "AT-FHD-07", "Fachhochschule Donau", "AT", n, learners)
        r["participation_form"] = AT_FORMS[rng.choice(list(AT_FORMS))]
        r["quality_assurance"] = AT_QA[rng.choice(list(AT_QA))]
        y, m, d = r["issue_date"].split("-")
        r["issue_date"] = f"{d}.{m}.{y}"
        r["ects"] = r["ects"].replace(".", ",")
        r["title"] = rng.choice(["Grundlagen der Datenanalyse", "Nachhaltige Logistik", "Wissenschaftliches Schreiben", "Energiewende für Gemeinden"])
        r["learning_outcomes"] = "Analysiert Daten|Präsentiert Ergebnisse"
        if n == 40:
            r["issue_date"] = "31.02.2025"          # no such day: rejected
        if n == 41:
            r["participation_form"] = "Fernstudium"  # not in the profile's vocabulary: rejected
        lines.append(";".join(r[c].replace(";", ",") for c in columns))
    with open(os.path.join(folder, "export-2025.csv"), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_other_formats(root, rng, learners):
    # A Belgian university's ELM v2 XML batch (one file, many credentials under a wrapper).
    folder = os.path.join(root, "be-universite-meuse")
    os.makedirs(folder, exist_ok=True)
    body = "".join(elm_v2_credential(rng, n, "B-LIEGE42", "Université de la Meuse", "BEL", learners,
                                     qa=(n % 25 != 0), issued="2024-12-31T23:30:00Z" if n == 7 else None)
                   for n in range(1, 121))
    with open(os.path.join(folder, "2025-edc-batch.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<credentialBatch>\n' + body + "</credentialBatch>\n")
    # Hogeschool Delta's Open Badges 3.0 micro-credentials, one per line.
    with open(os.path.join(root, "nl-hogeschool-delta", "2025-badges.jsonl"), "w", encoding="utf-8") as f:
        for n in range(1, 81):
            f.write(json.dumps(open_badge(rng, n, learners), ensure_ascii=False, sort_keys=True) + "\n")


def bench_elm(count, path):
    rng = random.Random(11)
    learners = [f"STU-{n:07d}" for n in range(1, count // 2 + 2)]
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<credentialBatch>\n')
        for n in range(count):
            f.write(elm_v2_credential(rng, n, "XX-BENCH-1", "Bench University", rng.choice(["DEU", "FRA", "BEL"]), learners))
        f.write("</credentialBatch>\n")


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
    elif len(sys.argv) == 4 and sys.argv[1] == "--bench-elm":
        bench_elm(int(sys.argv[2]), sys.argv[3])
    else:
        sample(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-data"))

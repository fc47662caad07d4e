#!/usr/bin/env python3
"""Seed corpora for the fuzz targets, made from the test fixtures and sample-data (deterministic).

Writes .build-fuzz/seeds/<target>/: small pieces of the real inputs each reader sees (the first
rows of every sample export, the reference ELM and Open Badges files, canonical records as JSON
and XML, zip archives of these, and the pipeline files and profiles for the YAML target). Also every committed crash input of that reader
(Tests/MCIngestTests/Fixtures/fuzz-regressions/<target>-*).
"""
import glob, io, json, os, shutil, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, ".build-fuzz", "seeds")
REFERENCE = os.path.join(ROOT, "Tests", "MCIngestTests", "Fixtures", "reference")
REGRESSIONS = os.path.join(ROOT, "Tests", "MCIngestTests", "Fixtures", "fuzz-regressions")
MAX = 16384

HEADER = ("credential_id,learner_id,learner_birth_year,learner_gender,learner_citizenship,title,issuer_country,"
          "awarding_body_id,awarding_body_name,issue_date,learning_outcomes,ects,workload_hours,eqf_level,"
          "qf_ehea_cycle,assessment_type,participation_form,quality_assurance,prerequisites,supervision,grade,"
          "stackability,isced_f,language,further_info,status")
ROW = ("C-1,L-1,1990,F,DE,Data literacy,DE|NL,DE-HS-1,Hochschule Eins,2025-03-14,Reads data|Explains charts,"
       "\"2,5\",,6,first,written-exam,online,internal,,none,1.7,stackable,0688,en,,issued")
RECORD = dict(zip(HEADER.split(","), [
    "C-1", "L-1", "1990", "F", "DE", "Data literacy", "DE|NL", "DE-HS-1", "Hochschule Eins", "2025-03-14",
    "Reads data|Explains charts", "2,5", "", "6", "first", "written-exam", "online", "internal", "", "none",
    "1.7", "stackable", "0688", "en", "", "issued"]))


def head(path, lines=12):
    with open(path, "rb") as f:
        return b"".join(f.readlines()[:lines])[:MAX]


def canonical_xml(record, joined):
    parts = []
    for key, value in record.items():
        if "|" in value and not joined:
            parts += [f"<{key}>{v}</{key}>" for v in value.split("|")]
        else:
            parts.append(f"<{key}>{value}</{key}>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<credentials><credential>" + "".join(parts)
            + "</credential></credentials>\n").encode()


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(name, data)
    return buffer.getvalue()


def seeds():
    csv = {f"sample-{i}.csv": head(p) for i, p in enumerate(sorted(glob.glob(os.path.join(ROOT, "sample-data", "*", "*.csv"))))}
    csv["canonical.csv"] = (HEADER + "\n" + ROW + "\n").encode()
    csv["quoted.csv"] = (HEADER + "\r\n\"C-\n2\"" + ROW[3:] + "\r\n").encode()
    elm = {os.path.basename(p): open(p, "rb").read()[:MAX] for p in sorted(glob.glob(os.path.join(REFERENCE, "*.xml")))}
    elm["batch.xml"] = head(glob.glob(os.path.join(ROOT, "sample-data", "*", "*.xml"))[0], 200)
    xml = {"repeated.xml": canonical_xml(RECORD, False), "joined.xml": canonical_xml(RECORD, True)}
    js = {os.path.basename(p): open(p, "rb").read()[:MAX]
          for p in sorted(glob.glob(os.path.join(REFERENCE, "*.json")) + glob.glob(os.path.join(REFERENCE, "*.jsonld")))}
    js["array.json"] = json.dumps([RECORD, RECORD]).encode()
    js["lines.jsonl"] = (json.dumps(RECORD) + "\n" + json.dumps(RECORD) + "\n").encode()
    js["wrapped.json"] = json.dumps({"credential": RECORD}).encode()
    for p in sorted(glob.glob(os.path.join(ROOT, "sample-data", "*", "*.jsonl"))):
        js[os.path.basename(p)] = head(p, 3)
    archive = {
        "mixed.zip": zipped([("a.csv", csv["canonical.csv"]), ("b/c.xml", xml["repeated.xml"]),
                             ("d.json", js["array.json"]), ("README.md", b"# notes\n"), (".hidden.csv", b"x")]),
        "one.zip": zipped([("e.jsonl", js["lines.jsonl"])]),
        "escape.zip": zipped([("../x.csv", csv["canonical.csv"]), ("ok.csv", csv["canonical.csv"])]),
    }
    yaml = {os.path.basename(p): open(p, "rb").read()[:MAX]
            for p in sorted(glob.glob(os.path.join(ROOT, "pipelines", "*.yml")) + glob.glob(os.path.join(ROOT, "pipelines", "profiles", "*.yml")))}
    yaml["full.yml"] = (b"name: full\nsources:\n  - path: in/*\n    profile: p\n    awarding_bodies: [DE-HS-1]\n"
                        b"    defaults: {issuer_country: NL, eqf_level: '6'}\n  - inbox: inbox\n"
                        b"report: {out: reports, min_cell: 5, formats: [csv, sdmx], only: [uptake, trend]}\n"
                        b"fail: {max_rejected_share: 0.2, require_sources: true}\n")
    yaml["anchors.yml"] = b"name: a\nsources:\n  - &s {path: x, defaults: &d {issuer_country: NL}}\n  - {path: y, defaults: *d}\n"
    yaml["profile.yml"] = (b"name: p\ndelimiter: ';'\nencoding: windows-1252\ndecimal_mark: ','\ndate_format: DD.MM.YYYY\n"
                           b"columns: {credential_id: Nr, learner_id: Matrikel}\nvocabulary: {participation_form: {Praesenz: onsite}}\n")
    return {"csv": csv, "elm-xml": elm, "canonical-xml": xml, "json": js, "archive": archive, "yaml": yaml}


def main():
    for target, files in seeds().items():
        directory = os.path.join(OUT, target)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        for name, data in files.items():
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)
        for crash in sorted(glob.glob(os.path.join(REGRESSIONS, target + "-*"))):
            shutil.copy(crash, directory)
        print(f"{directory}: {len(os.listdir(directory))} seeds")


if __name__ == "__main__":
    main()

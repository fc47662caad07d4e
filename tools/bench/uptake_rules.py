#!/usr/bin/env python3
"""The analyst's alternative to mcstat: the canonical-csv.md rules and the `uptake` table of
reports.md, written as a polars or DuckDB script, for `make bench` to time beside mcstat.

  uptake_rules.py polars|duckdb INPUT.csv|INPUT.jsonl OUT.csv

Reads every value as text, trims, applies the presence and value checks, maps the
participation-form vocabulary, keeps the last accepted version of each (awarding_body_id,
credential_id) (a re-sent copy of an earlier version is stale and changes nothing), drops revoked awards, counts a joint award in each issuer country, and writes
`country,year,eqf_level,ects_band,participation_form,credentials,learners,ects_total` with a
`_T` row per (country, year) — what `mcstat report --only uptake --min-cell 1` publishes.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLUMNS = ["credential_id", "learner_id", "learner_birth_year", "learner_gender", "learner_citizenship",
           "title", "issuer_country", "awarding_body_id", "awarding_body_name", "issue_date",
           "learning_outcomes", "ects", "workload_hours", "eqf_level", "qf_ehea_cycle", "assessment_type",
           "participation_form", "quality_assurance", "prerequisites", "supervision", "grade",
           "stackability", "isced_f", "language", "further_info", "status"]
FORMS = {"online": ["online", "on-line", "on line", "distance", "distance learning", "e-learning", "elearning", "remote"],
         "onsite": ["onsite", "on-site", "on site", "face-to-face", "face to face", "in person", "in-person", "classroom"],
         "blended": ["blended", "blended learning", "hybrid"],
         "volunteering": ["volunteering", "volunteer"],
         "work-based": ["work-based", "work based", "work-based learning", "workplace"]}
QA = ["internal", "external", "internal+external", "internal + external", "internal & external",
      "internal and external", "both"]
FORM_OF = {variant: code for code, variants in FORMS.items() for variant in variants}


def assigned_countries():
    """The 249 assigned ISO 3166-1 alpha-2 codes, read from mcstat's own table."""
    with open(os.path.join(HERE, "..", "..", "Sources", "MCModel", "CountryCode.swift"), encoding="utf-8") as f:
        text = f.read()
    block = text.split('"""')[1]
    return sorted(set(re.findall(r"\b[A-Z]{2}\b", block)))


COUNTRIES = assigned_countries() + ["EL", "UK"]
OUT_HEADER = "country,year,eqf_level,ects_band,participation_form,credentials,learners,ects_total"


def run_polars(path, out):
    import polars as pl
    if path.endswith(".jsonl"):
        frame = pl.scan_ndjson(path, schema={c: pl.String for c in COLUMNS})
    else:
        frame = pl.scan_csv(path, infer_schema=False)
    t = {c: pl.col(c).str.strip_chars(" \t\r\n") for c in COLUMNS}
    frame = frame.with_row_index("row").with_columns(
        [pl.when(t[c] == "").then(None).otherwise(t[c]).alias(c) for c in COLUMNS])
    present = lambda c: pl.col(c).is_not_null()
    ects = pl.col("ects").str.replace(",", ".", literal=True)
    parts = pl.col("issuer_country").str.to_uppercase().str.split("|").list.eval(pl.element().str.strip_chars(" \t\r\n"))
    accepted = (present("credential_id") & present("title") & present("learner_id")
                & present("issuer_country") & present("awarding_body_id") & present("issue_date")
                & (pl.col("learning_outcomes").str.replace_all(r"[|\s]", "").fill_null("") != "")
                & (present("ects") | present("workload_hours")) & present("assessment_type")
                & present("participation_form") & present("quality_assurance")
                & parts.list.eval(pl.element().is_in(COUNTRIES)).list.all()
                & pl.col("issue_date").str.contains(r"^\d{4}-\d{2}-\d{2}$")
                & pl.col("issue_date").str.to_date("%Y-%m-%d", strict=False).is_not_null()
                & (ects.is_null() | ects.str.contains(r"^\d+(\.\d+)?$"))
                & (pl.col("workload_hours").is_null() | pl.col("workload_hours").str.contains(r"^\d+$"))
                & (pl.col("eqf_level").is_null() | pl.col("eqf_level").str.contains(r"^[1-8]$"))
                & pl.col("participation_form").str.to_lowercase().is_in(list(FORM_OF))
                & pl.col("quality_assurance").str.to_lowercase().is_in(QA))
    # A re-sent copy of a version the record already had changes nothing (cli.md: `stale`), so
    # the record's version is the one whose content appeared last for the first time.
    facts = (frame.filter(accepted)
             .with_columns(content=pl.concat_str([pl.col(c).fill_null("") for c in COLUMNS], separator="\x1f"))
             .unique(subset=["awarding_body_id", "credential_id", "content"], keep="first", maintain_order=True)
             .unique(subset=["awarding_body_id", "credential_id"], keep="last", maintain_order=True)
             .filter(pl.col("status").fill_null("issued").str.to_lowercase() != "revoked")
             .with_columns(
                 country=parts.list.eval(pl.element().replace({"EL": "GR", "UK": "GB"})).list.unique(maintain_order=True),
                 year=pl.col("issue_date").str.slice(0, 4),
                 eqf_level=pl.col("eqf_level").fill_null("_Z"),
                 milli=(ects.cast(pl.Float64) * 1000).round(0).cast(pl.Int64),
                 participation_form=pl.col("participation_form").str.to_lowercase().replace_strict(FORM_OF))
             .with_columns(ects_band=pl.when(pl.col("milli").is_null()).then(pl.lit("_Z"))
                           .when(pl.col("milli") < 1000).then(pl.lit("LT1"))
                           .when(pl.col("milli") < 5000).then(pl.lit("1-5"))
                           .when(pl.col("milli") < 10000).then(pl.lit("5-10"))
                           .when(pl.col("milli") < 15000).then(pl.lit("10-15"))
                           .otherwise(pl.lit("GE15")))
             .explode("country"))
    measures = [pl.len().alias("credentials"), pl.col("learner_id").n_unique().alias("learners"),
                pl.col("milli").fill_null(0).sum().alias("milli")]
    cells = facts.group_by("country", "year", "eqf_level", "ects_band", "participation_form").agg(measures)
    totals = (facts.group_by("country", "year").agg(measures)
              .with_columns(eqf_level=pl.lit("_T"), ects_band=pl.lit("_T"), participation_form=pl.lit("_T")))
    dims = ["country", "year", "eqf_level", "ects_band", "participation_form"]
    table = pl.concat([cells.select(dims + ["credentials", "learners", "milli"]),
                       totals.select(dims + ["credentials", "learners", "milli"])]).sort(dims).collect()
    write_rows(out, table.iter_rows())


def run_duckdb(path, out):
    import duckdb
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS) + "}"
    if path.endswith(".jsonl"):
        source = f"read_json('{path}', format = 'newline_delimited', columns = {columns})"
    else:
        source = f"read_csv('{path}', header = true, all_varchar = true, quote = '\"', escape = '\"')"
    trimmed = ", ".join(f"nullif(trim({c}, ' \t\r\n'), '') AS {c}" for c in COLUMNS)
    content = ", ".join(f"coalesce({c}, '')" for c in COLUMNS)
    countries = ", ".join(f"'{c}'" for c in COUNTRIES)
    forms = ", ".join(f"('{v}', '{c}')" for v, c in FORM_OF.items())
    qa = ", ".join(f"'{v}'" for v in QA)
    con.execute(f"CREATE TEMP TABLE form_of(variant VARCHAR, code VARCHAR); INSERT INTO form_of VALUES {forms}")
    rows = con.execute(f"""
    WITH raw AS (SELECT row_number() OVER () AS row_no, {trimmed} FROM {source}),
    checked AS (
      SELECT *, replace(ects, ',', '.') AS ects_dot,
             list_transform(string_split(upper(issuer_country), '|'), lambda p: trim(p, ' \t\r\n')) AS parts
      FROM raw),
    accepted AS (
      SELECT * FROM checked
      WHERE credential_id IS NOT NULL AND title IS NOT NULL AND learner_id IS NOT NULL
        AND issuer_country IS NOT NULL AND awarding_body_id IS NOT NULL AND issue_date IS NOT NULL
        AND regexp_replace(coalesce(learning_outcomes, ''), '[|\\s]', '', 'g') <> ''
        AND (ects IS NOT NULL OR workload_hours IS NOT NULL) AND assessment_type IS NOT NULL
        AND participation_form IS NOT NULL AND quality_assurance IS NOT NULL
        AND list_bool_and(list_transform(parts, lambda p: p IN ({countries})))
        AND regexp_full_match(issue_date, '\\d{{4}}-\\d{{2}}-\\d{{2}}')
        AND try_strptime(issue_date, '%Y-%m-%d') IS NOT NULL
        AND (ects_dot IS NULL OR regexp_full_match(ects_dot, '\\d+(\\.\\d+)?'))
        AND (workload_hours IS NULL OR regexp_full_match(workload_hours, '\\d+'))
        AND (eqf_level IS NULL OR regexp_full_match(eqf_level, '[1-8]'))
        AND lower(participation_form) IN (SELECT variant FROM form_of)
        AND lower(quality_assurance) IN ({qa})),
    versions AS (
      SELECT * FROM accepted
      QUALIFY row_number() OVER (PARTITION BY awarding_body_id, credential_id, concat_ws(chr(31), {content}) ORDER BY row_no) = 1),
    latest AS (
      SELECT * FROM versions
      QUALIFY row_number() OVER (PARTITION BY awarding_body_id, credential_id ORDER BY row_no DESC) = 1),
    facts AS (
      SELECT unnest(list_distinct(list_transform(parts,
               lambda p: CASE p WHEN 'EL' THEN 'GR' WHEN 'UK' THEN 'GB' ELSE p END))) AS country,
             learner_id, substr(issue_date, 1, 4) AS year, coalesce(eqf_level, '_Z') AS eqf,
             CAST(round(CAST(ects_dot AS DOUBLE) * 1000) AS BIGINT) AS milli,
             (SELECT code FROM form_of WHERE variant = lower(participation_form)) AS form
      FROM latest WHERE lower(coalesce(status, 'issued')) <> 'revoked'),
    banded AS (
      SELECT *, CASE WHEN milli IS NULL THEN '_Z' WHEN milli < 1000 THEN 'LT1' WHEN milli < 5000 THEN '1-5'
                     WHEN milli < 10000 THEN '5-10' WHEN milli < 15000 THEN '10-15' ELSE 'GE15' END AS band
      FROM facts)
    SELECT country, year, eqf, band, form, count(*), count(DISTINCT learner_id), sum(coalesce(milli, 0))
      FROM banded GROUP BY ALL
    UNION ALL
    SELECT country, year, '_T', '_T', '_T', count(*), count(DISTINCT learner_id), sum(coalesce(milli, 0))
      FROM banded GROUP BY ALL
    ORDER BY 1, 2, 3, 4, 5
    """).fetchall()
    write_rows(out, rows)


def write_rows(out, rows):
    with open(out, "w", encoding="utf-8") as f:
        f.write(OUT_HEADER + "\n")
        for country, year, eqf, band, form, credentials, learners, milli in rows:
            f.write(f"{country},{year},{eqf},{band},{form},{credentials},{learners},{milli // 1000}.{milli % 1000 // 10:02d}\n")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("polars", "duckdb"):
        sys.exit(__doc__)
    (run_polars if sys.argv[1] == "polars" else run_duckdb)(sys.argv[2], sys.argv[3])

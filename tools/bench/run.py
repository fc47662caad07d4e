#!/usr/bin/env python3
"""`make bench`: times mcstat beside the floors (bare libcsv, bare xmlTextReader for canonical
and ELM XML, a bare JSON scan) and beside a polars and a DuckDB script applying the same rules
(DuckDB's read_csv and read_json, polars' scan_csv and scan_ndjson), all in one run, on the
inputs of tools/bench/generate.py (profile `thin` or `full`), and prints one table (also
written as Markdown and JSON).

  run.py --bin .build/release/mcstat --python VENV/bin/python [--profile full] [--sizes 100000,1000000]
         [--formats csv,jsonl,xml,elm-xml] [--peers polars,duckdb] [--out bench-data]

`--peers none` leaves the polars and DuckDB scripts out (the 10M run: they hold the whole table
in memory). Above 1,000,000 records the size must be a multiple of it (generate.py copies a
1,000,000-record block under new ids).

A polars or DuckDB time counts only when its uptake table equals mcstat's `uptake` rows
(`mcstat report --only uptake --min-cell 1 --hold 0`, status column left out: with the release hold,
small countries' first years would be held back); otherwise its row says
`differs`. Every command runs under /usr/bin/time -v: wall and CPU seconds, peak RSS. x_floor,
x_polars and x_duckdb are wall-time ratios to the floor and to the two scripts of the same run.

`--stores sqlite,postgresql` (BENCH_STORES) also times ingest, ingest again and report on a fresh
PostgreSQL database for the `--postgres-formats` inputs (default csv), with the server's CPU
seconds, and fails (exit 1, after the table is written) when a PostgreSQL report set is not
SQLite's byte for byte (tools/bench/postgres.py).
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))


class Bench:
    def __init__(self, args):
        self.bin = os.path.abspath(args.bin)
        self.python = args.python
        self.out = os.path.abspath(args.out)
        self.profile = args.profile
        self.peers = [p for p in args.peers.split(",") if p and p != "none"]
        self.tools = os.path.join(self.out, "tools")
        self.rows = []
        os.makedirs(self.tools, exist_ok=True)
        key_dir = os.path.join(self.out, "key")
        os.makedirs(key_dir, mode=0o700, exist_ok=True)
        self.key = os.path.join(key_dir, "bench.key")
        if not os.path.exists(self.key):
            with open(os.open(self.key, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
                f.write(os.urandom(32))
        os.chmod(self.key, 0o600)
        self.env = dict(os.environ, MCSTAT_KEY_FILE=self.key)
        self.postgres = None
        self.postgres_formats = []

    def build_floors(self):
        cflags = subprocess.run(["pkg-config", "--cflags", "--libs", "libxml-2.0"], capture_output=True,
                                text=True, check=True).stdout.split()
        builds = {"csvpass": ["tools/bench/csvpass.c", "-lcsv"], "jsonscan": ["tools/bench/jsonscan.c"],
                  "xmlpass": ["tools/xmlpass.c"] + cflags}
        for name, sources in builds.items():
            subprocess.run(["gcc", "-O2", "-o", os.path.join(self.tools, name)] + sources, cwd=ROOT, check=True)

    def measure(self, command, stdout=subprocess.DEVNULL):
        """Runs command under /usr/bin/time -v; returns (wall s, cpu s, peak RSS MB, exit code)."""
        timing = os.path.join(self.out, "time.txt")
        start = time.monotonic()
        with open(timing, "w") as err:
            code = subprocess.run(["/usr/bin/time", "-v", "-o", timing] + command, stdout=stdout,
                                  stderr=subprocess.DEVNULL, env=self.env).returncode
        wall = time.monotonic() - start
        fields = {}
        with open(timing) as f:
            for line in f:
                name, _, value = line.strip().rpartition(": ")
                fields[name] = value
        cpu = float(fields.get("User time (seconds)", 0)) + float(fields.get("System time (seconds)", 0))
        rss = int(fields.get("Maximum resident set size (kbytes)", 0)) / 1000
        return wall, cpu, rss, code

    def add(self, size, fmt, job, path, measured, floor=None, note=""):
        wall, cpu, rss, code = measured
        size_bytes = os.path.getsize(path) if path and os.path.isfile(path) else 0
        row = {"profile": self.profile, "records": size, "format": fmt, "job": job, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
               "records_per_s": round(size / wall) if wall > 0 else None,
               "mb_per_s": round(size_bytes / wall / 1e6, 1) if wall > 0 and size_bytes else None,
               "peak_rss_mb": round(rss, 1), "load_1m": round(os.getloadavg()[0], 1), "exit": code,
               "x_floor": round(wall / floor, 2) if floor else None,
               "x_polars": None, "x_duckdb": None, "note": note}
        self.rows.append(row)
        print(format_row(row), flush=True)
        return row

    def uptake(self, store, name):
        """mcstat's uptake rows without the status column, as text."""
        out = os.path.join(self.out, f"reports-{name}")
        shutil.rmtree(out, ignore_errors=True)
        subprocess.run([self.bin, "report", "--store", store, "--out", out, "--only", "uptake",
                        "--formats", "csv", "--min-cell", "1", "--hold", "0"], env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "uptake.csv"), encoding="utf-8") as f:
            return "".join(line.rsplit(",", 1)[0] + "\n" for line in f)

    def run_size(self, size, formats):
        data = os.path.join(self.out, f"data-{self.profile}-{size}")
        inputs = {"csv": (f"canonical-{size}.csv", "csvpass"), "jsonl": (f"canonical-{size}.jsonl", "jsonscan"),
                  "xml": (f"canonical-{size}.xml", "xmlpass"), "elm-xml": (f"elm-{size}.xml", "xmlpass")}
        inputs = {fmt: (os.path.join(data, name), tool) for fmt, (name, tool) in inputs.items() if fmt in formats}
        missing = [fmt for fmt, (path, _) in inputs.items() if not os.path.exists(path)]
        if missing:
            subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--profile", self.profile,
                            "--formats", ",".join(missing), str(size), data], check=True)
        for fmt, (path, floor_tool) in inputs.items():
            # Read the input once untimed, so that no timed command pays for the disk: a file
            # read an hour ago may have been evicted, and the first command would wait for it.
            with open(path, "rb") as warm:
                while warm.read(1 << 24):
                    pass
            floor = self.add(size, fmt, f"floor: {floor_tool}", path,
                             self.measure([os.path.join(self.tools, floor_tool), path]))["wall_s"]
            store = os.path.join(self.out, "stores", f"{self.profile}-{fmt}-{size}.sqlite")
            os.makedirs(os.path.dirname(store), exist_ok=True)
            for suffix in ("", "-wal", "-shm", ".lock"):
                if os.path.exists(store + suffix):
                    os.remove(store + suffix)
            compared = [
                self.add(size, fmt, "mcstat validate", path,
                         self.measure([self.bin, "validate", "--quiet", "--format", "json", "--output", os.devnull, path]),
                         floor),
                self.add(size, fmt, "mcstat ingest (new store)", path,
                         self.measure([self.bin, "ingest", "--quiet", "--store", store, path]), floor)]
            self.add(size, fmt, "mcstat ingest again (skipped)", path,
                     self.measure([self.bin, "ingest", "--quiet", "--store", store, path]))
            reports = os.path.join(self.out, f"reports-all-{self.profile}-{fmt}-{size}")
            shutil.rmtree(reports, ignore_errors=True)
            report = self.add(size, fmt, "mcstat report (all, all formats)", store,
                              self.measure([self.bin, "report", "--store", store, "--out", reports]))
            first = compared[1]
            compared.append(self.add(size, fmt, "mcstat ingest + report", path,
                                     (first["wall_s"] + report["wall_s"], first["cpu_s"] + report["cpu_s"],
                                      max(first["peak_rss_mb"], report["peak_rss_mb"]), 0), floor))
            if self.postgres and fmt in self.postgres_formats:
                self.postgres.run(size, fmt, path, floor, reports)
            if fmt not in ("csv", "jsonl") or not self.peers:
                continue
            expected = self.uptake(store, f"{self.profile}-{fmt}-{size}").splitlines()[1:]
            for engine in self.peers:
                table = os.path.join(self.out, f"{engine}-{self.profile}-{fmt}-{size}.csv")
                measured = self.measure([self.python, os.path.join(HERE, "uptake_rules.py"), engine, path, table])
                with open(table, encoding="utf-8") as f:
                    same = f.read().splitlines()[1:] == expected
                row = self.add(size, fmt, f"{engine} script: rules + uptake", path, measured, floor,
                               note="same uptake rows as mcstat" if same else "DIFFERS from mcstat uptake: time does not count")
                if same:
                    for r in compared:
                        r[f"x_{engine}"] = round(r["wall_s"] / row["wall_s"], 2)
                        print(f"  {r['job']}: {r[f'x_{engine}']}x {engine}", flush=True)


HEADER = ["profile", "records", "format", "job", "wall_s", "cpu_s", "records_per_s", "mb_per_s", "peak_rss_mb",
          "load_1m", "x_floor", "x_polars", "x_duckdb", "note"]


def format_row(row):
    return "| " + " | ".join("" if row[c] is None else str(row[c]) for c in HEADER) + " |"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "mcstat"))
    parser.add_argument("--python", required=True)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench-data"))
    parser.add_argument("--profile", choices=["thin", "full"], default="full",
                        help="the records' width (tools/bench/generate.py): full (every optional element) or thin")
    parser.add_argument("--formats", default="csv,jsonl,xml,elm-xml",
                        help="which inputs to time (csv, jsonl, xml = canonical XML, elm-xml)")
    parser.add_argument("--peers", default="polars,duckdb",
                        help="the scripts to time beside mcstat (polars, duckdb), or none")
    parser.add_argument("--stores", default="sqlite",
                        help="sqlite, or sqlite,postgresql to time PostgreSQL too (needs --postgres-url or MCSTAT_TEST_POSTGRES_URL)")
    parser.add_argument("--postgres-url", default="", help="the server for the PostgreSQL stores (a database is made per input)")
    parser.add_argument("--postgres-formats", default="csv", help="the inputs timed on PostgreSQL too")
    args = parser.parse_args()
    bench = Bench(args)
    if "postgresql" in args.stores.split(","):
        url = args.postgres_url or os.environ.get("MCSTAT_TEST_POSTGRES_URL", "")
        if not url:
            sys.exit("run.py: --stores postgresql needs --postgres-url (BENCH_POSTGRES_URL) or tools/with-postgres.sh")
        sys.path.insert(0, HERE)
        from postgres import PostgresBench
        bench.postgres = PostgresBench(bench, url)
        bench.postgres_formats = args.postgres_formats.split(",")
    bench.build_floors()
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for size in (int(s) for s in args.sizes.split(",")):
        bench.run_size(size, args.formats.split(","))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    meta = {"started": started, "profile": bench.profile, "load_at_end": load, "machine": platform.machine(), "cores": os.cpu_count(), "rows": bench.rows}
    with open(os.path.join(bench.out, "bench.json"), "w") as f:
        json.dump(meta, f, indent=2)
    with open(os.path.join(bench.out, "bench.md"), "w") as f:
        f.write(f"# mcstat bench, {started}, {os.cpu_count()} cores, profile {bench.profile}, load {load}\n\n")
        f.write("| " + " | ".join(HEADER) + " |\n|" + "---|" * len(HEADER) + "\n")
        f.writelines(format_row(r) + "\n" for r in bench.rows)
    print(f"wrote {os.path.join(bench.out, 'bench.md')} and bench.json")
    if bench.postgres and bench.postgres.failures:
        print("FAILED: " + "; ".join(bench.postgres.failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

"""The PostgreSQL side of `make bench` (BENCH_STORES=sqlite,postgresql; run.py calls it): for one
input, a fresh database on the server that BENCH_POSTGRES_URL names (else the throw-away cluster
that tools/with-postgres.sh gives, MCSTAT_TEST_POSTGRES_URL), then `ingest`, `ingest` again
(skipped) and `report` timed there as on SQLite: wall and CPU seconds and peak RSS of mcstat,
and the CPU seconds the server spent meanwhile (its postmaster's own, its children's that ended,
and those of its children still running, read from /proc: the server must run on this machine,
as the throw-away cluster does). The report set must be the same bytes as SQLite's (every file
but manifest.json, `cmp` on each): when it is not, the row says so and the bench fails at the end.
"""
import filecmp
import os
import shutil
import subprocess
import urllib.parse


class PostgresBench:
    def __init__(self, bench, url):
        self.bench = bench
        self.url = url
        self.failures = []
        self.postmaster = self._postmaster()

    def _psql(self, url, sql):
        return subprocess.run(["psql", url, "-X", "-q", "-tAc", sql], check=True, capture_output=True,
                              text=True, env=self.bench.env).stdout.strip()

    def _postmaster(self):
        """The server's postmaster pid (first line of postmaster.pid in its data directory)."""
        try:
            data = self._psql(self.url, "SHOW data_directory")
            with open(os.path.join(data, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError, subprocess.CalledProcessError):
            return None

    @staticmethod
    def _ticks(pid, children=True):
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # utime stime cutime cstime are fields 14-17 of stat; [0] here is field 3 (state).
        own = int(fields[11]) + int(fields[12])
        return own + (int(fields[13]) + int(fields[14]) if children else 0)

    def server_cpu(self):
        """CPU seconds of the server so far: the postmaster with its reaped children, plus every
        child still running (its own and its reaped children's)."""
        if self.postmaster is None:
            return None
        total = self._ticks(self.postmaster)
        try:
            with open(f"/proc/{self.postmaster}/task/{self.postmaster}/children") as f:
                children = [int(p) for p in f.read().split()]
        except OSError:
            children = []
        for child in children:
            try:
                total += self._ticks(child)
            except OSError:
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def database(self, name):
        """A new, empty database `name` on the server; returns its URL."""
        self._psql(self.url, f'DROP DATABASE IF EXISTS "{name}"')
        self._psql(self.url, f'CREATE DATABASE "{name}"')
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))

    def timed(self, size, fmt, job, path, command, floor=None):
        before = self.server_cpu()
        measured = self.bench.measure(command)
        after = self.server_cpu()
        server = None if before is None or after is None else round(after - before, 2)
        row = self.bench.add(size, fmt, job, path, measured, floor,
                             note=f"server cpu {server} s" if server is not None else "server cpu unknown (not local)")
        row["server_cpu_s"] = server
        return row

    def run(self, size, fmt, path, floor, sqlite_reports):
        """Times ingest, ingest again and report on a fresh PostgreSQL store and compares the
        report set with SQLite's (`sqlite_reports`)."""
        bin = self.bench.bin
        store = self.database(f"mcstat_bench_{self.bench.profile}_{fmt.replace('-', '_')}_{size}")
        first = self.timed(size, fmt, "mcstat ingest (new store), postgresql", path,
                           [bin, "ingest", "--quiet", "--store", store, path], floor)
        self.timed(size, fmt, "mcstat ingest again (skipped), postgresql", path, [bin, "ingest", "--quiet", "--store", store, path])
        reports = os.path.join(self.bench.out, f"reports-all-{self.bench.profile}-{fmt}-{size}-postgresql")
        shutil.rmtree(reports, ignore_errors=True)
        report = self.timed(size, fmt, "mcstat report (all, all formats), postgresql", None,
                            [bin, "report", "--store", store, "--out", reports])
        self.bench.add(size, fmt, "mcstat ingest + report, postgresql", path,
                       (first["wall_s"] + report["wall_s"], first["cpu_s"] + report["cpu_s"],
                        max(first["peak_rss_mb"], report["peak_rss_mb"]), 0), floor,
                       note=f"server cpu {round((first['server_cpu_s'] or 0) + (report['server_cpu_s'] or 0), 2)} s")
        differences = self.compare(sqlite_reports, reports)
        if differences:
            self.failures.append(f"{fmt} {size}: the PostgreSQL report set differs from SQLite's: {', '.join(differences[:10])}")
            report["note"] += "; REPORT SET DIFFERS FROM SQLITE'S"
            print(f"!! {self.failures[-1]}", flush=True)
        else:
            report["note"] += "; report set = SQLite's, byte for byte"
            print(f"  {fmt} {size}: the PostgreSQL report set is SQLite's, byte for byte", flush=True)

    @staticmethod
    def compare(first, second):
        """The files (manifest.json left out: it names the store and the time) that differ or are
        in one folder only; empty when every file is the same bytes."""
        names = (set(os.listdir(first)) | set(os.listdir(second))) - {"manifest.json"}
        if not names:
            return ["no report files"]
        differing = []
        for name in sorted(names):
            a, b = os.path.join(first, name), os.path.join(second, name)
            if not (os.path.isfile(a) and os.path.isfile(b) and filecmp.cmp(a, b, shallow=False)):
                differing.append(name)
        return differing

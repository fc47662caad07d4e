#!/usr/bin/env python3
"""An outside audit of the built mcstat (not part of `make test`; run it in the background at low
priority, e.g. `nice -n 19 tools/audit-campaign.py --bin .build/release/mcstat --out /tmp/audit`).

Three parts, each through the executable only:

1. Mutants: inputs mutated from sample-data/ and the test fixtures (seeded, reproducible), each
   run through `mcstat validate --format json`; every 25th also through `ingest` into a store,
   `rejects` in every format and `report`. The exit codes are tabled; a crash (a signal, an
   exit code outside 0-5) or a hang (past --timeout) is kept under OUT/findings/.
2. Kills: `report` killed with SIGKILL at random moments while it swaps its set in; after each
   kill `--out` must be one whole set matching its manifest and `<out>.previous` whole or absent.
3. Privacy: every seed has its learner ids and learners' names replaced by planted tokens
   (PLANTEDLID…, PLANTEDNAME…); every output of parts 1 and 2 (stdout, stderr, report files,
   rejects listings) is searched for them.

Prints a summary and writes OUT/summary.json.
"""
import argparse
import collections
import glob
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LID = re.compile(rb"STU-(\d{6})")
NAME_FIELDS = re.compile(rb'("(?:givenName|givenNames|familyName|fullName)"\s*:\s*(?:\{[^{}]*?"[a-z]{2}"\s*:\s*)?)"([^"]*)"')
XML_NAMES = re.compile(rb"(<(?:\w+:)?(?:givenNames|familyName|fullName)\b[^>]*>(?:\s*<(?:\w+:)?text\b[^>]*>)?)([^<]+)")
TOKENS = (b"PLANTEDLID", b"PLANTEDNAME")


def plant(data):
    """Replaces learner ids and names by planted tokens that no output may carry."""
    data = LID.sub(lambda m: b"PLANTEDLID" + m.group(1), data)
    data = NAME_FIELDS.sub(lambda m: m.group(1) + b'"PLANTEDNAME' + hashlib.sha1(m.group(2)).hexdigest()[:6].encode() + b'"', data)
    return XML_NAMES.sub(lambda m: m.group(1) + b"PLANTEDNAME" + hashlib.sha1(m.group(2)).hexdigest()[:6].encode(), data)


def seeds():
    paths = sorted(glob.glob(os.path.join(ROOT, "sample-data", "*", "*")))
    for folder in ("reference", "wild", "fuzz-regressions"):
        paths += sorted(glob.glob(os.path.join(ROOT, "Tests", "MCIngestTests", "Fixtures", folder, "*")))
    result = []
    for path in paths:
        if not os.path.isfile(path) or path.endswith(".md") or os.path.getsize(path) > 400_000:
            continue
        with open(path, "rb") as f:
            result.append((os.path.basename(path), plant(f.read())))
    return result


SPECIAL = [b'"', b",", b";", b"\n", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b">", b"&", b"{", b"}", b"[", b"]",
           b"9223372036854775807", b"-1", b"1e309", b"2025-02-30", b"31.02.2025", b"2099-01-01", b"T07:04:9223372036854775807Z",
           b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]>", b"&a;", b"]]>", b"\\u0000", b"|", b"\t", b"EL", b"withdrawn",
           b"P99999999999Y", b"learner_id", b"credential_id", b"0815"]


def mutate(rng, data, others):
    data = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5])):
        kind = rng.randrange(12)
        n = len(data)
        at = rng.randrange(n + 1) if n else 0
        if kind == 0 and n:
            data[rng.randrange(n)] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[at:at] = bytes([rng.randrange(256)])
        elif kind == 2 and n:
            del data[at:at + rng.randint(1, 64)]
        elif kind == 3 and n:
            chunk = data[at:at + rng.randint(1, 4096)]
            data[at:at] = chunk * rng.randint(1, 50)
        elif kind == 4:
            data[at:at] = rng.choice(SPECIAL)
        elif kind == 5 and n:
            del data[rng.randrange(n):]
        elif kind == 6 and others:
            other = rng.choice(others)
            cut = rng.randrange(len(other) + 1)
            data = data[:at] + bytearray(other[cut:cut + rng.randint(1, 20000)])
        elif kind == 7:
            lines = bytes(data).split(b"\n")
            if len(lines) > 2:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                data = bytearray(b"\n".join(lines))
        elif kind == 8:
            depth = rng.choice([10, 100, 5000, 100000])
            data[at:at] = rng.choice([b"[" * depth, b"{\"a\":" * depth, b"<a>" * depth, b"- " * depth])
        elif kind == 9:
            data[at:at] = b"x" * rng.choice([1000, 70000, 2_000_000])
        elif kind == 10 and n:
            data = bytearray(bytes(data).replace(b",", b";", rng.randint(1, 50)))
        elif kind == 11 and n:
            i = rng.randrange(n)
            data[i:i + 1] = b'"'
    return bytes(data)


class Campaign:
    def __init__(self, args):
        self.args = args
        self.bin = os.path.abspath(args.bin)
        self.out = os.path.abspath(args.out)
        self.work = os.path.join(self.out, "work")
        self.findings = os.path.join(self.out, "findings")
        for folder in (self.work, self.findings):
            os.makedirs(folder, exist_ok=True)
        key_dir = os.path.join(self.out, "key")
        os.makedirs(key_dir, mode=0o700, exist_ok=True)
        self.key = os.path.join(key_dir, "key")
        if not os.path.exists(self.key):
            with open(os.open(self.key, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
                f.write(os.urandom(32))
        self.env = dict(os.environ, MCSTAT_KEY_FILE=self.key, TMPDIR=os.path.join(self.out, "tmp"))
        os.makedirs(self.env["TMPDIR"], exist_ok=True)
        self.codes = collections.defaultdict(collections.Counter)
        self.crashes = []
        self.hangs = []
        self.leaks = []
        self.scanned = 0

    def run(self, command, cwd, name):
        try:
            done = subprocess.run([self.bin] + command, cwd=cwd, env=self.env, capture_output=True, timeout=self.args.timeout)
        except subprocess.TimeoutExpired:
            self.codes[command[0]]["timeout"] += 1
            self.hangs.append((name, command))
            return None
        code = done.returncode
        self.codes[command[0] + (" " + command[command.index("--format") + 1] if command[0] == "rejects" else "")][code] += 1
        if code < 0 or code > 5:
            self.crashes.append((name, command, code))
        self.scan(done.stdout + done.stderr, name + " " + " ".join(command))
        return done

    def scan(self, data, where):
        self.scanned += 1
        for token in TOKENS:
            at = data.find(token)
            if at >= 0:
                self.leaks.append((where, data[max(0, at - 120):at + 60].decode("utf-8", "replace")))

    def scan_tree(self, folder, where):
        for base, _, files in os.walk(folder):
            for file in files:
                with open(os.path.join(base, file), "rb") as f:
                    self.scan(f.read(), where + ": " + os.path.relpath(os.path.join(base, file), folder))

    def keep(self, name, data, why):
        with open(os.path.join(self.findings, name), "wb") as f:
            f.write(data)
        with open(os.path.join(self.findings, name + ".why"), "w") as f:
            f.write(why + "\n")

    def mutants(self):
        rng = random.Random(self.args.seed)
        pool = seeds()
        bodies = [data for _, data in pool]
        print(f"{len(pool)} seeds; {self.args.count} mutants", flush=True)
        store_dir = os.path.join(self.work, "store")
        os.makedirs(store_dir, exist_ok=True)
        started = time.time()
        for index in range(self.args.count):
            seed_name, seed = rng.choice(pool)
            data = mutate(rng, seed, bodies)
            extension = os.path.splitext(seed_name)[1] or ".csv"
            name = f"m{index:06d}{extension}"
            path = os.path.join(self.work, name)
            with open(path, "wb") as f:
                f.write(data)
            crashes, hangs = len(self.crashes), len(self.hangs)
            self.run(["validate", "--format", "json", path], self.work, name)
            if index % 25 == 0:
                store = os.path.join(store_dir, "s.sqlite")
                self.run(["ingest", "--quiet", "--store", store, path], self.work, name)
                for form in ("text", "csv", "json"):
                    self.run(["rejects", "--store", store, "--format", form], self.work, name)
                reports = os.path.join(store_dir, "reports")
                self.run(["report", "--store", store, "--out", reports, "--min-cell", "1"], self.work, name)
                if os.path.isdir(reports):
                    self.scan_tree(reports, name + " report")
            if len(self.crashes) > crashes or len(self.hangs) > hangs:
                self.keep(name, data, f"seed {seed_name}: {(self.crashes + self.hangs)[-1]}")
            os.remove(path)
            if index % 500 == 499:
                print(f"  {index + 1} mutants, {time.time() - started:.0f} s, {len(self.crashes)} crashes, "
                      f"{len(self.hangs)} hangs, {len(self.leaks)} leaks", flush=True)

    def kills(self):
        """`report` killed at random moments; the published set and `.previous` checked after each."""
        rng = random.Random(self.args.seed + 1)
        folder = os.path.join(self.work, "kills")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        store = os.path.join(folder, "s.sqlite")
        for index, path in enumerate(sorted(glob.glob(os.path.join(ROOT, "sample-data", "*", "*.csv")))):
            with open(path, "rb") as f:
                planted = os.path.join(folder, f"in{index}.csv")
                with open(planted, "wb") as g:
                    g.write(plant(f.read()))
            self.run(["ingest", "--quiet", "--store", store, planted], folder, "kills")
        out = os.path.join(folder, "reports")
        started = time.time()
        self.run(["report", "--store", store, "--out", out], folder, "kills")
        # Kills spread over the whole of a report's time (measured), the swap at its end included.
        window = self.args.kill_window or 1.3 * (time.time() - started)
        outcomes = collections.Counter()
        broken = []
        for attempt in range(self.args.kills):
            process = subprocess.Popen([self.bin, "report", "--store", store, "--out", out, "--min-cell", str(rng.choice([1, 3, 5]))],
                                       cwd=folder, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, window))
            process.send_signal(signal.SIGKILL)
            process.wait()
            outcomes["finished before the kill" if process.returncode == 0 else "killed"] += 1
            for target, required in ((out, True), (out + ".previous", False)):
                if not os.path.exists(target):
                    if required:
                        broken.append((attempt, target, "missing"))
                    else:
                        outcomes[".previous absent"] += 1
                    continue
                problem = check_set(target)
                if problem:
                    broken.append((attempt, target, problem))
                elif not required:
                    outcomes[".previous whole"] += 1
            self.scan_tree(out, "kills")
        return {"attempts": self.args.kills, "window_seconds": round(window, 2), "outcomes": dict(outcomes), "broken": broken}


def check_set(folder):
    """What is wrong with a published set: every file the manifest lists, with its SHA-256, and nothing else."""
    try:
        with open(os.path.join(folder, "manifest.json"), "rb") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as error:
        return f"manifest: {error}"
    listed = {}
    for entry in [f for r in manifest.get("reports", []) for f in r.get("files", [])] + manifest.get("other_files", []):
        listed[os.path.basename(entry["path"])] = entry["sha256"]
    present = set(os.listdir(folder)) - {"manifest.json"}
    if present != set(listed):
        return f"files {sorted(present ^ set(listed))} differ from the manifest"
    for name, digest in listed.items():
        with open(os.path.join(folder, name), "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != digest:
                return f"{name}: bytes differ from the manifest"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "mcstat"))
    parser.add_argument("--out", default="/tmp/mcstat-audit")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--kill-window", type=float, default=0, help="seconds after start within which report is killed (default: 1.3 times a report's time)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    campaign = Campaign(args)
    started = time.time()
    campaign.mutants()
    kills = campaign.kills()
    summary = {
        "mutants": args.count, "seed": args.seed, "seconds": round(time.time() - started),
        "exit_codes": {command: {str(code): n for code, n in sorted(counter.items(), key=str)} for command, counter in sorted(campaign.codes.items())},
        "crashes": campaign.crashes, "hangs": campaign.hangs, "kills": kills,
        "outputs_scanned": campaign.scanned, "leaks": campaign.leaks[:50], "leak_count": len(campaign.leaks),
    }
    with open(os.path.join(campaign.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps({k: v for k, v in summary.items() if k != "leaks"}, indent=2))
    for where, context in campaign.leaks[:10]:
        print(f"LEAK {where}: …{context}…")
    return 1 if campaign.crashes or campaign.hangs or kills["broken"] or campaign.leaks else 0


if __name__ == "__main__":
    sys.exit(main())

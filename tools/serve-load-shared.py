#!/usr/bin/env python3
"""Several `mcstat serve` processes on one PostgreSQL store under load, the nightly run importing
their shared inbox while they answer (not part of `make test`; `make serve-load-shared` runs it
with one process and with two, under tools/with-postgres.sh).

Every request goes to the processes in turn (round robin): uploads of 10 institutions x 20
distinct sample exports at once, and browser sign-ins whose steps are spread over the processes
(the sign-in form from one, the sign-in at the next, the session's pages, an upload with its CSRF
token and the sign-out at others). Once a third of the uploads have answered, `mcstat run`
imports the inbox and writes the reports while the load goes on; a second run afterwards imports
what landed after the first had listed the inbox. Checks: no answer 5xx (nor any other failure),
every accepted upload has its receipt (read from every process) and its file, the runs' counts
(read = accepted + rejected) equal the receipts' counts for the same files, the report folder
is complete, the processes answered while the run held the writer lock. Prints requests/s and
p50/p99 latency of the uploads and of the browser steps, and the load average (uptime).

usage: tools/with-postgres.sh python3 tools/serve-load-shared.py --mcstat .build/release/mcstat
           [--processes 2] [--institutions 10] [--uploads 20] [--browsers 40]
The store is MCSTAT_TEST_POSTGRES_URL (or --store URL): a throw-away database, since it is filled.
"""
import argparse, concurrent.futures, hashlib, http.client, importlib.util, itertools, json, os, re, statistics, subprocess
import sys, tempfile, threading, time, urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
spec = importlib.util.spec_from_file_location("serve_load_test", os.path.join(HERE, "serve-load-test.py"))
single = importlib.util.module_from_spec(spec)
spec.loader.exec_module(single)


def send(port, method, path, headers=None, body=None):
    """One request on a new connection: (status, headers, body, seconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers or {})
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, {k.lower(): v for k, v in answer.getheaders()}, data, time.perf_counter() - started


class Load:
    """The answers seen, by kind, with the time each took and whether a run was going on."""

    def __init__(self, ports):
        self.ports, self.turn, self.lock = ports, itertools.count(), threading.Lock()
        self.times, self.errors, self.during_run = {}, [], {"answers": 0, "failures": 0}
        self.run_going = threading.Event()

    def next_port(self):
        with self.lock:
            return self.ports[next(self.turn) % len(self.ports)]

    def call(self, kind, port, method, path, headers=None, body=None, expect=(200,)):
        going = self.run_going.is_set()
        try:
            status, answer_headers, data, seconds = send(port, method, path, headers, body)
        except OSError as error:
            status, answer_headers, data, seconds = 0, {}, str(error).encode(), 0.0
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            if going and self.run_going.is_set():
                self.during_run["answers"] += 1
            if status not in expect:
                self.errors.append(f"{kind} at :{port}: {status} {data[:200]!r}")
                if going:
                    self.during_run["failures"] += 1
        return status, answer_headers, data


def browser(load, token, body_bytes):
    """One person's visit, each step at the next process: the sign-in form, the sign-in, the
    upload page, an upload with the session's CSRF token, the submissions page, the sign-out, and
    the session refused afterwards."""
    status, headers, page = load.call("page GET /sign-in", load.next_port(), "GET", "/sign-in")
    form_cookie = headers.get("set-cookie", "").split(";")[0]
    nonce = re.search(rb'name="csrf" value="([0-9a-f]+)"', page)
    if status != 200 or not nonce:
        return None
    form = urllib.parse.urlencode({"csrf": nonce.group(1).decode(), "token": token})
    status, headers, _ = load.call("page POST /sign-in", load.next_port(), "POST", "/sign-in",
                                   {"Cookie": form_cookie, "Content-Type": "application/x-www-form-urlencoded"}, form, expect=(303,))
    cookie = headers.get("set-cookie", "").split(";")[0]
    if status != 303 or not cookie.startswith("mcstat_session="):
        return None
    status, _, page = load.call("page GET /upload", load.next_port(), "GET", "/upload", {"Cookie": cookie})
    csrf = re.search(rb'data-csrf="([0-9a-f]+)"', page)
    if status != 200 or not csrf:
        load.errors.append("the session opened at one process was not honoured at the next")
        return None
    status, _, receipt = load.call("page upload", load.next_port(), "POST", "/api/v1/submissions",
                                   {"Cookie": cookie, "X-CSRF-Token": csrf.group(1).decode()}, body_bytes, expect=(201,))
    load.call("page GET /submissions", load.next_port(), "GET", "/submissions", {"Cookie": cookie})
    load.call("page POST /sign-out", load.next_port(), "POST", "/sign-out",
              {"Cookie": cookie, "X-CSRF-Token": csrf.group(1).decode()}, expect=(303,))
    load.call("page after sign-out", load.next_port(), "GET", "/upload", {"Cookie": cookie}, expect=(303,))
    return json.loads(receipt) if status == 201 else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mcstat", required=True)
    parser.add_argument("--store", default=os.environ.get("MCSTAT_TEST_POSTGRES_URL"))
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--institutions", type=int, default=10)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=40)
    args = parser.parse_args()
    if not args.store:
        sys.exit("serve-load-shared.py: no store: run it under tools/with-postgres.sh or pass --store postgresql://…")
    mcstat, store = os.path.abspath(args.mcstat), args.store
    work = tempfile.mkdtemp(prefix="mcstat-load-shared-")
    inbox, reports, nightly = (os.path.join(work, n) for n in ("inbox", "reports", "nightly.yml"))
    env = dict(os.environ, MCSTAT_KEY_FILE=os.path.join(work, "key", "key"))
    os.makedirs(os.path.dirname(env["MCSTAT_KEY_FILE"]))
    with open(nightly, "w") as out:
        out.write(f"name: nightly\nsources:\n  - inbox: {inbox}\nreport:\n  out: {reports}\n")

    def add(*arguments):
        out = subprocess.run([mcstat, "accounts", "add", "--store", store, *arguments], env=env, check=True,
                             capture_output=True, text=True).stdout
        return re.search(r"^token: (\S+)$", out, re.M).group(1)

    bodies = [f"LOAD-{i:02d}" for i in range(args.institutions)]
    tokens = {body: add("--role", "submitter", "--awarding-body", body) for body in bodies}
    servers = [subprocess.Popen([mcstat, "serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", inbox,
                                 "--reports", reports, "--audit-log", os.path.join(work, f"audit-{n}.jsonl")],
                                env=env, stderr=subprocess.PIPE, text=True) for n in range(args.processes)]
    ports = [int(re.search(r":(\d+)\s*$", server.stderr.readline()).group(1)) for server in servers]
    load = Load(ports)
    text = open(single.SAMPLE, encoding="utf-8").read()
    files = [(body, single.variant(text, body, n)) for body in bodies for n in range(args.uploads)]
    visits = [(bodies[n % len(bodies)], single.variant(text, bodies[n % len(bodies)], 1000 + n)) for n in range(args.browsers)]
    answered, runs = [0], []
    trigger = threading.Event()

    def nightly_run():
        trigger.wait()
        load.run_going.set()
        started = time.perf_counter()
        done = subprocess.run([mcstat, "run", "--store", store, "--format", "json", nightly], env=env, capture_output=True, text=True)
        load.run_going.clear()
        runs.append((done, time.perf_counter() - started))

    runner = threading.Thread(target=nightly_run)
    runner.start()
    uptime_before = open("/proc/loadavg").read().split()[:3]
    receipts, upload_times = [], []
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(files) + args.browsers) as pool:
        def upload(body, data):
            status, _, answer = load.call("API upload", load.next_port(), "POST", "/api/v1/submissions",
                                          {"Authorization": f"Bearer {tokens[body]}"}, data, expect=(201,))
            with load.lock:
                answered[0] += 1
                if answered[0] >= len(files) // 3:
                    trigger.set()
            return (json.loads(answer), data) if status == 201 else None

        futures = [pool.submit(upload, body, data) for body, data in files]
        futures += [pool.submit(lambda v: (browser(load, tokens[v[0]], v[1]), v[1]), visit) for visit in visits]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            if result and result[0]:
                receipts.append(result)
    wall = time.perf_counter() - started
    trigger.set()
    runner.join()
    uptime_after = open("/proc/loadavg").read().split()[:3]
    # What landed after the first run listed the inbox: a second run imports it.
    second = subprocess.run([mcstat, "run", "--store", store, "--format", "json", nightly], env=env, capture_output=True, text=True)
    runs.append((second, 0.0))

    errors = load.errors
    for receipt, data in receipts:
        if receipt["sha256"] != hashlib.sha256(data).hexdigest():
            errors.append(f"receipt {receipt['id']}: SHA-256 differs from the bytes sent")
        path = os.path.join(inbox, receipt["file"])
        if not os.path.exists(path) or hashlib.sha256(open(path, "rb").read()).hexdigest() != receipt["sha256"]:
            errors.append(f"receipt {receipt['id']}: {receipt['file']} is not in the inbox as received")
        body = receipt["awarding_body"]
        for port in ports:
            status, _, _, _ = send(port, "GET", f"/api/v1/submissions/{receipt['id']}", {"Authorization": f"Bearer {tokens[body]}"})
            if status != 200:
                errors.append(f"receipt {receipt['id']} not readable at :{port} ({status})")
    if len(receipts) != len(files) + args.browsers:
        errors.append(f"{len(files) + args.browsers} uploads, {len(receipts)} receipts")

    imported, strays = {}, set()
    for done, _ in runs:
        if done.returncode != 0:
            errors.append(f"run exited {done.returncode}: {done.stderr[-500:]}")
            continue
        for file in json.loads(done.stdout)["files"]:
            relative = os.path.relpath(file["path"], inbox)
            if relative.startswith("."):
                # Named, not read: the service's validation reports, uploads still arriving in .incoming.
                strays.add(relative)
                continue
            if file.get("skipped") or file.get("fatal"):
                continue
            if file["read"] != file["accepted"] + file["rejected"]:
                errors.append(f"{file['path']}: read {file['read']} != accepted {file['accepted']} + rejected {file['rejected']}")
            imported[relative] = file
    for receipt, _ in receipts:
        file = imported.get(receipt["file"])
        counts = receipt["counts"]
        if file is None:
            errors.append(f"{receipt['file']} was not imported by either run")
        elif (file["read"], file["accepted"], file["rejected"]) != (counts["read"], counts["accepted"], counts["rejected"]):
            errors.append(f"{receipt['file']}: the run counted {file['read']}/{file['accepted']}/{file['rejected']}, "
                          f"the receipt {counts['read']}/{counts['accepted']}/{counts['rejected']}")
    manifest = os.path.join(reports, "manifest.json")
    if not os.path.exists(manifest):
        errors.append("no report set was written (manifest.json is missing)")
    if load.during_run["answers"] == 0:
        errors.append("no request was answered while the run held the store (the run did not overlap the load)")
    gone = [n for n, server in enumerate(servers) if server.poll() is not None]
    for n in gone:
        errors.append(f"serve process {n} is gone (exit {servers[n].returncode})")
    for server in servers:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=60)

    print(f"{args.processes} serve process(es) on one PostgreSQL store, shared inbox; load average before "
          f"{' '.join(uptime_before)}, after {' '.join(uptime_after)}")
    total = sum(len(times) for times in load.times.values())
    print(f"all requests: {total} in {wall:.2f} s = {total / wall:.1f} requests/s")
    for kind, times in sorted(load.times.items()):
        print(f"  {kind}: {len(times)}, p50 {statistics.median(times) * 1000:.1f} ms, p99 {single.percentile(times, 99) * 1000:.1f} ms")
    first_run = runs[0]
    print(f"nightly run during the load: exit {first_run[0].returncode} in {first_run[1]:.1f} s; "
          f"{load.during_run['answers']} requests answered while it ran, {load.during_run['failures']} failed")
    totals = [json.loads(done.stdout)["totals"] for done, _ in runs if done.returncode == 0]
    print(f"runs' totals: {totals}; receipts {len(receipts)}, files imported {len(imported)}; "
          f"named and not read: {len([s for s in strays if s.startswith('.incoming')])} uploads still arriving, "
          f"{len([s for s in strays if not s.startswith('.incoming')])} other hidden entries")
    print(f"errors: {len(errors)}")
    for error in errors[:20]:
        print("  " + error)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A bounded load test of `mcstat serve` on loopback (not part of `make test`; `make serve-load`).

10 institutions x 20 concurrent uploads of distinct sample exports, then 1,000 report downloads
by an analyst, while 1,000 slow clients trickle request heads one byte per second (reconnecting
whenever the service cuts them off). The normal load starts once the header deadline has passed
for the first slow connections. Checks that every receipt matches a file in the inbox with that
SHA-256, that nothing is lost, that no normal request failed and that the service is still
running; prints requests/s, p50/p99 latency, how the slow connections ended and the server's RSS
over time (peak from /proc/PID/status VmHWM).

With --big-upload-mb N it measures one thing instead, on a fresh service: an upload of N MB of
rejected rows (peak RSS before and after, receipt size, validation report size, list time).

usage: serve-load-test.py --mcstat .build/release/mcstat [--institutions 10] [--uploads 20] [--downloads 1000]
                          [--slow 1000] [--header-timeout 10]
       serve-load-test.py --mcstat .build/release/mcstat --big-upload-mb 1024
"""
import argparse, concurrent.futures, csv, hashlib, http.client, io, json, os, random, re, select, socket, statistics
import subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "sample-data", "de-tu-nordstadt", "2025-06-export.csv")


def variant(text, body, n):
    """The sample export as institution `body`'s n-th distinct file."""
    rows = list(csv.reader(io.StringIO(text)))
    header, out = rows[0], io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    ab, cid = header.index("awarding_body_id"), header.index("credential_id")
    for row in rows[1:]:
        if len(row) == len(header):
            row[ab] = body
            row[cid] = f"{row[cid]}-{n}"
        writer.writerow(row)
    return out.getvalue().encode()


def rss(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["VmHWM"].split()[0]) // 1024


def request(port, method, path, token, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    headers = {"Authorization": f"Bearer {token}"}
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, data, time.perf_counter() - started


class SlowClients:
    """`count` connections that send a request head one byte per second, reconnecting when cut off."""

    def __init__(self, port, count):
        self.port, self.count, self.stop = port, count, threading.Event()
        self.endings = {}
        self.thread = threading.Thread(target=self.run)

    def connect(self):
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sock.setblocking(False)
            return sock
        except OSError:
            self.endings["connect failed"] = self.endings.get("connect failed", 0) + 1
            return None

    def ended(self, sock):
        try:
            sock.setblocking(True)
            sock.settimeout(0.2)
            data = sock.recv(64)
            key = data[:12].decode(errors="replace") if data else "closed"
        except OSError as error:
            key = type(error).__name__
        sock.close()
        self.endings[key] = self.endings.get(key, 0) + 1

    def run(self):
        sockets = [self.connect() for _ in range(self.count)]
        while not self.stop.wait(1.0):
            for index, sock in enumerate(sockets):
                if sock is None:
                    sockets[index] = self.connect()
                    continue
                # Answered (408, 503) or closed by the service: note how, and come back.
                poller = select.poll()
                poller.register(sock, select.POLLIN)
                if poller.poll(0):
                    self.ended(sock)
                    sockets[index] = self.connect()
                    continue
                try:
                    sock.send(b"a")
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    self.ended(sock)
                    sockets[index] = self.connect()
        for sock in sockets:
            if sock is not None:
                sock.close()


def rejected_rows_file(path, megabytes):
    """`megabytes` MB of CSV rows that are all rejected (an awarding body the account is not for)."""
    text = open(SAMPLE, encoding="utf-8").read()
    rows = list(csv.reader(io.StringIO(text)))
    header, row = rows[0], rows[1]
    ab, cid = header.index("awarding_body_id"), header.index("credential_id")
    row[ab] = "NL-BRIN-21XY"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        n = 0
        while out.tell() < megabytes * 1_000_000:
            row[cid] = f"NL-BRIN-21XY-{n:09d}"
            writer.writerow(row)
            n += 1
    return n


def big_upload(mcstat, megabytes):
    work = tempfile.mkdtemp(prefix="mcstat-big-")
    os.makedirs(os.path.join(work, "store"))
    store, inbox = os.path.join(work, "store", "mcstat.sqlite"), os.path.join(work, "inbox")
    out = subprocess.run([mcstat, "accounts", "add", "--store", store, "--role", "submitter", "--awarding-body", "DE-HRK-0815"],
                         check=True, capture_output=True, text=True).stdout
    token = re.search(r"^token: (\S+)$", out, re.M).group(1)
    data = os.path.join(work, "rejected.csv")
    rows = rejected_rows_file(data, megabytes)
    size = os.path.getsize(data)
    server = subprocess.Popen([mcstat, "serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", inbox,
                               "--reports", os.path.join(work, "reports"), "--audit-log", os.path.join(work, "audit.jsonl"),
                               "--max-upload", "4G"], stderr=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)\s*$", server.stderr.readline()).group(1))
    before = rss(server.pid)[1]
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    with open(data, "rb") as body:
        connection.request("POST", "/api/v1/submissions", body=body,
                           headers={"Authorization": f"Bearer {token}", "Content-Length": str(size)})
        answer = connection.getresponse()
        receipt = answer.read()
    elapsed = time.perf_counter() - started
    peak = rss(server.pid)[1]
    lists = [request(port, "GET", "/api/v1/submissions", token)[2] for _ in range(10)]
    report = json.loads(receipt).get("validation_report") if answer.status == 201 else None
    report_bytes = 0
    if report:
        status, full, _ = request(port, "GET", report, token)
        report_bytes = len(full) if status == 200 else -status
    server.terminate()
    server.wait(timeout=60)
    print(f"big upload: {size / 1e6:.0f} MB, {rows} rejected rows, answered {answer.status} in {elapsed:.1f} s")
    print(f"server peak RSS (VmHWM): {before} MB before, {peak} MB after the upload")
    print(f"receipt: {len(receipt)} bytes; full validation report: {report_bytes} bytes; "
          f"list: median {statistics.median(lists) * 1000:.1f} ms over 10 requests")
    return 0 if answer.status == 201 else 1


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mcstat", required=True)
    parser.add_argument("--institutions", type=int, default=10)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--downloads", type=int, default=1000)
    parser.add_argument("--slow", type=int, default=1000)
    parser.add_argument("--header-timeout", type=float, default=10)
    parser.add_argument("--big-upload-mb", type=int)
    args = parser.parse_args()
    mcstat = os.path.abspath(args.mcstat)
    if args.big_upload_mb:
        sys.exit(big_upload(mcstat, args.big_upload_mb))
    work = tempfile.mkdtemp(prefix="mcstat-load-")
    # The store in a folder of its own: the inbox may not lie inside the store's folder.
    os.makedirs(os.path.join(work, "store"))
    store, inbox, reports = (os.path.join(work, n) for n in ("store/mcstat.sqlite", "inbox", "reports"))
    env = dict(os.environ, MCSTAT_KEY_FILE=os.path.join(tempfile.mkdtemp(prefix="mcstat-load-key-"), "key"))
    subprocess.run([mcstat, "ingest", "--quiet", "--store", store, os.path.join(ROOT, "sample-data", "de-tu-nordstadt")],
                   env=env, check=False, capture_output=True)
    subprocess.run([mcstat, "report", "--store", store, "--out", reports], env=env, check=True, capture_output=True)

    def add(*arguments):
        out = subprocess.run([mcstat, "accounts", "add", "--store", store, *arguments], env=env, check=True,
                             capture_output=True, text=True).stdout
        return re.search(r"^token: (\S+)$", out, re.M).group(1)

    bodies = [f"LOAD-{i:02d}" for i in range(args.institutions)]
    tokens = {body: add("--role", "submitter", "--awarding-body", body) for body in bodies}
    analyst = add("--role", "analyst")
    server = subprocess.Popen([mcstat, "serve", "--listen", "127.0.0.1:0", "--store", store, "--inbox", inbox,
                               "--reports", reports, "--audit-log", os.path.join(work, "audit.jsonl"),
                               "--header-timeout", str(args.header_timeout)],
                              env=env, stderr=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)\s*$", server.stderr.readline()).group(1))
    samples, stop = [], threading.Event()
    slow = SlowClients(port, args.slow)
    if args.slow:
        slow.thread.start()
        # The normal load begins once the first slow connections have met the header deadline.
        time.sleep(args.header_timeout + 2)

    def watch():
        while not stop.is_set():
            samples.append(rss(server.pid)[0])
            time.sleep(0.2)

    watcher = threading.Thread(target=watch)
    watcher.start()
    text = open(SAMPLE, encoding="utf-8").read()
    files = [(body, variant(text, body, n)) for body in bodies for n in range(args.uploads)]
    rss_before = rss(server.pid)[0]
    errors, receipts, upload_times = [], [], []
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.institutions * args.uploads) as pool:
        futures = {pool.submit(request, port, "POST", "/api/v1/submissions", tokens[body], data): (body, data)
                   for body, data in files}
        for future in concurrent.futures.as_completed(futures):
            body, data = futures[future]
            status, answer, elapsed = future.result()
            upload_times.append(elapsed)
            if status != 201:
                errors.append(f"upload {body}: {status} {answer[:200]!r}")
                continue
            receipt = json.loads(answer)
            receipts.append(receipt)
            if receipt["sha256"] != hashlib.sha256(data).hexdigest():
                errors.append(f"receipt {receipt['id']}: SHA-256 differs from the bytes sent")
    upload_wall = time.perf_counter() - started
    rss_after_uploads = rss(server.pid)[0]
    for receipt in receipts:
        path = os.path.join(inbox, receipt["file"])
        if not os.path.exists(path):
            errors.append(f"receipt {receipt['id']}: {receipt['file']} is not in the inbox")
        elif hashlib.sha256(open(path, "rb").read()).hexdigest() != receipt["sha256"]:
            errors.append(f"receipt {receipt['id']}: the landed file's SHA-256 differs")
    landed = [f for folder, _, names in os.walk(inbox) for f in names
              if not os.path.relpath(folder, inbox).startswith(".")]
    if len(landed) != len(files):
        errors.append(f"{len(files)} uploads, {len(landed)} files in the inbox")

    names = [entry["name"] for entry in json.loads(request(port, "GET", "/api/v1/reports", analyst)[1])["files"]]
    download_times = []
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        chosen = [random.Random(n).choice(names) for n in range(args.downloads)]
        for status, answer, elapsed in pool.map(lambda name: request(port, "GET", f"/api/v1/reports/{name}", analyst), chosen):
            download_times.append(elapsed)
            if status != 200:
                errors.append(f"download: {status}")
    download_wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    slow.stop.set()
    if args.slow:
        slow.thread.join()
    if server.poll() is not None:
        errors.append(f"the service is gone (exit {server.returncode})")
        print("\n".join(errors))
        sys.exit(1)
    rss_end, peak = rss(server.pid)
    server.terminate()
    server.wait(timeout=60)

    def line(label, times, wall):
        return (f"{label}: {len(times)} requests in {wall:.2f} s = {len(times) / wall:.1f} requests/s; "
                f"p50 {statistics.median(times) * 1000:.1f} ms, p99 {percentile(times, 99) * 1000:.1f} ms")

    print(line(f"uploads ({args.institutions} institutions x {args.uploads} concurrent, {len(files[0][1])} bytes each)",
               upload_times, upload_wall))
    print(line("report downloads (20 concurrent)", download_times, download_wall))
    print(f"server RSS: {rss_before} MB before, {rss_after_uploads} MB after uploads, {rss_end} MB at the end; "
          f"peak (VmHWM) {peak} MB; samples min/max {min(samples)}/{max(samples)} MB")
    if args.slow:
        print(f"slow clients ({args.slow} trickling request heads, reconnecting): how their connections ended: {slow.endings}")
    print(f"receipts: {len(receipts)}, files in the inbox: {len(landed)}, errors: {len(errors)}")
    for error in errors[:20]:
        print("  " + error)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()

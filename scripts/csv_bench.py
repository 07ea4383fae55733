#!/usr/bin/env python3
"""CSV export benchmark: a release server exports 100,000 locations, and its memory stays flat.

Starts `lms serve` on a fresh SQLite database, creates a dealer and a customer through the API,
inserts the locations straight into the SQLite file (one INSERT … SELECT, seconds rather than
100,000 requests), then downloads `GET /api/v1/customers/{id}/locations?format=csv` while
sampling the server's resident memory (/proc/<pid>/status: VmRSS, and VmHWM, the peak the
kernel kept). Prints rows, MiB, seconds and the server's RSS before, after and at its peak,
then downloads the same export again reading it slowly, to show a slow client holds no more
server memory either (the export waits for it instead of buffering).

The export streams 200-row pages through a bounded channel, so the server's memory does not
grow with the number of rows: the peak stays within a few MiB of the start, whatever --rows is.

Usage: csv_bench.py --bin PATH [--rows 100000] [--slow-seconds 5]
Exits 1 when the export does not hold exactly the rows inserted (plus its header).
Only loopback traffic.
"""

import argparse
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

ADMIN = ("bench-admin@test.example", "bench-admin-password")
DEALER = ("bench-dealer@test.example", "bench-dealer-password")
MIB = 1024 * 1024


def start_server(binary, data_dir):
    env = dict(os.environ)
    env.update({
        "LMS_BIND": "127.0.0.1:0",
        "LMS_DATA_DIR": data_dir,
        "LMS_DATABASE_URL": "sqlite://lms.db",
        "LMS_BOOTSTRAP_ADMIN_EMAIL": ADMIN[0],
        "LMS_BOOTSTRAP_ADMIN_PASSWORD": ADMIN[1],
        "LMS_JWT_SECRET": uuid.uuid4().hex * 2,
        "LMS_LOG": "warn",
        "LMS_WORKERS": "2",
        "LMS_PORTAL_DIR": os.path.join(data_dir, "no-portal"),
    })
    log = open(os.path.join(data_dir, "server.log"), "w")
    proc = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.PIPE, stderr=log, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            sys.exit(f"the server exited during start; see {data_dir}/server.log")
        if line.startswith("LMS listening on "):
            threading.Thread(target=proc.stdout.read, daemon=True).start()
            return proc, line.split()[3]
    sys.exit("the server did not start in 60 s")


def call(url, method="GET", token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=60) as res:
        return json.loads(res.read() or b"null")


def login(base, email, password):
    return call(f"{base}/api/v1/auth/login", "POST", body={"email": email, "password": password})["access_token"]


def dealer_with_customer(base):
    admin = login(base, *ADMIN)
    partner = call(f"{base}/api/v1/admin/partners", "POST", admin, {"name": "Bench dealer", "tier": "dealer"})
    call(f"{base}/api/v1/admin/users", "POST", admin, {
        "email": DEALER[0], "name": "Bench dealer user", "password": DEALER[1],
        "partner_id": partner["id"], "roles": ["lms_user"]})
    token = login(base, *DEALER)
    customer = call(f"{base}/api/v1/customers", "POST", token, {"name": "Bench customer", "country": "NL"})
    return token, partner["id"], customer["id"]


def seed_locations(db_path, partner, customer, rows):
    """`rows` SV9100 locations in one statement; every tenth name needs quoting in CSV."""
    conn = sqlite3.connect(db_path, timeout=30)
    with conn:
        conn.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
            INSERT INTO locations (id, partner_id, customer_id, name, system_type, hwkc,
                                   reference_note, demo_licenses_remaining, created_at, updated_at)
            SELECT lower(printf('be000000-0000-0000-0000-%012x', i)), ?, ?,
                   printf('Site %06d', i) || CASE WHEN i % 10 = 0 THEN ', "Head office"' ELSE '' END,
                   'SV9100_CP10', printf('34%010X', i),
                   CASE WHEN i % 7 = 0 THEN '=cost centre ' || i ELSE NULL END,
                   0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
            FROM n
            """,
            (rows, partner, customer),
        )
    conn.close()


def memory_kib(pid):
    """VmRSS and VmHWM of `pid`, in KiB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


class Sampler(threading.Thread):
    """Samples the server's VmRSS every 10 ms; `peak` is the largest seen."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, memory_kib(self.pid)[0])
            time.sleep(0.01)

    def stop(self):
        self.done.set()
        self.join()
        return self.peak


def download(url, token, pause=0.0):
    """Reads the export as it streams: (records after the header, bytes, seconds)."""
    req = urllib.request.Request(url)
    req.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    with urllib.request.urlopen(req, timeout=600) as res:
        assert res.headers["Content-Type"] == "text/csv; charset=utf-8", res.headers["Content-Type"]

        class Counting(io.RawIOBase):
            size = 0

            def readable(self):
                return True

            def readinto(self, buffer):
                chunk = res.read(min(len(buffer), 64 * 1024))
                if pause:
                    time.sleep(pause)
                buffer[:len(chunk)] = chunk
                Counting.size += len(chunk)
                return len(chunk)

        raw = io.BufferedReader(Counting(), buffer_size=64 * 1024)
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        records = sum(1 for _ in csv.reader(text)) - 1
    return records, Counting.size, time.monotonic() - started


def report(label, records, size, seconds, before, after, peak, hwm):
    print(f"{label}: {records} rows, {size / MIB:.1f} MiB in {seconds:.2f} s ({size / MIB / seconds:.1f} MiB/s)")
    print(f"  server RSS before {before / 1024:.1f} MiB, after {after / 1024:.1f} MiB, "
          f"peak during the export {peak / 1024:.1f} MiB (+{(peak - before) / 1024:.1f} MiB); "
          f"VmHWM {hwm / 1024:.1f} MiB")


def measure(label, proc, url, token, rows, pause=0.0):
    before, _ = memory_kib(proc.pid)
    sampler = Sampler(proc.pid)
    sampler.start()
    records, size, seconds = download(url, token, pause)
    peak = sampler.stop()
    time.sleep(0.2)
    after, hwm = memory_kib(proc.pid)
    report(label, records, size, seconds, before, after, max(peak, after), hwm)
    if records != rows:
        sys.exit(f"the export holds {records} rows, not {rows}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", required=True, help="the lms binary (a release build)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--slow-seconds", type=float, default=5.0,
                        help="how long the slow client reads (0: no slow download)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lms-csv-bench-") as data_dir:
        proc, base = start_server(args.bin, data_dir)
        try:
            token, partner, customer = dealer_with_customer(base)
            started = time.monotonic()
            seed_locations(os.path.join(data_dir, "lms.db"), partner, customer, args.rows)
            print(f"seeded {args.rows} locations in {time.monotonic() - started:.1f} s")
            url = f"{base}/api/v1/customers/{customer}/locations?format=csv"
            measure("export", proc, url, token, args.rows)
            if args.slow_seconds > 0:
                # 64 KiB every `pause` (about 200 bytes a row): the whole export takes about
                # --slow-seconds.
                chunks = max(1, 200 * args.rows // (64 * 1024))
                measure("slow client", proc, url, token, args.rows, args.slow_seconds / chunks)
        finally:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()

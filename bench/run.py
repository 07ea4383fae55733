#!/usr/bin/env python3
"""`make bench`: the server against its own baselines, side by side, in one run on one machine.

Shared, noisy machines make absolute figures meaningless; a ratio between the server and a
baseline measured in the same run is what counts. Every row runs the server and its baseline
here, prints one table (figure, this server, baseline, ratio, target) and writes it to
bench/results.md and bench/results.json (or --out).

  1  authenticated GET /api/v1/locations/{id}, requests/s at 32 connections, vs a plain
     actix-web handler answering a JSON object of the same size (examples/baseline_server.rs)
  2  activation through HTTP on PostgreSQL (attach + activate + file), operations/s at 16
     clients, vs pgbench running the SQL statements the activation issued (captured from the
     server itself, bench/pgbench.py) with the same clients
  3  Easy Nav at 1,000,000 locations, p50 / p95, SQLite and PostgreSQL, vs a primary-key
     lookup in the same process (examples/search_bench.rs)
  4  license file of 1,000 activated lines vs a bare Ed25519 signature (examples/license_bench.rs)
  5  16 concurrent writers on SQLite (attach/detach/activate) vs one writer
  6  server RSS during rows 1 and 5
  7  location page and license bin at 10 vs 100,000 attachments on one partner

The load generator is wrk (installed with apt-get when missing); servers run on loopback
only, every load run is bounded in time. PostgreSQL rows use a fresh database per run,
dropped afterwards (LMS_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).

Durations and sizes (environment): LMS_BENCH_SECONDS (each load run of rows 1, 2, 7; default
10), LMS_BENCH_WRITER_SECONDS (row 5, default 60), LMS_BENCH_LOCATIONS (row 3, default
1,000,000), LMS_BENCH_ATTACHMENTS (row 7, default 100,000), LMS_BENCH_SAMPLES (row 3, default
400), LMS_BENCH_ROWS (e.g. "1,5": only these). --smoke makes all of them small: it proves the
harness works, it measures nothing worth keeping (and writes to a temporary directory).

Usage: bench/run.py --bin-dir TARGET/release [--smoke] [--out DIR]
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgbench  # noqa: E402  (bench/pgbench.py: the statement capture and its replay)

HERE = os.path.dirname(os.path.abspath(__file__))
WRK_SCRIPT = os.path.join(HERE, "wrk", "bench.lua")
ADMIN = ("bench-admin@bench.example", "bench-admin-password")
DEALER_PASSWORD = "bench-dealer-password"
PART = "SV9100-IPPORT-8"
SYSTEM_TYPE = "SV9100_CP10"
RSS_LIMIT_MB = 64


class BenchError(Exception):
    """The harness could not measure: a server that does not start, a request it did not expect."""


# --- configuration -----------------------------------------------------------------------------


class Config:
    def __init__(self, args):
        self.bin_dir = os.path.abspath(args.bin_dir)
        self.smoke = args.smoke
        self.workers = os.cpu_count() or 2
        env = os.environ.get
        small = args.smoke
        self.seconds = float(env("LMS_BENCH_SECONDS", "2" if small else "10"))
        self.writer_seconds = float(env("LMS_BENCH_WRITER_SECONDS", "3" if small else "60"))
        self.locations = int(env("LMS_BENCH_LOCATIONS", "20000" if small else "1000000"))
        self.attachments = int(env("LMS_BENCH_ATTACHMENTS", "2000" if small else "100000"))
        self.samples = int(env("LMS_BENCH_SAMPLES", "60" if small else "400"))
        self.rows = {int(r) for r in env("LMS_BENCH_ROWS", "1,2,3,4,5,6,7").split(",") if r.strip()}
        self.pg_admin = env("LMS_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        self.cache_dir = os.path.join(os.path.dirname(self.bin_dir), "bench-cache")
        self.work = tempfile.mkdtemp(prefix="lms-bench-")

    def binary(self, name):
        path = os.path.join(self.bin_dir, name)
        if not os.path.exists(path):
            path = os.path.join(self.bin_dir, "examples", name)
        if not os.path.exists(path):
            raise BenchError(f"{name} is not built in {self.bin_dir} (make bench builds it)")
        return path


# --- tools ---------------------------------------------------------------------------------------


def ensure_wrk():
    """wrk from the distribution, installed when missing."""
    if shutil.which("wrk"):
        return shutil.which("wrk")
    print("installing wrk (apt-get)", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=300)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, timeout=300,
                   stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        raise BenchError("wrk could not be installed")
    return shutil.which("wrk")


def wrk(url, threads, connections, seconds, mode="get", token=None, clients=None, header=None):
    """One bounded wrk run; the BENCH_JSON line of bench/wrk/bench.lua as a dict."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
           "-s", WRK_SCRIPT]
    if header:
        cmd += ["-H", header]
    env = dict(os.environ, BENCH_MODE=mode, BENCH_TOKEN=token or "", BENCH_CLIENTS=clients or "")
    out = subprocess.run(cmd + [url], env=env, capture_output=True, text=True, timeout=seconds + 60)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line[len("BENCH_JSON "):])
            result["seconds"] = result["duration_us"] / 1e6
            return result
    raise BenchError(f"wrk gave no result (exit {out.returncode}): {out.stdout[-500:]} {out.stderr[-500:]}")


def psql(admin_url, sql):
    subprocess.run(["psql", admin_url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], check=True,
                   capture_output=True, text=True, timeout=120)


class PgDatabase:
    """A fresh PostgreSQL database for one part of the run, dropped afterwards."""

    def __init__(self, config, tag):
        self.admin = config.pg_admin
        self.name = f"lms_bench_{tag}_{os.getpid()}"
        base, _, query = self.admin.partition("?")
        self.url = base.rsplit("/", 1)[0] + "/" + self.name + ("?" + query if query else "")

    def __enter__(self):
        psql(self.admin, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        psql(self.admin, f"CREATE DATABASE {self.name}")
        return self

    def __exit__(self, *exc):
        try:
            psql(self.admin, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        except subprocess.SubprocessError as e:
            print(f"warning: could not drop {self.name}: {e}", file=sys.stderr)


# --- processes -------------------------------------------------------------------------------


class Rss:
    """Samples a process's resident set every 100 ms while it runs; `finish` answers the peak
    during the measurement, and `lifetime_mb` the peak since the process started (its set-up
    included: the logins' Argon2 hashes take 19 MiB each while they run)."""

    def __init__(self, pid):
        self.pid, self.peak_kb, self.stop = pid, 0, threading.Event()
        self.lifetime_mb = self.read("VmHWM") / 1024
        # Writing 5 to clear_refs resets VmHWM (proc(5)): the kernel's own peak then covers
        # the measurement alone, between our samples too.
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def read(self, field):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self):
        while not self.stop.wait(0.1):
            self.peak_kb = max(self.peak_kb, self.read("VmRSS"))

    def finish(self):
        self.stop.set()
        self.thread.join()
        peak = max(self.peak_kb, self.read("VmHWM")) / 1024
        self.lifetime_mb = max(self.lifetime_mb, peak)
        return peak


class Process:
    """A server process on loopback: started, its URL read from its first line, stopped."""

    def __init__(self, cmd, env, log_path, ready_prefix):
        self.cmd, self.env, self.log_path, self.ready_prefix = cmd, env, log_path, ready_prefix
        self.proc = self.url = None

    def __enter__(self):
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen(self.cmd, env=self.env, stdout=subprocess.PIPE, stderr=log, text=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise BenchError(f"{self.cmd[0]} exited during start (code {self.proc.wait()}), log {self.log_path}")
            if line.startswith(self.ready_prefix):
                self.url = line[len(self.ready_prefix):].split()[0]
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return self
        raise BenchError(f"{self.cmd[0]} did not start in 120 s")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def pid(self):
        return self.proc.pid


def lms_server(config, database_url, data_dir, log_level="warn"):
    os.makedirs(data_dir, exist_ok=True)
    env = dict(os.environ, LMS_DATA_DIR=data_dir, LMS_BIND="127.0.0.1:0", LMS_LOG=log_level,
               LMS_LOG_FORMAT="json", LMS_DATABASE_URL=database_url, LMS_WORKERS=str(config.workers),
               LMS_BOOTSTRAP_ADMIN_EMAIL=ADMIN[0], LMS_BOOTSTRAP_ADMIN_PASSWORD=ADMIN[1],
               LMS_CONFIG=os.path.join(data_dir, "none.toml"), LMS_LOGIN_MAX_FAILURES="100000",
               LMS_JOBS_INTERVAL_SECONDS="86400",
               LMS_PORTAL_DIR=os.path.join(data_dir, "no-portal"))
    return Process([config.binary("lms"), "serve"], env, os.path.join(data_dir, "server.log"), "LMS listening on ")


def baseline_server(config, body_path):
    cmd = [config.binary("baseline_server"), body_path, str(config.workers)]
    return Process(cmd, dict(os.environ), os.path.join(config.work, "baseline.log"), "listening on ")


# --- the API -----------------------------------------------------------------------------------


def call(url, method, path, token=None, body=None, expect=None):
    """(status, decoded JSON or raw bytes); BenchError when `expect` is given and not met."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + "/api/v1" + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            status, headers, raw = res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        status, headers, raw = e.code, e.headers, e.read()
    answer = json.loads(raw) if headers.get("content-type", "").startswith("application/json") else raw
    if expect is not None and status != expect:
        raise BenchError(f"{method} {path} answered {status}: {answer}")
    return status, answer


def login(url, email, password):
    return call(url, "POST", "/auth/login", body={"email": email, "password": password}, expect=200)[1]["access_token"]


class Dealer:
    """A dealer partner with a user, a customer, locations and a PO per location."""

    def __init__(self, url):
        self.url = url
        admin = login(url, *ADMIN)
        self.admin = admin
        tag = uuid.uuid4().hex[:8]
        self.partner = call(url, "POST", "/admin/partners", admin, {"name": f"Bench {tag}", "tier": "dealer"},
                            expect=201)[1]["id"]
        self.email = f"dealer-{tag}@bench.example"
        call(url, "POST", "/admin/users", admin, {"email": self.email, "name": "Bench dealer",
                                                    "password": DEALER_PASSWORD, "partner_id": self.partner,
                                                    "roles": ["lms_user"]}, expect=201)
        self.token = login(url, self.email, DEALER_PASSWORD)
        self.customer = call(url, "POST", "/customers", self.token, {"name": "Bench customer", "country": "NL"},
                             expect=201)[1]["id"]

    def location(self, name):
        hwkc = "34" + uuid.uuid4().hex[:10].upper()
        return call(self.url, "POST", f"/customers/{self.customer}/locations", self.token,
                    {"name": name, "system_type": SYSTEM_TYPE, "hwkc": hwkc}, expect=201)[1]["id"]

    def po_line(self, quantity=1_000_000):
        po = call(self.url, "POST", "/admin/shipments", self.admin, {
            "partner_id": self.partner, "po_number": "PO-" + uuid.uuid4().hex[:10], "so_number": "SO-BENCH",
            "lines": [{"part_number": PART, "quantity": quantity}]}, expect=201)[1]
        return po["lines"][0]["id"], po["id"]

    def clients(self, n, path):
        """n clients, each with its own location and PO line, as the Lua file wrk reads."""
        clients = []
        for i in range(n):
            line, po = self.po_line()
            clients.append({"loc": self.location(f"Bench client {i}"), "line": line, "po": po})
        with open(path, "w") as f:
            f.write("return {\n" + "".join(f'  {{loc="{c["loc"]}", line="{c["line"]}"}},\n' for c in clients) + "}\n")
        return clients


# --- rows ----------------------------------------------------------------------------------------


def row(number, figure, server, baseline, ratio, target, met, unit="", note=""):
    return {"row": number, "figure": figure, "server": server, "baseline": baseline, "ratio": ratio,
            "target": target, "met": met, "unit": unit, "note": note}


def alternate(runs, first, second):
    """Runs `first` and `second` `runs` times each, alternating, so drift in the machine's load
    hits both alike; returns the lists of their results."""
    a, b = [], []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return a, b


def rate(results, key="requests"):
    return sum(r[key] for r in results) / sum(r["seconds"] for r in results)


def check_load(name, results, allow_5xx=False):
    """A run that did nothing, or got answers the harness did not expect, is the harness's
    failure, not a figure."""
    for r in results:
        if r.get("ops", 0) == 0 and r["mode"] != "get":
            raise BenchError(f"{name}: no operation completed ({r})")
        if r["mode"] == "get" and r["requests"] == 0:
            raise BenchError(f"{name}: no request completed ({r})")
        if r.get("bad", 0) - r.get("s5xx", 0) > 0 or (r["mode"] == "get" and r["status_errors"] > 0):
            raise BenchError(f"{name}: unexpected answers ({r})")
        if r.get("s5xx", 0) and not allow_5xx:
            raise BenchError(f"{name}: server errors ({r})")


def row_1(config, state):
    """Authenticated GET of one location vs a plain handler of the same JSON, 32 connections."""
    data = os.path.join(config.work, "row1")
    with lms_server(config, f"sqlite://{data}/lms.db", data) as server:
        dealer = Dealer(server.url)
        loc = dealer.location("Bench location")
        _, body = call(server.url, "GET", f"/locations/{loc}", dealer.token, expect=200)
        body_path = os.path.join(config.work, "location.json")
        with open(body_path, "w") as f:
            json.dump(body, f, separators=(",", ":"))
        size = os.path.getsize(body_path)
        with baseline_server(config, body_path) as base:
            path = f"/api/v1/locations/{loc}"
            seconds = config.seconds / 2
            # Warm both up (connections, caches), then measure alternately.
            wrk(server.url + path, 2, 32, 1, header=f"Authorization: Bearer {dealer.token}")
            wrk(base.url + path, 2, 32, 1)
            rss = Rss(server.pid)
            ours, theirs = alternate(
                2, lambda: wrk(server.url + path, 2, 32, seconds, header=f"Authorization: Bearer {dealer.token}"),
                lambda: wrk(base.url + path, 2, 32, seconds))
            state["rss_row1"] = (rss.finish(), rss.lifetime_mb)
    check_load("row 1", ours + theirs)
    mine, base_rate = rate(ours), rate(theirs)
    p50 = max(r["p50_us"] for r in ours) / 1000
    return [row(1, f"authenticated GET /locations/{{id}}, {config.workers} workers, 32 connections, {size} B JSON",
                round(mine), round(base_rate), mine / base_rate, "≥ 0.4×", mine / base_rate >= 0.4, "req/s",
                f"server p50 {p50:.2f} ms")]


def row_2(config, state):
    """Activation cycles over HTTP on PostgreSQL vs pgbench replaying their statements."""
    clients_n = 16
    data = os.path.join(config.work, "row2")
    with PgDatabase(config, "act") as db:
        # The statements of one cycle, captured from the server itself with its SQL trace on.
        with lms_server(config, db.url, data, log_level="warn,lms_store::sql=debug") as server:
            dealer = Dealer(server.url)
            clients_path = os.path.join(config.work, "row2-clients.lua")
            clients = dealer.clients(clients_n, clients_path)
            log = os.path.join(data, "server.log")
            token = login(server.url, dealer.email, DEALER_PASSWORD)
            mark = os.path.getsize(log)
            pgbench.one_cycle(lambda *a, **k: call(server.url, *a, **k), token, clients[0])
            time.sleep(0.5)
            statements = pgbench.read_trace(log, mark)
        with open(os.path.join(config.work, "activation-trace.json"), "w") as f:
            json.dump(statements, f, indent=1)
        script = pgbench.script(statements, clients[0])
        script_path = os.path.join(config.work, "activation.pgbench")
        with open(script_path, "w") as f:
            f.write(script.text)
        with lms_server(config, db.url, data) as server:
            token = login(server.url, dealer.email, DEALER_PASSWORD)
            seconds = config.seconds / 2
            wrk(server.url, clients_n, clients_n, 1, "activation", token, clients_path)
            pgbench.warm_up(db.url, script_path, clients, script)
            ours, theirs = alternate(
                2, lambda: wrk(server.url, clients_n, clients_n, seconds, "activation", token, clients_path),
                lambda: pgbench.run(db.url, script_path, clients, script, seconds))
    check_load("row 2", ours)
    mine = rate(ours, "ops")
    base_rate = sum(t["transactions"] for t in theirs) / sum(t["seconds"] for t in theirs)
    if any(t["failed"] for t in theirs) or base_rate == 0:
        raise BenchError(f"row 2: pgbench failed: {theirs}")
    return [row(2, f"activation over HTTP on PostgreSQL (attach + activate + file), {clients_n} clients, "
                   f"{script.statements} SQL statements a cycle", round(mine, 1), round(base_rate, 1),
                mine / base_rate, "≥ 0.5×", mine / base_rate >= 0.5, "ops/s")]


def row_3(config, state):
    """Easy Nav vs a primary-key lookup, SQLite and PostgreSQL."""
    rows = []
    for backend in ("sqlite", "postgres"):
        env = dict(os.environ, LMS_BENCH_LOCATIONS=str(config.locations), LMS_BENCH_SAMPLES=str(config.samples),
                   LMS_BENCH_CACHE_DIR=config.cache_dir)
        if backend == "postgres":
            db = PgDatabase(config, "search")
            db.__enter__()
            env["LMS_BENCH_DATABASE_URL"] = db.url
        else:
            env.pop("LMS_BENCH_DATABASE_URL", None)
        try:
            out = subprocess.run([config.binary("search_bench"), "--json"], env=env, capture_output=True,
                                 text=True, timeout=1800)
        finally:
            if backend == "postgres":
                db.__exit__(None, None, None)
        if out.returncode != 0:
            raise BenchError(f"search_bench on {backend} failed: {out.stderr[-2000:]}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        n = f"{r['locations']:,}"
        note = f"seeded in {r['seed_seconds']:.1f} s{' (cached)' if r.get('cached') else ''}; " \
               f"{r['hits']} hits over {r['samples']} queries"
        for q, target, limit in (("p50", "≤ 5×", 5), ("p95", "≤ 10×", 10)):
            ratio = r["search"][q] / r["lookup"][q]
            rows.append(row(3, f"Easy Nav {q}, {n} locations, page of 20, {backend}", round(r["search"][q], 3),
                            round(r["lookup"][q], 3), ratio, target, ratio <= limit, "ms", note))
    return rows


def row_4(config, state):
    out = subprocess.run([config.binary("license_bench"), "--json"], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise BenchError(f"license_bench failed: {out.stderr[-2000:]}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    ratio = r["full_ms"] / r["signature_ms"]
    return [row(4, f"license file of {r['lines']:,} activated lines ({r['bytes']:,} B): stack, render, sign",
                round(r["full_ms"], 4), round(r["signature_ms"], 4), ratio, "≤ 4×", ratio <= 4, "ms",
                "vs a bare Ed25519 signature over the same bytes")]


def row_5(config, state):
    """16 writers vs one on SQLite: throughput, and no "database is locked"."""
    data = os.path.join(config.work, "row5")
    with lms_server(config, f"sqlite://{data}/lms.db", data) as server:
        dealer = Dealer(server.url)
        clients_path = os.path.join(config.work, "row5-clients.lua")
        dealer.clients(16, clients_path)
        token = dealer.token
        wrk(server.url, 1, 1, 1, "writers", token, clients_path)
        rss = Rss(server.pid)
        many, one = alternate(
            1, lambda: wrk(server.url, 16, 16, config.writer_seconds, "writers", token, clients_path),
            lambda: wrk(server.url, 1, 1, config.writer_seconds, "writers", token, clients_path))
        state["rss_row5"] = (rss.finish(), rss.lifetime_mb)
    check_load("row 5", many + one, allow_5xx=True)
    with open(os.path.join(data, "server.log"), errors="replace") as f:
        locked = sum("database is locked" in line for line in f)
    errors = sum(r["s5xx"] for r in many + one)
    ratio = rate(many, "ops") / rate(one, "ops")
    return [row(5, f"16 concurrent writers on SQLite (attach/detach/activate), {config.writer_seconds:g} s each",
                round(rate(many, "ops"), 1), round(rate(one, "ops"), 1), ratio, "≥ 0.8×", ratio >= 0.8, "ops/s"),
            row(5, "\"database is locked\" in the log, and 5xx answers, under 16 writers", locked + errors, None,
                None, "0", locked + errors == 0, "", f"{locked} in the log, {errors} 5xx")]


def row_6(config, state):
    rows = []
    for key, name in (("rss_row1", "row 1"), ("rss_row5", "row 5")):
        if key in state:
            mb, lifetime = state[key]
            rows.append(row(6, f"server peak RSS during {name}", round(mb, 1), None, None,
                            f"≤ {RSS_LIMIT_MB} MB", mb <= RSS_LIMIT_MB, "MB",
                            f"{lifetime:.1f} MB since start, set-up logins included"))
    return rows


def seed_attachments(db_path, partner, customer, po_lines_n, total, now):
    """Adds `total` attachments to a partner, straight into the SQLite file: 1,000 locations of
    100 each from `po_lines_n` POs of one line, the lines' counters kept consistent."""
    per_location = 100
    locations = max(1, total // per_location)
    conn = sqlite3.connect(db_path, timeout=60)
    with conn:
        conn.execute("PRAGMA busy_timeout = 60000")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO locations (id, partner_id, customer_id, name, system_type, hwkc, demo_licenses_remaining, "
            "created_at, updated_at) SELECT printf('b7000000-0000-4000-8000-%012x', i), ?, ?, 'Seeded ' || i, ?, "
            "printf('37%010X', i), 0, ?, ? FROM n", (locations, partner, customer, SYSTEM_TYPE, now, now))
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO purchase_orders (id, partner_id, po_number, so_number, origin, shipped_at) "
            "SELECT printf('b8000000-0000-4000-8000-%012x', i), ?, printf('SEED-%06d', i), 'SO', 'shipment', ? FROM n",
            (po_lines_n, partner, now))
        per_line = -(-total // po_lines_n)
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO po_lines (id, po_id, partner_id, part_number, shipped, available, attached, activated, "
            "reshipped, migrated) SELECT printf('b9000000-0000-4000-8000-%012x', i), "
            "printf('b8000000-0000-4000-8000-%012x', i), ?, ?, ? * 2, ?, 0, 0, 0, 0 FROM n",
            (po_lines_n, partner, PART, per_line, per_line * 2))
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1) "
            "INSERT INTO attachments (id, partner_id, location_id, po_line_id, part_number, quantity, state, "
            "attached_at, activated_at, activation_id) SELECT printf('ba000000-0000-4000-8000-%012x', i), ?, "
            "printf('b7000000-0000-4000-8000-%012x', 1 + i / ?), printf('b9000000-0000-4000-8000-%012x', 1 + i % ?), "
            "?, 1, CASE WHEN i % 2 = 0 THEN 'attached' ELSE 'activated' END, ?, "
            "CASE WHEN i % 2 = 0 THEN NULL ELSE ? END, NULL FROM n",
            (total, partner, per_location, po_lines_n, PART, now, now))
        conn.execute(
            "UPDATE po_lines SET available = shipped - (SELECT count(*) FROM attachments a WHERE a.po_line_id = po_lines.id), "
            "attached = (SELECT count(*) FROM attachments a WHERE a.po_line_id = po_lines.id AND a.state = 'attached'), "
            "activated = (SELECT count(*) FROM attachments a WHERE a.po_line_id = po_lines.id AND a.state = 'activated') "
            "WHERE id LIKE 'b9000000-%'")
    conn.close()


def row_7(config, state):
    """The location page and the license bin with 10 and with 100,000 attachments on the partner."""
    data = os.path.join(config.work, "row7")
    with lms_server(config, f"sqlite://{data}/lms.db", data) as server:
        dealer = Dealer(server.url)
        loc = dealer.location("Bench page")
        # More POs than the page holds, so both cases read a full page of 20.
        lines = [dealer.po_line(1000)[0] for _ in range(25)]
        for i in range(10):
            call(server.url, "POST", f"/locations/{loc}/attachments", dealer.token,
                 {"lines": [{"po_line_id": lines[i], "quantity": 1}]}, expect=201)
        pages = {"location page (GET /locations/{id}/licenses)": f"/api/v1/locations/{loc}/licenses",
                 "license bin (GET /license-bin?limit=20)": "/api/v1/license-bin?limit=20"}
        header = f"Authorization: Bearer {dealer.token}"
        seconds = max(1.0, config.seconds / 2)

        def measure():
            out = {}
            for name, path in pages.items():
                wrk(server.url + path, 1, 4, 1, header=header)
                out[name] = wrk(server.url + path, 1, 4, seconds, header=header)
            return out

        small = measure()
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        started = time.time()
        seed_attachments(os.path.join(data, "lms.db"), dealer.partner, dealer.customer, 1000,
                         config.attachments - 10, now)
        seeded = time.time() - started
        large = measure()
    check_load("row 7", list(small.values()) + list(large.values()))
    rows = []
    for name in pages:
        a, b = small[name]["p50_us"] / 1000, large[name]["p50_us"] / 1000
        rows.append(row(7, f"{name} p50, {config.attachments:,} vs 10 attachments on the partner", round(b, 3),
                        round(a, 3), b / a, "≤ 2×", b / a <= 2, "ms", f"seeded in {seeded:.1f} s"))
    return rows


ROWS = {1: row_1, 2: row_2, 3: row_3, 4: row_4, 5: row_5, 6: row_6, 7: row_7}


# --- the table -----------------------------------------------------------------------------------


def fmt(value, unit):
    if value is None:
        return "—"
    if isinstance(value, float):
        text = f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
    else:
        text = f"{value:,}"
    return f"{text} {unit}".strip()


def markdown(rows, meta):
    out = [f"Measured {meta['when']} on {meta['machine']} ({meta['cores']} cores, {meta['workers']} server workers)"
           f"{' — SMOKE RUN, figures meaningless' if meta['smoke'] else ''}.", "",
           "| # | figure | this server | baseline | ratio | target | met |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}×"
        note = f" ({r['note']})" if r["note"] else ""
        out.append(f"| {r['row']} | {r['figure']}{note} | {fmt(r['server'], r['unit'])} | "
                   f"{fmt(r['baseline'], r['unit'])} | {ratio} | {r['target']} | {'yes' if r['met'] else '**no**'} |")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin-dir", required=True, help="cargo's output directory (target/release)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes and durations: the harness works")
    parser.add_argument("--out", help="where results.md and results.json go (default bench/, a temp dir with --smoke)")
    args = parser.parse_args()
    config = Config(args)
    out_dir = args.out or (tempfile.mkdtemp(prefix="lms-bench-smoke-") if config.smoke else HERE)
    ensure_wrk()
    started, state, rows, failures = time.time(), {}, [], []
    try:
        for number, fn in ROWS.items():
            if number not in config.rows:
                continue
            t = time.time()
            print(f"row {number} …", flush=True)
            try:
                got = fn(config, state)
            except Exception as e:  # noqa: BLE001 - one row's failure is reported, the others still run
                failures.append(f"row {number}: {e}")
                detail = str(e) if isinstance(e, BenchError) else traceback.format_exc()
                print(f"row {number} FAILED: {detail}", file=sys.stderr, flush=True)
                continue
            rows += got
            for r in got:
                ratio = "" if r["ratio"] is None else f" = {r['ratio']:.2f}×"
                print(f"  {r['figure']}: {fmt(r['server'], r['unit'])} vs {fmt(r['baseline'], r['unit'])}{ratio}"
                      f" (target {r['target']})", flush=True)
            print(f"row {number} done in {time.time() - t:.0f} s", flush=True)
    finally:
        # Kept for inspection when something failed.
        if failures:
            print(f"work directory kept: {config.work}", file=sys.stderr)
        else:
            shutil.rmtree(config.work, ignore_errors=True)
    meta = {"when": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": os.uname().nodename, "cores": os.cpu_count(), "workers": config.workers,
            "smoke": config.smoke, "seconds": round(time.time() - started),
            "settings": {"seconds": config.seconds, "writer_seconds": config.writer_seconds,
                         "locations": config.locations, "attachments": config.attachments,
                         "samples": config.samples}}
    table = markdown(rows, meta)
    print("\n" + table)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write(table)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"meta": meta, "rows": rows, "failures": failures}, f, indent=2)
        f.write("\n")
    print(f"written to {out_dir}/results.md and results.json in {meta['seconds']} s")
    if failures:
        print("\n".join(["FAILED:"] + failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

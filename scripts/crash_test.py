#!/usr/bin/env python3
"""Crash test: random attach / detach / activate load from several clients while the server
is killed with SIGKILL at random moments; after every restart, every acknowledged operation
must be there, the quantity invariant must hold, and no activation may be half-done.

Usage: crash_test.py --bin PATH [--database-url URL] [--kills 10] [--clients 6]
Prints one summary line; exits 1 on any violation. Only loopback traffic.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

ADMIN = ("crash-admin@test.example", "crash-admin-password")
DEALER_PASSWORD = "crash-dealer-password"


class Server:
    """One `lms serve` process on the shared data directory and database."""

    def __init__(self, binary, env):
        self.binary, self.env, self.proc, self.url = binary, env, None, None

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve"], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit(f"server exited during start (code {self.proc.poll()})")
            if line.startswith("LMS listening on "):
                self.url = line.split()[3]
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return
        raise SystemExit("server did not start in 60 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def call(server, method, path, token=None, body=None, timeout=10):
    """(status, json) for a request; raises OSError when the server is gone."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(server.url + "/api/v1" + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            raw = res.read()
            is_json = res.headers.get("content-type", "").startswith("application/json")
            return res.status, json.loads(raw) if raw and is_json else None
    except urllib.error.HTTPError as e:
        raw = e.read()
        try:
            return e.code, json.loads(raw)
        except ValueError:
            return e.code, None


def login(server, email, password):
    status, body = call(server, "POST", "/auth/login", body={"email": email, "password": password})
    assert status == 200, (status, body)
    return body["access_token"]


class Ledger:
    """What the clients were told: only acknowledged operations are promises."""

    def __init__(self):
        self.lock = threading.Lock()
        self.attached = {}  # attachment id -> (location, line, quantity) acknowledged
        self.activated = {}  # attachment id -> location, acknowledged activations
        self.touched = set()  # attachments a later operation (acknowledged or not) may have changed
        self.acknowledged = 0
        self.unknown = 0


def client(server, token, lines, locations, ledger, stop):
    rng = random.Random()
    while not stop.is_set():
        loc = rng.choice(locations)
        try:
            op = rng.random()
            if op < 0.5:
                line, qty = rng.choice(lines), rng.randint(1, 3)
                status, body = call(server, "POST", f"/locations/{loc}/attachments", token,
                                    {"lines": [{"po_line_id": line, "quantity": qty}]})
                if status == 201:
                    with ledger.lock:
                        ledger.attached[body[0]["id"]] = (loc, line, qty)
                        ledger.acknowledged += 1
            else:
                status, body = call(server, "GET", f"/locations/{loc}/licenses", token)
                if status != 200 or not body["attached"]:
                    continue
                pick = rng.choice(body["attached"])["id"]
                with ledger.lock:
                    ledger.touched.add(pick)
                if op < 0.75:
                    status, _ = call(server, "DELETE", f"/locations/{loc}/attachments/{pick}", token)
                    if status == 204:
                        with ledger.lock:
                            ledger.acknowledged += 1
                else:
                    status, _ = call(server, "POST", f"/locations/{loc}/activations", token,
                                     {"attachment_ids": [pick], "accept_license_agreement": True})
                    if status == 201:
                        with ledger.lock:
                            ledger.activated[pick] = loc
                            ledger.acknowledged += 1
            if status >= 500:
                raise SystemExit(f"server answered {status}")
        except (OSError, urllib.error.URLError):
            with ledger.lock:
                ledger.unknown += 1
            time.sleep(0.05)


def check(server, token, locations, ledger):
    """Every promise kept, the invariant holds, every activation complete. Returns violations."""
    violations = []
    status, bin_ = call(server, "GET", "/license-bin?include_used=true&limit=200", token)
    lines = {l["id"]: l for po in bin_["items"] for l in po["lines"]}
    seen = {}
    sums = {line: [0, 0] for line in lines}
    for loc in locations:
        _, lic = call(server, "GET", f"/locations/{loc}/licenses", token)
        for state, items in (("attached", lic["attached"]), ("activated", lic["activated"])):
            for a in items:
                seen[a["id"]] = (state, a["quantity"])
                sums[a["po_line_id"]][0 if state == "attached" else 1] += a["quantity"]
        if lic["activated"]:
            status, _ = call(server, "GET", f"/locations/{loc}/license-file", token)
            if status != 200:
                violations.append(f"location {loc} has activated licenses but no file ({status})")
    for line_id, line in lines.items():
        if line["shipped"] != line["available"] + line["attached"] + line["activated"] + line["reshipped"]:
            violations.append(f"invariant broken on {line_id}: {line}")
        if [line["attached"], line["activated"]] != sums[line_id]:
            violations.append(f"line {line_id} counts {line['attached']}/{line['activated']} but attachments {sums[line_id]}")
    with ledger.lock:
        for att, loc in ledger.activated.items():
            if seen.get(att, (None,))[0] != "activated":
                violations.append(f"acknowledged activation of {att} lost: {seen.get(att)}")
        for att, (loc, line, qty) in ledger.attached.items():
            if att not in ledger.touched and seen.get(att) != ("attached", qty):
                violations.append(f"acknowledged attach {att} ({qty}) lost: {seen.get(att)}")
    return violations, len(ledger.attached) + len(ledger.activated)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=1.5, help="load before each kill, at most")
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="lms-crash-")
    env = dict(os.environ, LMS_DATA_DIR=data, LMS_BIND="127.0.0.1:0", LMS_LOG="error",
               LMS_BOOTSTRAP_ADMIN_EMAIL=ADMIN[0], LMS_BOOTSTRAP_ADMIN_PASSWORD=ADMIN[1],
               LMS_CONFIG=os.path.join(data, "none.toml"), LMS_LOGIN_MAX_FAILURES="1000")
    env["LMS_DATABASE_URL"] = args.database_url or f"sqlite://{data}/crash.db"
    backend = "postgres" if args.database_url else "sqlite"

    server = Server(args.bin, env)
    server.start()
    admin = login(server, *ADMIN)
    _, partner = call(server, "POST", "/admin/partners", admin, {"name": f"Crash {uuid.uuid4().hex[:8]}", "tier": "dealer"})
    email = f"dealer-{uuid.uuid4().hex[:8]}@crash.example"
    call(server, "POST", "/admin/users", admin, {"email": email, "name": "Crash", "password": DEALER_PASSWORD,
                                                 "partner_id": partner["id"], "roles": ["lms_user"]})
    parts = [("SV9100-IPPORT-8", 40), ("SV9100-IPPORT-32", 20), ("SV9100-SIPTRK-4", 20)]
    _, po = call(server, "POST", "/admin/shipments", admin, {
        "partner_id": partner["id"], "po_number": "CRASH", "so_number": "SO",
        "lines": [{"part_number": p, "quantity": q} for p, q in parts]})
    lines = [l["id"] for l in po["lines"]]
    token = login(server, email, DEALER_PASSWORD)
    _, customer = call(server, "POST", "/customers", token, {"name": "Crash", "country": "NL"})
    locations = []
    for i in range(4):
        _, loc = call(server, "POST", f"/customers/{customer['id']}/locations", token,
                      {"name": f"L{i}", "system_type": "SV9100_CP10", "hwkc": f"34{random.randrange(16**10):010X}"})
        locations.append(loc["id"])

    ledger, total_violations = Ledger(), []
    for kill in range(args.kills):
        stop = threading.Event()
        threads = [threading.Thread(target=client, args=(server, token, lines, locations, ledger, stop))
                   for _ in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.2, args.seconds))
        server.kill()
        stop.set()
        for t in threads:
            t.join()
        server.start()
        token = login(server, email, DEALER_PASSWORD)
        violations, checked = check(server, token, locations, ledger)
        total_violations += [f"after kill {kill + 1}: {v}" for v in violations]
    server.kill()

    for v in total_violations:
        print("VIOLATION", v, file=sys.stderr)
    print(f"crash test ({backend}): {args.kills} kills survived, {ledger.acknowledged} operations acknowledged, "
          f"{checked} promises checked, {ledger.unknown} in flight at a kill, {len(total_violations)} violations")
    sys.exit(1 if total_violations else 0)


if __name__ == "__main__":
    main()

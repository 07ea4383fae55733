#!/usr/bin/env python3
"""Crash test: attach / detach / activate load from several clients while the server is killed
with SIGKILL at random moments, then restarted and read back.

After every restart a passing run has shown that
  - every acknowledged attach is still there with its quantity (or, when a detach or an
    activation of it was attempted later, gone or activated, but never changed);
  - every acknowledged detach stayed done: the attachment no longer exists and its quantity is
    back in the bin (the PO line counts below);
  - every acknowledged activation is still activated;
  - every PO line keeps `shipped = available + attached + activated + reshipped + migrated`, and its
    attached and activated counts equal the sums of the attachments the API lists;
  - every acknowledged SWA assignment is still there, in its cooling-off unless a cancel of
    it was tried; every acknowledged cancel stayed done; every SWA PO keeps `shipped =
    available + assigned + consumed + reshipped`, and the units assigned equal the units of the
    assignments in cooling-off the API lists;
  - every location's latest license file verifies (`lms verify`), names its location and
    holds exactly the stacking of all its activated attachments, computed here from the part
    catalog, feature by feature; the API's `stacked` view agrees.
It cannot pass vacuously: every round must acknowledge at least --min-acks-per-round
operations, the run at least --min-acks and every kind of operation at least
--min-acks-per-kind; a client thread that dies, an unexpected answer (5xx, or a 4xx that is
not a business conflict between concurrent clients) and a connection failure while the server
is up are errors. Requests cut off by the kill are neither acknowledgements nor errors.

Usage: crash_test.py --bin PATH [--database-url URL] [--kills 10] [--clients 6]
Prints one line per round and a summary line; exits 1 on any violation, error or too little
load. Only loopback traffic.
"""

import argparse
import collections
import functools
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request
import uuid

ADMIN = ("crash-admin@test.example", "crash-admin-password")
DEALER_PASSWORD = "crash-dealer-password"
SYSTEM_TYPE = "SV9100_CP10"
# Two parts stacking into one feature, one into another. Enough quantity that the bin never
# runs dry: activations use it up for good.
PARTS = [("SV9100-IPPORT-8", 20000), ("SV9100-IPPORT-32", 20000), ("SV9100-SIPTRK-4", 20000)]
LOCATIONS = 4
# Locations that take SWA assignments and cancels, each with an SWA-bearing license activated.
SWA_LOCATIONS = 12
SWA_UNITS = 1000000
MIN_LOAD_SECONDS = 0.3
KINDS = ("attach", "detach", "activate", "assign", "cancel")

# What each request answers when it worked, and the business conflicts concurrent clients may
# cause each other: (status, error code, message or None for any). Anything else is an error.
SUCCESS = {"licenses": 200, "attach": 201, "detach": 204, "activate": 201, "assignments": 200, "assign": 201,
           "cancel": 200}
RACES = {(404, "NOT_FOUND", "attachment not found"), (409, "ALREADY_ACTIVATED", None),
         (409, "CONCURRENT_CHANGE", None)}
CONFLICTS = {"licenses": set(), "attach": {(409, "NOT_ENOUGH_QUANTITY", None)}, "detach": RACES, "activate": RACES,
             "assignments": set(), "assign": {(409, "SWA_ASSIGNMENT_PENDING", None)},
             "cancel": {(409, "NOT_CANCELLABLE", None)}}


class ServerGone(Exception):
    """The connection failed: expected only once the kill has begun."""

    def __init__(self, kind, detail):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class Unexpected(Exception):
    """An answer the server must not give under this load."""


# --- the server and HTTP -------------------------------------------------------------------


class Server:
    """One `lms serve` process on the shared data directory and database."""

    def __init__(self, binary, env, log_path):
        self.binary, self.env, self.log_path = binary, env, log_path
        self.proc, self.url = None, None

    def start(self):
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=subprocess.PIPE,
                                         stderr=log, text=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise Unexpected(f"the server exited during start (code {self.proc.wait()}), log: {self.log_path}")
            if line.startswith("LMS listening on "):
                self.url = line.split()[3]
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return
        raise Unexpected("the server did not start in 60 s")

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill(self):
        if self.running():
            self.proc.send_signal(signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()


def request(server, kind, method, path, token=None, body=None, timeout=10):
    """(status, headers, raw body) of one request; ServerGone when the connection fails."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(server.url + "/api/v1" + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        try:
            with urllib.request.urlopen(req, timeout=timeout) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers, e.read()
    except (OSError, http.client.HTTPException) as e:
        raise ServerGone(kind, f"{method} {path}: {e!r}") from e


def call(server, method, path, token=None, body=None, kind="setup"):
    """(status, decoded JSON or None)."""
    status, headers, raw = request(server, kind, method, path, token, body)
    is_json = headers.get("content-type", "").startswith("application/json")
    return status, json.loads(raw) if raw and is_json else None


def must(expected, answer, what):
    """The body of an answer that has to succeed (set-up and read-back)."""
    status, body = answer
    if status != expected:
        raise Unexpected(f"{what} answered {status}: {body}")
    return body


def login(server, email, password):
    answer = call(server, "POST", "/auth/login", body={"email": email, "password": password})
    return must(200, answer, "login")["access_token"]


# --- what the clients were told --------------------------------------------------------------


class Ledger:
    """What the clients were told: only acknowledged operations are promises."""

    def __init__(self):
        self.lock = threading.Lock()
        self.attached = {}  # attachment id -> (location, PO line, quantity), acknowledged
        self.detached = {}  # attachment id -> location, acknowledged
        self.activated = {}  # attachment id -> location, acknowledged
        self.assigned = {}  # SWA assignment id -> (location, total units), acknowledged
        self.cancelled = {}  # SWA assignment id -> location, acknowledged
        self.codes = {}  # activation code -> attachment id, of acknowledged activations
        self.attempted = collections.defaultdict(set)  # attachment id -> {"detach", "activate"} tried, answered or not
        self.rounds = []  # per kill cycle: Counter of acknowledged kinds, "in flight", "conflicts"
        self.errors = []  # unexpected answers and dead clients; each fails the run

    def new_round(self):
        with self.lock:
            self.rounds.append(collections.Counter())

    def count(self, what):
        with self.lock:
            self.rounds[-1][what] += 1

    def attempt(self, attachment, kind):
        with self.lock:
            self.attempted[attachment].add(kind)

    def acknowledge(self, kind, attachment, promise, code=None):
        with self.lock:
            {"attach": self.attached, "detach": self.detached, "activate": self.activated,
             "assign": self.assigned, "cancel": self.cancelled}[kind][attachment] = promise
            self.rounds[-1][kind] += 1
            if code:
                self.codes[code] = attachment

    def error(self, text):
        with self.lock:
            self.errors.append(text)

    def acknowledged(self, kind=None):
        kinds = [kind] if kind else KINDS
        return sum(r[k] for r in self.rounds for k in kinds)


class Client:
    """One client thread: random operations on random locations until told to stop."""

    def __init__(self, name, server, token, setup, ledger, killing, stop):
        self.name, self.server, self.token, self.setup = name, server, token, setup
        self.ledger, self.killing, self.stop = ledger, killing, stop
        self.rng = random.Random()

    def run(self):
        """The thread body: whatever kills the thread is recorded and fails the run."""
        try:
            while not self.stop.is_set():
                self.step()
        except BaseException:  # noqa: BLE001 - SystemExit and KeyboardInterrupt included
            self.ledger.error(f"{self.name} died:\n{traceback.format_exc()}")

    def step(self):
        roll = self.rng.random()
        kind = ("attach" if roll < 0.4 else "detach" if roll < 0.6 else "activate" if roll < 0.75
                else "assign" if roll < 0.9 else "cancel")
        loc = self.rng.choice(self.setup["swa_locations" if kind in ("assign", "cancel") else "locations"])
        try:
            getattr(self, kind)(loc)
        except ServerGone as e:
            if not self.killing.is_set():
                self.ledger.error(f"{self.name}: connection failed while the server was up: {e}")
            elif e.kind not in ("licenses", "assignments"):
                self.ledger.count("in flight")
            time.sleep(0.05)
        except Unexpected as e:
            self.ledger.error(f"{self.name}: {e}")
            time.sleep(0.05)

    def send(self, kind, method, path, body=None):
        """(True, body) when acknowledged, (False, body) for an expected conflict."""
        status, answer = call(self.server, method, path, self.token, body, kind=kind)
        if status == SUCCESS[kind]:
            return True, answer
        error = answer.get("error", {}) if isinstance(answer, dict) else {}
        for s, code, message in CONFLICTS[kind]:
            if status == s and error.get("code") == code and message in (None, error.get("message")):
                self.ledger.count("conflicts")
                return False, answer
        raise Unexpected(f"{kind} {method} {path} answered {status}: {answer}")

    def attach(self, loc):
        line, qty = self.rng.choice(self.setup["lines"]), self.rng.randint(1, 3)
        ok, body = self.send("attach", "POST", f"/locations/{loc}/attachments",
                             {"lines": [{"po_line_id": line, "quantity": qty}]})
        if ok:
            if len(body) != 1 or body[0]["quantity"] != qty or body[0]["state"] != "attached":
                raise Unexpected(f"attach of {qty} from {line} answered {body}")
            self.ledger.acknowledge("attach", body[0]["id"], (loc, line, qty))

    def pick(self, loc, kind):
        """An attached attachment of the location, recorded as attempted; None when there is none."""
        _, body = self.send("licenses", "GET", f"/locations/{loc}/licenses")
        if not body["attached"]:
            return None
        attachment = self.rng.choice(body["attached"])["id"]
        self.ledger.attempt(attachment, kind)
        return attachment

    def detach(self, loc):
        attachment = self.pick(loc, "detach")
        if attachment and self.send("detach", "DELETE", f"/locations/{loc}/attachments/{attachment}")[0]:
            self.ledger.acknowledge("detach", attachment, loc)

    def activate(self, loc):
        attachment = self.pick(loc, "activate")
        if not attachment:
            return
        ok, body = self.send("activate", "POST", f"/locations/{loc}/activations",
                             {"attachment_ids": [attachment], "accept_license_agreement": True})
        if ok:
            self.ledger.acknowledge("activate", attachment, loc, body["activation_code"])


    def assign(self, loc):
        ok, body = self.send("assign", "POST", f"/locations/{loc}/swa-assignments",
                             {"months": 12, "reference": "CRASH", "approve": True})
        if ok:
            if body["status"] != "cooling_off" or body["location_id"] != loc:
                raise Unexpected(f"assign on {loc} answered {body}")
            self.ledger.acknowledge("assign", body["id"], (loc, body["total_units"]))

    def cancel(self, loc):
        _, listed = self.send("assignments", "GET", f"/swa-assignments?location_id={loc}&status=cooling_off")
        if not listed["items"]:
            return
        assignment = listed["items"][0]["id"]
        self.ledger.attempt(assignment, "cancel")
        if self.send("cancel", "DELETE", f"/swa-assignments/{assignment}")[0]:
            self.ledger.acknowledge("cancel", assignment, loc)


# --- set-up and one kill cycle ---------------------------------------------------------------


def set_up(server):
    """A dealer with a big PO and four locations. Returns what the clients and checks need."""
    admin = login(server, *ADMIN)
    partner = must(201, call(server, "POST", "/admin/partners", admin,
                             {"name": f"Crash {uuid.uuid4().hex[:8]}", "tier": "dealer"}), "create partner")
    email = f"dealer-{uuid.uuid4().hex[:8]}@crash.example"
    user = {"email": email, "name": "Crash", "password": DEALER_PASSWORD, "partner_id": partner["id"],
            "roles": ["lms_user", "swa_dealer_admin"]}
    must(201, call(server, "POST", "/admin/users", admin, user), "create user")
    po = must(201, call(server, "POST", "/admin/shipments", admin, {
        "partner_id": partner["id"], "po_number": "CRASH", "so_number": "SO",
        "lines": [{"part_number": p, "quantity": q} for p, q in PARTS]}), "ship PO")
    token = login(server, email, DEALER_PASSWORD)
    customer = must(201, call(server, "POST", "/customers", token, {"name": "Crash", "country": "NL"}), "customer")
    locations, hwkcs = [], {}
    for i in range(LOCATIONS):
        hwkc = f"34{random.randrange(16**10):010X}"
        loc = must(201, call(server, "POST", f"/customers/{customer['id']}/locations", token,
                             {"name": f"L{i}", "system_type": SYSTEM_TYPE, "hwkc": hwkc}), "create location")
        locations.append(loc["id"])
        hwkcs[loc["id"]] = hwkc
    parts = must(200, call(server, "GET", f"/parts?system_type={SYSTEM_TYPE}", token), "part catalog")["items"]
    return {"email": email, "lines": [l["id"] for l in po["lines"]], "locations": locations, "hwkcs": hwkcs,
            "catalog": {p["part_number"]: p for p in parts},
            "swa_locations": set_up_swa(server, admin, token, partner["id"], customer["id"])}


def set_up_swa(server, admin, token, partner, customer):
    """SWA units in the bin, and locations with an SWA-bearing license activated (from a PO of
    their own, so the license checks above see only their own lines)."""
    must(201, call(server, "POST", "/admin/swa-shipments", admin, {
        "partner_id": partner, "po_number": "CRASH-SWA", "so_number": "SO-SWA", "units": SWA_UNITS,
        "expires_on": "2099-12-31"}), "ship SWA units")
    po = must(201, call(server, "POST", "/admin/shipments", admin, {
        "partner_id": partner, "po_number": "CRASH-SWA-LICENSES", "so_number": "SO",
        "lines": [{"part_number": "SV9100-IPPORT-8", "quantity": SWA_LOCATIONS}]}), "ship SWA licenses")
    locations = []
    for i in range(SWA_LOCATIONS):
        hwkc = f"34{random.randrange(16**10):010X}"
        loc = must(201, call(server, "POST", f"/customers/{customer}/locations", token,
                             {"name": f"SWA{i}", "system_type": SYSTEM_TYPE, "hwkc": hwkc}), "SWA location")["id"]
        attached = must(201, call(server, "POST", f"/locations/{loc}/attachments", token,
                                  {"lines": [{"po_line_id": po["lines"][0]["id"], "quantity": 1}]}), "attach")
        must(201, call(server, "POST", f"/locations/{loc}/activations", token,
                       {"attachment_ids": [attached[0]["id"]], "accept_license_agreement": True}), "activate")
        locations.append(loc)
    return locations


def run_round(server, token, setup, ledger, args):
    """Load from --clients threads, SIGKILL at a random moment, wait for the clients. Returns the load time."""
    ledger.new_round()
    killing, stop = threading.Event(), threading.Event()
    threads = []
    for i in range(args.clients):
        client = Client(f"client {i + 1}", server, token, setup, ledger, killing, stop)
        threads.append(threading.Thread(target=client.run, name=client.name, daemon=True))
    for t in threads:
        t.start()
    load = random.uniform(MIN_LOAD_SECONDS, max(args.seconds, MIN_LOAD_SECONDS))
    time.sleep(load)
    if not server.running():
        ledger.error(f"the server died by itself during the load (code {server.proc.poll()})")
    killing.set()
    server.kill()
    stop.set()
    for t in threads:
        t.join(30)
        if t.is_alive():
            ledger.error(f"{t.name} did not stop within 30 s of the kill")
    return load


# --- the checks after a restart --------------------------------------------------------------


def read_back(server, token, setup):
    """The PO lines by id and every location's licenses."""
    bin_ = must(200, call(server, "GET", "/license-bin?include_used=true&limit=200", token), "license bin")
    lines = {l["id"]: l for po in bin_["items"] for l in po["lines"] if l["id"] in setup["lines"]}
    licenses = {loc: must(200, call(server, "GET", f"/locations/{loc}/licenses", token), f"licenses of {loc}")
                for loc in setup["locations"]}
    return lines, licenses


def attachments_seen(licenses):
    """attachment id -> (state, location, PO line, quantity) of every attachment the API lists."""
    seen = {}
    for loc, lic in licenses.items():
        for state in ("attached", "activated"):
            for a in lic[state]:
                seen[a["id"]] = (state, loc, a["po_line_id"], a["quantity"])
    return seen


def check_quantities(lines, seen):
    """The invariant per PO line, and its counts equal the attachments' sums."""
    violations = []
    sums = {line: {"attached": 0, "activated": 0} for line in lines}
    for state, _, line, qty in seen.values():
        sums[line][state] += qty
    for line_id, line in lines.items():
        moved = line["reshipped"] + line.get("migrated", 0)
        if line["shipped"] != line["available"] + line["attached"] + line["activated"] + moved:
            violations.append(f"invariant broken on {line_id}: {line}")
        if (line["attached"], line["activated"]) != (sums[line_id]["attached"], sums[line_id]["activated"]):
            violations.append(f"line {line_id} counts {line['attached']} attached / {line['activated']} activated "
                              f"but its attachments {sums[line_id]}")
    return violations


def check_attaches(ledger, seen):
    """An acknowledged attach stays, unchanged, unless a detach or activation of it was tried."""
    violations = []
    for att, (loc, line, qty) in ledger.attached.items():
        tried, now = ledger.attempted.get(att, set()), seen.get(att)
        if now is None:
            if "detach" not in tried:
                violations.append(f"acknowledged attach {att} ({qty} of {line} on {loc}) lost")
        elif now[1:] != (loc, line, qty):
            violations.append(f"acknowledged attach {att} ({qty} of {line} on {loc}) changed: {now}")
        elif now[0] == "activated" and "activate" not in tried:
            violations.append(f"attachment {att} activated though no client asked")
    return violations


def check_detaches(ledger, seen):
    """An acknowledged detach stays done (its quantity is back in the bin: check_quantities)."""
    return [f"acknowledged detach of {att} on {loc} undone: {seen[att]}"
            for att, loc in ledger.detached.items() if att in seen]


def check_activations(ledger, seen):
    """An acknowledged activation stays."""
    return [f"acknowledged activation of {att} on {loc} lost: {seen.get(att)}"
            for att, loc in ledger.activated.items() if seen.get(att, ("gone",))[0] != "activated"]


def check_swa(server, token, setup, ledger):
    """The SWA invariant per PO, the units assigned against the assignments in cooling-off,
    and every acknowledged assignment and cancel. Returns (violations, promises checked)."""
    bin_ = must(200, call(server, "GET", "/swa-bin", token), "SWA bin")
    violations = [f"SWA invariant broken on {po['po_number']}: {po}" for po in bin_["items"]
                  if po["shipped"] != po["available"] + po["assigned"] + po["consumed"] + po["reshipped"]]
    states = {}
    for loc in setup["swa_locations"]:
        listed = must(200, call(server, "GET", f"/swa-assignments?location_id={loc}", token), "assignments")
        states.update({a["id"]: (a["status"], a["total_units"]) for a in listed["items"]})
    pending = sum(units for status, units in states.values() if status == "cooling_off")
    held = sum(po["assigned"] for po in bin_["items"])
    if held != pending:
        violations.append(f"the SWA bin holds {held} units but the assignments in cooling-off total {pending}")
    with ledger.lock:
        for assignment, (loc, units) in ledger.assigned.items():
            status = states.get(assignment, ("gone",))[0]
            expected = ("cooling_off", "cancelled") if "cancel" in ledger.attempted.get(assignment, ()) \
                else ("cooling_off",)
            if status not in expected:
                violations.append(f"acknowledged SWA assignment {assignment} ({units} units on {loc}) is {status}")
        for assignment, loc in ledger.cancelled.items():
            if states.get(assignment, ("gone",))[0] != "cancelled":
                violations.append(f"acknowledged cancel of SWA assignment {assignment} on {loc} undone: "
                                  f"{states.get(assignment)}")
        promises = len(ledger.assigned) + len(ledger.cancelled)
    return violations, promises


def stack(activated, catalog):
    """SPEC §2 stacking of activated attachments: {(feature, kind): (value, parts)}. Quantities
    and options add up, versions take the highest."""
    acc = {}
    for a in activated:
        part, number = catalog[a["part_number"]], a["part_number"]
        key = (part["feature"], part["kind"])
        value, parts = acc.get(key, (0, set()))
        if part["kind"] != "version":
            acc[key] = (value + part["amount"] * a["quantity"], parts | {number})
        elif key not in acc or part["amount"] > value:
            acc[key] = (part["amount"], {number})
        elif part["amount"] == value:
            parts.add(number)
    return {key: (value, tuple(sorted(parts))) for key, (value, parts) in acc.items()}


def api_stacked(lic):
    """The API's `stacked` view in the form of stack()."""
    return {(s["feature"], s["kind"]): (s["value"], tuple(s["part_numbers"])) for s in lic["stacked"]}


def parse_license_file(text):
    """(fields, features) of an lms-license/1 file: the `key: value` lines, and the feature
    lines as {(feature, kind): (value, parts)}. ValueError when it is not one."""
    lines = text.split("\n")
    if lines[0] != "-----BEGIN LMS LICENSE-----" or lines[-2:] != ["-----END LMS LICENSE-----", ""]:
        raise ValueError("no BEGIN/END armour")
    fields, features = {}, {}
    for line in lines[1:-2]:
        key, sep, value = line.partition(": ")
        if not sep:
            raise ValueError(f"not a key: value line: {line!r}")
        if key == "feature":
            feature, kind, amount, parts = value.split(" ")
            features[(feature, kind)] = (int(amount), () if parts == "-" else tuple(parts.split(",")))
        else:
            fields[key] = value
    return fields, features


def feature_differences(label, got, want):
    """One line per feature whose value or parts differ from what the activations stack to."""
    out = []
    for key in sorted(set(got) | set(want)):
        (g, gp), (w, wp) = got.get(key, (0, ())), want.get(key, (0, ()))
        if (g, gp) != (w, wp):
            out.append(f"{label} has {key[0]} {key[1]} {g} ({','.join(gp) or '-'}) but the activated attachments "
                       f"stack to {w} ({','.join(wp) or '-'}), {w - g:+d}")
    return out


def instant(timestamp):
    """An RFC 3339 UTC time as a sortable string, whatever its number of fraction digits."""
    whole, _, fraction = timestamp.rstrip("Z").partition(".")
    return whole + "." + fraction.ljust(9, "0")


def missing_from_file(got, want, activated, catalog, ledger, code):
    """Which activation produced the file, and which activated attachment accounts for its
    shortfall exactly, newest first (the likeliest: a concurrent activation it did not see)."""
    producer = ledger.codes.get(code)
    made = next((f"; it came from the activation of {a['id']} ({a['quantity']} x {a['part_number']}) at "
                 f"{a['activated_at']}" for a in activated if a["id"] == producer), "")
    deficit = {k: want.get(k, (0,))[0] - got.get(k, (0,))[0] for k in set(got) | set(want)}
    deficit = {k: v for k, v in deficit.items() if v}
    matches = [a for a in activated
               if a["id"] != producer and {k: v for k, (v, _) in stack([a], catalog).items()} == deficit]
    matches.sort(key=lambda a: instant(a["activated_at"]), reverse=True)
    described = [f"attachment {a['id']} ({a['quantity']} x {a['part_number']}, activated {a['activated_at']}, "
                 f"{'acknowledged' if a['id'] in ledger.activated else 'not acknowledged'})" for a in matches[:3]]
    if not described:
        return made
    more = f" (and {len(matches) - 3} older alike)" if len(matches) > 3 else ""
    return made + "; it lacks exactly " + ", or ".join(described) + more


def verify_signature(binary, env, text, workdir, keys):
    """None when `lms verify` accepts the file, else its complaint."""
    path = os.path.join(workdir, "check.lic")
    with open(path, "w") as f:
        f.write(text)
    result = subprocess.run([binary, "verify", path, "--keys", keys], env=env, capture_output=True, text=True,
                            timeout=60)
    return None if result.returncode == 0 else (result.stderr or result.stdout).strip()


def check_license_file(server, token, loc, lic, setup, ledger, verify):
    """The latest file of a location holds exactly the stacking of its activated attachments."""
    want = stack(lic["activated"], setup["catalog"])
    violations = feature_differences(f"location {loc}: the API's stacked view", api_stacked(lic), want)
    status, headers, raw = request(server, "check", "GET", f"/locations/{loc}/license-file", token)
    if not want:
        return violations + ([] if status == 409 else [f"location {loc} has nothing activated but a file ({status})"])
    if status != 200:
        return violations + [f"location {loc} has activated licenses but no file ({status} {raw[:200]!r})"]
    text = raw.decode()
    try:
        fields, got = parse_license_file(text)
    except ValueError as e:
        return violations + [f"location {loc}: license file malformed ({e}):\n{text}"]
    expected_fields = {"format": "lms-license/1", "kind": "license", "location-id": loc, "system-type": SYSTEM_TYPE,
                       "hwkc": setup["hwkcs"][loc], "activation-code": headers.get("x-activation-code")}
    for key, value in expected_fields.items():
        if fields.get(key) != value:
            violations.append(f"location {loc}: license file says {key}: {fields.get(key)}, expected {value}")
    label = f"location {loc}: the license file issued {fields.get('issued-at')}"
    differences = feature_differences(label, got, want)
    if differences:
        differences[-1] += missing_from_file(got, want, lic["activated"], setup["catalog"], ledger,
                                             fields.get("activation-code"))
    complaint = verify(text)
    if complaint:
        violations.append(f"location {loc}: license file does not verify: {complaint}")
    return violations + differences


def check(server, token, setup, ledger, verify):
    """Reads everything back. Returns (violations, promises checked, files checked)."""
    try:
        lines, licenses = read_back(server, token, setup)
        seen = attachments_seen(licenses)
        with ledger.lock:
            violations = (check_quantities(lines, seen) + check_attaches(ledger, seen)
                          + check_detaches(ledger, seen) + check_activations(ledger, seen))
            promises = len(ledger.attached) + len(ledger.detached) + len(ledger.activated)
        swa_violations, swa_promises = check_swa(server, token, setup, ledger)
        violations, promises = violations + swa_violations, promises + swa_promises
        files = 0
        for loc, lic in licenses.items():
            violations += check_license_file(server, token, loc, lic, setup, ledger, verify)
            files += bool(lic["activated"])
        return violations, promises, files
    except (Unexpected, ServerGone) as e:
        return [f"reading back failed: {e}"], 0, 0


# --- the verdict -------------------------------------------------------------------------------


def describe_round(n, counts, load, violations, files):
    """One line per kill cycle: what was acknowledged, cut off and checked."""
    acked = sum(counts[k] for k in KINDS)
    kinds = ", ".join(f"{counts[k]} {k}" for k in KINDS)
    return (f"round {n}: {acked} acknowledged ({kinds}), {counts['conflicts']} conflicts, "
            f"{counts['in flight']} in flight at the kill after {load:.2f} s; "
            f"{files} license files checked, {len(violations)} violations")


def load_failures(ledger, args):
    """The run must have done something worth checking, in every round."""
    failures = []
    for n, counts in enumerate(ledger.rounds, 1):
        acked = sum(counts[k] for k in KINDS)
        if acked < args.min_acks_per_round:
            failures.append(f"round {n} acknowledged {acked} operations, fewer than {args.min_acks_per_round}: "
                            f"the load did not run")
    if ledger.acknowledged() < args.min_acks:
        failures.append(f"{ledger.acknowledged()} operations acknowledged in all, fewer than {args.min_acks}")
    for kind in KINDS:
        if ledger.acknowledged(kind) < args.min_acks_per_kind:
            failures.append(f"{ledger.acknowledged(kind)} {kind} operations acknowledged, "
                            f"fewer than {args.min_acks_per_kind}: that promise was hardly tested")
    return failures


def report(backend, args, ledger, violations, checked, files):
    """Prints failures to stderr and the summary line; returns the exit code."""
    for e in ledger.errors[:20]:
        print("ERROR", e, file=sys.stderr)
    if len(ledger.errors) > 20:
        print(f"ERROR ... and {len(ledger.errors) - 20} more", file=sys.stderr)
    for v in violations:
        print("VIOLATION", v, file=sys.stderr)
    too_little = load_failures(ledger, args)
    for f in too_little:
        print("TOO LITTLE LOAD", f, file=sys.stderr)
    fewest = min((sum(r[k] for k in KINDS) for r in ledger.rounds), default=0)
    kinds = ", ".join(f"{ledger.acknowledged(k)} {k}" for k in KINDS)
    print(f"crash test ({backend}): {len(ledger.rounds)} kills survived, {ledger.acknowledged()} operations "
          f"acknowledged ({kinds}; fewest in a round {fewest}), {checked} promises checked, {files} license files "
          f"checked, {sum(r['in flight'] for r in ledger.rounds)} in flight at a kill, {len(ledger.errors)} errors, "
          f"{len(violations)} violations")
    return 1 if ledger.errors or violations or too_little else 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=1.5, help="load before each kill, at most")
    parser.add_argument("--min-acks-per-round", type=int, default=5)
    parser.add_argument("--min-acks", type=int, default=200, help="acknowledged operations in the whole run")
    parser.add_argument("--min-acks-per-kind", type=int, default=20, help="of each kind (attach, detach, activate, assign, cancel)")
    return parser.parse_args()


def main():
    args = parse_args()
    data = tempfile.mkdtemp(prefix="lms-crash-")
    env = dict(os.environ, LMS_DATA_DIR=data, LMS_BIND="127.0.0.1:0", LMS_LOG="error",
               LMS_BOOTSTRAP_ADMIN_EMAIL=ADMIN[0], LMS_BOOTSTRAP_ADMIN_PASSWORD=ADMIN[1],
               LMS_CONFIG=os.path.join(data, "none.toml"), LMS_LOGIN_MAX_FAILURES="1000")
    env["LMS_DATABASE_URL"] = args.database_url or f"sqlite://{data}/crash.db"
    backend = "postgres" if args.database_url else "sqlite"

    server, ledger = Server(args.bin, env, os.path.join(data, "server.log")), Ledger()
    violations, checked, files = [], 0, 0
    keys = os.path.join(data, "keys.json")
    verify = functools.partial(verify_signature, args.bin, env, workdir=data, keys=keys)
    try:
        server.start()
        setup = set_up(server)
        for n in range(1, args.kills + 1):
            token = login(server, setup["email"], DEALER_PASSWORD)
            load = run_round(server, token, setup, ledger, args)
            server.start()
            token = login(server, setup["email"], DEALER_PASSWORD)
            with open(keys, "wb") as f:
                f.write(request(server, "check", "GET", "/license-signing-keys")[2])
            found, promises, round_files = check(server, token, setup, ledger, verify)
            violations += [f"after kill {n}: {v}" for v in found]
            checked, files = checked + promises, files + round_files
            print(describe_round(n, ledger.rounds[-1], load, found, round_files), flush=True)
    except (Unexpected, ServerGone) as e:
        violations.append(f"the run stopped: {e}")
    finally:
        server.kill()
    code = report(backend, args, ledger, violations, checked, files)
    if code:
        print(f"data directory kept for inspection: {data}", file=sys.stderr)
    else:
        shutil.rmtree(data, ignore_errors=True)
    sys.exit(code)


if __name__ == "__main__":
    main()

"""Row 2's baseline: pgbench running the SQL statements one activation cycle issues.

The statements are not written by hand: bench/run.py starts the server with its SQL trace on
(`LMS_LOG=…,lms_store::sql=debug`, crates/store/src/sql_trace.rs), runs one cycle (attach,
activate, download the file) and reads back every statement with its bind values, in order.
`script` turns them into a pgbench script, each statement's text exactly as the server sent
it, each bind a pgbench variable (sent as a parameter with -M prepared, as diesel does):

- the client's own location, PO line and PO come from a table of the clients (`bench_clients`),
  so every pgbench client works on its own rows as every wrk connection does;
- an id the cycle creates (a UUID some INSERT writes as a row's `id`) is a fresh
  `gen_random_uuid()` per cycle, and every use of it the same variable;
- a timestamp is `now()` of the cycle;
- a license file's revision is 1 + the `max(revision)` the statement before it read, as the
  server computes it (the one value a unique index holds to the database's state);
- everything else (quantities, limits, the audit details, the file's bytes) is the value
  the server sent, a constant.

One statement is added per cycle: the SELECT that reads the client's rows, the fresh ids and
the time into variables (`\\gset`). None binds are sent as a literal NULL (pgbench variables
cannot be NULL).
"""

import json
import re
import subprocess

TARGET = "lms_store::sql"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?$")
PLACEHOLDER = re.compile(r"\$(\d+)")


def one_cycle(call, token, client):
    """Attach one unit, activate it, download the file: what row 2 measures per operation."""
    loc, line = client["loc"], client["line"]
    _, body = call("POST", f"/locations/{loc}/attachments", token,
                   {"lines": [{"po_line_id": line, "quantity": 1}]}, expect=201)
    call("POST", f"/locations/{loc}/activations", token,
         {"attachment_ids": [body[0]["id"]], "accept_license_agreement": True}, expect=201)
    call("GET", f"/locations/{loc}/license-file", token, expect=200)


def read_trace(log_path, offset):
    """The statements the server traced after `offset` of its (JSON) log: [(sql, binds)]."""
    out = []
    with open(log_path, errors="replace") as f:
        f.seek(offset)
        for line in f:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("target") != TARGET:
                continue
            message = event.get("fields", {}).get("message", "")
            sql, sep, binds = message.partition(" -- binds: ")
            out.append((sql.strip(), parse_binds(binds) if sep else []))
    if not out:
        raise ValueError(f"no SQL traced in {log_path}: is the trace target {TARGET} enabled?")
    return out


# --- Rust Debug values: "text", 12, 2026-12-09T10:00:00.5, true, None, Some(x), [1, 2] ----------


def parse_binds(text):
    value, rest = _value(text.strip())
    if not isinstance(value, list):
        raise ValueError(f"binds are not a list: {text[:200]}")
    return value


def _value(s):
    s = s.lstrip()
    if s.startswith('"'):
        return _string(s)
    if s.startswith("["):
        items, s = [], s[1:].lstrip()
        while not s.startswith("]"):
            item, s = _value(s)
            items.append(item)
            s = s.lstrip()
            if s.startswith(","):
                s = s[1:].lstrip()
        return items, s[1:]
    if s.startswith("Some("):
        inner, s = _value(s[5:])
        s = s.lstrip()
        assert s.startswith(")"), s[:50]
        return inner, s[1:]
    m = re.match(r"[^,\])]+", s)
    token, s = m.group(0).strip(), s[m.end():]
    if token == "None":
        return None, s
    if token in ("true", "false"):
        return token == "true", s
    if re.fullmatch(r"-?\d+", token):
        return int(token), s
    if re.fullmatch(r"-?\d+\.\d+(e-?\d+)?", token):
        return float(token), s
    return Bare(token), s


class Bare(str):
    """A value Debug prints without quotes (timestamps, dates)."""


def _string(s):
    out, i = [], 1
    escapes = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}
    while s[i] != '"':
        if s[i] == "\\":
            if s[i + 1] == "u":
                end = s.index("}", i)
                out.append(chr(int(s[i + 3:end], 16)))
                i = end + 1
                continue
            out.append(escapes[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out), s[i + 1:]


# --- the script -------------------------------------------------------------------------------


class Script:
    def __init__(self, text, constants, statements, clients_sql):
        self.text, self.constants, self.statements, self.clients_sql = text, constants, statements, clients_sql


def as_text(value):
    """A bind value as the text pgbench sends for it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(isinstance(v, int) for v in value):  # bytes
        return "\\x" + bytes(value).hex()
    if isinstance(value, list):  # an array, for `= ANY($n)`
        return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value) + "}"
    return str(value)


def script(statements, client):
    """The pgbench script replaying `statements`, captured for `client`: its loc, line and po
    are per-client values."""
    per_client = {client["loc"]: "loc", client["line"]: "line", client["po"]: "po"}
    # The rows a cycle creates: every id an INSERT writes (used before, too: an activation's
    # id is written on its attachments before its own row).
    created = {binds[n - 1] for sql, binds in statements if sql.lstrip().upper().startswith("INSERT")
               for n in range(1, len(binds) + 1) if _column_of(sql, n) == "id"}
    names, fresh, constants, lines = {}, [], {}, []
    uses_now = False
    for index, (sql, binds) in enumerate(statements):
        is_insert = sql.lstrip().upper().startswith("INSERT")
        params = {}
        for n, value in enumerate(binds, 1):
            key = (type(value).__name__, as_text(value)) if value is not None else None
            if value is None:
                params[n] = "NULL"
            elif isinstance(value, str) and value in per_client:
                params[n] = ":" + per_client[value]
            elif isinstance(value, list) and len(value) == 1 and value[0] in per_client:
                params[n] = ":" + per_client[value[0]] + "_arr"
            elif isinstance(value, str) and UUID.match(value) and value in created:
                if key not in names:
                    names[key] = f"id{len(fresh) + 1}"
                    fresh.append(names[key])
                params[n] = ":" + names[key]
            elif isinstance(value, str) and TIMESTAMP.match(value):
                uses_now = True
                params[n] = ":ts"
            elif is_insert and '"revision"' in sql and _column_of(sql, n) == "revision":
                params[n] = ":rev"
            else:
                if key not in names:
                    names[key] = f"c{len(constants) + 1}"
                    constants[names[key]] = as_text(value)
                params[n] = ":" + names[key]
        text = PLACEHOLDER.sub(lambda m: params[int(m.group(1))], sql)
        if 'max("license_files"."revision")' in sql:
            lines.append(text + " \\gset rev_")  # the column is `max`: :rev_max
            lines.append("\\set rev 1 + :rev_max")
        else:
            lines.append(text + ";")
    header = ["-- One activation cycle as the server ran it (bench/pgbench.py); generated, do not edit.",
              "SELECT c.loc, c.line, c.po, c.loc_arr, c.line_arr, c.po_arr" + (", now()::timestamp(6)::text AS ts" if uses_now else "")
              + "".join(f", gen_random_uuid()::text AS {f}" for f in fresh)
              + " FROM bench_clients c WHERE c.id = :client_id \\gset"]
    text = "\n".join(header + lines) + "\n"
    return Script(text, constants, len(statements), None)


def _column_of(sql, n):
    """The column an INSERT's $n goes into (single-row VALUES lists)."""
    m = re.match(r'\s*INSERT INTO\s+\S+\s*\(([^)]*)\)\s*VALUES\s*\((.*)\)', sql, re.S)
    if not m:
        return None
    columns = [c.strip().strip('"') for c in m.group(1).split(",")]
    values = [v.strip() for v in m.group(2).split(",")]
    for column, value in zip(columns, values):
        if value == f"${n}":
            return column
    return None


def create_clients_table(db_url, clients):
    rows = ", ".join(f"({i}, '{c['loc']}', '{c['line']}', '{c['po']}', '{{{c['loc']}}}', '{{{c['line']}}}', "
                     f"'{{{c['po']}}}')" for i, c in enumerate(clients))
    subprocess.run(["psql", db_url, "-v", "ON_ERROR_STOP=1", "-qAtc",
                    "DROP TABLE IF EXISTS bench_clients; "
                    "CREATE TABLE bench_clients (id int PRIMARY KEY, loc text, line text, po text, "
                    "loc_arr text, line_arr text, po_arr text); "
                    f"INSERT INTO bench_clients VALUES {rows}"], check=True, capture_output=True, timeout=60)


def find_pgbench():
    import glob
    import shutil
    found = shutil.which("pgbench") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"))), None)
    if not found:
        raise FileNotFoundError("pgbench is not installed (Debian: postgresql-client or postgresql)")
    return found


def run(db_url, script_path, clients, script_, seconds):
    """One bounded pgbench run with as many clients as `clients`; its transactions (cycles)."""
    cmd = [find_pgbench(), "-n", "-M", "prepared", "-c", str(len(clients)), "-j", "2",
           "-T", str(max(1, round(seconds))), "-f", script_path]
    for name, value in script_.constants.items():
        cmd += ["-D", f"{name}={value}"]
    out = subprocess.run(cmd + [db_url], capture_output=True, text=True, timeout=seconds + 120)
    processed = re.search(r"number of transactions actually processed: (\d+)", out.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    duration = re.search(r"duration: (\d+) s", out.stdout)
    aborted = "aborted" in out.stderr or out.returncode != 0
    if not processed:
        raise RuntimeError(f"pgbench failed (exit {out.returncode}): {out.stderr[-1500:]}")
    return {"transactions": int(processed.group(1)), "seconds": float(duration.group(1)) if duration else seconds,
            "failed": (int(failed.group(1)) if failed else 0) + (1 if aborted else 0),
            "stderr": out.stderr[-1500:] if aborted else ""}


def warm_up(db_url, script_path, clients, script_):
    create_clients_table(db_url, clients)
    result = run(db_url, script_path, clients, script_, 1)
    if result["failed"]:
        raise RuntimeError(f"pgbench cannot replay the cycle: {result['stderr']}")
    return result

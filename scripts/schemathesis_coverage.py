"""Fails a schemathesis run that tested less than it seems to.

Reads the run's HAR report and the served OpenAPI document, and checks that every operation
was called and that none was answered only with 401: a run whose token died part way (a
changed password, a revoked key) reports "0 failures" while testing nothing behind the
login. Prints, per role, how many operations reached a 2xx answer.

Usage: schemathesis_coverage.py OPENAPI_JSON HAR_FILE ROLE
"""

import json
import re
import sys
from collections import defaultdict
from urllib.parse import urlparse


def templates(doc):
    """(method, compiled path regex, template) for every operation; literal paths first."""
    ops = []
    for path, item in doc["paths"].items():
        regex = re.compile("^" + re.sub(r"\{[^}/]+\}", "[^/]+", path) + "/?$")
        literals = len([s for s in path.split("/") if s and not s.startswith("{")])
        for method in item:
            ops.append((method.upper(), regex, path, literals))
    ops.sort(key=lambda o: -o[3])
    return ops


def main():
    doc = json.load(open(sys.argv[1], encoding="utf-8"))
    har = json.load(open(sys.argv[2], encoding="utf-8"))
    role = sys.argv[3]
    ops = templates(doc)
    statuses = defaultdict(list)
    for entry in har["log"]["entries"]:
        method = entry["request"]["method"]
        path = urlparse(entry["request"]["url"]).path
        match = next((t for m, r, t, _ in ops if m == method and r.match(path)), None)
        if match:
            statuses[(method, match)].append(entry["response"]["status"])
    problems = []
    for method, _, path, _ in ops:
        seen = statuses.get((method, path), [])
        if not seen:
            problems.append(f"{method} {path}: never called")
        elif all(s == 401 for s in seen):
            problems.append(f"{method} {path}: only 401 in {len(seen)} calls (the session died?)")
    reached = sum(1 for seen in statuses.values() if any(200 <= s < 300 for s in seen))
    print(f"coverage {role}: {len(statuses)} of {len(ops)} operations called, "
          f"{reached} reached a 2xx answer, {sum(map(len, statuses.values()))} calls")
    for p in problems:
        print(f"  {p}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()

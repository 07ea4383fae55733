#!/usr/bin/env bash
# Schemathesis against the real server: every operation of the served /openapi.json, all
# checks, with real tokens and real object ids, on a fresh SQLite database with demo data.
# Runs once as the demo dealer and once as the demo vendor admin; fails on any failure.
#
#   LMS_BIN           the server binary (default $CARGO_TARGET_DIR/debug/lms)
#   ST_MAX_EXAMPLES   test cases per operation and phase (default 50: about a minute for both runs on 2 cores)
#   ST_SEED           hypothesis seed (default fixed, so CI is repeatable; "random" for a new one)
#   ST_KEEP           1 keeps the temporary directory (server log, reports)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ST_VERSION=4.32.5
VENV=$ROOT/.venv
LMS_BIN=${LMS_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/lms}
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-50}
SEED=${ST_SEED:-20261129}

[ -x "$LMS_BIN" ] || { echo "schemathesis: no server binary at $LMS_BIN (cargo build --bin lms)"; exit 2; }
LMS_BIN=$(cd "$(dirname "$LMS_BIN")" && pwd)/$(basename "$LMS_BIN")

if [ "$("$VENV/bin/st" --version 2>/dev/null)" != "st, version $ST_VERSION" ]; then
  echo "== installing schemathesis $ST_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${ST_KEEP:-0}" = 1 ]; then echo "schemathesis: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# A server of its own: fresh data directory, any free port, no config file, and a login
# throttle high enough that generated wrong passwords do not lock the run out with 429s.
export LMS_CONFIG=$work/none.toml
export LMS_DATA_DIR=$work/data
# LMS_SCHEMATHESIS_DATABASE_URL: an empty PostgreSQL database to run on instead (CI does).
export LMS_DATABASE_URL=${LMS_SCHEMATHESIS_DATABASE_URL:-sqlite://lms.db}
export LMS_BIND=127.0.0.1:0
export LMS_LOGIN_MAX_FAILURES=1000000
export LMS_PORTAL_DIR=$work/no-portal
export LMS_LOG=${LMS_LOG:-warn}
mkdir -p "$LMS_DATA_DIR"
cd "$work"

# shellcheck source=scripts/demo_server.sh
. "$ROOT/scripts/demo_server.sh"
start_demo_server "schemathesis" || exit 1
echo "== LMS under test at $url"

"$VENV/bin/python" "$ROOT/scripts/schemathesis_setup.py" "$url" "$work"
"$VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' \
  "$url/openapi.json" "$work/openapi.json"

# One worker: with two threads, CPython 3.11's ast module sometimes fails inside Hypothesis
# ("AST constructor recursion depth mismatch"), a runtime error unrelated to the API.
seed_args=()
[ "$SEED" = random ] || seed_args=(--seed "$SEED")

status=0
summary=()
for role in dealer admin; do
  echo "== schemathesis as the demo $role (max $MAX_EXAMPLES examples per operation)"
  started=$SECONDS
  set +e
  "$VENV/bin/st" --config-file "$work/$role.toml" run "$url/openapi.json" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    "${seed_args[@]}" \
    --workers 1 \
    --no-color \
    --report json,har --report-json-path "$work/$role.json" --report-har-path "$work/$role.har" \
    2>&1 | tee "$work/$role.log" | grep -v '^\s*$' | sed -n '/=== FAILURES ===/,$p;/SUMMARY/,$p' | uniq
  rc=${PIPESTATUS[0]}
  set -e
  line=$("$VENV/bin/python" - "$work/$role.json" "$role" $((SECONDS - started)) <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
ops, cases = report["operations"], report["test_cases"]
failures = sum(f["count"] for f in report["failures"])
errors = sum(e["count"] for e in report["errors"])
print(f"{sys.argv[2]}: {ops['tested']} operations, {cases['generated']} test cases, "
      f"{failures} failures, {errors} errors in {sys.argv[3]} s")
EOF
  ) || line="$role: no report (exit $rc)"
  summary+=("$line")
  [ "$rc" -eq 0 ] || status=1
  # A run whose session died part way says "0 failures" while testing nothing behind the
  # login: every operation must be called and answered with something other than 401.
  "$VENV/bin/python" "$ROOT/scripts/schemathesis_coverage.py" "$work/openapi.json" "$work/$role.har" "$role" \
    || status=1
done

if grep -q "internal error\|panicked" "$work/server.err"; then
  echo "== the server logged internal errors:"
  grep -m 20 "internal error\|panicked" "$work/server.err" || true
  status=1
fi
echo "== schemathesis summary"
printf '  %s\n' "${summary[@]}"
exit $status

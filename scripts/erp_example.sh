#!/usr/bin/env bash
# Runs examples/erp_client.py — an ERP integration in plain Python — against a real server on
# fresh demo data, then checks the license file it downloaded with `lms verify` and the keys
# the server publishes; then generates a typed Python client from openapi/openapi.json with a
# pinned openapi-python-client (in .venv-client) and runs examples/generated_client.py with it.
# Loopback only; the server and its data are removed afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LMS_BIN=${LMS_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/lms}
[ -x "$LMS_BIN" ] || { echo "erp example: no server binary at $LMS_BIN (cargo build --bin lms)"; exit 2; }
LMS_BIN=$(cd "$(dirname "$LMS_BIN")" && pwd)/$(basename "$LMS_BIN")

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

export LMS_CONFIG=$work/none.toml LMS_DATA_DIR=$work/data LMS_DATABASE_URL=sqlite://lms.db
export LMS_BIND=127.0.0.1:0 LMS_PORTAL_DIR=$work/no-portal LMS_LOG=${LMS_LOG:-warn}
cd "$work"
# shellcheck source=scripts/demo_server.sh
. "$ROOT/scripts/demo_server.sh"
start_demo_server "erp example" || exit 1

mkdir -p "$work/out"
python3 "$ROOT/examples/erp_client.py" --url "$url" --out "$work/out"
python3 - "$url/api/v1/license-signing-keys" >"$work/keys.json" <<'PY'
import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())
PY
for file in "$work"/out/*; do
  "$LMS_BIN" verify "$file" --keys "$work/keys.json" >/dev/null
  echo "erp example: $(basename "$file") verifies with the published keys"
done
[ -n "$(ls "$work/out")" ] || { echo "erp example: no license file was downloaded"; exit 1; }

# The README's one command for a typed client in another language, the generator pinned.
GENERATOR=openapi-python-client
GENERATOR_VERSION=0.29.1
venv=$ROOT/.venv-client
if [ "$("$venv/bin/$GENERATOR" --version 2>/dev/null)" != "$GENERATOR version: $GENERATOR_VERSION" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$GENERATOR==$GENERATOR_VERSION"
fi
printf 'post_hooks: []\n' >"$work/generator.yaml"
(cd "$work" && "$venv/bin/$GENERATOR" generate --path "$ROOT/openapi/openapi.json" --meta none \
  --output-path lms_client --config "$work/generator.yaml" >"$work/generate.log" 2>&1) \
  || { cat "$work/generate.log"; exit 1; }
PYTHONPATH=$work "$venv/bin/python" "$ROOT/examples/generated_client.py" "$url"

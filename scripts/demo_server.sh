# Sourced by the scripts that test a real server on demo data (schemathesis.sh,
# erp_example.sh). `start_demo_server LABEL` seeds the demo data and starts `$LMS_BIN serve`
# in `$work`, with the LMS_* environment the caller exported; it sets `server_pid` (for the
# caller's clean-up) and `url` once the server says where it listens, or fails.
start_demo_server() {
  local label=$1
  "$LMS_BIN" seed-demo >"$work/seed.log" 2>&1 || { cat "$work/seed.log"; return 1; }
  "$LMS_BIN" serve >"$work/server.out" 2>"$work/server.err" &
  server_pid=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^LMS listening on \(http:\/\/[^ ]*\).*/\1/p' "$work/server.out" | head -n1)
    [ -n "$url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err"; echo "$label: the server did not start"; return 1; }
    sleep 0.1
  done
  echo "$label: the server did not say where it listens"
  return 1
}

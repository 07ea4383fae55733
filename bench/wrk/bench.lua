-- wrk script of `make bench` (bench/run.py). BENCH_MODE chooses what each connection does:
--   get         the URL as given, with the -H headers (wrk builds the request once)
--   activation  attach 1 unit → activate it → download the license file; an operation is
--               the whole cycle (row 2)
--   writers     attach 1 unit → detach it, attach 1 unit → activate it; an operation is one
--               write (row 5)
-- Each thread has one connection (-t N -c N) and its own location and PO line, read from the
-- Lua file BENCH_CLIENTS names ({ {loc=…, line=…}, … }); BENCH_TOKEN is the bearer token.
-- done() prints one line `BENCH_JSON {…}` with the totals.

local mode = os.getenv("BENCH_MODE") or "get"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local function clean(s)
  return (tostring(s or ""):sub(1, 300):gsub('[%c"\\]', " "))
end

function done(summary, latency, requests)
  local ops, bad, s5xx, first_bad = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    ops = ops + (t:get("ops") or 0)
    bad = bad + (t:get("bad") or 0)
    s5xx = s5xx + (t:get("s5xx") or 0)
    if first_bad == "" then first_bad = t:get("first_bad") or "" end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"mode":"%s","requests":%d,"duration_us":%d,"status_errors":%d,' ..
    '"socket_errors":%d,"ops":%d,"bad":%d,"s5xx":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"first_bad":"%s"}\n',
    mode, summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout, ops, bad, s5xx,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), clean(first_bad)))
end

if mode == "get" then
  return
end

local me, token
local step, attachment, cycle = "attach", nil, 0
ops, bad, s5xx, first_bad = 0, 0, 0, ""

function init(args)
  local clients = dofile(os.getenv("BENCH_CLIENTS"))
  me = clients[((index - 1) % #clients) + 1]
  token = os.getenv("BENCH_TOKEN")
end

local function send(method, path, body)
  local headers = { ["Authorization"] = "Bearer " .. token }
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, "/api/v1/locations/" .. me.loc .. path, headers, body)
end

function request()
  if step == "attach" then
    return send("POST", "/attachments",
      '{"lines":[{"po_line_id":"' .. me.line .. '","quantity":1}]}')
  elseif step == "activate" then
    return send("POST", "/activations",
      '{"attachment_ids":["' .. attachment .. '"],"accept_license_agreement":true}')
  elseif step == "detach" then
    return send("DELETE", "/attachments/" .. attachment)
  else
    return send("GET", "/license-file")
  end
end

local expected = { attach = 201, activate = 201, detach = 204, file = 200 }

function response(status, headers, body)
  if status ~= expected[step] then
    bad = bad + 1
    if status >= 500 then s5xx = s5xx + 1 end
    if first_bad == "" then first_bad = step .. " " .. status .. " " .. (body or "") end
    step = "attach"
    return
  end
  if step == "attach" then
    attachment = body:match('"id"%s*:%s*"([%x%-]+)"')
    cycle = cycle + 1
    if mode == "writers" then
      ops = ops + 1
      step = (cycle % 2 == 0) and "detach" or "activate"
    else
      step = "activate"
    end
  elseif step == "activate" then
    if mode == "writers" then ops = ops + 1; step = "attach" else step = "file" end
  elseif step == "detach" then
    ops = ops + 1
    step = "attach"
  else
    ops = ops + 1
    step = "attach"
  end
end

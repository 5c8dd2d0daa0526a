-- wrk script: the HTTP stack's ceiling, a minimal authenticated route (GET /v1/me: the token
-- checked, one indexed read), with the tokens of the setup file (see expenses.lua).
--   wrk -c 32 -t 2 -d 20s -s ops/load/wrk/me.lua http://127.0.0.1:8080 -- SETUP
-- done() prints one JSON line "wrk-result {...}" with the figures.

local tokens = {}
local next_token = 1
thread_id = 0
local threads = {}
ok = 0
failed = 0

function setup(thread)
  thread:set("thread_id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  for line in io.lines(args[1]) do
    local token = line:match("^([^\t]+)\t")
    if token then tokens[#tokens + 1] = token end
  end
  if #tokens == 0 then error("no tokens in " .. tostring(args[1])) end
  next_token = (thread_id * 7919) % #tokens + 1
end

function request()
  local token = tokens[next_token]
  next_token = next_token % #tokens + 1
  return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else failed = failed + 1 end
end

function done(summary, latency, requests)
  local oks, fails = 0, 0
  for _, thread in ipairs(threads) do
    oks = oks + (thread:get("ok") or 0)
    fails = fails + (thread:get("failed") or 0)
  end
  io.write(string.format(
    'wrk-result {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50ms":%.2f,"p99ms":%.2f,' ..
    '"maxms":%.2f,"acked":%d,"non2xx":%d,"socketErrors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    oks, fails, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end

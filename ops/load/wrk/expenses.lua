-- wrk script: expense commands (POST /v1/groups/{g}/expenses), each with a new client-chosen
-- UUID, spread over the groups of the setup file, each as its own owner (ADR 0063).
--   wrk -c 32 -t 2 -d 20s -s ops/load/wrk/expenses.lua http://127.0.0.1:8080 -- SETUP ACKDIR
-- SETUP: one line per group, "token<TAB>groupId<TAB>memberId" (ops/load/wrk.ts writes it).
-- ACKDIR: each thread writes the ids of the writes answered 201 there, one a line, so that the
-- driver can check that every acknowledged write is in the event store.
-- done() prints one JSON line "wrk-result {...}" with the figures.

local groups = {}
local next_group = 1
local counter = 0
local node = 0
local acked_file = nil
thread_id = 0
local threads = {}
acked = 0
failed = 0

local function read_setup(path)
  local out = {}
  for line in io.lines(path) do
    local token, group, member = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if token then out[#out + 1] = { token = token, group = group, member = member } end
  end
  return out
end

function setup(thread)
  thread:set("thread_id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  groups = read_setup(args[1])
  if #groups == 0 then error("no groups in " .. tostring(args[1])) end
  next_group = (thread_id * 7919) % #groups + 1
  math.randomseed(os.time() * 1000 + thread_id)
  node = math.random(0, 0xffffffff)
  acked_file = assert(io.open(args[2] .. "/acked-" .. thread_id .. ".txt", "w"))
  acked_file:setvbuf("line")
end

-- A UUIDv7-shaped id, unique per thread (node) and request (counter).
local function new_id()
  counter = counter + 1
  local ms = math.floor(os.time() * 1000)
  return string.format("%08x-%04x-7%03x-%04x-%08x%04x",
    math.floor(ms / 65536) % 0x100000000, ms % 65536, thread_id % 0x1000,
    0x8000 + math.floor(counter / 0x10000) % 0x4000, node, counter % 0x10000)
end

function request()
  local g = groups[next_group]
  next_group = next_group % #groups + 1
  local cents = 100 + counter % 9900
  local amount = string.format("%d.%02d", math.floor(cents / 100), cents % 100)
  local body = string.format(
    '{"id":"%s","description":"Load","total":{"amount":"%s","currency":"EUR"},' ..
    '"date":"2026-11-01","category":"food","paidBy":[{"memberId":"%s","amount":"%s"}],' ..
    '"split":{"mode":"equal","shares":[{"memberId":"%s"}]}}',
    new_id(), amount, g.member, amount, g.member)
  return wrk.format("POST", "/v1/groups/" .. g.group .. "/expenses", {
    ["Authorization"] = "Bearer " .. g.token,
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 201 then
    local id = body:match('"id":"([0-9a-f%-]+)"')
    if id then acked_file:write(id, "\n") end
    acked = acked + 1
  else
    failed = failed + 1
  end
end

function done(summary, latency, requests)
  local acks, fails = 0, 0
  for _, thread in ipairs(threads) do
    acks = acks + (thread:get("acked") or 0)
    fails = fails + (thread:get("failed") or 0)
  end
  io.write(string.format(
    'wrk-result {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50ms":%.2f,"p99ms":%.2f,' ..
    '"maxms":%.2f,"acked":%d,"non2xx":%d,"socketErrors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    acks, fails, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout))
end

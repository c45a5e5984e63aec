-- Each request signs with a new email; responses are counted by what they say.
-- After `deadline` (epoch seconds) no more requests start, so every signature sent
-- is answered before wrk stops: the count of 2xx answers is then exact.
--
-- With `rate` > 0 the run is paced (open loop): each wrk thread sends its share of
-- `rate` requests a second on a fixed schedule, whatever the answers' speed, spread
-- over all its connections. The time a request was due is put in its email address
-- (which the answer shows), and its latency is counted from then, not from when it was
-- sent: a server that falls behind is charged for the wait (no coordinated omission).
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local threads = {}
local next_id = 0

setup = function(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

init = function(args)
  prefix, token, path, deadline = args[1], args[2], args[3], tonumber(args[4])
  rate, thread_count = tonumber(args[5]), tonumber(args[6])
  counter, signed, other, statuses = 0, 0, 0, ""
  -- Paced runs: the schedule of this thread, the due times handed out but not yet sent,
  -- and a histogram of latencies in whole milliseconds (from the due time).
  interval = rate > 0 and (1000 * thread_count / rate) or 0
  next_due = now_ms() + 50 + id * interval / thread_count
  due_times, first_due, last_due = {}, 1, 0
  histogram, paced = {}, 0
end

delay = function()
  if os.time() >= deadline then return 600000 end
  if interval == 0 then return 0 end
  local due = next_due
  next_due = next_due + interval
  last_due = last_due + 1
  due_times[last_due] = due
  local wait = due - now_ms()
  if wait < 0 then return 0 end
  return math.floor(wait)
end

request = function()
  counter = counter + 1
  local due = 0
  if interval > 0 and first_due <= last_due then
    due = due_times[first_due]
    due_times[first_due] = nil
    first_due = first_due + 1
  end
  local body = "name=Bench+Signer&postcode=NG1+5FS&form_token=" .. token ..
    "&email=" .. prefix .. "-" .. id .. "-" .. counter .. "-" ..
    string.format("%.0f", due) .. "%40bench.example.org"
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end

response = function(status, headers, body)
  if status >= 200 and status < 300 and string.find(body, "Check your email", 1, true) then
    signed = signed + 1
    if interval > 0 then
      local due = tonumber(string.match(body, "%-(%d+)@bench%.example%.org"))
      if due and due > 0 then
        local ms = math.floor(now_ms() - due)
        if ms < 0 then ms = 0 end
        histogram[ms] = (histogram[ms] or 0) + 1
        paced = paced + 1
      end
    end
  else
    other = other + 1
    if string.len(statuses) < 200 then statuses = statuses .. status .. " " end
  end
end

done = function(summary, latency, requests)
  local total_signed, total_other, seen = 0, 0, ""
  local merged, measured = {}, 0
  for _, thread in ipairs(threads) do
    total_signed = total_signed + thread:get("signed")
    total_other = total_other + thread:get("other")
    seen = seen .. thread:get("statuses")
    measured = measured + thread:get("paced")
    for ms, count in pairs(thread:get("histogram")) do
      merged[ms] = (merged[ms] or 0) + count
    end
  end
  -- Percentiles of the paced latencies (from the due time), in milliseconds.
  local keys = {}
  for ms in pairs(merged) do table.insert(keys, ms) end
  table.sort(keys)
  local function percentile(p)
    local wanted, seen_count = math.ceil(measured * p / 100), 0
    for _, ms in ipairs(keys) do
      seen_count = seen_count + merged[ms]
      if seen_count >= wanted then return ms end
    end
    return -1
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "signed": %d, ' ..
    '"other": %d, "other_statuses": "%s", ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "stdev": %.1f, "min": %d, "max": %d, ' ..
    '"p50": %d, "p75": %d, "p90": %d, "p95": %d, "p99": %d}, ' ..
    '"paced": {"measured": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, total_signed, total_other, seen,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.min, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99),
    measured, percentile(50), percentile(90), percentile(95), percentile(99), percentile(100)
  ))
end

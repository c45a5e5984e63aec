-- Each request sends a different set of answers to the 20-question survey; answers are
-- counted by their status (303 = accepted). After `deadline` no new request starts, so
-- every response sent is answered before wrk stops and the count of 303s is exact.
local threads = {}
local next_id = 0

setup = function(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

init = function(args)
  token, cookie, path, deadline, label = args[1], args[2], args[3], tonumber(args[4]), args[5]
  counter, accepted, other, statuses = 0, 0, 0, ""
  codes = {"a", "b", "c", "d", "e"}
end

local function pick(n)
  return codes[((n * 7 + id * 3) % 5) + 1]
end

request = function()
  counter = counter + 1
  local n = counter
  local body = "csrfmiddlewaretoken=" .. token
  for q = 1, 8 do
    body = body .. string.format("&q%02d=%s", q, pick(n + q))
  end
  for q = 9, 11 do
    body = body .. string.format("&q%02d=%s&q%02d=%s", q, pick(n + q), q, pick(n + q + 2))
  end
  for q = 12, 14 do
    body = body .. string.format("&q%02d=%d", q, ((n + q) % 5) + 1)
  end
  body = body .. "&q15__r1=" .. ((n % 5) + 1) .. "&q15__r2=" .. (((n + 1) % 5) + 1) ..
    "&q15__r3=" .. (((n + 2) % 5) + 1)
  body = body .. "&q16=" .. (n % 200) .. "&q17=" .. ((n * 13) % 1000)
  body = body .. "&q18=" .. label .. "+" .. id .. "-" .. n
  body = body .. "&q19=We+lost+our+grant+to+a+contract+" .. n .. "&q20=on"
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = cookie,
  }, body)
end

delay = function()
  if os.time() >= deadline then return 600000 end
  return 0
end

response = function(status, headers, body)
  if status == 303 then
    accepted = accepted + 1
  else
    other = other + 1
    if string.len(statuses) < 200 then statuses = statuses .. status .. " " end
  end
end

done = function(summary, latency, requests)
  local total_accepted, total_other, seen = 0, 0, ""
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_other = total_other + thread:get("other")
    seen = seen .. thread:get("statuses")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "accepted": %d, "other": %d, ' ..
    '"other_statuses": "%s", ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "p50": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, total_accepted, total_other, seen,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max
  ))
end

-- wrk script of the Express benchmark: every request is the same JSON POST
-- with a Bearer token (both from the environment, set by bench.mjs), and
-- the run ends with one JSON line that bench.mjs parses:
--   {"requests":…, "duration_us":…, "non2xx":…, "socket_errors":…, "p50_us":…, "p99_us":…}
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean))
end

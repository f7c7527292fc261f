-- wrk script: print the 95th percentile latency (wrk's own --latency stops at 50/75/90/99).
done = function(summary, latency, requests)
  io.write(string.format("p95_ms %.3f\n", latency:percentile(95) / 1000))
end

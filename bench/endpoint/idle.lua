-- wrk script for bench/endpoint/run: keeps connections open and almost idle
-- (one small request every few seconds, inside the keep-alive timeout).
wrk.path = "/api/v1/health"
function delay()
  return 3000 + math.random(1000)
end

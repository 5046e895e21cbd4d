-- wrk script for bench/endpoint/run: POSTs sealed simulated contributions
-- (docs/sealed-submission.md) through many invite links. The bodies are a
-- pool sealed before the run, each with its own submission id; the threads
-- walk it without overlap, so until the pool is used up every request is a
-- new contribution the endpoint must open, validate, merge and commit.
local bodies, paths = {}, {}
local counter = 0

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  return out
end

function setup(thread)
  counter = counter + 1
  thread:set("thread_seed", counter)
end

function init(args)
  bodies = lines(os.getenv("SOS_BENCH_BODIES"))
  for _, token in ipairs(lines(os.getenv("SOS_BENCH_TOKENS"))) do
    paths[#paths + 1] = "/api/v1/invite/" .. token .. "/contributions"
  end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local n = 0
function request()
  n = n + 1
  local threads = tonumber(os.getenv("SOS_BENCH_THREADS") or "1")
  -- SOS_BENCH_OFFSET: where an earlier run in the same store stopped.
  local offset = tonumber(os.getenv("SOS_BENCH_OFFSET") or "0")
  local body = bodies[(offset + (n - 1) * threads + (thread_seed or 1) - 1) % #bodies + 1]
  return wrk.format(nil, paths[(n % #paths) + 1], nil, body)
end

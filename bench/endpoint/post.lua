-- wrk script for bench/endpoint/run: POSTs simulated contributions through
-- many invite links, each with a fresh random submission id, so every
-- request is a new contribution the endpoint must validate, merge and commit.
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
  math.randomseed(os.time() * 1000 + (thread_seed or 0))
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

local hex = "0123456789abcdef"
local function random_id()
  local t = {}
  for i = 1, 32 do
    local k = math.random(16)
    t[i] = hex:sub(k, k)
  end
  return table.concat(t)
end

local n = 0
function request()
  n = n + 1
  local body = bodies[(n % #bodies) + 1]:gsub('"submission":"%x+"', '"submission":"' .. random_id() .. '"')
  return wrk.format(nil, paths[(n % #paths) + 1], nil, body)
end

-- wrk: as paths.lua, but at a fixed rate (args[2] requests per second over all connections) instead of as fast
-- as possible: each request takes the next free send slot of one schedule shared by every connection of the thread,
-- slots 1/rate apart, and waits for it (wrk has no fixed-rate mode and wrk2 is not packaged). wrk's timers tick in
-- whole milliseconds, so requests leave in per-millisecond groups. A slot that has already passed is not made up
-- for by a burst: when the server falls behind, the rate drops (and wrk's latency, timed from the actual send, does
-- not count the wait; see bench/README.md).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local paths = {}
local index = 0
local interval = 1
local next_slot = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = wrk.format("GET", line) end
  end
  interval = 1000 / tonumber(args[2])
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return paths[index]
end

function delay()
  local now = now_ms()
  if next_slot < now then next_slot = now end
  local wait = next_slot - now
  next_slot = next_slot + interval
  return math.floor(wait)
end

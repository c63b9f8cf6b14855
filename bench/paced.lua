-- wrk: as paths.lua, but each connection waits args[2] ms after each answer before its next request, so the
-- offered rate is about connections * 1000 / (args[2] + latency) per second instead of as fast as possible.
local paths = {}
local index = 0
local pause = 1

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  pause = tonumber(args[2])
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function delay()
  return pause
end

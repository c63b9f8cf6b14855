-- wrk: replay the paths of a file (args[1]) one after another, each thread from its own random offset. The
-- requests are formatted once, at the start: per request, wrk does as little Lua as it can.
local paths = {}
local index = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = wrk.format("GET", line) end
  end
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return paths[index]
end

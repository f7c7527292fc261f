-- wrk script: searches of two random words, each new to every cache, alternating between the
-- results page and the header's live results; prints how they were answered (status counts).
local threads = {}
local letters = "abcdefghijklmnopqrstuvwxyz"

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
  counts = {}
  sent = 0
end

local function word()
  local chars = {}
  for i = 1, math.random(4, 9) do
    local n = math.random(1, #letters)
    chars[i] = letters:sub(n, n)
  end
  return table.concat(chars)
end

function request()
  sent = sent + 1
  local path = (sent % 2 == 0) and "/search/live/?q=" or "/search/?q="
  return wrk.format("GET", path .. word() .. "+" .. word())
end

function response(status, headers, body)
  local key = tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %s %d\n", status, count))
  end
end

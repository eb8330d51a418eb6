-- wrk script for GET /api/v1/orders: a realistic mix of list requests, or one kind of them.
--
--   wrk -t2 -c64 -d30s --latency -s bench/wrk/orders-mix.lua http://127.0.0.1:PORT \
--       -- PARAMS_FILE [MODE]
--
-- PARAMS_FILE holds `key value` lines made by bench/orders-list from the dataset:
--   token T          the bearer token
--   search S         a fragment of an order number or a customer email (several lines)
--   cursor C         a next_cursor of a first page, created_at desc (several lines)
--   cursor_status S C   a status filter and a next_cursor of that filtered first page
--   cursor_total C   a next_cursor of a first page sorted by total, desc
-- MODE: mix (default) | first (unfiltered first page only) | search (searches only)
--
-- The mix (weights out of 100; bench/pgbench/orders-mix.sql has the same ones):
--   30 first page, no filter, newest first
--   16 status filter (one or two statuses), newest first
--   12 date range (a day, a week or a month somewhere in the last year), some with a status
--    8 amount range (min/max total_minor), newest first
--    6 sort by total (desc or asc), no filter
--   12 search (q = a fragment of an order number or of an email)
--   16 second pages: a next_cursor captured from a first page (unfiltered, by status, by total)
-- Every request has limit 50 (the default) except that a tenth of the unfiltered first pages ask
-- for 100. done() prints machine-readable lines: `wrk_result KEY VALUE`.

local params = { search = {}, cursor = {}, cursor_status = {}, cursor_total = {} }
local mode = "mix"
local token = ""
local counter = 0

local statuses = {
  "pending_payment", "paid", "fulfilling", "shipped", "delivered", "cancelled",
  "refunded,partially_refunded", "paid,fulfilling", "shipped,delivered",
}

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the params file")
  for line in file:lines() do
    local key, rest = line:match("^(%S+)%s+(.*)$")
    if key == "token" then
      token = rest
    elseif key == "cursor_status" then
      local s, c = rest:match("^(%S+)%s+(%S+)$")
      table.insert(params.cursor_status, { s, c })
    elseif key and params[key] then
      table.insert(params[key], rest)
    end
  end
  file:close()
  mode = args[2] or "mix"
  -- Each thread its own sequence, reproducible from run to run.
  math.randomseed(tonumber(tostring({}):match("0x(%x+)") or "1", 16) % 100000 + os.time() % 7)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Accept"] = "application/json"
end

local function pick(list) return list[math.random(#list)] end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function day(offset)
  return os.date("!%Y-%m-%d", os.time() - offset * 86400)
end

local base = "/api/v1/orders"

local function first_page()
  if math.random(10) == 1 then return base .. "?limit=100" end
  return base
end

local function search()
  return base .. "?q=" .. urlencode(pick(params.search))
end

local function mix()
  local r = math.random(100)
  if r <= 30 then
    return first_page()
  elseif r <= 46 then
    return base .. "?status=" .. pick(statuses)
  elseif r <= 58 then
    local span = ({ 0, 6, 29 })[math.random(3)]
    local from = math.random(span + 1, 360)
    local path = base .. "?from=" .. day(from) .. "&to=" .. day(from - span)
    if math.random(3) == 1 then path = path .. "&status=" .. pick(statuses) end
    return path
  elseif r <= 66 then
    local min = math.random(10, 400) * 100
    return base .. "?min_total_minor=" .. min .. "&max_total_minor=" .. (min + math.random(1, 20) * 500)
  elseif r <= 72 then
    return base .. "?sort=total&order=" .. (math.random(2) == 1 and "desc" or "asc")
  elseif r <= 84 then
    return search()
  else
    local k = math.random(4)
    if k <= 2 then
      return base .. "?cursor=" .. pick(params.cursor)
    elseif k == 3 then
      local sc = pick(params.cursor_status)
      return base .. "?status=" .. sc[1] .. "&cursor=" .. sc[2]
    else
      return base .. "?sort=total&order=desc&cursor=" .. pick(params.cursor_total)
    end
  end
end

function request()
  counter = counter + 1
  local path
  if mode == "first" then
    path = base
  elseif mode == "search" then
    path = search()
  else
    path = mix()
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("wrk_result requests %d\n", summary.requests))
  io.write(string.format("wrk_result seconds %.3f\n", seconds))
  io.write(string.format("wrk_result rps %.1f\n", summary.requests / seconds))
  for _, p in ipairs({ 50, 90, 95, 99, 99.9 }) do
    local name = (tostring(p):gsub("%.", "_"))
    io.write(string.format("wrk_result p%s_ms %.2f\n", name, latency:percentile(p) / 1000))
  end
  io.write(string.format("wrk_result mean_ms %.2f\n", latency.mean / 1000))
  io.write(string.format("wrk_result max_ms %.2f\n", latency.max / 1000))
  io.write(string.format("wrk_result non2xx %d\n", e.status))
  io.write(string.format("wrk_result socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
end

-- wrk script of bench/catalog-prices: one storefront price lookup per request, a SKU drawn from
-- the hot set, every answer checked against the schedule the bench itself wrote down.
--
-- Environment: PRICES_SKUS (file: "sku before after" per line: the expected price before the
-- flash sale's start second and from it on), FLASH_STARTS_AT (that second, "YYYY-MM-DDTHH:MM:SSZ"),
-- SERVICE_KEY. An answer is wrong when its status is not 200, its SKU is not the one asked for,
-- its price is not the schedule's for the second it says it answered, or that second is not the
-- second the answer arrived in (give or take one: the answer was computed then, not before).

local skus, before, after = {}, {}, {}
local starts = os.getenv("FLASH_STARTS_AT")
local key = os.getenv("SERVICE_KEY")
-- Globals, not locals: done() reads them from each thread with thread:get.
wrong, checked, firstWrong = 0, 0, nil
local threads = {}

-- Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ" (days from civil, H. Hinnant).
local function epoch(s)
  local y, m, d, hh, mm, ss = s:match("^(%d+)-(%d+)-(%d+)T(%d+):(%d+):(%d+)Z$")
  if not y then return nil end
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  local days = era * 146097 + doe - 719468
  return days * 86400 + tonumber(hh) * 3600 + tonumber(mm) * 60 + tonumber(ss)
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("PRICES_SKUS")) do
    local sku, b, a = line:match("^(%S+) (%d+) (%d+)$")
    if sku then
      table.insert(skus, sku)
      before[sku] = tonumber(b)
      after[sku] = tonumber(a)
    end
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
  wrk.headers["X-Api-Key"] = key
end

function request()
  return wrk.format("GET", "/api/v1/storefront/prices?sku=" .. skus[math.random(#skus)])
end

local function fail(why)
  wrong = wrong + 1
  if not firstWrong then firstWrong = why end
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 then return fail("status " .. status) end
  local at = body:match('"at":"([^"]+)"')
  local sku = body:match('"sku":"([^"]+)"')
  local price = tonumber(body:match('"price_minor":(%d+)'))
  if not at or not sku or not price or not before[sku] then return fail("unreadable: " .. body:sub(1, 200)) end
  local expected = (at >= starts) and after[sku] or before[sku]
  if price ~= expected then
    return fail(string.format("%s at %s: %d, expected %d", sku, at, price, expected))
  end
  local t = epoch(at)
  local now = os.time()
  if not t or t > now + 1 or t < now - 1 then
    return fail(string.format("answered for %s, received at %d", at, now))
  end
end

function done(summary, latency, requests)
  local w, c, first = 0, 0, ""
  for _, t in ipairs(threads) do
    w = w + (t:get("wrong") or 0)
    c = c + (t:get("checked") or 0)
    local f = t:get("firstWrong")
    if f and first == "" then first = f end
  end
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":%d,"checked":%d,"wrong":%d,"first_wrong":"%s"}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
      summary.errors.timeout, c, w, first:gsub('"', "'")))
end

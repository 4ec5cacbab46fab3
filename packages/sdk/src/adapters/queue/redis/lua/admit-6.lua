--[[
  One admission tick. Only the first caller per tick interval wins. Nobody admits while the
  inventory reading is stale: the first caller then gets needs-inventory and a refresh lock.
  The winner expires old slots and admits, in number order (the drawn list first, then the
  line, both read by index), up to the rate's allowance and never above the active cap,
  skipping users who left or stopped heart-beating. Mirrors MemoryQueue.admit and
  admissionAllowance / nextMeasuredRate in src/domain/queue.ts.
  Users who got their number back with a join receipt after the queue was re-created (the
  restored set) go first, lowest number first; they do not move the counter (the line's).
  KEYS[1] meta (hash)  KEYS[2] users (hash)  KEYS[3] line (list)  KEYS[4] drawn (list)  KEYS[5] active (zset)
  KEYS[6] restored (zset)
  ARGV[1] clock offset ms  ARGV[2] max admissions  ARGV[3] max skips  ARGV[4] inventory max age ms
  ARGV[5] inventory lock ms
  Output: { won 0|1, needs draw 0|1, needs inventory 0|1, { user, record value, ... }, skipped, meta },
  or NOT_CONFIGURED.
]]
--- @include "now"
--- @include "codes"
--- @include "record"
--- @include "meta"
--- @include "keep"
local meta_key, users_key, line_key, drawn_key, active_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now = now_ms(ARGV[1])
local max_batch, max_skips = tonumber(ARGV[2]), tonumber(ARGV[3])
local m = redis.call('HMGET', meta_key, 'en', 'paused', 'tick', 'lastAt', 'invAt', 'invLock', 'mode', 'drawn', 'sale', 'inv',
  'rate', 'cap', 'ttl', 'hb', 'carry', 'mrate', 'counter', 'lineBase', 'lineIdx', 'drawIdx', 'drawCount')
if not m[1] then return NOT_CONFIGURED end
local function reply(won, needs_draw, needs_inventory, admitted, skipped)
  return { won, needs_draw, needs_inventory, admitted, skipped, read_meta(meta_key, active_key, now) }
end
if m[1] ~= '1' or m[2] == '1' then return reply(0, 0, 0, {}, 0) end
local tick, last_at = tonumber(m[3]), tonumber(m[4])
if last_at and now < last_at + tick then return reply(0, 0, 0, {}, 0) end
local inv_at = tonumber(m[5])
if not inv_at or now - inv_at >= tonumber(ARGV[4]) then
  local lock = tonumber(m[6])
  if lock and now - lock < tonumber(ARGV[5]) then return reply(0, 0, 0, {}, 0) end
  redis.call('HSET', meta_key, 'invLock', now)
  return reply(0, 0, 1, {}, 0)
end
local elapsed = last_at and (now - last_at) or tick
redis.call('HSET', meta_key, 'lastAt', now)
-- The winner of each tick keeps every key's expiry current (the drawn list, slots made since).
keep_until(meta_key, meta_key, users_key, line_key, drawn_key, active_key, KEYS[6])
local now_s = math.floor(now / 1000)
redis.call('ZREMRANGEBYSCORE', active_key, '-inf', now_s)
if m[7] == 'randomized' and m[8] ~= '1' then
  return reply(1, now >= tonumber(m[9]) and 1 or 0, 0, {}, 0)
end

local counter = tonumber(m[17]) or 0
local before = counter
local line_base, line_idx = tonumber(m[18]) or 1, tonumber(m[19]) or 0
local draw_idx, draw_count = tonumber(m[20]) or 0, tonumber(m[21]) or 0
local line_len = redis.call('LLEN', line_key)
local admitted, count, skipped = {}, 0, 0

if m[10] ~= 'held' and m[10] ~= 'sold_out' then
  local rate, allowance = tonumber(m[11]), nil
  local n = max_batch
  if rate then
    local window = math.min(math.max(0, elapsed), math.max(tick, 1000))
    allowance = (tonumber(m[15]) or 0) + rate * window / 1000
    n = math.min(max_batch, math.floor(allowance + 1e-9))
  end
  local cap = tonumber(m[12])
  if cap then n = math.min(n, cap - redis.call('ZCARD', active_key)) end
  local exp = now_s + tonumber(m[13])
  local oldest_hb = now_s - tonumber(m[14])
  local buf, pos, from_drawn = {}, 1, false
  while count < n and skipped < max_skips do
    local head = redis.call('ZRANGE', KEYS[6], 0, 0, 'WITHSCORES')
    if #head == 0 then break end
    local user, number = head[1], tonumber(head[2])
    redis.call('ZREM', KEYS[6], user)
    local rec = parse_record(redis.call('HGET', users_key, user))
    if not rec or rec.num ~= number or rec.state ~= 'w' then
      skipped = skipped + 1
    elseif rec.hb < oldest_hb then
      redis.call('HSET', users_key, user, number .. ':l')
      skipped = skipped + 1
    else
      local v = number .. ':a' .. exp
      redis.call('HSET', users_key, user, v)
      redis.call('ZADD', active_key, exp, user)
      count = count + 1
      admitted[#admitted + 1] = user
      admitted[#admitted + 1] = v
    end
  end
  while count < n and skipped < max_skips do
    if pos > #buf then
      local want = math.max(16, math.min(1000, n - count + 16))
      if draw_idx < draw_count then
        buf, from_drawn = redis.call('LRANGE', drawn_key, draw_idx, draw_idx + want - 1), true
      elseif line_idx < line_len then
        buf, from_drawn = redis.call('LRANGE', line_key, line_idx, line_idx + want - 1), false
      else
        break
      end
      pos = 1
      if #buf == 0 then break end
    end
    local user, number = buf[pos], 0
    pos = pos + 1
    if from_drawn then
      draw_idx = draw_idx + 1
      number = draw_idx
    else
      number = line_base + line_idx
      line_idx = line_idx + 1
    end
    counter = number
    local rec = parse_record(redis.call('HGET', users_key, user))
    if not rec or rec.num ~= number or rec.state ~= 'w' then
      skipped = skipped + 1
    elseif rec.hb < oldest_hb then
      redis.call('HSET', users_key, user, number .. ':l')
      skipped = skipped + 1
    else
      local v = number .. ':a' .. exp
      redis.call('HSET', users_key, user, v)
      redis.call('ZADD', active_key, exp, user)
      count = count + 1
      admitted[#admitted + 1] = user
      admitted[#admitted + 1] = v
    end
  end
  if rate then redis.call('HSET', meta_key, 'carry', tostring(math.min(1, math.max(0, allowance - count)))) end
  redis.call('HSET', meta_key, 'counter', counter, 'lineIdx', line_idx, 'drawIdx', draw_idx)
end

if (draw_idx < draw_count or line_idx < line_len) and elapsed > 0 then
  local instant = (counter - before) * 1000 / elapsed
  local previous = tonumber(m[16])
  local rate = instant
  if previous then rate = previous + (1 - math.exp(-elapsed / 10000)) * (instant - previous) end
  redis.call('HSET', meta_key, 'mrate', tostring(rate))
end
keep_until(meta_key, active_key) -- made by this tick's first admission
return reply(1, 0, 0, admitted, skipped)

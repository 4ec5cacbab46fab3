--[[
  Creates or replaces the settings of an event's queue.
  KEYS[1] meta (hash)  KEYS[2] active (zset)
  ARGV[1] clock offset ms  ARGV[2] settings JSON  ARGV[3] enabled '1'|'0'  ARGV[4] mode
  ARGV[5] on-sale ms ('' for fifo)  ARGV[6] rate ('' none)  ARGV[7] cap ('' none)
  ARGV[8] token ttl s  ARGV[9] heartbeat timeout s  ARGV[10] tick ms  ARGV[11] seed  ARGV[12] seed hash
  ARGV[13] the instant every key of the queue expires, epoch ms ('' never)
  ARGV[14] epoch  ARGV[15] generation (both from the durable configuration in the store)
  ARGV[16] '' configure; 'restore' re-create a lost queue: only when absent, paused as ARGV[17],
  stamped resetAt = now  ARGV[17] paused '1'|'0' (restore only)
  Output: meta (see read_meta), or DRAW_FIXED when the mode changes after joins or the
  on-sale time after the pre-queue closed. Restore: { 1 created | 0 it already existed, meta }.
]]
--- @include "now"
--- @include "codes"
--- @include "meta"
--- @include "keep"
local meta_key = KEYS[1]
local now = now_ms(ARGV[1])
local mode, sale = ARGV[4], ARGV[5]
local restore = ARGV[16] == 'restore'
if restore and redis.call('EXISTS', meta_key) == 1 then return { 0, read_meta(meta_key, KEYS[2], now) } end
if redis.call('EXISTS', meta_key) == 1 then
  local f = redis.call('HMGET', meta_key, 'mode', 'issued', 'sale', 'closed')
  if mode ~= f[1] and (tonumber(f[2]) or 0) > 0 then return DRAW_FIXED end
  if mode == 'randomized' and sale ~= f[3] and f[4] == '1' then return DRAW_FIXED end
else
  redis.call('HSET', meta_key, 'issued', 0, 'counter', 0, 'inv', 'unknown', 'lineBase', 1, 'lineIdx', 0, 'drawIdx', 0, 'drawCount', 0)
end
redis.call('HSET', meta_key, 'settings', ARGV[2], 'en', ARGV[3], 'mode', mode, 'sale', sale, 'rate', ARGV[6], 'cap', ARGV[7],
  'ttl', ARGV[8], 'hb', ARGV[9], 'tick', ARGV[10], 'exp', ARGV[13], 'epoch', ARGV[14], 'gen', ARGV[15])
if restore then redis.call('HSET', meta_key, 'paused', ARGV[17], 'resetAt', now) end
if mode == 'randomized' and ARGV[11] ~= '' and redis.call('HEXISTS', meta_key, 'seed') == 0 then
  redis.call('HSET', meta_key, 'seed', ARGV[11], 'seedHash', ARGV[12])
end
keep_until(meta_key, meta_key, KEYS[2])
if restore then return { 1, read_meta(meta_key, KEYS[2], now) } end
return read_meta(meta_key, KEYS[2], now)

--[[
  Starts the randomized draw once the on-sale time has passed: takes the draw lock, closes the
  pre-queue, clears any half-written drawn list (a crashed drawer's).
  KEYS[1] meta (hash)  KEYS[2] drawn (list)  KEYS[3] draw lock (string)
  ARGV[1] clock offset ms  ARGV[2] lock token  ARGV[3] lock ms
  Output: { 0 (started) | 1 (already drawn), seed, seed hash, drawn count },
  or NOT_CONFIGURED / DISABLED (not randomized) / DRAW_BUSY (not due, or another process draws).
]]
--- @include "now"
--- @include "codes"
local now = now_ms(ARGV[1])
local m = redis.call('HMGET', KEYS[1], 'en', 'mode', 'drawn', 'sale', 'seed', 'seedHash', 'drawCount')
if not m[1] then return NOT_CONFIGURED end
if m[2] ~= 'randomized' or not m[5] then return DISABLED end
if m[3] == '1' then return { 1, m[5], m[6], m[7] or '0' } end
if now < tonumber(m[4]) then return DRAW_BUSY end
if not redis.call('SET', KEYS[3], ARGV[2], 'NX', 'PX', ARGV[3]) then return DRAW_BUSY end
redis.call('HSET', KEYS[1], 'closed', 1)
redis.call('DEL', KEYS[2])
return { 0, m[5], m[6], '0' }

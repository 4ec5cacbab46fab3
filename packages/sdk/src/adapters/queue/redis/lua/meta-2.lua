--[[
  Reads an event's queue, optionally pausing or resuming admission first.
  KEYS[1] meta (hash)  KEYS[2] active (zset)
  ARGV[1] clock offset ms  ARGV[2] '1' pause, '0' resume, '' leave as is
  Output: meta (see read_meta), or NOT_CONFIGURED.
]]
--- @include "now"
--- @include "codes"
--- @include "meta"
local now = now_ms(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return NOT_CONFIGURED end
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'paused', ARGV[2]) end
return read_meta(KEYS[1], KEYS[2], now)

--[[
  A user's record, optionally recording a heartbeat (waiting users only).
  KEYS[1] meta (hash)  KEYS[2] users (hash)  KEYS[3] active (zset)
  ARGV[1] clock offset ms  ARGV[2] user id  ARGV[3] '1' heartbeat, '0' look only
  Output: { meta, record value }, or NOT_CONFIGURED / NOT_JOINED.
]]
--- @include "now"
--- @include "codes"
--- @include "record"
--- @include "meta"
local now = now_ms(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return NOT_CONFIGURED end
local v = redis.call('HGET', KEYS[2], ARGV[2])
if not v then return NOT_JOINED end
if ARGV[3] == '1' then
  local rec = parse_record(v)
  if rec.state == 'w' then
    v = rec.num .. ':' .. math.floor(now / 1000)
    redis.call('HSET', KEYS[2], ARGV[2], v)
  end
end
return { read_meta(KEYS[1], KEYS[3], now), v }

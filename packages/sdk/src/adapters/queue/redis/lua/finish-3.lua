--[[
  Ends a user's part: a waiting user leaves (the record goes; the line skips the old place);
  a live admission ends (booked or given up) and its slot frees.
  KEYS[1] meta (hash)  KEYS[2] users (hash)  KEYS[3] active (zset)
  ARGV[1] clock offset ms  ARGV[2] user id
  Output: { meta, record value ('<number>:x' when the user left the line) }, or NOT_CONFIGURED / NOT_JOINED.
]]
--- @include "now"
--- @include "codes"
--- @include "record"
--- @include "meta"
local now = now_ms(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return NOT_CONFIGURED end
local user = ARGV[2]
local v = redis.call('HGET', KEYS[2], user)
if not v then return NOT_JOINED end
local rec = parse_record(v)
if rec.state == 'w' then
  redis.call('HDEL', KEYS[2], user)
  v = rec.num .. ':x'
elseif rec.state == 'a' and rec.exp * 1000 > now then
  v = rec.num .. ':e'
  redis.call('HSET', KEYS[2], user, v)
  redis.call('ZREM', KEYS[3], user)
end
return { read_meta(KEYS[1], KEYS[3], now), v }

--[[
  Appends the next users of the drawn order: each gets number = its place in the list. Users
  who left meanwhile keep their (empty) place; admission skips it.
  KEYS[1] users (hash)  KEYS[2] drawn (list)  KEYS[3] draw lock (string)
  ARGV[1] lock token  ARGV[2] lock ms  ARGV[3..] user ids, in drawn order
  Output: the drawn list's length, or DRAW_BUSY when the lock is no longer ours.
]]
--- @include "codes"
--- @include "record"
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return DRAW_BUSY end
redis.call('PEXPIRE', KEYS[3], ARGV[2])
local n = redis.call('LLEN', KEYS[2])
for i = 3, #ARGV do
  local user = ARGV[i]
  n = n + 1
  local rec = parse_record(redis.call('HGET', KEYS[1], user))
  if rec and rec.state == 'w' and rec.num == 0 then redis.call('HSET', KEYS[1], user, n .. ':' .. rec.hb) end
  redis.call('RPUSH', KEYS[2], user)
end
return n

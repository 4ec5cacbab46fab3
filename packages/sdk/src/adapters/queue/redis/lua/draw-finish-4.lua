--[[
  Finishes the draw: publishes it (the seed is revealed from now on), drops the pre-queue
  list and frees the lock.
  KEYS[1] meta (hash)  KEYS[2] drawn (list)  KEYS[3] draw lock (string)  KEYS[4] pre (list)
  ARGV[1] lock token
  Output: the number of participants, or DRAW_BUSY when the lock is no longer ours.
]]
--- @include "codes"
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return DRAW_BUSY end
local n = redis.call('LLEN', KEYS[2])
redis.call('HSET', KEYS[1], 'drawn', 1, 'drawCount', n, 'drawIdx', 0)
redis.call('DEL', KEYS[3], KEYS[4])
return n

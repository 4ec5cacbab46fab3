--[[
  Records the inventory the service read from the store, and frees the refresh lock.
  KEYS[1] meta (hash)
  ARGV[1] clock offset ms  ARGV[2] 'available' | 'held' | 'sold_out'
  Output: 1, or 0 when the queue is not configured.
]]
--- @include "now"
local now = now_ms(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'inv', ARGV[2], 'invAt', now)
redis.call('HDEL', KEYS[1], 'invLock')
return 1

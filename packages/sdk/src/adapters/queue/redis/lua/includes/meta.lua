-- What callers learn of an event's queue: META_FIELDS' values ('' when unset), then the live
-- slots, then the clock. Parsed by parseMeta in redis-replies.ts. The seed stays secret until drawn.
local META_FIELDS = { 'settings', 'paused', 'issued', 'counter', 'mrate', 'inv', 'invAt', 'seedHash', 'seed', 'drawn', 'drawCount',
  'epoch', 'gen', 'resetAt' }
local function read_meta(meta_key, active_key, now)
  local v = redis.call('HMGET', meta_key, unpack(META_FIELDS))
  local out = {}
  for i = 1, #META_FIELDS do out[i] = v[i] or '' end
  if out[10] ~= '1' then out[9] = '' end
  out[#META_FIELDS + 1] = tostring(redis.call('ZCOUNT', active_key, '(' .. math.floor(now / 1000), '+inf'))
  out[#META_FIELDS + 2] = tostring(now)
  return out
end

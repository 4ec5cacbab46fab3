--[[
  Joins a batch of users to an event's queue, in order. Idempotent per user: a waiting user
  keeps the number (the join counts as a heartbeat); one who lost the turn or left joins again
  at the back; an admitted one is refused.
  A user with a join receipt from before the queue was re-created (a Redis data loss) comes as
  'r<number>,<epoch>,<generation>|<user id>' (the service checked its signature and owner):
  when the receipt's epoch is the queue's and its generation older, the user gets that number
  back, in the restored set (admitted before the line, lowest number first), unless already
  admitted or holding a better (lower) number in this generation.
  KEYS[1] meta (hash)  KEYS[2] users (hash)  KEYS[3] line (list)  KEYS[4] pre (list)  KEYS[5] active (zset)
  KEYS[6] restored (zset)
  ARGV[1] clock offset ms  ARGV[2..] user ids (or receipts, above)
  Output: { meta, { per user: the record value, or SOLD_OUT / ALREADY_ADMITTED } },
  or NOT_CONFIGURED / DISABLED for the whole batch.
]]
--- @include "now"
--- @include "codes"
--- @include "record"
--- @include "meta"
--- @include "keep"
local meta_key, users_key, line_key = KEYS[1], KEYS[2], KEYS[3]
local now = now_ms(ARGV[1])
local f = redis.call('HMGET', meta_key, 'en', 'inv', 'mode', 'sale', 'closed', 'epoch', 'gen')
if not f[1] then return NOT_CONFIGURED end
if f[1] ~= '1' then return DISABLED end
local now_s = math.floor(now / 1000)
local randomized = f[3] == 'randomized'
local pre_open = randomized and f[5] ~= '1' and now < tonumber(f[4])
local fifo_joined = false
local out = {}
local epoch, gen = tonumber(f[6]) or 0, tonumber(f[7]) or 0
local restored = false
for i = 2, #ARGV do
  local user, restore = ARGV[i], nil
  local r_num, r_epoch, r_gen, r_user = string.match(user, '^r(%d+),(%d+),(%d+)|(.+)$')
  if r_user then
    user = r_user
    if tonumber(r_epoch) == epoch and tonumber(r_gen) < gen and tonumber(r_num) > 0 then restore = tonumber(r_num) end
  end
  local rec = parse_record(redis.call('HGET', users_key, user))
  if restore and (not rec or (rec.state == 'w' and (rec.num == 0 or rec.num > restore))) and f[2] ~= 'sold_out' then
    local v = restore .. ':' .. now_s
    redis.call('HSET', users_key, user, v)
    redis.call('ZADD', KEYS[6], restore, user)
    restored = true
    out[#out + 1] = v
  elseif rec and rec.state == 'w' then
    local v = rec.num .. ':' .. now_s
    redis.call('HSET', users_key, user, v)
    out[#out + 1] = v
  elseif rec and (rec.state == 'a' or rec.state == 'e') then
    out[#out + 1] = ALREADY_ADMITTED
  elseif f[2] == 'sold_out' then
    out[#out + 1] = SOLD_OUT
  else
    local num = redis.call('HINCRBY', meta_key, 'issued', 1)
    local v
    if pre_open then
      v = '0:' .. now_s
      redis.call('RPUSH', KEYS[4], user)
    else
      if redis.call('RPUSH', line_key, user) == 1 then redis.call('HSET', meta_key, 'lineBase', num) end
      v = num .. ':' .. now_s
      fifo_joined = true
    end
    redis.call('HSET', users_key, user, v)
    out[#out + 1] = v
  end
end
if fifo_joined and randomized and f[5] ~= '1' then redis.call('HSET', meta_key, 'closed', 1) end
keep_until(meta_key, users_key, line_key, KEYS[4])
if restored then keep_until(meta_key, KEYS[6]) end
return { read_meta(meta_key, KEYS[5], now), out }

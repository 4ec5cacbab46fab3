-- Every key of an event's queue expires at the instant configure stored in the meta hash
-- ('exp', epoch ms: the event's end plus the retention), so nothing of a finished on-sale
-- stays in Redis. Writers re-apply it to the keys they may have just created.
local function keep_until(meta_key, ...)
  local exp = redis.call('HGET', meta_key, 'exp')
  if not exp or exp == '' then return end
  for _, key in ipairs({ ... }) do redis.call('PEXPIREAT', key, exp) end
end

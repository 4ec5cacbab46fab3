-- A user's record, one hash field per user (value): '<number>:<heartbeat s>' waiting (number 0
-- in the pre-queue), '<number>:a<token expiry s>' admitted, '<number>:e' ended, '<number>:l'
-- lost the turn. Replies may also carry '<number>:x' (just left; never stored).
local function parse_record(v)
  if not v then return nil end
  local num, rest = string.match(v, '^(%d+):(.*)$')
  local kind = string.sub(rest, 1, 1)
  if kind == 'a' then return { num = tonumber(num), state = 'a', exp = tonumber(string.sub(rest, 2)) } end
  if kind == 'e' or kind == 'l' then return { num = tonumber(num), state = kind } end
  return { num = tonumber(num), state = 'w', hb = tonumber(rest) }
end

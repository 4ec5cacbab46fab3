--[[
  The queue's clock.
  ARGV[1] clock offset ms
  Output: epoch ms (Redis TIME plus the offset).
]]
--- @include "now"
return now_ms(ARGV[1])

-- Failure codes: the same numbers as QueueCode in src/domain/queue-codes.ts.
local NOT_CONFIGURED, DISABLED, SOLD_OUT, NOT_JOINED, ALREADY_ADMITTED, DRAW_FIXED, DRAW_BUSY = -1, -2, -3, -4, -5, -6, -7

/**
 * The small integer codes the store's SQL functions return, in one place: the migrations
 * interpolate them into the PL/pgSQL bodies and the adapter maps them back here.
 */
export const SQL_CODE = {
  OK: 0,
  SEAT_UNAVAILABLE: -1,
  LIMIT_EXCEEDED: -2,
  NOT_FOUND: -3,
  HOLD_NOT_FOUND: -4,
  FORBIDDEN: -5,
  HOLD_EXPIRED: -6,
  HOLD_NOT_ACTIVE: -7,
  PAYMENT_CONFLICT: -8,
  CONFLICT: -9,
  EVENT_NOT_ON_SALE: -10,
  REFUND_DEADLINE_PASSED: -11,
} as const;

export type SqlCode = (typeof SQL_CODE)[keyof typeof SQL_CODE];

/** The name a code stands for, for error messages about codes no caller expected. */
export function sqlCodeName(code: number): string {
  for (const [name, value] of Object.entries(SQL_CODE)) if (value === code) return name;
  return `code ${code}`;
}

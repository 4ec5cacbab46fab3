/**
 * Ids are prefixed opaque strings: the prefix names the kind, the rest is opaque to callers.
 * Generation lives in the services (it needs randomness); the domain only knows the shapes.
 */
export const ID_PREFIX = {
  event: 'evt',
  venue: 'ven',
  performer: 'prf',
  ticket: 'tkt',
  hold: 'hld',
  booking: 'bkg',
  payment: 'pay',
  user: 'usr',
  webhook: 'whk',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

const ID_BODY = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `value` looks like an id of `kind` (`evt_...`). Says nothing about existence. */
export function isIdOf(kind: IdKind, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const prefix = `${ID_PREFIX[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}

/** User ids come from the integrator's identity system: any short printable token. */
const USER_ID = /^[A-Za-z0-9_.@:-]{1,128}$/;
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

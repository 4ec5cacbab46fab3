import { randomBytes } from 'node:crypto';
import { ID_PREFIX, type IdKind } from '../domain/ids.js';

/** Makes ids: `evt_` + a time-ordered, random, URL-safe body (sortable by creation time). */
export type IdGenerator = (kind: IdKind) => string;

export const randomIds: IdGenerator = (kind) => {
  const time = Date.now().toString(36).padStart(9, '0');
  const random = randomBytes(8).toString('base64url');
  return `${ID_PREFIX[kind]}_${time}${random}`;
};

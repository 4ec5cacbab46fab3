import { BoxOfficeError, MIN_SECRET_LENGTH, signToken, type Role } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { namingFlag } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';

export interface AuthTokenOptions {
  readonly user: string;
  readonly role?: Role | undefined;
  /** Lifetime in seconds (default one day). */
  readonly ttl?: number | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `boxoffice auth token`: mints a bearer token for a deployment with its secret
 * (BOXOFFICE_SECRET). The token alone goes to stdout, so `$(boxoffice auth token --user x)`
 * works; the claims go to stderr (or all of it to stdout with --json).
 */
export async function authToken(ctx: CommandContext, o: AuthTokenOptions): Promise<number> {
  const secret = ctx.io.env.BOXOFFICE_SECRET;
  if (secret === undefined || secret === '') {
    throw new BoxOfficeError('UNAUTHORIZED', "BOXOFFICE_SECRET is not set: tokens are signed with the deployment's secret; set it to the one the server runs with", {
      field: 'BOXOFFICE_SECRET',
    });
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new BoxOfficeError('UNAUTHORIZED', `BOXOFFICE_SECRET is too short (at least ${MIN_SECRET_LENGTH} characters): it cannot be the deployment's secret`, {
      field: 'BOXOFFICE_SECRET',
    });
  }
  const role = o.role ?? 'user';
  const now = Date.now();
  let token: string;
  try {
    token = signToken(secret, { userId: o.user, role, ...(o.ttl === undefined ? {} : { ttlSeconds: o.ttl }), now });
  } catch (error) {
    // The SDK names its own fields (userId, ttlSeconds): say which flag the user got wrong.
    throw namingFlag(error, { userId: '--user', ttlSeconds: '--ttl' });
  }
  const expiresAt = new Date(Math.floor(now / 1000) * 1000 + (o.ttl ?? 86_400) * 1000).toISOString();
  if (o.json) {
    printJson(ctx.io, { token, userId: o.user, role, expiresAt });
    return 0;
  }
  println(ctx.io.stdout, token);
  println(ctx.io.stderr, `Token for ${o.user} (${role}), valid until ${expiresAt}. Use it with --token, BOXOFFICE_TOKEN or a profile.`);
  return 0;
}

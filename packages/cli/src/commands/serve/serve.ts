import { randomBytes } from 'node:crypto';
import { BoxOfficeError, describeStore, MIN_SECRET_LENGTH } from '@boxoffice/sdk';
import type { RunningServer } from '@boxoffice/server';
import type { CommandContext } from '../../context.js';
import { badFlag } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';
import { nonEmpty } from '../../config/target.js';

export interface ServeOptions {
  readonly port?: number | undefined;
  readonly host?: string | undefined;
  /** Redis URL: the cross-process bus and shared rate limits (default $BOXOFFICE_REDIS_URL). */
  readonly redis?: string | undefined;
  readonly redisPrefix?: string | undefined;
  readonly logLevel?: string | undefined;
  readonly json?: boolean | undefined;
  /** The web pages' "continue as guest": POST /auth/guest mints short-lived user tokens (demo deployments only). */
  readonly guest?: boolean | undefined;
  /** Caps on live sockets: per client address and per process (the server's defaults when absent). */
  readonly maxLivePerIp?: number | undefined;
  readonly maxLiveSockets?: number | undefined;
  /** The proxies whose X-Forwarded-For is believed (Fastify's `trustProxy` list); none when absent. */
  readonly trustProxy?: string | undefined;
  /** Strict-Transport-Security on every response (one year). */
  readonly hsts?: boolean | undefined;
  /** Webhooks to loopback, private, link-local and metadata addresses (default $BOXOFFICE_WEBHOOK_ALLOW_PRIVATE=1). */
  readonly webhookAllowPrivate?: boolean | undefined;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * `boxoffice serve`: the HTTP + WebSocket server over the chosen store. Prints its URL on
 * stdout (data: scripts read it), logs JSON lines on stderr, and on SIGINT or SIGTERM stops
 * accepting, finishes in-flight requests and closes the store before returning 0.
 */
export async function serve(ctx: CommandContext, o: ServeOptions, signals: SignalSource = process): Promise<number> {
  const secret = deploymentSecret(ctx);
  const redisUrl = o.redis ?? nonEmpty(ctx.io.env.BOXOFFICE_REDIS_URL);
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw badFlag(o.redis === undefined ? 'BOXOFFICE_REDIS_URL' : '--redis', 'must be a redis:// or rediss:// URL');
  const redisPrefix = o.redisPrefix ?? nonEmpty(ctx.io.env.BOXOFFICE_REDIS_PREFIX);
  if (redisPrefix !== undefined && !/^[A-Za-z0-9:_.-]{1,64}$/.test(redisPrefix)) {
    throw badFlag(o.redisPrefix === undefined ? 'BOXOFFICE_REDIS_PREFIX' : '--redis-prefix', 'must be 1-64 of A-Z a-z 0-9 : _ - .');
  }
  const allowPrivateWebhooks = o.webhookAllowPrivate ?? envFlag(ctx, 'BOXOFFICE_WEBHOOK_ALLOW_PRIVATE');
  const spec = ctx.target.store.spec;
  let server: RunningServer;
  try {
    // Loaded here: every other command starts faster without Fastify.
    const { startServer } = await import('@boxoffice/server');
    server = await startServer({
      store: spec,
      secret,
      port: o.port ?? 8080,
      host: o.host ?? '127.0.0.1',
      ...(redisUrl === undefined ? {} : { redisUrl }),
      ...(redisPrefix === undefined ? {} : { redisPrefix }),
      ...(o.guest ? { guest: {} } : {}),
      ...(o.hsts ? { hsts: true } : {}),
      ...(allowPrivateWebhooks ? { allowPrivateWebhookTargets: true } : {}),
      ...(o.trustProxy === undefined ? {} : { trustProxy: trustedProxies(o.trustProxy) }),
      live: {
        ...(o.maxLivePerIp === undefined ? {} : { maxSocketsPerIp: o.maxLivePerIp }),
        ...(o.maxLiveSockets === undefined ? {} : { maxSockets: o.maxLiveSockets }),
      },
      // Logs are messages: stderr, so stdout carries only the URL.
      logger: { level: o.logLevel ?? 'info', stream: process.stderr },
    });
  } catch (error) {
    throw listenError(error, o);
  }
  if (o.json) printJson(ctx.io, { url: server.url, port: server.port, store: describeStore(spec), redis: redisUrl !== undefined });
  else println(ctx.io.stdout, server.url);
  println(ctx.io.stderr, `Serving the ${describeStore(spec)} at ${server.url}${redisUrl ? ' with Redis' : ''}${o.guest ? ', guests may sign in on the web pages' : ''}. Ctrl-C stops it.`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    signals.once('SIGINT', () => resolve('SIGINT'));
    signals.once('SIGTERM', () => resolve('SIGTERM'));
  });
  println(ctx.io.stderr, `${signal}: finishing in-flight requests and closing...`);
  await server.close();
  println(ctx.io.stderr, 'Stopped.');
  return 0;
}

/** `--trust-proxy`: a list of addresses, CIDRs or proxy-addr's names; nothing else is a proxy. */
function trustedProxies(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const valid = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;
  const bad = list.find((s) => !valid.test(s));
  if (list.length === 0 || bad !== undefined) throw badFlag('--trust-proxy', `${bad === undefined ? 'empty' : `"${bad}"`}: give addresses or CIDRs (e.g. 10.0.0.0/8,127.0.0.1) or loopback, linklocal, uniquelocal`);
  return list;
}

/** A yes/no environment variable: 1/true or 0/false (unset: false); anything else is refused. */
function envFlag(ctx: CommandContext, name: string): boolean {
  const value = nonEmpty(ctx.io.env[name])?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw badFlag(name, 'must be 1, true, 0 or false');
}

export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

function deploymentSecret(ctx: CommandContext): string {
  const secret = ctx.io.env.BOXOFFICE_SECRET;
  if (secret === undefined || secret === '') {
    // A local try-out should not need setup; a deployment must set its own secret.
    println(ctx.io.stderr, 'BOXOFFICE_SECRET is not set: using a random secret for this run only (tokens minted with `boxoffice auth token` will not work). Set it for a real deployment.');
    return randomBytes(32).toString('hex');
  }
  if (secret.length < MIN_SECRET_LENGTH) throw badFlag('BOXOFFICE_SECRET', `must be at least ${MIN_SECRET_LENGTH} characters (use 32 random bytes, e.g. openssl rand -hex 32)`);
  return secret;
}

function listenError(error: unknown, o: ServeOptions): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new BoxOfficeError('UNAVAILABLE', `port ${o.port ?? 8080} is already in use: pick another with --port`, { field: 'port', cause: error });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return badFlag('--host', `cannot listen on ${o.host}`);
  if (code === 'EACCES') return new BoxOfficeError('FORBIDDEN', `not allowed to listen on port ${o.port ?? 8080}: use one above 1023`, { field: 'port', cause: error });
  return error;
}


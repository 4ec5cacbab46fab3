import { Command, Option } from 'commander';
import { UsageError } from '../../errors.js';
import type { Runner } from '../../program.js';
import { wholeNumber } from '../../parse.js';
import { LOG_LEVELS, serve, type ServeOptions } from './serve.js';

export function registerServe(program: Command, run: Runner): void {
  program
    .command('serve')
    .description('run the HTTP + WebSocket server over the store; prints its URL')
    .option('--port <n>', 'port to listen on (0: any free one)', wholeNumber(0, 65_535), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--redis <url>', 'Redis for several processes: shared queues, live updates, search cache and rate limits (default: $BOXOFFICE_REDIS_URL)')
    .option('--redis-prefix <prefix>', "prefix of this deployment's Redis keys and channels, for deployments sharing one Redis (default: $BOXOFFICE_REDIS_PREFIX or bo:)")
    .addOption(new Option('--log-level <level>', 'JSON log lines on stderr from this level').choices(LOG_LEVELS).default('info'))
    .option('--guest', 'let visitors of the web pages "continue as guest" (short-lived user tokens; for demos, never a real sale)')
    .option('--max-live-per-ip <n>', 'live WebSocket sockets one client address may hold (default 50; more get 429)', wholeNumber(1, 1_000_000))
    .option('--max-live-sockets <n>', 'live WebSocket sockets this process may hold (default 20000; more get 503)', wholeNumber(1, 10_000_000))
    .option('--trust-proxy <addresses>', 'believe X-Forwarded-For from these proxies only (comma-separated addresses or CIDRs, or loopback, linklocal, uniquelocal): client addresses for per-address limits')
    .option('--hsts', 'send Strict-Transport-Security (one year) on every response: only when every name of the deployment serves HTTPS')
    .option('--webhook-allow-private', 'let webhook endpoints be on loopback, private, link-local and metadata addresses (refused by default; default: $BOXOFFICE_WEBHOOK_ALLOW_PRIVATE=1)')
    .option('--json', 'print { url, port, store, redis } as JSON once listening')
    .addHelpText(
      'after',
      `
Environment: BOXOFFICE_SECRET signs bearer tokens (16+ characters; without it a random one is
used for this run only), BOXOFFICE_STORE, BOXOFFICE_REDIS_URL, BOXOFFICE_REDIS_PREFIX,
BOXOFFICE_WEBHOOK_ALLOW_PRIVATE. SIGINT or SIGTERM: stop accepting,
finish in-flight requests, close live sockets and the store, exit 0.`,
    )
    .action((o: ServeOptions, cmd: Command) => {
      // serve runs the embedded store (or PostgreSQL): a current profile or BOXOFFICE_URL is for clients, not for it.
      const { url, profile } = cmd.optsWithGlobals<{ url?: string; profile?: string }>();
      return run(
        cmd,
        (ctx) => {
          if (url !== undefined || profile !== undefined) throw new UsageError('serve runs a deployment over --store: it takes no --url or --profile', 'serve');
          return serve(ctx, o);
        },
        { local: true },
      );
    });
}

/**
 * `pnpm bench search-startup --store <dir> [--fresh] [--seconds 20]`: what the first searches
 * after `boxoffice serve` cost on a big embedded store (issue 15, item 7). Starts the server in
 * its own process (as an operator would: `node packages/cli/bin/boxoffice.mjs serve`), then
 * from the moment it listens: the first search at once, a search every 250 ms, and /healthz +
 * GET /events/:id every 20 ms, until the server logs that its search index is ready (built, or
 * loaded from the saved copy) plus `--after` seconds (default 25: a loaded index's availability
 * is re-read from the store behind it). `--fresh` deletes the saved index first (a build).
 * Prints the time to listen, each phase's search latencies and statuses, the probes' latency
 * (p50, p99, max) and how many were refused, the index's build/load time and saved size.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { LEGACY_SEARCH_INDEX_FILE, SEARCH_INDEX_FILE, signToken } from '@boxoffice/sdk';

const { values } = parseArgs({ options: { store: { type: 'string' }, fresh: { type: 'boolean', default: false }, port: { type: 'string', default: '18931' }, seconds: { type: 'string', default: '120' }, after: { type: 'string', default: '25' } } });
if (!values.store) {
  console.error('usage: pnpm bench search-startup --store <dir> [--fresh] [--port 18931]');
  process.exit(2);
}
const savedIndex = join(values.store, SEARCH_INDEX_FILE);
// --fresh: no saved index under either name (an older one would be loaded too).
if (values.fresh) for (const file of [savedIndex, join(values.store, LEGACY_SEARCH_INDEX_FILE)]) rmSync(file, { force: true });
const base = `http://127.0.0.1:${values.port}`;
const root = new URL('..', import.meta.url).pathname;

// Signed-in users (one per request, round robin): anonymous probes would meet the per-address limit.
const secret = 'bench-search-startup-secret-0123456789';
const tokens = Array.from({ length: 500 }, (_, i) => signToken(secret, { userId: `bench-user-${i}`, role: 'user' }));
let nextToken = 0;
const started = performance.now();
const server = spawn(process.execPath, [join(root, 'packages/cli/bin/boxoffice.mjs'), 'serve', '--store', values.store, '--port', values.port], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, BOXOFFICE_SECRET: secret },
});
let ready: { ms: number; events: number; loaded: boolean; at: number } | null = null;
const onLine = (line: string) => {
  try {
    const entry = JSON.parse(line) as { msg?: string; search?: { ms: number; events: number; loaded: boolean } };
    if (entry.search && !ready) ready = { ...entry.search, at: performance.now() - started };
  } catch {
    if (line.trim() !== '') console.error(`server: ${line}`);
  }
};
let exited = false;
server.once('exit', (code) => {
  exited = true;
  if (!ready) console.error(`the server exited (code ${code}) before its search index was ready`);
});
createInterface({ input: server.stdout! }).on('line', onLine);
createInterface({ input: server.stderr! }).on('line', onLine);

interface Sample { readonly kind: string; readonly at: number; readonly ms: number; readonly status: number }
const samples: Sample[] = [];
async function timed(kind: string, path: string): Promise<Sample & { body: unknown }> {
  const t = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${tokens[nextToken++ % tokens.length]}` } });
    const body: unknown = await res.json().catch(() => null);
    const s = { kind, at: t - started, ms: performance.now() - t, status: res.status };
    samples.push(s);
    return { ...s, body };
  } catch {
    const s = { kind, at: t - started, ms: performance.now() - t, status: 0 };
    samples.push(s);
    return { ...s, body: null };
  }
}

await (await fetch('data:text/plain,warm-up')).text();
// Up?
let listening = 0;
for (let i = 0; i < 6000 && !listening && !exited; i++) {
  if ((await timed('wait', '/healthz')).status === 200) listening = performance.now() - started;
  else await sleep(20);
}
samples.length = 0;
const first = await timed('search', '/events/search?keyword=festival&pageSize=10');
const listed = await timed('list', '/events?pageSize=1');
const eventId = (Array.isArray(listed.body) && (listed.body[0] as { id?: string } | undefined)?.id) || null;
if (!eventId) console.error(`the events list answered ${listed.status} in ${Math.round(listed.ms)} ms (${JSON.stringify(listed.body).slice(0, 200)}): event pages not probed`);
let stop = false;
const probing = (async () => {
  while (!stop) {
    void timed('healthz', '/healthz');
    if (eventId) void timed('event', `/events/${eventId}`);
    await sleep(20);
  }
})();
const searching = (async () => {
  const words = ['rock', 'jazz night', 'symphony', 'comedy tour', 'opera', 'festival live', 'hamlet', 'derby'];
  for (let i = 0; !stop; i++) {
    await timed(ready ? 'search-ready' : 'search', `/events/search?keyword=${encodeURIComponent(words[i % words.length]!)}&pageSize=10`);
    await sleep(250);
  }
})();
const deadline = performance.now() + Number(values.seconds) * 1000;
while (!ready && !exited && performance.now() < deadline) await sleep(50);
await sleep(Number(values.after) * 1000);
stop = true;
await Promise.all([probing, searching]);
await sleep(500);
if (!exited) {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}

const pct = (xs: number[], p: number) => (xs.length ? xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);
const summary = (kind: string) => {
  const s = samples.filter((x) => x.kind === kind);
  const ms = s.map((x) => x.ms);
  const statuses: Record<number, number> = {};
  for (const x of s) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
  const worst = s.reduce<Sample | null>((a, b) => (a === null || b.ms > a.ms ? b : a), null);
  const over200 = s.filter((x) => x.ms > 200).length;
  // maxAt: when the slowest was sent, ms after the server was started.
  return { n: s.length, p50: Math.round(pct(ms, 50)), p99: Math.round(pct(ms, 99)), max: Math.round(worst?.ms ?? NaN), maxAt: Math.round(worst?.at ?? NaN), over200, statuses };
};
console.log(JSON.stringify({
  store: values.store,
  fresh: values.fresh,
  listeningAfterMs: Math.round(listening),
  firstSearch: { ms: Math.round(first.ms), status: first.status },
  indexReady: ready,
  savedIndexBytes: existsSync(savedIndex) ? statSync(savedIndex).size : null,
  searchBeforeReady: summary('search'),
  searchAfterReady: summary('search-ready'),
  healthz: summary('healthz'),
  eventPage: summary('event'),
}, null, 1));

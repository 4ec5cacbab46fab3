import { signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET } from '../helpers.js';
import { adminOf, createFaultEvents } from './fault-event.js';
import { spawnServer, type ServerProcess } from '../process/spawn.js';
import { count, describeTally, request, startLoad, unexpected, within } from './on-sale-load.js';
import { canRunPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

/**
 * One ticket row locked by another session for 20 s, then the whole database frozen: the
 * locked seat's holds fail alone (503, within the lock timeout), every other hold goes on, and
 * /readyz says 503 exactly while the booking path is stalled.
 */
const runnable = canRunPrivatePostgres();

async function readyStatus(url: string): Promise<{ status: number; checks: Record<string, string> }> {
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, checks: ((await res.json()) as { checks: Record<string, string> }).checks };
}

/**
 * A session of the test's own (psql, fed on stdin) holding `FOR UPDATE` on one ticket until
 * released; resolves once the lock is taken.
 */
async function lockTicket(url: string, ticketId: string): Promise<() => Promise<void>> {
  const psql = spawn('psql', [url, '-qAt', '-v', 'ON_ERROR_STOP=1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  psql.on('error', () => {}); // a failed spawn shows as the lock never being taken
  psql.stdin.on('error', () => {});
  const exited = new Promise<void>((resolve) => psql.on('close', () => resolve()));
  let out = '';
  const locked = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`psql took no lock: ${out}`)), 15_000);
    psql.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      if (out.includes('locked')) {
        clearTimeout(timer);
        resolve();
      }
    });
    psql.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  });
  // ticket ids are ours (tkt_...): safe inside a literal
  psql.stdin.write(`BEGIN;\nSELECT 'locked' FROM tickets WHERE id = '${ticketId}' FOR UPDATE;\n`);
  await locked;
  return async () => {
    psql.stdin.end('ROLLBACK;\n');
    await exited;
  };
}

describe.skipIf(!runnable)('a row locked for 20 s, a frozen database', () => {
  let pgServer: PrivatePostgres;
  let server: ServerProcess;
  let admin: RemoteBoxOffice;
  const events: string[] = [];

  beforeAll(async () => {
    pgServer = await startPrivatePostgres();
    server = await spawnServer({ BO_STORE: pgServer.url, BO_SECRET: SECRET });
    admin = adminOf(server.url);
    events.push(...(await createFaultEvents(admin, { venue: 'Hall', rows: 10, seatsPerRow: 50, titles: ['Locked', 'Other', 'Frozen'] })));
  }, 180_000);

  afterAll(async () => {
    pgServer?.thaw();
    await admin?.close();
    await server?.stop();
    pgServer?.destroy();
  });

  it('fails only the holds on the locked seat (503 within the lock timeout); other events sell on', async () => {
    const [lockedEvent, otherEvent] = events as [string, string];
    const seat = (await admin.getTickets(lockedEvent)).find((t) => t.status === 'AVAILABLE')!.id;
    const release = await lockTicket(pgServer.url, seat);
    const load = startLoad({ urls: [server.url], eventIds: [otherEvent], workers: 4, confirm: false });
    const lockedTries: { status: number | string; code: unknown; ms: number }[] = [];
    try {
      const until = Date.now() + 20_000;
      for (let i = 0; Date.now() < until; i++) {
        const started = Date.now();
        const res = await request(`${server.url}/holds`, { eventId: lockedEvent, ticketIds: [seat] }, signToken(SECRET, { userId: `l${i}` }), 30_000);
        lockedTries.push({ status: res.status, code: res.json.code, ms: Date.now() - started });
      }
    } finally {
      await load.stop();
      await release();
    }
    const seen = `${describeTally(load.tally)} locked seat: ${JSON.stringify(lockedTries)}`;
    console.info(`row lock 20 s: ${seen}`);
    expect(lockedTries.length, seen).toBeGreaterThanOrEqual(3);
    for (const t of lockedTries) {
      expect(t, seen).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
      expect(t.ms, seen).toBeLessThan(10_000); // lock timeout 2 s, on a loaded machine
    }
    expect(unexpected(load.tally), seen).toEqual([]);
    expect(count(load.tally, 'hold 503'), seen).toBe(0);
    expect(count(load.tally, 'hold 201'), seen).toBeGreaterThanOrEqual(20);
    // Free again: the seat that was locked can be held.
    const after = await request(`${server.url}/holds`, { eventId: lockedEvent, ticketIds: [seat] }, signToken(SECRET, { userId: 'after' }), 30_000);
    expect(after.status).toBe(201);
    expect(await admin.audit(lockedEvent)).toMatchObject({ ok: true });
  });

  it('turns /readyz to 503 while a store call waits longer than 5 s, and back to 200 after', async () => {
    // A second process whose operator turned the store's timeouts off: a hold on a locked row
    // waits as long as the lock, while a probe query still answers at once.
    const patient = await spawnServer({ BO_STORE: `${pgServer.url}?lock_timeout_ms=0&statement_timeout_ms=0`, BO_SECRET: SECRET });
    try {
      const [lockedEvent] = events as [string];
      const seat = (await admin.getTickets(lockedEvent)).find((t) => t.status === 'AVAILABLE')!.id;
      const release = await lockTicket(pgServer.url, seat);
      let waiting: Promise<unknown> | undefined;
      try {
        expect((await readyStatus(patient.url)).status).toBe(200);
        waiting = request(`${patient.url}/holds`, { eventId: lockedEvent, ticketIds: [seat] }, signToken(SECRET, { userId: 'patient' }), 60_000);
        const tookMs = await within(15_000, async () => (await readyStatus(patient.url)).status === 503);
        console.info(`readyz 503 ${tookMs} ms after the hold began waiting`);
        const { checks } = await readyStatus(patient.url);
        expect(checks.store).toBe('ok'); // the probe query answers: only the stall tells
        expect(checks.bookingPath).toMatch(/waiting/);
        // The same stall, for dashboards and alerts.
        const metrics = await (await fetch(`${patient.url}/metrics`)).text();
        const oldest = Number(/^boxoffice_store_oldest_call_seconds (\S+)$/m.exec(metrics)?.[1]);
        expect(oldest).toBeGreaterThan(5);
      } finally {
        await release();
      }
      expect(await waiting).toMatchObject({ status: 201 });
      await within(10_000, async () => (await readyStatus(patient.url)).status === 200);
    } finally {
      await patient.stop();
    }
  });

  it('turns /readyz to 503 while PostgreSQL is frozen (SIGSTOP), and serves again after SIGCONT', async () => {
    const [, , frozenEvent] = events as [string, string, string];
    const load = startLoad({ urls: [server.url], eventIds: [frozenEvent], workers: 4, confirm: false });
    try {
      await within(30_000, async () => count(load.tally, 'hold 201') >= 5);
      pgServer.freeze();
      const tookMs = await within(15_000, async () => (await readyStatus(server.url)).status === 503);
      console.info(`frozen: readyz 503 after ${tookMs} ms`);
      await new Promise((r) => setTimeout(r, 3000));
      pgServer.thaw();
      const thawed = Date.now();
      await within(15_000, async () => (await readyStatus(server.url)).status === 200);
      await within(10_000, async () => load.tally.holdOkAt.some((t) => t > thawed));
    } finally {
      pgServer.thaw();
      await load.stop();
    }
    const seen = describeTally(load.tally);
    console.info(`frozen 3 s: ${seen}`);
    expect(server.child.exitCode).toBeNull();
    expect(unexpected(load.tally), seen).toEqual([]);
    expect(await admin.audit(frozenEvent)).toMatchObject({ ok: true });
  });
});

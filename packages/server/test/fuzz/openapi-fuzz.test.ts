import { randomBytes } from 'node:crypto';
import { connect } from '@boxoffice/sdk';
import { dropSchema } from '@boxoffice/sdk/postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { bearer, SECRET } from '../helpers.js';
import { PG_URL, postgresReachable } from '../postgres-probe.js';
import { spawnServer, type ServerProcess } from '../process/spawn.js';
import { IdPools } from './id-pools.js';
import { neverSucceeded, runFuzz, type FuzzReport } from './run-fuzz.js';
import { seedRealisticData } from './seed-data.js';

/**
 * Fuzz of every operation in the server's own /openapi.json, over real HTTP to a server in its
 * own process: parameters and bodies generated from the schemas (valid, at their bounds,
 * invalid; malformed JSON, wrong content types, huge values), as anyone, users, an admin and
 * forged tokens, over seeded data and what the fuzz itself creates. No answer may be a 5xx or
 * a dropped connection, every 4xx must be a problem document with a code, the server must
 * still be up and healthy after, and no seat sold twice (the audit).
 * FUZZ_SEED replays a run (the seed is printed); FUZZ_REQUESTS sets its size.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SERVER_SCRIPT = new URL('./fuzz-server-process.ts', import.meta.url);

async function fuzzServer(server: ServerProcess, requests: number): Promise<void> {
  const admin = bearer('ops', 'admin');
  const bo = connect(server.url, { token: admin.authorization!.slice('Bearer '.length) });
  try {
    const pools = new IdPools();
    await seedRealisticData(bo, server.url, admin, pools);
    const report = await runFuzz({ baseUrl: server.url, secret: SECRET, pools, requests, seed: SEED });
    console.log(summary(report));
    expect(report.sent).toBeGreaterThanOrEqual(requests);
    expect(report.serverErrors.slice(0, 5), `seed ${SEED}: ${report.serverErrors.length} 5xx or dropped`).toEqual([]);
    // A connection that dropped once and answered when the request was sent again is printed;
    // more than a handful would be the server's doing, not the machine's.
    expect(report.transientDrops.length, `seed ${SEED}: connections dropped once`).toBeLessThanOrEqual(5);
    expect(report.unclearErrors.slice(0, 5), `seed ${SEED}: ${report.unclearErrors.length} 4xx without a problem code`).toEqual([]);
    // Seeded ids make routes succeed, not only refuse: few operations may see nothing but errors.
    const failedOnly = neverSucceeded(report);
    expect(failedOnly.length, failedOnly.join('\n')).toBeLessThanOrEqual(Math.floor(report.operations / 5));
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    for (const event of await bo.listEvents({ pageSize: 100, includePast: true })) {
      expect((await bo.audit(event.id)).ok, `audit of ${event.id}`).toBe(true);
    }
  } finally {
    await bo.close();
  }
}

function summary(report: FuzzReport): string {
  const lines = [...report.statuses]
    .sort(([a], [b]) => (report.timeByOp.get(b) ?? 0) - (report.timeByOp.get(a) ?? 0))
    .map(([op, counts]) => `${op.padEnd(52)} ${String(Math.round(report.timeByOp.get(op) ?? 0)).padStart(6)} ms ${JSON.stringify(counts)}`);
  const drops = report.transientDrops.map((d) => `dropped once, answered when sent again: ${d.request.slice(0, 120)} (${d.answer})`);
  return `fuzz seed ${SEED}: ${report.sent} requests over ${report.operations} operations in ${report.ms} ms (${report.generatedMs} ms generating)\n${[...lines, ...drops].join('\n')}`;
}

describe('fuzz of every /openapi.json route', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  it(`memory store: ${REQUESTS} requests, no 5xx, healthy after`, async () => {
    const server = await spawnServer({ BO_STORE: 'memory', BO_SECRET: SECRET }, 60_000, SERVER_SCRIPT);
    cleanups.push(() => server.stop());
    await fuzzServer(server, REQUESTS);
    expect(await server.stop()).toBe(0);
  });

  it('PostgreSQL: a quarter as many, no 5xx, healthy after', async (ctx) => {
    if (!(await postgresReachable())) return ctx.skip();
    const schema = `bo_fuzz_${randomBytes(5).toString('hex')}`;
    const server = await spawnServer({ BO_STORE: `${PG_URL}?schema=${schema}`, BO_SECRET: SECRET }, 60_000, SERVER_SCRIPT);
    cleanups.push(async () => {
      await server.stop();
      await dropSchema({ connectionString: PG_URL, schema });
    });
    await fuzzServer(server, Math.ceil(REQUESTS / 4));
    expect(await server.stop()).toBe(0);
  });
});

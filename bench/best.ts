/**
 * `pnpm bench best`: best-available holds/s on a 50,000-seat event on the memory store, the
 * SDK's path (`bo.holds.create` with `best`: seat layout built once per event, availability read as one
 * byte per seat, rows walked best-first with an early exit) against the original algorithm,
 * kept in the tests and run here as the in-run baseline: a full snapshot per hold, every
 * candidate block built and sorted, then a hold of the named seats (the way `takeBest` did it).
 *
 * Both take 2 adjacent seats per hold, one hold at a time (the cost is CPU in one process), on
 * a fresh event pre-filled front to back to each `--fills` level, interleaved round by round.
 * Then the SDK path sells a whole event out (adjacent pairs, then separate seats once no pair
 * is left, as the simulator's users do). Every event is audited (no oversold seat).
 *
 * Imports the SDK's public entries (run `pnpm build` first). Options: `pnpm bench best --help`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createTestGateway, MemoryStore, createBoxOffice, type BoxOffice, BoxOfficeError, type SectionOrder, createSimulationEvent } from '@boxoffice/sdk';
import { referenceBestAvailable } from '../packages/sdk/test/domain/best-available-reference.js';
import { parseArgs } from './lib/args.js';
import { median, seeded } from './lib/load.js';

const args = parseArgs({
  seats: { default: 50_000, help: 'seats of the event' },
  fills: { default: '0,0.5,0.9', help: 'comma-separated shares of the event sold before a measurement' },
  seconds: { default: 3, help: 'seconds per measurement at most' },
  holds: { default: 2_000, help: 'holds per measurement at most' },
  rounds: { default: 2, help: 'rounds; each measures both paths at every fill, interleaved' },
  sellout: { default: true, help: 'also time a whole sell-out on the SDK path' },
  json: { default: '', help: 'also write the results as JSON to this file' },
});
const fills = args.fills.split(',').map(Number);
if (fills.some((f) => !(f >= 0 && f < 1))) {
  console.error('--fills: shares from 0 to below 1');
  process.exit(2);
}

type Path = 'sdk' | 'original';
const PATHS: readonly Path[] = ['sdk', 'original'];
const QUANTITY = 2;

interface Measured {
  path: Path;
  fill: number;
  round: number;
  holds: number;
  seconds: number;
  rate: number;
  load: number;
}

/** A fresh BoxOffice and on-sale event, the first `fill` of its seats (in seat-map order) held. */
async function freshEvent(fill: number) {
  const store = new MemoryStore();
  const bo = createBoxOffice({ store, payments: createTestGateway(), ownsStore: false });
  const { event, venue } = await createSimulationEvent(bo, { seats: args.seats, holdTtlSeconds: 3_600, maxTicketsPerUser: 10 });
  // The store's own order is the seat map's (section, row, seat): take pairs from the front.
  const snapshot = await store.getSnapshot(event.id);
  const filled = Math.floor((snapshot.length * fill) / QUANTITY) * QUANTITY;
  for (let i = 0; i < filled; i += QUANTITY) {
    const ticketIds = snapshot.slice(i, i + QUANTITY).map((s) => s.id);
    const taken = await store.takeHold({ holdId: `hold_fill${i}`, eventId: event.id, userId: `filler${i}`, ticketIds, ttlSeconds: 3_600, maxTicketsPerUser: null });
    if (!taken.ok) throw new Error(`pre-fill failed: ${taken.reason}`);
  }
  const orders = new Map<string, SectionOrder>(venue.seatMap.sections.map((s) => [s.id, { rank: s.rank, rows: s.rows.map((r) => r.label) }]));
  return { store, bo, eventId: event.id, orders };
}

/** The original path: a snapshot per hold, the original algorithm, then the named seats. */
function originalHold(env: Awaited<ReturnType<typeof freshEvent>>, random: () => number) {
  return async (userId: string, adjacent: boolean) => {
    for (let round = 0; round < 3; round++) {
      const snapshot = await env.store.getSnapshot(env.eventId);
      const candidates = referenceBestAvailable(snapshot, env.orders, { quantity: QUANTITY, adjacent }, { limit: 8, spread: 8, random });
      if (candidates.length === 0) break;
      for (const c of candidates) {
        try {
          return await env.bo.holds.create({ eventId: env.eventId, ticketIds: [...c.ticketIds] }, { userId });
        } catch (error) {
          if (!(error instanceof BoxOfficeError && error.code === 'SEAT_UNAVAILABLE')) throw error;
        }
      }
    }
    throw new BoxOfficeError('SEAT_UNAVAILABLE', 'no seats');
  };
}

function sdkHold(bo: BoxOffice, eventId: string) {
  return (userId: string, adjacent: boolean) => bo.holds.create({ eventId, best: { quantity: QUANTITY, adjacent } }, { userId });
}

async function measure(path: Path, fill: number, round: number): Promise<Measured> {
  const env = await freshEvent(fill);
  const hold = path === 'sdk' ? sdkHold(env.bo, env.eventId) : originalHold(env, seeded(round + 1));
  let holds = 0;
  const started = performance.now();
  const deadline = started + args.seconds * 1000;
  while (holds < args.holds && performance.now() < deadline) {
    await hold(`u${round}-${holds}`, true);
    holds++;
  }
  const seconds = (performance.now() - started) / 1000;
  await assertClean(env.bo, env.eventId);
  return { path, fill, round, holds, seconds, rate: holds / seconds, load: os.loadavg()[0] ?? 0 };
}

async function assertClean(bo: BoxOffice, eventId: string): Promise<void> {
  const report = await bo.operations.audit(eventId);
  if (!report.ok) throw new Error(`audit failed on ${eventId}: ${JSON.stringify(report).slice(0, 300)}`);
}

/** Sells a whole event on the SDK path: adjacent pairs, then separate seats; times each quarter. */
async function sellOut() {
  const env = await freshEvent(0);
  const hold = sdkHold(env.bo, env.eventId);
  const quarters: number[] = [];
  let seatsHeld = 0;
  let holds = 0;
  let adjacent = true;
  const started = performance.now();
  let mark = started;
  for (;;) {
    try {
      const h = await hold(`s${holds}`, adjacent);
      holds++;
      seatsHeld += h.ticketIds.length;
    } catch (error) {
      if (!(error instanceof BoxOfficeError && error.code === 'SEAT_UNAVAILABLE')) throw error;
      if (!adjacent) break;
      adjacent = false;
      continue;
    }
    if (seatsHeld >= ((quarters.length + 1) * args.seats) / 4) {
      const now = performance.now();
      quarters.push((now - mark) / 1000);
      mark = now;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await assertClean(env.bo, env.eventId);
  return { holds, seatsHeld, seconds, quarters, load: os.loadavg()[0] ?? 0 };
}

console.log(`pnpm bench best — ${new Date().toISOString()}`);
console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? '?'}), node ${process.version}; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`event: ${args.seats.toLocaleString('en-US')} seats (sections of 20 rows × 25); holds of ${QUANTITY} adjacent seats, one at a time; each measurement ≤ ${args.seconds} s or ≤ ${args.holds} holds\n`);

const results: Measured[] = [];
for (let round = 0; round < args.rounds; round++) {
  for (const fill of fills) {
    for (const path of round % 2 === 0 ? PATHS : [...PATHS].reverse()) {
      const m = await measure(path, fill, round);
      results.push(m);
      console.log(`round ${round + 1}  fill ${(fill * 100).toFixed(0).padStart(2)}%  ${path.padEnd(8)}  ${m.holds.toString().padStart(5)} holds in ${m.seconds.toFixed(2)} s = ${m.rate.toFixed(1).padStart(8)} holds/s  (load ${m.load.toFixed(2)})`);
    }
  }
}

console.log('\nmedians (holds/s) and the ratio sdk / original:');
for (const fill of fills) {
  const rate = (path: Path) => median(results.filter((r) => r.path === path && r.fill === fill).map((r) => r.rate));
  const perRound = Array.from({ length: args.rounds }, (_, round) => {
    const of = (path: Path) => results.find((r) => r.path === path && r.fill === fill && r.round === round)!.rate;
    return `${(of('sdk') / of('original')).toFixed(0)}×`;
  });
  console.log(`  fill ${(fill * 100).toFixed(0).padStart(2)}%: sdk ${rate('sdk').toFixed(1)}, original ${rate('original').toFixed(1)}: ${(rate('sdk') / rate('original')).toFixed(0)}× (by round: ${perRound.join(', ')})`);
}

let sellout: Awaited<ReturnType<typeof sellOut>> | null = null;
if (args.sellout) {
  const s = await sellOut();
  sellout = s;
  console.log(
    `\nsell-out, sdk path: ${s.seatsHeld.toLocaleString('en-US')} seats in ${s.holds.toLocaleString('en-US')} holds, ${s.seconds.toFixed(2)} s = ${(s.holds / s.seconds).toFixed(0)} holds/s; ` +
      `by quarter of the seats: ${s.quarters.map((q) => `${q.toFixed(2)} s`).join(', ')} (load ${s.load.toFixed(2)})`,
  );
}
console.log('\nevery event audited: no oversold seat');
if (args.json) writeFileSync(args.json, JSON.stringify({ when: new Date().toISOString(), args, results, sellout }, null, 2));

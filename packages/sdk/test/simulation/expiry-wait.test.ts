import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation } from '../../src/index.js';
import { simHarness, type SimHarness } from './harness.js';

describe('abandoned holds without a movable store clock', () => {
  let h: SimHarness;
  afterEach(async () => {
    await h?.bo.close();
  });

  it('waits for them to expire in real time (10 s hold lifetime), sweeping meanwhile', async () => {
    h = simHarness();
    // Everyone abandons: 2 users take all 4 seats, the other 2 wait until those holds expire.
    const report = await runSimulation(h.bo, { users: 4, seats: 4, holdTtlSeconds: 10, abandonRate: 1, concurrency: 4 });
    expect(report.ok).toBe(true);
    expect(report.holdTtlSeconds).toBe(10);
    expect(report.expiry.mode).toBe('wait');
    expect(report.expiry.sweeps).toBeGreaterThan(1);
    // An expired hold's seats are takeable at once, before any sweep: the re-read count saw them.
    expect(report.expiry.waitedMs).toBeGreaterThan(5_000);
    expect(report.runMs).toBeGreaterThan(9_000);
    expect(report.users.abandoned).toBe(4);
    expect(report.seats.reservedAtEnd).toBe(4);
  }, 30_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation, type BoxOffice } from '../../src/index.js';
import { simHarness, type SimHarness } from './harness.js';

describe('simulation through the waiting queue', () => {
  let h: SimHarness;
  afterEach(async () => {
    await h?.bo.close();
  });

  it('joins, waits for admission, holds with the token, and audits clean', async () => {
    h = simHarness();
    const report = await runSimulation(h.bo, { users: 600, seats: 200, concurrency: 16, queue: true, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.soldOut).toBe(true);
    expect(report.queue).toMatchObject({ settings: 'configured' });
    expect(report.queue!.admitted).toBeGreaterThanOrEqual(report.users.started);
    expect(report.latency.queueWait!.count).toBe(report.queue!.admitted);
    expect(report.errors.hold?.QUEUE_TOKEN_REQUIRED).toBeUndefined();
    expect(report.errors.hold?.QUEUE_TOKEN_INVALID).toBeUndefined();
    // the run switched the queue on (16 active slots) and off again: left as it found it
    const stats = await h.bo.queueStats(report.eventId);
    expect(stats.settings).toMatchObject({ enabled: false, maxActive: 16 });
  });

  it('finds admissions whose updates never arrived (a live feed that connected late) by asking', async () => {
    h = simHarness();
    // The feed loses every admission: only the users' own status calls can tell them.
    const deaf: BoxOffice = { ...h.bo, queue: { ...h.bo.queue, subscribe: () => () => undefined } };
    const report = await runSimulation(deaf, { users: 120, seats: 40, concurrency: 8, queue: true, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.soldOut).toBe(true);
    expect(report.queue!.admitted).toBeGreaterThanOrEqual(report.users.started);
  }, 60_000);

  it('says the queue is not available on a BoxOffice without queue methods', async () => {
    h = simHarness();
    const { queue: _q, configureQueue: _c, admitQueues: _a, ...rest } = h.bo;
    const withoutQueue = rest as unknown as BoxOffice;
    await expect(runSimulation(withoutQueue, { users: 5, seats: 10, queue: true })).rejects.toThrow('queue not available yet');
  });
});

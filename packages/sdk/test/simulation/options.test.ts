import { afterEach, describe, expect, it } from 'vitest';
import { BoxOfficeError, resolveSimulationOptions, runSimulation, simulationSeatMap, type SimulationOptions } from '../../src/index.js';
import { simHarness, type SimHarness } from './harness.js';

function fieldOf(options: SimulationOptions): string | undefined {
  try {
    resolveSimulationOptions(options);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(BoxOfficeError);
    expect((error as BoxOfficeError).code).toBe('VALIDATION');
    return (error as BoxOfficeError).field;
  }
}

describe('simulation options', () => {
  it('apply defaults', () => {
    expect(resolveSimulationOptions({ users: 10 })).toMatchObject({
      users: 10,
      arrivalRate: 0,
      concurrency: 256,
      seatsPerUser: 2,
      declineRate: 0.05,
      abandonRate: 0.02,
      section: null,
      timeScale: 1,
      queue: false,
    });
  });

  it('name the option at fault', () => {
    expect(fieldOf({ users: 0 })).toBe('users');
    expect(fieldOf({ users: 1.5 })).toBe('users');
    expect(fieldOf({ users: 10, declineRate: 1.2 })).toBe('declineRate');
    expect(fieldOf({ users: 10, abandonRate: -0.1 })).toBe('abandonRate');
    expect(fieldOf({ users: 10, retryAfterDecline: Number.NaN })).toBe('retryAfterDecline');
    expect(fieldOf({ users: 10, arrivalRate: -1 })).toBe('arrivalRate');
    expect(fieldOf({ users: 10, concurrency: 0 })).toBe('concurrency');
    expect(fieldOf({ users: 10, seatsPerUser: 101 })).toBe('seatsPerUser');
    expect(fieldOf({ users: 10, timeScale: 0 })).toBe('timeScale');
    expect(fieldOf({ users: 10, section: 'no spaces' })).toBe('section');
    expect(fieldOf({ users: 10, seed: Number.POSITIVE_INFINITY })).toBe('seed');
  });

  it('seat maps have exactly the seats asked for', () => {
    const count = (n: number) => simulationSeatMap(n).sections.reduce((sum, s) => sum + (s.rows ?? []).reduce((r, row) => r + row.seatCount, 0), 0);
    for (const n of [1, 24, 25, 26, 499, 500, 501, 50_000, 123_457]) expect(count(n)).toBe(n);
    expect(() => simulationSeatMap(0)).toThrow(/seats/);
    expect(() => simulationSeatMap(200_001)).toThrow(/seats/);
  });
});

describe('simulation setup against the event', () => {
  let h: SimHarness;
  afterEach(async () => {
    await h?.bo.close();
  });

  it('refuses an unknown event, an unknown section, and more seats per user than the event allows', async () => {
    h = simHarness();
    await expect(runSimulation(h.bo, { users: 5, eventId: 'evt_doesnotexist' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runSimulation(h.bo, { users: 5, seats: 100, section: 'NOPE' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'section' });
    const first = await runSimulation(h.bo, { users: 5, seats: 100, storeClock: h.store });
    await expect(runSimulation(h.bo, { users: 5, eventId: first.eventId, seatsPerUser: 11 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'seatsPerUser' });
  });

  it('runs again on an existing event and judges only its own sales', async () => {
    h = simHarness();
    const first = await runSimulation(h.bo, { users: 20, seats: 300, concurrency: 4, abandonRate: 0, storeClock: h.store });
    const second = await runSimulation(h.bo, { users: 500, eventId: first.eventId, concurrency: 8, abandonRate: 0, storeClock: h.store });
    expect(first.ok && second.ok).toBe(true);
    expect(second.createdEvent).toBe(false);
    expect(second.seats.soldBefore).toBe(first.seats.soldByRun);
    expect(second.seats.soldBefore + second.seats.soldByRun).toBe(300);
  });
});

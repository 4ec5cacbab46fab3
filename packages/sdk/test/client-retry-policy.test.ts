import { describe, expect, it } from 'vitest';
import { connect, RETRY_DEFAULTS } from '../src/index.js';
import { networkFailure, retryAfterMs, retryDelay, retryPolicyOf, type TryFailure } from '../src/client/retry.js';

/** The remote client's retry policy as a pure function; the real sockets are in the server's client-retries test. */
describe('remote client retry policy', () => {
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
  const lost: TryFailure = { kind: 'lost' };
  const notSent: TryFailure = { kind: 'not-sent' };
  const answer = (status: number, code = 'UNAVAILABLE', retryAfter?: number): TryFailure => ({ kind: 'answer', status, code, retryAfterMs: retryAfter });
  const low = () => 0;
  const high = () => 0.999_999;

  it('backs off exponentially with jitter between half and all of the step, capped', () => {
    expect(retryDelay(lost, 1, 'safe', policy, low)).toBe(50);
    expect(retryDelay(lost, 1, 'safe', policy, high)).toBeCloseTo(100, 3);
    expect(retryDelay(lost, 2, 'safe', policy, low)).toBe(100);
    expect(retryDelay(lost, 3, 'safe', policy, high)).toBeCloseTo(400, 3);
    expect(retryDelay(lost, 3, 'safe', { ...policy, attempts: 10 }, low)).toBe(200);
    expect(retryDelay(lost, 8, 'safe', { ...policy, attempts: 10 }, high)).toBeCloseTo(1000, 3);
    expect(retryDelay(lost, 4, 'safe', policy)).toBeUndefined();
  });

  it('retries only what cannot be done twice', () => {
    for (const repeatable of ['safe', 'by-key', 'no'] as const) expect(retryDelay(notSent, 1, repeatable, policy, low), repeatable).toBe(50);
    expect(retryDelay(lost, 1, 'by-key', policy, low)).toBe(50);
    expect(retryDelay(lost, 1, 'no', policy, low)).toBeUndefined();
    expect(retryDelay(answer(503), 1, 'safe', policy, low)).toBe(50);
    expect(retryDelay(answer(503), 1, 'no', policy, low)).toBeUndefined();
    for (const status of [400, 401, 404, 409, 429, 500, 502, 504]) expect(retryDelay(answer(status, 'X'), 1, 'safe', policy), String(status)).toBeUndefined();
  });

  it("waits a 503's Retry-After (plus jitter), and gives up when it is longer than maxDelayMs", () => {
    expect(retryDelay(answer(503, 'UNAVAILABLE', 700), 1, 'safe', policy, low)).toBe(700);
    expect(retryDelay(answer(503, 'UNAVAILABLE', 700), 1, 'safe', policy, high)).toBeCloseTo(750, 3);
    expect(retryDelay(answer(503, 'UNAVAILABLE', 1000), 2, 'safe', policy, high)).toBe(1000);
    expect(retryDelay(answer(503, 'UNAVAILABLE', 1001), 1, 'safe', policy, low)).toBeUndefined();
    expect(retryDelay(answer(503, 'UNAVAILABLE', 0), 1, 'safe', policy, low)).toBe(0);
  });

  it('retries IDEMPOTENCY_IN_PROGRESS only on a keyed call that is already retrying (its own first try holds the key)', () => {
    const inProgress = answer(409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(retryDelay(inProgress, 1, 'by-key', policy, low)).toBeUndefined();
    expect(retryDelay(inProgress, 2, 'by-key', policy, low)).toBe(100);
    expect(retryDelay(inProgress, 2, 'safe', policy, low)).toBeUndefined();
    expect(retryDelay(answer(409, 'SEAT_UNAVAILABLE'), 2, 'by-key', policy, low)).toBeUndefined();
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(['3', '9'])).toBe(3000);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const now = Date.parse('2026-12-07T20:00:00Z');
    expect(retryAfterMs('Mon, 07 Dec 2026 20:00:04 GMT', now)).toBe(4000);
    expect(retryAfterMs('Mon, 07 Dec 2026 19:59:00 GMT', now)).toBe(0);
  });

  it('tells a request that never left from a connection lost under it, and leaves timeouts alone', () => {
    const coded = (code: string) => Object.assign(new Error(code), { code });
    expect(networkFailure(coded('ECONNREFUSED'))).toEqual({ kind: 'not-sent' });
    expect(networkFailure(coded('UND_ERR_CONNECT_TIMEOUT'))).toEqual({ kind: 'not-sent' });
    expect(networkFailure(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toEqual({ kind: 'not-sent' });
    expect(networkFailure(coded('ECONNRESET'))).toEqual({ kind: 'lost' });
    expect(networkFailure(coded('UND_ERR_SOCKET'))).toEqual({ kind: 'lost' });
    expect(networkFailure(coded('UND_ERR_HEADERS_TIMEOUT'))).toBeUndefined();
    expect(networkFailure(coded('UND_ERR_CLOSED'))).toBeUndefined();
    expect(networkFailure(new Error('no code'))).toBeUndefined();
  });

  it('takes { attempts, baseDelayMs, maxDelayMs } or false, and names the field at fault', () => {
    expect(retryPolicyOf(undefined)).toEqual(RETRY_DEFAULTS);
    expect(RETRY_DEFAULTS).toEqual({ attempts: 3, baseDelayMs: 200, maxDelayMs: 5000 });
    expect(retryPolicyOf(false).attempts).toBe(1);
    expect(retryPolicyOf({ attempts: 5 })).toEqual({ ...RETRY_DEFAULTS, attempts: 5 });
    expect(retryPolicyOf({ attempts: 2, baseDelayMs: undefined })).toEqual({ ...RETRY_DEFAULTS, attempts: 2 });
    const field = (option: unknown) => {
      try {
        connect('http://127.0.0.1:1', { retry: option as never });
        return undefined;
      } catch (error) {
        return (error as { code: string; field: string }).code === 'VALIDATION' ? (error as { field: string }).field : 'not VALIDATION';
      }
    };
    expect(field({ attempts: 0 })).toBe('retry.attempts');
    expect(field({ attempts: 2.5 })).toBe('retry.attempts');
    expect(field({ attempts: 11 })).toBe('retry.attempts');
    expect(field({ baseDelayMs: -1 })).toBe('retry.baseDelayMs');
    expect(field({ maxDelayMs: Number.NaN })).toBe('retry.maxDelayMs');
    expect(field({ baseDelayMs: 500, maxDelayMs: 100 })).toBe('retry.maxDelayMs');
    expect(field('yes')).toBe('retry');
    expect(field(true)).toBe('retry');
    expect(field({ attempts: 1 })).toBeUndefined();
  });

  it('reports how many tries an unreachable server took', async () => {
    const gone = connect('http://127.0.0.1:1', { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    await expect(gone.listEvents()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/\(3 tries\)$/), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    await gone.close();
    const once = connect('http://127.0.0.1:1', { retry: false });
    await expect(once.listEvents()).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.not.stringMatching(/tries/) });
    await once.close();
  });
});

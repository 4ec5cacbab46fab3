import { describe, expect, it } from 'vitest';
import { translateDbError } from '../../src/adapters/postgres/connection/db-errors.js';

/** What a dependency's fault looks like to a caller: UNAVAILABLE (503), never a crash or a refusal. */
const codeOf = (error: unknown) => (translateDbError(error) as { code?: unknown }).code;
const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('translateDbError', () => {
  it('turns every connection-class fault into UNAVAILABLE', () => {
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']) {
      expect(codeOf(pgError(code)), code).toBe('UNAVAILABLE');
    }
  });

  it("turns node-postgres's codeless connection errors into UNAVAILABLE, pg-pool's connect timeout included", () => {
    for (const message of ['Connection terminated unexpectedly', 'timeout exceeded when trying to connect', 'Client has encountered a connection error and is not queryable']) {
      expect(codeOf(new Error(message)), message).toBe('UNAVAILABLE');
    }
  });

  it('turns a lock or statement timeout into a retryable UNAVAILABLE, never a business refusal', () => {
    for (const code of ['55P03', '57014']) {
      expect(translateDbError(pgError(code)), code).toMatchObject({ code: 'UNAVAILABLE', details: { retryable: true } });
    }
  });

  it('leaves a bug (an unknown error) as it is', () => {
    const bug = pgError('42P01', 'relation "nope" does not exist');
    expect(translateDbError(bug)).toBe(bug);
  });
});

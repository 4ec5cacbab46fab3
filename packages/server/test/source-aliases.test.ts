import { BoxOfficeError } from '@boxoffice/sdk';
import { problemOf } from '@boxoffice/server';
import { describe, expect, it } from 'vitest';
import { BoxOfficeError as SourceBoxOfficeError } from '../../sdk/src/domain/errors.js';

/** Tests resolve @boxoffice/* to source (vitest.source-aliases.ts), and load one copy of the SDK. */
describe('workspace packages in tests', () => {
  it('resolve @boxoffice/sdk to its source, not to a possibly stale dist/', () => {
    expect(BoxOfficeError).toBe(SourceBoxOfficeError);
  });

  it('share one SDK with the server: its problemOf sees the SDK entry\'s BoxOfficeError', () => {
    // problemOf maps a BoxOfficeError by `instanceof`; a second copy of the SDK would make this a 500.
    expect(problemOf(new BoxOfficeError('NOT_FOUND', 'probe')).status).toBe(404);
  });
});

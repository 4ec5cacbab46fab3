import { signToken } from '@boxoffice/sdk';
import fc from 'fast-check';
import { EXAMPLES, type Example } from './examples.js';
import { poolRef, type IdPools, type PoolKind } from './id-pools.js';
import { anyValue, bodyValue, nastyString, validValue, type Hint, type Schema } from './schema-arbitrary.js';

/** One operation of /openapi.json, as the fuzz reads it. */
export interface Operation {
  readonly method: string;
  /** `/events/{eventId}/layout` */
  readonly path: string;
  readonly parameters: ReadonlyArray<{ name: string; in: 'path' | 'query' | 'header'; schema: Schema }>;
  readonly body?: Schema;
}

export function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: Operation['parameters']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const body = op.requestBody?.content?.['application/json']?.schema;
      return { method: method.toUpperCase(), path, parameters: op.parameters ?? [], ...(body ? { body } : {}) };
    }),
  );
}

type Auth = 'none' | 'alice' | 'bob' | 'admin' | 'adminForAlice' | 'expired' | 'garbage' | 'malformed';
type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; contentType: string | null };

/** A request before its pool picks are made (see IdPools). */
export interface FuzzRequest {
  readonly op: string;
  readonly method: string;
  readonly path: ReadonlyArray<string | { name: string; value: unknown; raw: boolean }>;
  readonly query: ReadonlyArray<readonly [string, unknown]>;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly auth: Auth;
  readonly body?: Body;
}

const PAYMENT_TOKENS = ['tok_visa', 'tok_mastercard', 'tok_declined', 'tok_insufficient_funds'] as const;
// `tok_timeout` is left out: it is the test gateway's declared fault (the charge's outcome is
// lost), answered 502 PAYMENT_UNCERTAIN by design, as a real gateway's timeout would be.

const isoDate = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.integer({ min: -400, max: 900 }).map((days) => new Date(Date.now() + days * 86_400_000).toISOString()), weight: 6 },
    { arbitrary: fc.date({ min: new Date('1970-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), weight: 1 },
    { arbitrary: fc.constantFrom('2027-02-30T00:00:00Z', '0001-01-01T00:00:00Z', '2031-05-01T22:00:00+02:00', '2031-05-01T20:00:00', 'tomorrow', '2031-13-01'), weight: 1 },
  );

const ids = (kind: Parameters<typeof poolRef>[0], max: number) => fc.array(poolRef(kind), { minLength: 1, maxLength: max });

/** Properties holding one id (or a seat-map name) of a pool: mostly that, sometimes a well-formed stranger. */
const POOL_OF: Readonly<Record<string, PoolKind>> = {
  eventId: 'event',
  holdId: 'hold',
  bookingId: 'booking',
  venueId: 'venue',
  performerId: 'performer',
  webhookId: 'webhook',
  section: 'section',
  tier: 'tier',
};
const DATE_FIELDS = new Set(['startsAt', 'endsAt', 'onSaleAt', 'salesEndAt', 'refundDeadlineAt', 'start', 'end']);

/** Realistic values where a property's name asks for them: seeded ids, test tokens, dates. */
export const realistic: Hint = (name, schema) => {
  const withRandom = (arb: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: validValue({ ...schema }, () => undefined), weight: 1 });
  const pool = POOL_OF[name];
  if (pool !== undefined) return withRandom(poolRef(pool));
  if (DATE_FIELDS.has(name)) return isoDate();
  switch (name) {
    case 'ticketIds':
      return schema.type === 'array' ? withRandom(ids('ticket', 4)) : undefined;
    case 'performerIds':
      return schema.type === 'array' ? ids('performer', 2) : undefined;
    case 'token':
      return fc.constantFrom(...PAYMENT_TOKENS);
    case 'url':
      // Never delivered (the fuzz's server runs no webhook dispatcher); loopback all the same.
      return fc.constantFrom('http://127.0.0.1:9/hook', 'https://127.0.0.1:9/x?y=1', 'ftp://127.0.0.1/', 'http://user:pw@127.0.0.1:9/', 'not a url');
    case 'keyword':
    case 'prefix':
      return fc.oneof(fc.constantFrom('testers', 'live', 'hall', 'Tes', 'night encore'), fc.string({ unit: 'grapheme', maxLength: 20 }));
    default:
      return undefined;
  }
};

const MALFORMED_JSON = ['{', '{"eventId":', '[', ']', 'null', '"x"', '{"a":1}}', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '['.repeat(5_000), `{"k":"${'x'.repeat(200_000)}"}`, 'true', '1e999', '{"ticketIds":[1,2,3]}'] as const;

const rawBody = (): fc.Arbitrary<Body> =>
  fc.oneof(
    fc.constantFrom(...MALFORMED_JSON).map((text): Body => ({ kind: 'raw', text, contentType: 'application/json' })),
    fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/json; charset=utf-16', 'application/xml', null), fc.constantFrom('{"a":1}', 'a=b&c=d', '--zz\r\n\r\n--zz--', '<a/>', ''))
      .map(([contentType, text]): Body => ({ kind: 'raw', text, contentType })),
    fc.constant<Body>({ kind: 'raw', text: '', contentType: 'application/json' }),
  );

const headerValue = (): fc.Arbitrary<string> =>
  fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), nastyString().map((s) => s.slice(0, 5_000)));

/**
 * Every request the fuzz may send to `op`: params, query, headers, body and a caller; for the
 * operations with an example (see examples.ts), a share of requests valid by construction.
 */
export function requestsFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const random = randomRequestFor(op);
  const example = EXAMPLES[`${op.method} ${op.path}`];
  if (!example) return random;
  const caller = fc.constantFrom<Auth>(...(op.path.startsWith('/admin') ? (['admin'] as const) : (['alice', 'bob', 'adminForAlice'] as const)));
  const valid = fc.tuple(random, example, caller).map(([r, e, auth]) => withExample(r, e, auth));
  return fc.oneof({ arbitrary: random, weight: 3 }, { arbitrary: valid, weight: 2 });
}

function withExample(r: FuzzRequest, e: Example, auth: Auth): FuzzRequest {
  return {
    ...r,
    auth,
    path: r.path.map((part) => (typeof part !== 'string' && e.path?.[part.name] !== undefined ? { ...part, value: e.path[part.name], raw: false } : part)),
    query: e.query === undefined ? r.query : Object.entries(e.query),
    ...(e.body === undefined ? {} : { body: { kind: 'json', value: e.body } }),
  };
}

function randomRequestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const pathParts = op.path.split(/(\{[^}]+\})/).filter((p) => p !== '');
  const pathArb = fc.tuple(
    ...pathParts.map((part): fc.Arbitrary<FuzzRequest['path'][number]> => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name === undefined) return fc.constant(part);
      const schema = op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
      return fc.oneof(
        { arbitrary: validValue(schema, realistic, name).map((value) => ({ name, value, raw: false })), weight: 10 },
        { arbitrary: nastyString().map((value) => ({ name, value, raw: false })), weight: 2 },
        { arbitrary: fc.constantFrom('..', '%2e%2e', '%00', '%', '%zz', 'a%2Fb').map((value) => ({ name, value, raw: true })), weight: 1 },
      );
    }),
  );
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  // Half the queries are valid throughout: with 18 parameters, one bad value each would
  // otherwise almost always be refused before reaching the handler.
  const validQuery = fc
    .tuple(...queryParams.map((p) => fc.option(validValue(p.schema, realistic, p.name).map((v) => [p.name, v] as const), { nil: undefined, freq: 2 })))
    .map((pairs) => pairs.filter((p): p is readonly [string, unknown] => p !== undefined));
  const mixedQuery = fc
    .tuple(
      ...queryParams.map((p) => fc.option(anyValue(p.schema, realistic, p.name).map((v) => [p.name, v] as const), { nil: undefined, freq: 2 })),
      fc.option(fc.tuple(fc.constantFrom('zz', 'page', '__proto__', ''), nastyString()), { nil: undefined, freq: 4 }),
    )
    .map((pairs) => pairs.filter((p): p is readonly [string, unknown] => p !== undefined));
  const headerArb = fc.record(
    {
      'idempotency-key': headerValue(),
      'x-admission-token': headerValue(),
      accept: fc.constantFrom('application/json', 'application/problem+json', 'text/html', '*/*', 'application/vnd.boxoffice.search+json', 'x/y;q=abc'),
      'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'gzip;q=0, br;q=0, identity;q=0, *;q=0', 'zstd', 'x;q=nope'),
      'if-none-match': fc.oneof(fc.constantFrom('*', '"x"', 'W/"abc"', '""'), headerValue()),
      'x-on-behalf-of': fc.oneof(fc.constantFrom('alice', 'bob', 'ops'), headerValue()),
      'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
      'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1, 10.0.0.1', 'garbage', ''),
    },
    { requiredKeys: [] },
  );
  const authArb = fc.constantFrom<Auth>('none', 'alice', 'alice', 'alice', 'bob', 'admin', 'admin', 'admin', 'adminForAlice', 'expired', 'garbage', 'malformed');
  const bodyArb: fc.Arbitrary<Body | undefined> =
    op.body === undefined && op.method === 'GET'
      ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 12 }, { arbitrary: rawBody(), weight: 1 })
      : op.body
        ? fc.oneof({ arbitrary: bodyValue(op.body, realistic).map((value): Body => ({ kind: 'json', value })), weight: 8 }, { arbitrary: rawBody(), weight: 2 })
        : fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: rawBody(), weight: 1 }, { arbitrary: fc.constant<Body>({ kind: 'json', value: {} }), weight: 1 });
  return fc.record({ path: pathArb, query: fc.oneof(validQuery, mixedQuery), headers: headerArb, auth: authArb, body: bodyArb }).map(({ body, ...r }) => ({
    op: `${op.method} ${op.path}`,
    method: op.method,
    ...r,
    ...(body ? { body } : {}),
  }));
}

/** The tokens each caller presents (signed with the server's secret, or not). */
export function authHeaders(secret: string): Record<Auth, Record<string, string>> {
  const bearer = (userId: string, role: 'user' | 'admin' = 'user', now?: number) =>
    `Bearer ${signToken(secret, { userId, role, ...(now === undefined ? {} : { now, ttlSeconds: 60 }) })}`;
  return {
    none: {},
    alice: { authorization: bearer('alice') },
    bob: { authorization: bearer('bob') },
    admin: { authorization: bearer('ops', 'admin') },
    adminForAlice: { authorization: bearer('ops', 'admin'), 'x-on-behalf-of': 'alice' },
    expired: { authorization: bearer('alice', 'user', Date.now() - 3_600_000) },
    garbage: { authorization: 'Bearer eyJub3QiOiJhIHRva2VuIn0.c2ln' },
    malformed: { authorization: 'Basic YWxpY2U6cHc=' },
  };
}

/** Header values a client can put on the wire (Latin-1, no control characters). */
const wireSafe = (s: string) => s.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** The request as fetch sends it, with ids picked from the pools now. */
export function materialise(
  r: FuzzRequest,
  pools: IdPools,
  baseUrl: string,
  auth: Record<Auth, Record<string, string>>,
): { url: string; init: { method: string; headers: Record<string, string>; body?: string } } {
  const path = r.path
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = pools.resolve(part.value);
      const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
      // A lone surrogate cannot be percent-encoded: it goes as UTF-8 does (U+FFFD).
      return part.raw ? text : encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
    })
    .join('');
  const params = new URLSearchParams();
  for (const [name, raw] of r.query) {
    const value = pools.resolve(raw);
    if (Array.isArray(value)) for (const item of value) params.append(name, typeof item === 'string' ? item : JSON.stringify(item));
    else params.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const query = params.toString();
  const headers: Record<string, string> = { ...auth[r.auth] };
  for (const [name, value] of Object.entries(r.headers)) if (typeof value === 'string') headers[name] = wireSafe(value);
  let body: string | undefined;
  if (r.body?.kind === 'json') {
    body = JSON.stringify(pools.resolve(r.body.value)) ?? 'null';
    headers['content-type'] = 'application/json';
  } else if (r.body?.kind === 'raw') {
    body = r.body.text;
    if (r.body.contentType !== null) headers['content-type'] = r.body.contentType;
  }
  return { url: `${baseUrl}${path}${query ? `?${query}` : ''}`, init: { method: r.method, headers, ...(body === undefined ? {} : { body }) } };
}

import { Ajv2020 } from 'ajv/dist/2020.js';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers.js';
import { contractApp, operations, servedDocument, tempDir, writeJson, type OpenApiDocument } from './openapi-helpers.js';

const run = promisify(execFile);
const redocly = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

let t: TestApp;
let doc: OpenApiDocument;
beforeAll(async () => {
  t = await contractApp();
  doc = await servedDocument(t);
});
afterAll(() => t.close());

describe('/openapi.json as a contract to generate from', () => {
  it('passes @redocly/cli lint (recommended rules) with no error', async () => {
    const tmp = tempDir('bo-openapi-lint-');
    try {
      const file = join(tmp.dir, 'openapi.json');
      writeJson(file, doc);
      // Telemetry and update checks off: CI has no business calling out.
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
      const { stdout } = await run(process.execPath, [redocly, 'lint', file, '--format=json'], { env, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
      const report = JSON.parse(stdout) as { totals: { errors: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
      const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      tmp.remove();
    }
  }, 120_000);

  it('names every operation with a unique camelCase operationId', () => {
    const ids = operations(doc).map(({ op }) => op.operationId);
    expect(ids.length).toBeGreaterThanOrEqual(45);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations(doc).find(({ method, path }) => method === 'post' && path === '/holds')?.op.operationId).toBe('createHold');
    expect(operations(doc).find(({ method, path }) => method === 'post' && path === '/holds/{holdId}/confirm')?.op.operationId).toBe('confirmHold');
  });

  it('gives every success a real schema (a component), every error status the problem schema', () => {
    for (const { method, path, op } of operations(doc)) {
      const where = `${method.toUpperCase()} ${path}`;
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      expect(success.length, where).toBeGreaterThan(0);
      for (const status of success) {
        const content = op.responses[status]!.content;
        if (status === '204' || (content && 'text/plain' in content)) continue;
        for (const [type, media] of Object.entries(content ?? {})) expect(media.schema.$ref, `${where} ${status} ${type}`).toMatch(/^#\/components\/schemas\/[A-Z]/);
        expect(Object.keys(content ?? {}).length, `${where} ${status}`).toBeGreaterThan(0);
      }
      const errors = Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s));
      // A problem response by reference; only /readyz answers 503 with a body of its own (its checks).
      for (const status of errors) {
        const response = op.responses[status]!;
        if (response.$ref === undefined) expect(response.content?.['application/json']?.schema.$ref, `${where} ${status}`).toBe('#/components/schemas/Readiness');
        else expect(response.$ref, `${where} ${status}`).toMatch(/^#\/components\/responses\//);
      }
      if (!path.startsWith('/healthz') && !path.startsWith('/readyz') && !path.startsWith('/metrics')) {
        expect(errors, where).toEqual(expect.arrayContaining(['429', '503']));
      }
    }
    for (const [name, response] of Object.entries(doc.components.responses)) {
      expect(response.content['application/problem+json']?.schema, name).toEqual({ $ref: '#/components/schemas/Problem' });
    }
  });

  it('says which routes are public (security: []) and which need the bearer token', () => {
    const byId = Object.fromEntries(operations(doc).map(({ op }) => [op.operationId, op.security]));
    for (const id of ['listEvents', 'getEvent', 'searchEvents', 'suggest', 'getHealth', 'getReadiness', 'getMetrics', 'createGuestToken', 'getQueueDraw']) expect(byId[id], id).toEqual([]);
    for (const id of ['createHold', 'confirmHold', 'bookTickets', 'getBooking', 'createEvent', 'createWebhook', 'joinQueue']) expect(byId[id], id).toEqual([{ bearer: [] }]);
    expect(byId.getEventTickets).toEqual([{}, { bearer: [] }]);
    for (const { op } of operations(doc).filter(({ op }) => op.security.length > 0 && op.security[0]!.bearer)) expect(Object.keys(op.responses)).toContain('401');
    expect(doc.servers?.length).toBeGreaterThan(0);
  });

  it('documents the headers the routes set', () => {
    const op = (method: string, path: string) => doc.paths[path]![method]!;
    expect(Object.keys(op('get', '/events/search').responses['200']!.headers ?? {})).toEqual(expect.arrayContaining(['X-Total-Count', 'Link']));
    expect(Object.keys(op('get', '/events/{eventId}').responses['200']!.headers ?? {})).toContain('ETag');
    expect(op('get', '/events/{eventId}').responses).toHaveProperty('304');
    expect(Object.keys(op('post', '/holds').responses['201']!.headers ?? {})).toEqual(expect.arrayContaining(['Location', 'Idempotent-Replayed']));
    expect(doc.components.responses).toHaveProperty('TooManyRequests.headers.Retry-After');
    expect(doc.components.responses).toHaveProperty('Unavailable.headers.Retry-After');
  });

  it("documents the webhook routes' real statuses", () => {
    const statuses = (method: string, path: string) => Object.keys(doc.paths[path]![method]!.responses).filter((s) => /^2/.test(s));
    expect(statuses('post', '/admin/webhooks')).toEqual(['201']);
    expect(statuses('get', '/admin/webhooks')).toEqual(['200']);
    expect(statuses('delete', '/admin/webhooks/{webhookId}')).toEqual(['204']);
    expect(statuses('post', '/admin/webhooks/{webhookId}/test')).toEqual(['202']);
  });

  it("documents the hold body's either/or as oneOf", () => {
    const schema = doc.paths['/holds']!.post!.requestBody!.content['application/json']!.schema as { oneOf: { required: string[] }[] };
    expect(schema.oneOf.map((s) => s.required)).toEqual([['ticketIds'], ['best']]);
    const valid = new Ajv2020({ strict: false }).compile(schema);
    const eventId = 'evt_1';
    expect(valid({ eventId, ticketIds: ['tkt_1'] })).toBe(true);
    expect(valid({ eventId, best: { quantity: 2 } })).toBe(true);
    expect(valid({ eventId, ticketIds: ['tkt_1'], best: { quantity: 2 } })).toBe(false);
    expect(valid({ eventId })).toBe(false);
  });

  it("keeps the seed's POST /bookings/:eventId apart from the booking routes: one template, /bookings/{id}", () => {
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/bookings/{') && !p.endsWith('/cancel'))).toEqual(['/bookings/{id}']);
    const seed = doc.paths['/bookings/{id}']!.post!;
    const get = doc.paths['/bookings/{id}']!.get!;
    expect(seed.operationId).toBe('bookTickets');
    expect(seed.parameters.find((p) => p.in === 'path')?.schema.pattern).toMatch(/^\^evt_/);
    expect(get.parameters.find((p) => p.in === 'path')?.schema.pattern).toMatch(/^\^bkg_/);
  });
});

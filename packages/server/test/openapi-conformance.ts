import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { OpenApiDocument, Operation } from './openapi-helpers.js';

type Response = Operation['responses'][string];

/** An answer as the checker reads it (a light-my-request response is one). */
export interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

/**
 * Checks real answers against /openapi.json as a generated client would read it: the operation
 * by method and documented path, the status among its responses (not `default`), the media type
 * among its content, the body against the schema, and the documented headers it carries.
 */
export class ContractChecker {
  /** `operationId status` of every answer checked, to prove every operation was exercised. */
  readonly seen = new Set<string>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, validateSchema: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; pattern: RegExp; params: number; op: Operation }[];

  constructor(private readonly doc: OpenApiDocument) {
    // The document itself is the schema resource: its '#/components/...' references resolve in it.
    this.ajv.addSchema({ $id: 'openapi.json', components: doc.components }, 'openapi.json');
    this.routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        // [^/]*: an empty segment still reaches the route (and gets its 400), so match it too.
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]*')}$`),
        params: (path.match(/\{/g) ?? []).length,
        op,
      })),
    );
    // A literal segment wins over a parameter (/events/search before /events/{eventId}).
    this.routes.sort((a, b) => a.params - b.params);
  }

  /** The problems with one answer ([] when it agrees with the document). */
  check(method: string, url: string, res: Answer): string[] {
    const path = url.split('?')[0]!;
    const route = this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    const where = `${method} ${path} -> ${res.statusCode}`;
    if (!route) return [`${where}: no operation in the document`];
    this.seen.add(`${route.op.operationId} ${res.statusCode}`);
    const documented = route.op.responses[String(res.statusCode)];
    if (!documented) return [`${where}: status not documented for ${route.op.operationId}`];
    const response = this.resolve(documented);
    return [...this.checkBody(where, response, res), ...this.checkHeaders(where, response, res)];
  }

  operationIds(): string[] {
    return this.routes.map((r) => r.op.operationId);
  }

  private resolve(response: Response): Response {
    if (response.$ref === undefined) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    return (this.doc.components.responses as Record<string, Response>)[name]!;
  }

  private checkBody(where: string, response: Response, res: Answer): string[] {
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (res.body.length === 0) return response.content === undefined ? [] : [`${where}: empty body, the document promises ${Object.keys(response.content).join(', ')}`];
    const media = response.content?.[type];
    if (!media) return [`${where}: content type ${type} not documented (${Object.keys(response.content ?? {}).join(', ') || 'no body'})`];
    if (!type.endsWith('json')) return [];
    const validate = this.validator(media.schema);
    if (validate(JSON.parse(res.body))) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `${where}: body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** A header the document knows (components.headers) must be documented where it is sent, and match its schema. */
  private checkHeaders(where: string, response: Response, res: Answer): string[] {
    const problems: string[] = [];
    const documented = new Map(Object.keys(response.headers ?? {}).map((name) => [name.toLowerCase(), name]));
    for (const [name, header] of Object.entries(this.doc.components.headers)) {
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) continue;
      // Caching headers on an error (a route that set no-store before failing) are harmless.
      if (res.statusCode >= 400 && ['cache-control', 'vary'].includes(name.toLowerCase())) continue;
      if (!documented.has(name.toLowerCase())) {
        problems.push(`${where}: sends ${name}, not documented for this response`);
        continue;
      }
      const typed = header.schema.type === 'integer' ? Number(value) : String(value);
      if (!this.validator(header.schema)(typed)) problems.push(`${where}: header ${name}: ${String(value)} does not match ${JSON.stringify(header.schema)}`);
    }
    return problems;
  }

  private validator(schema: Record<string, unknown>): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (!validate) {
      // '#/components/...' inside `schema` means the document's, not the fragment's own root.
      const rebased = JSON.parse(key.replace(/"#\/components\//g, '"openapi.json#/components/'));
      validate = this.ajv.compile(rebased);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

import { isIdOf, type EventView } from '@boxoffice/sdk';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RouteDeps } from '../route-deps.js';
import type { WebBundle } from './static-assets.js';

/** Hashed names never change content: browsers and CDNs may keep them for a year. */
const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** The HTML names the current hashed assets: always revalidated. */
const PAGE_CACHE_CONTROL = 'no-cache';
/** Everything is same-origin (no CDN, no external fonts); the page data is JSON, never run. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** What the event page needs before any API call: details, not the (possibly 50,000) tickets. */
export interface EventSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly type: string;
  readonly status: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly onSaleAt: string;
  readonly currency: string;
  readonly prices: Readonly<Record<string, number>>;
  readonly holdTtlSeconds: number;
  readonly maxTicketsPerUser: number | null;
  readonly venue: { readonly name: string; readonly address: string; readonly city: string; readonly country: string };
  readonly performers: readonly { readonly id: string; readonly name: string; readonly genre: string | null }[];
  /** The waiting queue is on: the page shows the waiting room before the seat map can be used. */
  readonly queued: boolean;
  /** The demo's "continue as guest" is available on this server. */
  readonly guest: boolean;
}

export function summaryOf(view: EventView, queued: boolean, guest: boolean): EventSummary {
  const { venue } = view;
  return {
    id: view.id,
    title: view.title,
    description: view.description,
    type: view.type,
    status: view.status,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    onSaleAt: view.onSaleAt,
    currency: view.currency,
    prices: view.prices,
    holdTtlSeconds: view.holdTtlSeconds,
    maxTicketsPerUser: view.maxTicketsPerUser,
    venue: { name: venue.name, address: venue.address, city: venue.city, country: venue.country },
    performers: view.performers.map((p) => ({ id: p.id, name: p.name, genre: p.genre })),
    queued,
    guest,
  };
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** Fills a page template's `<!--bo:title-->` and `<!--bo:data-->` slots. */
export function renderPage(template: string, title: string, data: unknown): string {
  return template
    .replace('<!--bo:title-->', escapeHtml(title))
    .replace('<!--bo:data-->', `<script type="application/json" id="boxoffice-data">${scriptJson(data)}</script>`);
}

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).header('cache-control', PAGE_CACHE_CONTROL).header('content-security-policy', CSP).type('text/html; charset=utf-8').send(html);
}

/** `/` (search), `/event/:eventId` (seat map, waiting room) and `/assets/<hashed name>`. */
export function pageRoutes(app: FastifyInstance, { boxOffice, cache }: RouteDeps, bundle: WebBundle, guest: boolean): void {
  const page = (name: string) => bundle.pages.get(name) ?? '<!doctype html><title><!--bo:title--></title><!--bo:data-->';
  const notFound = (reply: FastifyReply, message: string, status = 404) =>
    sendPage(reply, status, renderPage(page('index'), 'BoxOffice', { guest, error: message }));

  app.get('/', async (_request, reply) => sendPage(reply, 200, renderPage(page('index'), 'BoxOffice — find an event', { guest })));

  app.get<{ Params: { eventId: string } }>('/event/:eventId', async (request, reply) => {
    const { eventId } = request.params;
    // A page, not an API: a bad or unknown id gets the search page with the reason, not problem+json.
    if (!isIdOf('event', eventId)) return notFound(reply, `"${request.params.eventId.slice(0, 80)}" is not an event id`, 400);
    let view: EventView;
    try {
      view = (await cache.get(eventId)).snapshot.view;
    } catch (error) {
      if ((error as { code?: unknown }).code === 'NOT_FOUND') return notFound(reply, `No event ${eventId}`);
      throw error;
    }
    const queued = await boxOffice.queue.stats(eventId).then(
      (stats) => stats.settings.enabled,
      () => false, // no queue configured for this event
    );
    return sendPage(reply, 200, renderPage(page('event'), `${view.title} — BoxOffice`, summaryOf(view, queued, guest)));
  });

  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const file = bundle.assets.get(request.params.file);
    if (!file) return reply.callNotFound();
    reply.header('cache-control', ASSET_CACHE_CONTROL).header('vary', 'accept-encoding').type(file.contentType);
    if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) return reply.header('content-encoding', 'gzip').send(file.gzipped);
    return reply.send(file.body);
  });
}

import { HEADERS, SEARCH_RESULT_MEDIA_TYPE as SEARCH_RESULT_TYPE, type SearchInput, type SearchResult } from '@boxoffice/sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../route-deps.js';
import { searchQuery, suggestQuery } from '../schemas/search.js';
import { ok } from '../contract.js';
import { eventList, searchResult, suggestionList } from '../schemas/responses/catalog.js';

/** Search may lag the catalog by the adapter's bound anyway; a CDN may keep an answer briefly. */
const SEARCH_CACHE_CONTROL = 'public, max-age=2';

/**
 * `Link` with first, prev, next and last pages, each the request's own query with another page.
 * When the total is only a lower bound (`totalExact: false`) there is no known last page: `last`
 * is left out, and `next` runs to the last page of the matches counted.
 */
export function pageLinks(request: FastifyRequest, result: Pick<SearchResult, 'page' | 'pageSize' | 'total'> & { totalExact?: boolean }): string {
  const [path = '', search = ''] = request.url.split('?');
  const lastPage = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (page: number, rel: string) => {
    const params = new URLSearchParams(search);
    params.set('page', String(page));
    params.set('pageSize', String(result.pageSize));
    return `<${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links = [link(1, 'first')];
  if (result.page > 1) links.push(link(Math.min(result.page - 1, lastPage), 'prev'));
  if (result.page < lastPage) links.push(link(result.page + 1, 'next'));
  if (result.totalExact !== false) links.push(link(lastPage, 'last'));
  return links.join(', ');
}

export function searchRoutes(app: FastifyInstance, { boxOffice }: RouteDeps): void {
  app.get<{ Querystring: SearchInput }>(
    '/events/search',
    {
      schema: {
        summary: 'Search events: a JSON array of events, the total in X-Total-Count, pages in Link',
        description:
          `Send "Accept: ${SEARCH_RESULT_TYPE}" for the whole result with facets: { items, total, totalExact, totalEstimate?, page, pageSize, facets? }. ` +
          'X-Total-Count-Exact: false means X-Total-Count is a lower bound (a search matching more events than the PostgreSQL ' +
          'search adapter counts); X-Total-Estimate then gives its estimate of all matches.',
        tags: ['events'],
        querystring: searchQuery,
        contract: {
          operationId: 'searchEvents',
          responses: {
            200: {
              description: 'The page of events (a JSON array), or the whole result for the search media type',
              body: eventList,
              alternatives: { [SEARCH_RESULT_TYPE]: searchResult },
              headers: ['X-Total-Count', 'X-Total-Count-Exact', 'X-Total-Estimate', 'Link', 'Cache-Control', 'Vary'],
            },
          },
        },
      },
    },
    async (request, reply) => {
      const result = await boxOffice.events.search(request.query);
      reply.header(HEADERS.totalCount, String(result.total)).header('cache-control', SEARCH_CACHE_CONTROL).header('vary', 'Accept');
      reply.header(HEADERS.totalCountExact, String(result.totalExact));
      if (result.totalEstimate !== undefined) reply.header(HEADERS.totalEstimate, String(result.totalEstimate));
      reply.header('link', pageLinks(request, result));
      if ((request.headers.accept ?? '').includes(SEARCH_RESULT_TYPE)) {
        return reply.type(`${SEARCH_RESULT_TYPE}; charset=utf-8`).send(JSON.stringify(result));
      }
      return result.items;
    },
  );

  app.get<{ Querystring: { prefix: string; limit?: number } }>(
    '/events/suggest',
    { schema: { summary: 'Suggestions for a prefix being typed: titles, performers, venues, cities', tags: ['events'], querystring: suggestQuery, contract: { operationId: 'suggest', responses: ok(suggestionList, 'Suggestions, best first', ['Cache-Control']) } } },
    async (request, reply) => {
      reply.header('cache-control', SEARCH_CACHE_CONTROL);
      const { prefix, limit } = request.query;
      return boxOffice.events.suggest(prefix, limit === undefined ? {} : { limit });
    },
  );
}

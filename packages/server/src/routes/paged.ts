import { HEADERS, PAGE_MEDIA_TYPE, type Page } from '@boxoffice/sdk';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ResponseSpec } from '../contract.js';
import { pageLinks } from './search.js';

/** A list route's 200: a JSON array (the seed's form) with X-Total-Count and Link, or the page object. */
export function paged(list: z.ZodType, page: z.ZodType, description: string): Record<number, ResponseSpec> {
  return {
    200: {
      description: `${description}: a JSON array, the total in X-Total-Count, pages in Link; the page object for Accept: ${PAGE_MEDIA_TYPE}`,
      body: list,
      alternatives: { [PAGE_MEDIA_TYPE]: page },
      headers: ['X-Total-Count', 'Link', 'Vary'],
    },
  };
}

/** Answers a page as `paged` describes it. */
export function sendPage<T>(request: FastifyRequest, reply: FastifyReply, page: Page<T>): T[] | FastifyReply {
  reply.header(HEADERS.totalCount, String(page.total)).header('link', pageLinks(request, page)).header('vary', 'Accept');
  if ((request.headers.accept ?? '').includes(PAGE_MEDIA_TYPE)) {
    return reply.type(`${PAGE_MEDIA_TYPE}; charset=utf-8`).send(JSON.stringify(page));
  }
  return page.items;
}

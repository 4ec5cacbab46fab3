import type { Page } from './domain/page.js';

/**
 * A list call's answer: await it for one page, or `for await` over it for every item of every
 * page from the one asked for on (pages are read one at a time, as the loop asks).
 */
export type PagedList<T> = Promise<Page<T>> & AsyncIterable<T>;

/**
 * The first page is requested at once (so an await and a bad argument behave as any call); the
 * iterator re-uses it, then reads the next pages while `hasMore`. A page that comes back empty
 * ends the walk even if `hasMore` said otherwise (items removed meanwhile).
 */
export function pagedList<T>(readPage: (page: number) => Promise<Page<T>>, firstPage = 1): PagedList<T> {
  const first = readPage(firstPage);
  // An iteration-only caller may never await `first`: its rejection is reported by the iterator.
  first.catch(() => undefined);
  async function* all(): AsyncGenerator<T> {
    let current = await first;
    for (;;) {
      yield* current.items;
      if (!current.hasMore || current.items.length === 0) return;
      current = await readPage(current.page + 1);
    }
  }
  return Object.assign(first, { [Symbol.asyncIterator]: () => all() });
}

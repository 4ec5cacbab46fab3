/**
 * When an event counts as past for search and lists: it ended before `pastBefore(now)`.
 * Rounded down to the minute so a query built from it (and so a search result cache's key)
 * stays the same for a minute: an event may show for up to a minute after it ended. One rule,
 * so `searchEvents` and `listEvents` hide the same events (`includePast` shows them).
 */
export function pastBefore(now: number): number {
  return Math.floor(now / 60_000) * 60_000;
}

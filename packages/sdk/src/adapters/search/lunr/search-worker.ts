import { parentPort } from 'node:worker_threads';
import type { Event } from '../../../domain/types.js';
import type { CatalogRecords } from '../catalog-source.js';
import { IndexSnapshot } from './index-snapshot.js';
import { loadSnapshot, saveSnapshot } from './persist.js';
import type { BuiltIndex, Envelope, Reply, WorkerRequest } from './worker-protocol.js';

/**
 * A search worker (node:worker_threads): builds or loads one index snapshot and answers
 * queries on it, so neither the build nor a query's CPU runs on the server's event loop.
 * Requests are handled in arrival order, except that queries never wait behind a build's
 * remaining slices (the build yields between them).
 */
const port = parentPort;
if (!port) throw new Error('search-worker.js runs as a worker thread only');

let snapshot: IndexSnapshot | null = null;
let incoming: { version: number | null; venues: CatalogRecords['venues']; performers: CatalogRecords['performers']; events: Event[] } | null = null;

function built(s: IndexSnapshot): BuiltIndex {
  return { version: s.version, eventIds: [...s.eventIds] };
}

function ready(): IndexSnapshot {
  if (!snapshot) throw new Error('the search worker has no index yet');
  return snapshot;
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'begin':
      incoming = { version: request.version, venues: request.venues, performers: request.performers, events: [] };
      return null;
    case 'events':
      if (!incoming) throw new Error('events before begin');
      for (const e of request.events) incoming.events.push(e);
      return null;
    case 'build': {
      if (!incoming) throw new Error('build before begin');
      const { events, ...rest } = incoming;
      incoming = null;
      snapshot = await IndexSnapshot.build({ ...rest, events });
      return built(snapshot);
    }
    case 'load':
      snapshot = await loadSnapshot(request.path);
      return built(snapshot);
    case 'save':
      await saveSnapshot(request.path, ready(), request.storeKind);
      return null;
    case 'availability':
      ready().columns.applyAvailability(request.summaries);
      return null;
    case 'search':
      return ready().search(request.query);
    case 'suggest':
      return ready().suggest(request.query);
  }
}

port.on('message', (envelope: Envelope) => {
  handle(envelope.request).then(
    (value) => port.postMessage({ id: envelope.id, ok: true, value } satisfies Reply),
    (error: unknown) => port.postMessage({ id: envelope.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies Reply),
  );
});

import type { BoxOfficeQueue } from '../box-office-queue.js';
import type { BoxOffice } from '../box-office.js';
import { queueJoinInput, queueSettingsInput, queueUserInput, type QueueJoinInput, type QueueSettingsInput, type QueueUserInput } from '../domain/queue-schemas.js';
import type { AdmitReport, PublishedDraw, QueueStats, QueueTicket, QueueUpdate } from '../domain/queue-views.js';
import { idOf } from '../domain/schemas.js';
import { parseInput } from '../domain/validate.js';
import type { LiveFeed } from './live.js';
import { seg, type HttpTransport } from './transport.js';

type QueueAdmin = Pick<BoxOffice, 'configureQueue' | 'pauseQueue' | 'resumeQueue' | 'queueStats' | 'admitQueues'>;

/** The buyer's side of the waiting queue over HTTP; updates arrive over the `WS /live` feed. */
export function remoteQueue(http: HttpTransport, feed: LiveFeed): BoxOfficeQueue {
  const userCall = (method: 'GET' | 'POST', suffix: string) => async (input: QueueUserInput) => {
    const req = parseInput(queueUserInput, input);
    return http.call<QueueTicket>(method, `/events/${seg(req.eventId)}/queue/${suffix}`, { onBehalfOf: req.userId });
  };
  return {
    // A receipt (after a QUEUE_RESET) travels in the body; a plain join sends none.
    async join(input: QueueJoinInput) {
      const req = parseInput(queueJoinInput, input);
      if (req.receipt === undefined) return userCall('POST', 'join')(req);
      return http.call<QueueTicket>('POST', `/events/${seg(req.eventId)}/queue/join`, { onBehalfOf: req.userId, body: { receipt: req.receipt } });
    },
    status: userCall('GET', 'me'),
    heartbeat: userCall('POST', 'heartbeat'),
    leave: userCall('POST', 'leave'),
    async drawOrder(eventId, options = {}) {
      parseInput(idOf('event'), eventId, 'eventId');
      return http.call<PublishedDraw>('GET', `/events/${seg(eventId)}/queue/draw`, { query: { offset: options.offset, limit: options.limit } });
    },
    subscribe: (listener: (update: QueueUpdate) => void) => feed.subscribeQueue(listener),
  };
}

/** The operator's side of the waiting queue over the admin routes. */
export function remoteQueueAdmin(http: HttpTransport): QueueAdmin {
  const path = (eventId: string, suffix = '') => {
    parseInput(idOf('event'), eventId, 'eventId');
    return `/admin/events/${seg(eventId)}/queue${suffix}`;
  };
  return {
    async configureQueue(eventId: string, settings: QueueSettingsInput) {
      const p = path(eventId);
      parseInput(queueSettingsInput, settings);
      return http.call<QueueStats>('PUT', p, { body: settings });
    },
    pauseQueue: async (eventId) => http.call<QueueStats>('POST', path(eventId, '/pause')),
    resumeQueue: async (eventId) => http.call<QueueStats>('POST', path(eventId, '/resume')),
    queueStats: async (eventId) => http.call<QueueStats>('GET', path(eventId)),
    admitQueues: () => http.call<AdmitReport[]>('POST', '/admin/queues/admit'),
  };
}

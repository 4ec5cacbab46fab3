import type { BoxOfficeQueue, QueueRequest } from '../box-office-queue.js';
import type { CallOptions } from '../resources.js';
import type { QueueResource } from '../resources.js';
import { queueJoinInput, queueSettingsInput, queueUserInput } from '../domain/queue-schemas.js';
import type { QueueJoinInput, QueueSettingsInput } from '../domain/inputs.js';
import type { AdmitReport, PublishedDraw, QueueStats, QueueTicket, QueueUpdate } from '../domain/queue-views.js';
import type { QueueBoard } from '../domain/queue-board.js';
import { idOf } from '../domain/schemas.js';
import { parseInput } from '../domain/validate.js';
import type { LiveFeed } from './live.js';
import type { Repeatable } from './retry.js';
import { seg, type HttpTransport } from './transport.js';

type QueueAdmin = Omit<QueueResource, keyof BoxOfficeQueue>;

/** Each buyer call's input: with the user it names, and without (the token's user). */
const SCHEMAS = {
  user: { named: queueUserInput, tokens: queueUserInput.omit({ userId: true }) },
  join: { named: queueJoinInput, tokens: queueJoinInput.omit({ userId: true }) },
};

/** The buyer's side of the waiting queue over HTTP; updates arrive over the `WS /live` feed. */
export function remoteQueue(http: HttpTransport, feed: LiveFeed): BoxOfficeQueue {
  // The user in the call options wins over one in the input (0.1); with neither, the token's.
  const userOf = (input: QueueRequest, call?: Pick<CallOptions, 'userId'>) => call?.userId ?? input.userId;
  /**
   * The input as the embedded SDK checks it, before any request. Without a user (the server
   * acts as the token's), every other field is checked all the same: only userId is left out.
   */
  const checked = (kind: keyof typeof SCHEMAS, input: QueueRequest<QueueJoinInput>, call?: Pick<CallOptions, 'userId'>): { eventId: string; receipt?: string | undefined } => {
    const userId = userOf(input, call);
    if (userId !== undefined) return parseInput(SCHEMAS[kind].named, { ...input, userId });
    const { userId: _none, ...rest } = input;
    return parseInput(SCHEMAS[kind].tokens, rest);
  };
  const userCall = (method: 'GET' | 'POST', suffix: string, repeatable: Repeatable) => async (input: QueueRequest, call?: Pick<CallOptions, 'userId'>) => {
    const req = checked('user', input, call);
    return http.call<QueueTicket>(method, `/events/${seg(req.eventId)}/queue/${suffix}`, { onBehalfOf: userOf(input, call), repeatable });
  };
  return {
    // A receipt (after a QUEUE_RESET) travels in the body; a plain join sends none. A join is
    // idempotent per user (the same number back, a receipt's number restored once), so a lost
    // answer is retried as it is: no key, hence no store write, on the on-sale's hottest call.
    // Should the user be admitted between the tries, the retry answers ALREADY_ADMITTED (true:
    // `status` shows the admission).
    async join(input: QueueRequest<QueueJoinInput>, call?: Pick<CallOptions, 'userId'>) {
      const req = checked('join', input, call);
      if (req.receipt === undefined) return userCall('POST', 'join', 'safe')(input, call);
      return http.call<QueueTicket>('POST', `/events/${seg(req.eventId)}/queue/join`, { onBehalfOf: userOf(input, call), body: { receipt: req.receipt }, repeatable: 'safe' });
    },
    status: userCall('GET', 'me', 'safe'),
    // A heartbeat is a status read that also records a sign of life: repeating it changes nothing more.
    heartbeat: userCall('POST', 'heartbeat', 'safe'),
    // A second leave of a waiting user answers NOT_JOINED (the first removed them): keyed, so a
    // retry gets the first answer back (the server de-duplicates every POST by Idempotency-Key).
    leave: userCall('POST', 'leave', 'by-key'),
    async drawOrder(eventId, options = {}) {
      parseInput(idOf('event'), eventId, 'eventId');
      return http.call<PublishedDraw>('GET', `/events/${seg(eventId)}/queue/draw`, { query: { offset: options.offset, limit: options.limit } });
    },
    async board(eventId) {
      parseInput(idOf('event'), eventId, 'eventId');
      return http.call<QueueBoard>('GET', `/events/${seg(eventId)}/queue`);
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
    // The same patch laid over the settings again gives the same settings; pausing a paused
    // queue (resuming a running one) changes nothing: all repeatable as they are.
    async configure(eventId: string, settings: QueueSettingsInput) {
      const p = path(eventId);
      parseInput(queueSettingsInput, settings);
      return http.call<QueueStats>('PUT', p, { body: settings, repeatable: 'safe' });
    },
    pause: async (eventId) => http.call<QueueStats>('POST', path(eventId, '/pause'), { repeatable: 'safe' }),
    resume: async (eventId) => http.call<QueueStats>('POST', path(eventId, '/resume'), { repeatable: 'safe' }),
    stats: async (eventId) => http.call<QueueStats>('GET', path(eventId)),
    // A second tick may admit more users: keyed, so a retry gets the first tick's report.
    admit: () => http.call<AdmitReport[]>('POST', '/admin/queues/admit', { repeatable: 'by-key' }),
  };
}

import { randomBytes } from 'node:crypto';
import { BoxOfficeError } from '../domain/errors.js';
import { QueueCode, queueError } from '../domain/queue-codes.js';
import { drawCommitment, MAX_DRAW_PAGE, seedCommitment } from '../domain/queue-draw.js';
import { DEFAULT_QUEUE_SETTINGS } from '../domain/queue.js';
import { mergeQueueSettings, queueJoinInput, queueSettingsInput, queueUserInput } from '../domain/queue-schemas.js';
import type { QueueJoinInput, QueueSettingsInput, QueueUserInput } from '../domain/inputs.js';
import { queueTicket, type AdmitReport, type PublishedDraw, type QueueStats, type QueueTicket, type QueueUpdate } from '../domain/queue-views.js';
import { boardWithoutQueue, queueBoard, type QueueBoard } from '../domain/queue-board.js';
import { isIdOf, isUserId } from '../domain/ids.js';
import { idOf } from '../domain/schemas.js';
import { parseInput } from '../domain/validate.js';
import type { JoinReceiptClaim, QueueMeta, QueuePort, QueueRecord, QueueResult, QueueView } from '../ports/queue.js';
import { invalidAdmission, readAdmissionUnverified, type AdmissionClaims, signAdmission, verifyAdmission } from './admission-token.js';
import type { CatalogService } from './catalog-service.js';
import type { ServiceContext } from './context.js';
import { QueueAdmission } from './queue-admission.js';
import { QueueGateCache } from './queue-gate.js';
import { signReceipt, verifyReceipt } from './join-receipt.js';
import { QueueRestorer } from './queue-restore.js';

export interface QueueServiceOptions {
  readonly queue: QueuePort;
  /** The deployment secret admission tokens are signed with (shared by every process). */
  readonly secret: string;
  /** Draw seeds (default 32 random bytes, hex); tests fix it to make draws reproducible. */
  readonly newSeed?: () => string;
  /** Admissions per tick and event at most (default 5000). */
  readonly maxBatch?: number;
  /** Admission waits for a fresh inventory reading when the last is older than this (default 1000 ms). */
  readonly inventoryIntervalMs?: number;
  /** How long after the event's end its queue's data is kept (Redis keys expire then; default 7 days). */
  readonly retentionMs?: number;
  /**
   * How long a process trusts "this event has no queue" before asking the queue again (default
   * 500 ms). Turning a queue on through a shared queue (Redis) waits this long before returning.
   */
  readonly gateTtlMs?: number;
}

const DEFAULT_RETENTION_MS = 7 * 24 * 3600 * 1000;

/**
 * The virtual waiting queue: operator settings, join/status/heartbeat/leave, the admission
 * scheduler, signed admission tokens, and the gate holds on a queued event pass through.
 */
export class QueueService {
  readonly admission: QueueAdmission;
  private readonly queue: QueuePort;
  private readonly listeners = new Set<(update: QueueUpdate) => void>();
  /** Listening to other processes' updates (on the first local listener). */
  private remote: (() => void) | null = null;
  private readonly gate: QueueGateCache;
  private readonly restorer: QueueRestorer;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
    private readonly options: QueueServiceOptions,
  ) {
    this.queue = options.queue;
    this.gate = new QueueGateCache(options.gateTtlMs ?? 500);
    this.restorer = new QueueRestorer({
      queue: options.queue,
      configs: ctx.store.queueConfigs,
      retentionOf: async (eventId) => {
        const event = await ctx.store.getEvent(eventId);
        const untilMs = event === null ? 0 : Date.parse(event.endsAt) + this.retentionMs;
        return untilMs > ctx.clock.now() ? { untilMs } : null;
      },
      announce: (update) => {
        this.deliver({ ...update, detectedHere: true });
        this.queue.updates?.publish({ ...update, detectedHere: false });
      },
    });
    const maxBatch = options.maxBatch ?? 5000;
    this.admission = new QueueAdmission({
      queue: options.queue,
      store: ctx.store,
      limits: { maxBatch, maxSkips: Math.max(1000, 4 * maxBatch), inventoryMaxAgeMs: options.inventoryIntervalMs ?? 1000 },
      tokenOf: (eventId, record) => this.tokenOf(eventId, record),
      emit: (update) => this.emit(update),
      // Another process may have listeners even when this one has none.
      listening: () => this.listeners.size > 0 || options.queue.updates !== undefined,
      ended: async (eventId) => {
        const event = await ctx.store.getEvent(eventId);
        return event === null || Date.parse(event.endsAt) + this.retentionMs <= ctx.clock.now();
      },
    });
  }

  // Operator

  async configure(eventId: string, input: QueueSettingsInput): Promise<QueueStats> {
    parseInput(idOf('event'), eventId, 'eventId');
    const patch = parseInput(queueSettingsInput, input);
    const event = await this.catalog.requireEvent(eventId);
    const endsAt = Date.parse(event.endsAt);
    if (endsAt <= this.ctx.clock.now()) {
      throw new BoxOfficeError('EVENT_NOT_ON_SALE', `event ${event.id} ended at ${event.endsAt}: it needs no waiting queue`, { field: 'eventId' });
    }
    const configs = this.ctx.store.queueConfigs;
    // The store's settings are the truth; the backend's stand in only on a store without them.
    const stored = configs ? await configs.getQueueConfig(eventId) : null;
    // A queue Redis lost is re-created (a reset, announced) before it is changed, so that its
    // users' receipts still work; configuring it afresh would hide the loss from them.
    if (stored?.settings.enabled) await this.restoring(eventId, () => this.queue.meta(eventId));
    const current = stored ? null : await this.queue.meta(eventId);
    const base = stored?.settings ?? (current?.ok ? current.value.settings : DEFAULT_QUEUE_SETTINGS);
    const settings = mergeQueueSettings(base, patch, event.onSaleAt);
    const seed = (this.options.newSeed ?? (() => randomBytes(32).toString('hex')))();
    const fresh = settings.mode === 'randomized' ? { seed, seedHash: seedCommitment(seed) } : null;
    // A randomized queue keeps its first committed seed, in the store as in the backend.
    const draw = stored?.drawSeed ?? fresh;
    const retention = { untilMs: endsAt + this.retentionMs };
    // The store keeps only settings the backend accepted (a started draw refuses some), so the
    // backend goes first, with the identity the store is about to give (see QueueConfigStore).
    const turnsOn = settings.enabled && !(stored?.settings.enabled ?? false);
    const identity = stored ? { epoch: stored.epoch + (turnsOn ? 1 : 0), generation: stored.generation } : { epoch: settings.enabled ? 1 : 0, generation: 0 };
    let meta = this.unwrap(await this.queue.configure(eventId, settings, draw, retention, identity), { eventId });
    if (configs) {
      const saved = await configs.saveQueueConfig(eventId, { settings, drawSeed: draw });
      // Another operator's change landed in between: the backend takes the store's word.
      if (saved.epoch !== identity.epoch || saved.generation !== identity.generation) {
        meta = this.unwrap(await this.queue.configure(eventId, settings, draw, retention, { epoch: saved.epoch, generation: saved.generation }), { eventId });
      }
    }
    this.gate.forget(eventId);
    this.emit({ type: 'queue.settings', eventId, enabled: settings.enabled });
    // Other processes may hold "no queue" for up to the gate's TTL: the queue is on for all of
    // them only once that has passed, so the operator is told "enabled" only then.
    if (settings.enabled && this.queue.updates) await new Promise((r) => setTimeout(r, this.gate.ttlMs));
    if (settings.enabled) await this.admission.refreshInventory(eventId);
    return this.statsOf(settings.enabled ? this.unwrap(await this.queue.meta(eventId), { eventId }) : meta);
  }

  async setPaused(eventId: string, paused: boolean): Promise<QueueStats> {
    parseInput(idOf('event'), eventId, 'eventId');
    // The store first, so a queue re-created after a loss comes back paused (or not) as asked.
    await this.ctx.store.queueConfigs?.setQueuePaused(eventId, paused);
    return this.statsOf(await this.orEventError(this.restoring(eventId, () => this.queue.setPaused(eventId, paused)), { eventId }));
  }

  async stats(eventId: string): Promise<QueueStats> {
    parseInput(idOf('event'), eventId, 'eventId');
    return this.statsOf(await this.orEventError(this.restoring(eventId, () => this.queue.meta(eventId)), { eventId }));
  }

  /**
   * What anyone may see of the event's queue (no user ids, no count of joins): the board a CDN
   * serves. An event whose queue was never configured gets a board that says so (enabled false);
   * an event that does not exist is NOT_FOUND.
   */
  async board(eventId: string): Promise<QueueBoard> {
    parseInput(idOf('event'), eventId, 'eventId');
    const result = await this.restoring(eventId, () => this.queue.meta(eventId));
    if (!result.ok && result.code === QueueCode.NOT_CONFIGURED) {
      await this.catalog.requireEvent(eventId);
      return boardWithoutQueue(eventId);
    }
    return queueBoard(this.statsOf(this.unwrap(result, { eventId })));
  }

  /**
   * Runs a queue call; when the backend has no queue for the event but the store says it has
   * one (the backend lost it), re-creates it from the store and runs the call again.
   */
  private async restoring<T>(eventId: string, call: () => Promise<QueueResult<T>>): Promise<QueueResult<T>> {
    const result = await call();
    if (result.ok || result.code !== QueueCode.NOT_CONFIGURED) return result;
    return (await this.restorer.restoreIfConfigured(eventId)) ? call() : result;
  }

  private get retentionMs(): number {
    return this.options.retentionMs ?? DEFAULT_RETENTION_MS;
  }

  /** One admission tick over every queue (safe in every process at once). */
  async admitTick(): Promise<AdmitReport[]> {
    // Queues the backend lost are re-created even when no user or hold asks for them.
    await this.restorer.restoreMissing();
    return this.admission.tick();
  }

  /**
   * The published draw of a randomized queue: the seed's hash, the seed once drawn, and a page
   * of the order as per-user commitments (the backend keeps user ids; they are never published).
   */
  async drawOrder(eventId: string, options: { offset?: number; limit?: number } = {}): Promise<PublishedDraw> {
    parseInput(idOf('event'), eventId, 'eventId');
    const offset = Math.max(0, Math.floor(options.offset ?? 0));
    // At most 10,000 a page: each entry costs an HMAC, computed on the request path.
    const limit = Math.min(MAX_DRAW_PAGE, Math.max(1, Math.floor(options.limit ?? 1000)));
    const meta = await this.queue.meta(eventId);
    const draw = meta.ok ? meta.value.draw : null;
    const published = { eventId, seedHash: draw?.seedHash ?? null, seed: draw?.seed ?? null, drawn: draw?.drawn ?? false, participants: draw?.participants ?? 0, offset };
    const seed = published.seed;
    if (seed === null || !published.drawn) return { ...published, order: [] };
    const userIds = await this.queue.drawOrder(eventId, offset, limit);
    return { ...published, order: userIds.map((userId) => drawCommitment(seed, userId)) };
  }

  // Users

  /** With a receipt from an earlier join, a user whose queue was reset since gets the same number back. */
  async join(input: QueueJoinInput): Promise<QueueTicket> {
    if (typeof input !== 'object' || input === null || !('receipt' in input)) return this.userCall(input, (req) => this.queue.join(req.eventId, req.userId));
    const req = parseInput(queueJoinInput, input);
    let receipt: JoinReceiptClaim | undefined;
    if (req.receipt !== undefined) {
      const r = verifyReceipt(this.options.secret, req.receipt, { eventId: req.eventId, userId: req.userId });
      receipt = { number: r.number, epoch: r.epoch, generation: r.generation };
    }
    return this.userCall({ eventId: req.eventId, userId: req.userId }, (user) => this.queue.join(user.eventId, user.userId, receipt));
  }

  status(input: QueueUserInput): Promise<QueueTicket> {
    return this.userCall(input, (req) => this.queue.status(req.eventId, req.userId, false));
  }

  heartbeat(input: QueueUserInput): Promise<QueueTicket> {
    return this.userCall(input, (req) => this.queue.status(req.eventId, req.userId, true));
  }

  leave(input: QueueUserInput): Promise<QueueTicket> {
    return this.userCall(input, (req) => this.queue.finish(req.eventId, req.userId, 'left'));
  }

  /** The hot path of a big on-sale: plainly valid input skips zod (which still words every error). */
  private async userCall(input: QueueUserInput, call: (req: QueueUserInput) => Promise<QueueResult<QueueView>>): Promise<QueueTicket> {
    const plain =
      typeof input === 'object' && input !== null && Object.keys(input).length === 2 && isIdOf('event', input.eventId) && isUserId(input.userId);
    const req = plain ? input : parseInput(queueUserInput, input);
    const result = await this.restoring(req.eventId, () => call(req));
    if (!result.ok && result.code === QueueCode.NOT_JOINED) await this.throwIfReset(req);
    return this.ticketOf(result.ok ? result.value : await this.orEventError(Promise.resolve(result), req));
  }

  /**
   * Not in a queue that was re-created after a loss: the user may have been in the old one, so
   * they are told to join again (QUEUE_RESET) rather than that they never joined.
   */
  private async throwIfReset(req: QueueUserInput): Promise<void> {
    const meta = await this.queue.meta(req.eventId);
    if (!meta.ok || meta.value.generation === 0) return;
    const resetAt = new Date(meta.value.resetAt ?? meta.value.now).toISOString();
    throw new BoxOfficeError('QUEUE_RESET', `the waiting queue of event ${req.eventId} was re-created at ${resetAt} after its data was lost: join again, with your receipt to keep your place`, {
      field: 'userId',
      details: { generation: meta.value.generation, resetAt },
    });
  }

  // Holds and bookings

  /**
   * The gate of a hold: passes when the event has no enabled queue; otherwise requires the
   * user's live admission token (QUEUE_TOKEN_REQUIRED / QUEUE_TOKEN_INVALID, HTTP 403).
   */
  async requireAdmission(eventId: string, userId: string, token: string | undefined): Promise<void> {
    let known = this.gate.lookup(eventId);
    if (known === undefined) {
      const sentAt = this.gate.clock();
      const meta = await this.restoring(eventId, () => this.queue.meta(eventId));
      known = meta.ok && meta.value.settings.enabled ? 'on' : 'off';
      this.gate.record(eventId, known === 'on', sentAt);
    }
    if (known === 'off') return;
    // A queue the backend lost is re-created here (its users have no admission in it yet).
    const status = await this.restoring(eventId, () => this.queue.status(eventId, userId, false));
    if (!status.ok) {
      if (status.code !== QueueCode.NOT_JOINED) return;
      const meta = await this.queue.meta(eventId);
      if (!meta.ok || !meta.value.settings.enabled) return;
    } else if (!status.value.meta.settings.enabled) {
      return;
    }
    if (token === undefined) {
      throw new BoxOfficeError('QUEUE_TOKEN_REQUIRED', `event ${eventId} sells through its waiting queue: join it and hold with the admission token`, {
        field: 'admissionToken',
      });
    }
    const claims = verifyAdmission(this.options.secret, token);
    if (claims.eventId !== eventId || claims.userId !== userId) throw invalidAdmission('foreign', 'the admission token is for another user or event');
    const record = status.ok ? status.value.record : null;
    if (!record || record.number !== claims.number) throw invalidAdmission('not_admitted', 'the admission token is not this user\'s admission');
    if (record.state === 'admitted' && record.expiresAt === claims.expiresAt) return;
    const expired = status.ok && claims.expiresAt <= status.value.meta.now;
    throw invalidAdmission(expired ? 'expired' : 'used', expired ? 'the admission token has expired' : 'the admission has been used or given up');
  }

  /** After a booking: frees the buyer's slot and re-reads the inventory (sold-out is announced at once). */
  async completed(eventId: string, userId: string): Promise<void> {
    const result = await this.queue.finish(eventId, userId, 'booked');
    if (!result.ok && result.code === QueueCode.NOT_CONFIGURED) return;
    await this.admission.refreshInventory(eventId);
  }

  subscribe(listener: (update: QueueUpdate) => void): () => void {
    this.listeners.add(listener);
    this.remote ??= this.queue.updates?.subscribe((update) => this.deliver(this.signedHere(update))) ?? null;
    return () => this.listeners.delete(listener);
  }

  /** To this process's listeners, and through the queue's channel to every other process's. */
  private emit(update: QueueUpdate): void {
    this.deliver(update);
    this.queue.updates?.publish(update);
  }

  /**
   * An admission another process announced, with its tokens signed again here. The channel
   * carries whatever the admitting process signed, and every process of a key prefix ticks its
   * queues: a process signing with another secret (a second deployment left on the same Redis
   * prefix) handed this process's clients tokens its holds refused (QUEUE_TOKEN_INVALID, seen
   * on 2-process on-sales on a shared Redis). Signed here from the same claims, a token is
   * byte-for-byte what this process's status answers. Safe with an untrusted channel: each
   * token reaches only its own user, and a hold still compares it with the queue's record
   * (admitted, same number, same expiry), so a made-up announcement admits nobody.
   */
  private signedHere(update: QueueUpdate): QueueUpdate {
    if (update.type !== 'queue.admitted') return update;
    const admitted = [];
    for (const a of update.admitted) {
      let claims: AdmissionClaims;
      try {
        claims = readAdmissionUnverified(a.admissionToken);
      } catch {
        continue; // Malformed: no token at all beats one that cannot work.
      }
      if (claims.eventId !== update.eventId || claims.userId !== a.userId) continue;
      admitted.push({ userId: a.userId, admissionToken: signAdmission(this.options.secret, claims), tokenExpiresAt: new Date(claims.expiresAt).toISOString() });
    }
    return { ...update, admitted };
  }

  private deliver(update: QueueUpdate): void {
    if (update.type === 'queue.settings') this.gate.forget(update.eventId);
    for (const listener of this.listeners) {
      try {
        listener(update);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  private tokenOf(eventId: string, record: QueueRecord): string {
    return signAdmission(this.options.secret, { eventId, userId: record.userId, number: record.number ?? 0, expiresAt: record.expiresAt ?? 0 });
  }

  private ticketOf(view: QueueView): QueueTicket {
    const { meta, record } = view;
    const placed = record.number !== null && (record.state === 'waiting' || record.state === 'admitted');
    const receipt = placed
      ? signReceipt(this.options.secret, { eventId: meta.eventId, userId: record.userId, number: record.number ?? 0, epoch: meta.epoch, generation: meta.generation })
      : null;
    return queueTicket(meta, record, record.state === 'admitted' ? this.tokenOf(meta.eventId, record) : null, receipt);
  }

  private statsOf(meta: QueueMeta): QueueStats {
    const { now: _now, inventoryCheckedAt, resetAt, ...rest } = meta;
    return {
      ...rest,
      lastResetAt: resetAt === null ? null : new Date(resetAt).toISOString(),
      waiting: Math.max(0, meta.issued - meta.counter),
      inventoryCheckedAt: inventoryCheckedAt === null ? null : new Date(inventoryCheckedAt).toISOString(),
    };
  }

  private unwrap<T>(result: QueueResult<T>, context: { eventId: string; userId?: string }): T {
    if (result.ok) return result.value;
    throw queueError(result.code, context);
  }

  /** An unconfigured queue of an event that does not exist is NOT_FOUND, not QUEUE_DISABLED. */
  private async orEventError<T>(pending: Promise<QueueResult<T>>, context: { eventId: string; userId?: string }): Promise<T> {
    const result = await pending;
    if (!result.ok && result.code === QueueCode.NOT_CONFIGURED) await this.catalog.requireEvent(context.eventId);
    return this.unwrap(result, context);
  }
}

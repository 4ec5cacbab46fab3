import type { DomainEvent } from '../domain/types.js';

/**
 * The event-bus port: every ticket state change is published here after it commits.
 * In-process now; a Redis pub/sub adapter carries it across server processes.
 * Delivery is at-most-once and best-effort: subscribers that must not miss a change
 * re-read the store (live seat maps carry sequence numbers for that).
 */
export interface EventBus {
  publish(event: DomainEvent): void;
  subscribe(listener: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}

export type * from './store.js';
export { hasClockControl } from './store.js';
export * from './payments.js';
export type * from './event-bus.js';
export * from './clock.js';
export * from './search.js';
export type * from './search-cache.js';
export type * from './queue.js';
export type * from './webhooks.js';

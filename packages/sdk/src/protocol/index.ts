/**
 * `@boxoffice/sdk/protocol`: what crosses the wire between a BoxOffice server and its clients
 * (the remote client, the web pages, any HTTP client): media types, header names, the compact
 * seat views and the live socket's messages and sequence rule. No runtime dependency: the
 * web bundle imports it.
 */
export * from './media-types.js';
export * from './headers.js';
export * from './compact.js';
export * from './live.js';
// The queue board and how a waiting user reads their place from it (pure: the web pages use it).
export { waitOnBoard, type QueueBoard } from '../domain/queue-board.js';

export * from './errors.js';
export * from './ids.js';
export * from './money.js';
export * from './types.js';
// The zod schemas are @boxoffice/sdk/schemas, not the root (inputs.ts writes out what they take):
// the root's declarations do not reference zod, so an integrator needs neither zod nor its types.
export * from './inputs.js';
export * from './seat-map.js';
export * from './best-available.js';
export * from './tickets.js';
export * from './audit.js';
export * from './queue.js';
export * from './queue-draw.js';
export * from './queue-codes.js';
export * from './queue-views.js';
export * from './inventory.js';
export * from './sales-window.js';
export * from './dates.js';
export * from './page.js';
export * from './queue-board.js';

export { MemoryStore, createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export { MemoryWebhookStore, type MemoryOutboxSource } from './memory-webhooks.js';

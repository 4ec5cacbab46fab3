import { describe } from 'vitest';
import { admissionCases } from './queue/admission-cases.js';
import { boardCases } from './queue/board-cases.js';
import { drawCases } from './queue/draw-cases.js';
import { fifoCases } from './queue/fifo-cases.js';
import type { QueueFactory } from './queue/harness.js';
import { inputCases } from './queue/input-cases.js';
import { inventoryCases } from './queue/inventory-cases.js';
import { tokenCases } from './queue/token-cases.js';

/**
 * The queue conformance suite: every queue adapter (memory, Redis) passes exactly these cases,
 * driven through a BoxOffice over a memory store. An adapter's test file is one call:
 * `queueConformance('redis', () => ...fresh isolated queue...)`.
 *
 * Not covered yet: a Redis restart mid-queue (Redis here keeps nothing on disk; the store
 * still decides every hold, so a lost queue can only delay buyers, never oversell).
 */
export function queueConformance(name: string, factory: QueueFactory): void {
  describe(`queue conformance: ${name}`, () => {
    fifoCases(factory);
    admissionCases(factory);
    tokenCases(factory);
    inventoryCases(factory);
    drawCases(factory);
    inputCases(factory);
    boardCases(factory);
  });
}

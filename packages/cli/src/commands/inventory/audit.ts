import type { CommandContext } from '../../context.js';
import { printJson } from '../../output/json.js';
import { printAudit } from '../../output/records.js';

export interface InventoryAuditOptions {
  readonly eventId?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `boxoffice inventory audit [--event E]`: proves the event (or the whole store) has no seat
 * sold twice, no lost booking and no stray capture. Exits 1 when the audit finds anything.
 */
export async function inventoryAudit(ctx: CommandContext, options: InventoryAuditOptions): Promise<number> {
  const bo = await ctx.open();
  // An unknown event would audit as an empty, "ok" event: refuse it instead.
  if (options.eventId !== undefined) await bo.events.get(options.eventId);
  const report = await bo.operations.audit(options.eventId);
  if (options.json) printJson(ctx.io, { scope: options.eventId ?? 'store', ...report });
  else printAudit(ctx.io, report, options.eventId === undefined ? `the whole store (${bo.storeKind})` : `event ${options.eventId}`);
  return report.ok ? 0 : 1;
}

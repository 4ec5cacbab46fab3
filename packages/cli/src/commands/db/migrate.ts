import { describeStore } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';

export interface DbMigrateOptions {
  readonly json?: boolean | undefined;
}

/** `boxoffice db migrate`: opening a store brings its schema to the latest version. */
export async function dbMigrate(ctx: CommandContext, options: DbMigrateOptions): Promise<number> {
  const bo = await ctx.open();
  const kind = bo.storeKind;
  const location = describeStore(ctx.store.spec);
  const migrated = kind !== 'memory';
  if (options.json) {
    printJson(ctx.io, { ok: true, store: kind, location, migrated });
    return 0;
  }
  println(ctx.io.stdout, migrated ? `The ${location} is at the latest schema.` : `The ${location} has no schema to migrate.`);
  return 0;
}

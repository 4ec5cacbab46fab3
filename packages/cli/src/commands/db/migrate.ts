import { describeStore } from '@boxoffice/sdk';
import { describeTarget, type CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';

export interface DbMigrateOptions {
  readonly json?: boolean | undefined;
}

/** `boxoffice db migrate`: opening a store brings its schema to the latest version. */
export async function dbMigrate(ctx: CommandContext, options: DbMigrateOptions): Promise<number> {
  if (ctx.target.kind === 'remote') throw new UsageError(`db migrate works on a store (--store); the ${describeTarget(ctx)} migrates its own`, 'db migrate');
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

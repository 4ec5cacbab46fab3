import type { CommandContext } from '../../context.js';
import { badFlag } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';

/** `boxoffice events suggest <prefix>`: what to search for, as a search box would offer it. */
export async function eventsSuggest(ctx: CommandContext, o: { prefix: string; limit?: number | undefined; json?: boolean | undefined }): Promise<number> {
  if (o.prefix.trim() === '') throw badFlag('<prefix>', 'must not be empty');
  if (o.prefix.length > 100) throw badFlag('<prefix>', 'at most 100 characters');
  const bo = await ctx.open();
  const suggestions = await bo.events.suggest(o.prefix, o.limit === undefined ? {} : { limit: o.limit });
  if (o.json) {
    printJson(ctx.io, suggestions);
    return 0;
  }
  if (suggestions.length === 0) {
    println(ctx.io.stderr, `Nothing starts with "${o.prefix}".`);
    return 0;
  }
  printTable(
    ctx.io,
    ['KIND', 'TEXT', 'ID'],
    suggestions.map((s) => [s.kind, s.text, s.id ?? '-']),
    { flex: 1 },
  );
  return 0;
}

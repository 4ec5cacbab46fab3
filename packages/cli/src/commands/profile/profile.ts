import type { CommandContext } from '../../context.js';
import { badFlag } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';
import { maskToken, PROFILE_NAME, readConfig, writeConfig, type CliConfig } from '../../config/config-file.js';
import { checkUrl } from '../../config/target.js';

/** `boxoffice profile add|list|use|remove`: named deployments in the user's configuration. */

export interface ProfileAddOptions {
  readonly name: string;
  readonly url: string;
  readonly token?: string | undefined;
  /** Make it the current profile (the first profile added becomes current anyway). */
  readonly use?: boolean | undefined;
  readonly json?: boolean | undefined;
}

export interface ProfileJson {
  readonly name: string;
  readonly url: string;
  /** Masked: never the token itself. */
  readonly token: string;
  readonly current: boolean;
}

function checkName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw badFlag('<name>', 'must be 1-64 of A-Z a-z 0-9 _ . - (starting with a letter or digit)');
  return name;
}

function profileJson(config: CliConfig, name: string): ProfileJson {
  const p = config.profiles[name]!;
  return { name, url: p.url, token: maskToken(p.token), current: config.current === name };
}

export async function profileAdd(ctx: CommandContext, o: ProfileAddOptions): Promise<number> {
  const name = checkName(o.name);
  const url = checkUrl(o.url, '--url');
  if (o.token !== undefined && o.token.trim() === '') throw badFlag('--token', 'must not be empty');
  const config = readConfig(ctx.io.env);
  const replaced = name in config.profiles;
  config.profiles[name] = { url, ...(o.token === undefined ? {} : { token: o.token.trim() }) };
  if (o.use || config.current === undefined) config.current = name;
  const path = writeConfig(ctx.io.env, config);
  if (o.json) printJson(ctx.io, profileJson(config, name));
  else println(ctx.io.stderr, `${replaced ? 'Updated' : 'Added'} profile ${name} (${url})${config.current === name ? ', the current one' : ''}, in ${path}`);
  return 0;
}

export async function profileList(ctx: CommandContext, o: { json?: boolean | undefined }): Promise<number> {
  const config = readConfig(ctx.io.env);
  const rows = Object.keys(config.profiles)
    .sort()
    .map((name) => profileJson(config, name));
  if (o.json) {
    printJson(ctx.io, rows);
    return 0;
  }
  if (rows.length === 0) {
    println(ctx.io.stderr, 'No profiles yet. Add one with: boxoffice profile add <name> --url <url> --token <token>');
    return 0;
  }
  printTable(
    ctx.io,
    ['', 'NAME', 'URL', 'TOKEN'],
    rows.map((r) => [r.current ? '*' : '', r.name, r.url, r.token]),
  );
  return 0;
}

export async function profileUse(ctx: CommandContext, o: { name: string; json?: boolean | undefined }): Promise<number> {
  const config = readConfig(ctx.io.env);
  if (!(o.name in config.profiles)) throw unknownProfile(config, o.name);
  config.current = o.name;
  writeConfig(ctx.io.env, config);
  if (o.json) printJson(ctx.io, profileJson(config, o.name));
  else println(ctx.io.stderr, `Commands now run against ${o.name} (${config.profiles[o.name]!.url}); --store or --url still override it.`);
  return 0;
}

export async function profileRemove(ctx: CommandContext, o: { name: string; json?: boolean | undefined }): Promise<number> {
  const config = readConfig(ctx.io.env);
  if (!(o.name in config.profiles)) throw unknownProfile(config, o.name);
  const removed = profileJson(config, o.name);
  delete config.profiles[o.name];
  if (config.current === o.name) delete config.current;
  writeConfig(ctx.io.env, config);
  if (o.json) printJson(ctx.io, { ...removed, current: false, removed: true });
  else println(ctx.io.stderr, `Removed profile ${o.name}${removed.current ? '; no profile is current now (commands use the embedded store)' : ''}.`);
  return 0;
}

function unknownProfile(config: CliConfig, name: string) {
  const names = Object.keys(config.profiles);
  return badFlag('<name>', `no profile named ${name} (${names.length === 0 ? 'there are none' : `have: ${names.join(', ')}`})`);
}

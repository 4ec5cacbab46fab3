import { resolveStore, type StoreChoice } from '../context.js';
import { badFlag, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { readConfig } from './config-file.js';

/** Where a command runs: the embedded store, or a deployment reached over HTTP. */
export type Target =
  | { readonly kind: 'store'; readonly store: StoreChoice }
  | {
      readonly kind: 'remote';
      /** The first (or only) server's URL. */
      readonly url: string;
      /**
       * Every server process given (`--url a,b`): `url` first. Only `simulate` spreads its users
       * over more than one; other commands refuse a list (see `RunOptions.manyUrls`).
       */
      readonly urls: readonly string[];
      readonly token: string | undefined;
      /** What chose the deployment, for messages: `--url`, `BOXOFFICE_URL`, `profile prod`. */
      readonly source: string;
      readonly store: StoreChoice;
    };

export interface GlobalFlags {
  readonly store?: string | undefined;
  readonly url?: string | undefined;
  readonly token?: string | undefined;
  readonly profile?: string | undefined;
}

/**
 * Precedence: a flag (`--store`, `--url`, `--profile`) > the environment (`BOXOFFICE_URL`, then
 * `BOXOFFICE_STORE`) > the current profile > the embedded store. The bearer token follows the
 * same order: `--token` > `BOXOFFICE_TOKEN` > the chosen profile's token.
 */
export function resolveTarget(flags: GlobalFlags, env: Io['env']): Target {
  const given = [flags.store !== undefined && '--store', flags.url !== undefined && '--url', flags.profile !== undefined && '--profile'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`give one of --store, --url and --profile, not ${given.join(' and ')}`, '');
  const store = resolveStore(flags.store, env);
  const envToken = nonEmpty(env.BOXOFFICE_TOKEN);
  const token = (profileToken?: string) => flags.token ?? envToken ?? profileToken;

  if (flags.url !== undefined) return remote(checkUrls(flags.url, '--url'), token(), '--url', store);
  if (flags.profile !== undefined) {
    const { profiles } = readConfig(env);
    const profile = profiles[flags.profile];
    if (!profile) throw badFlag('--profile', `no profile named ${flags.profile} (${describeNames(Object.keys(profiles))})`);
    return remote([profile.url], token(profile.token), `profile ${flags.profile}`, store);
  }
  if (flags.store !== undefined) return { kind: 'store', store };
  const envUrl = nonEmpty(env.BOXOFFICE_URL);
  if (envUrl !== undefined) return remote(checkUrls(envUrl, 'BOXOFFICE_URL'), token(), 'BOXOFFICE_URL', store);
  if (store.source === 'env') return { kind: 'store', store };
  const config = readConfig(env);
  const current = config.current === undefined ? undefined : config.profiles[config.current];
  if (current) return remote([current.url], token(current.token), `profile ${config.current}`, store);
  return { kind: 'store', store };
}

/** `http://` or `https://` with a host; a trailing slash is dropped. */
export function checkUrl(value: string, field: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badFlag(field, `must be an http:// or https:// URL, like http://127.0.0.1:8080`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw badFlag(field, 'must be an http:// or https:// URL, like http://127.0.0.1:8080');
  }
  if (url.username || url.password) throw badFlag(field, 'must not carry a user or password: use --token');
  return url.href.replace(/\/+$/, '');
}

/** One URL, or several separated by commas (the server processes of one deployment). */
export function checkUrls(value: string, field: string): string[] {
  const urls = value.split(',').map((part) => checkUrl(part, field));
  if (new Set(urls).size !== urls.length) throw badFlag(field, 'names the same URL twice');
  return urls;
}

function remote(urls: readonly string[], token: string | undefined, source: string, store: StoreChoice): Target {
  return { kind: 'remote', url: urls[0]!, urls, token, source, store };
}

/** The trimmed value, or undefined when it is missing or blank (an empty env variable is no setting). */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function describeNames(names: string[]): string {
  return names.length === 0 ? 'there are none: boxoffice profile add <name> --url ...' : `have: ${names.join(', ')}`;
}

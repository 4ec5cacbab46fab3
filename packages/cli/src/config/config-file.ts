import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { BoxOfficeError } from '@boxoffice/sdk';
import type { Io } from '../io.js';

/**
 * The user's CLI configuration: named profiles (a deployment's URL and bearer token) and the
 * current one. Kept in `$BOXOFFICE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/boxoffice`, else
 * `~/.config/boxoffice`, as `config.json` with mode 0600 (it holds tokens) in a 0700 directory.
 */
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const profileSchema = z.object({ url: z.string(), token: z.string().optional() });
const configSchema = z.object({
  current: z.string().optional(),
  profiles: z.record(z.string(), profileSchema).default({}),
});

export type Profile = z.infer<typeof profileSchema>;
export type CliConfig = z.infer<typeof configSchema>;

export function configDir(env: Io['env']): string {
  const override = env.BOXOFFICE_CONFIG_DIR?.trim();
  if (override) return override;
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg ? xdg : join(homedir(), '.config'), 'boxoffice');
}

export function configPath(env: Io['env']): string {
  return join(configDir(env), 'config.json');
}

/** The configuration, or an empty one when the file does not exist yet. A corrupt file is an error naming it. */
export function readConfig(env: Io['env']): CliConfig {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new BoxOfficeError('UNAVAILABLE', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BoxOfficeError('VALIDATION', `${path} is not valid JSON: fix or remove it`, { field: 'config' });
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new BoxOfficeError('VALIDATION', `${path} is not a boxoffice configuration: fix or remove it`, { field: 'config' });
  return parsed.data;
}

/**
 * Writes the configuration whole: to a 0600 temporary file, then renamed over the old one, so
 * a crash leaves the old file or the new one, never half of either, and the token is never
 * readable by others even for a moment.
 */
export function writeConfig(env: Io['env'], config: CliConfig): string {
  const dir = configDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, 'config.json');
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600); // the umask may have narrowed it, never widened: make it exact
  renameSync(temp, path);
  return path;
}

/** `bo1.eyJzdWIi...Xk9w` → `bo1.…Xk9w`: enough to tell tokens apart, not enough to use one. */
export function maskToken(token: string | undefined): string {
  if (!token) return '-';
  return token.length <= 8 ? '****' : `${token.slice(0, 4)}…${token.slice(-4)}`;
}

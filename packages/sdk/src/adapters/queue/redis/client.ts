import { BoxOfficeError } from '../../../domain/errors.js';
import { LUA_SCRIPTS, type LuaScriptName } from './lua-scripts.generated.js';
import type { PubSubClient } from './update-channel.js';

/**
 * The part of a Redis client the queue uses, declared here so the adapter depends on no
 * driver's types (an ioredis 6 `Redis` fits as is).
 */
export interface QueueRedisClient {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  llen(key: string): Promise<number>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
  smembers(key: string): Promise<string[]>;
  sadd(key: string, ...members: string[]): Promise<number>;
  srem(key: string, ...members: string[]): Promise<number>;
  publish(channel: string, message: string): Promise<unknown>;
  /** A new connection with the same options (the pub/sub subscriber). */
  duplicate(override?: { enableOfflineQueue?: boolean; connectionName?: string }): PubSubClient;
  quit(): Promise<unknown>;
}

/** Bump when a script's keys, arguments or the data layout change: old processes keep their own. */
export const QUEUE_SCRIPTS_VERSION = 2;

const commandName = (name: LuaScriptName) => `boQueue_${name.replace(/-/g, '_')}_v${QUEUE_SCRIPTS_VERSION}`;

export type ScriptRunner = (name: LuaScriptName, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/**
 * Registers every script with `defineCommand` under its versioned name (EVALSHA, falling back
 * to EVAL once per connection) and returns the function that runs one. A transport failure
 * becomes UNAVAILABLE.
 */
export function registerScripts(client: QueueRedisClient): ScriptRunner {
  for (const [name, script] of Object.entries(LUA_SCRIPTS)) {
    client.defineCommand(commandName(name as LuaScriptName), { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  const commands = client as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  return async (name, keys, args) => {
    const command = commands[commandName(name)];
    if (!command) throw new Error(`queue script ${name} is not registered`);
    if (keys.length !== LUA_SCRIPTS[name].numberOfKeys) throw new Error(`queue script ${name} takes ${LUA_SCRIPTS[name].numberOfKeys} keys`);
    try {
      return await command.call(client, ...keys, ...args);
    } catch (error) {
      throw unavailable(error);
    }
  };
}

export function unavailable(error: unknown): BoxOfficeError {
  if (error instanceof BoxOfficeError) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new BoxOfficeError('UNAVAILABLE', `the queue's Redis failed: ${why}`, { cause: error });
}

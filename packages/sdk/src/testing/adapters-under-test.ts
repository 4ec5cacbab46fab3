/**
 * Which adapters a test run covers: `BOXOFFICE_ADAPTERS=memory,pglite,postgres` (default: all).
 * A service-backed adapter whose service is unreachable is skipped with a message, except under
 * `CI=true`, where a missing service is a failure, never a silent skip.
 */
export type AdapterName = 'memory' | 'pglite' | 'postgres' | 'redis';

const ALL: readonly AdapterName[] = ['memory', 'pglite', 'postgres', 'redis'];

export function adaptersUnderTest(env: NodeJS.ProcessEnv = process.env): Set<AdapterName> {
  const raw = env.BOXOFFICE_ADAPTERS?.trim();
  if (!raw) return new Set(ALL);
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(ALL as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`BOXOFFICE_ADAPTERS: unknown adapter(s) ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  return new Set(names as AdapterName[]);
}

/**
 * Resolves to true when `probe` succeeds. Otherwise: under CI=true throws (the run fails);
 * elsewhere prints why the service's tests are skipped and resolves to false.
 */
export async function requireService(name: string, probe: () => Promise<unknown>, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    if (env.CI === 'true') throw new Error(`${name} is required under CI=true but is unreachable: ${why}`, { cause: error });
    console.warn(`[boxoffice tests] skipping ${name} tests: ${why}`);
    return false;
  }
}

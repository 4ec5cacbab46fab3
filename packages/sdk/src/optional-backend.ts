import { BoxOfficeError } from './domain/errors.js';

/**
 * The backends whose packages are optional peer dependencies of `@boxoffice/sdk`: an integrator
 * on the memory store installs none of them. One place says what each one needs.
 */
export const BACKEND_PACKAGES = {
  pglite: { name: 'the embedded store (PGlite)', packages: ['@electric-sql/pglite', 'kysely'] },
  postgres: { name: 'the PostgreSQL store', packages: ['pg', 'kysely'] },
  redis: { name: 'the Redis adapters', packages: ['ioredis'] },
  lunr: { name: 'the lunr search index (the default search of createBoxOffice)', packages: ['lunr'] },
} as const;

export type Backend = keyof typeof BACKEND_PACKAGES;

/**
 * Runs `load` (a dynamic import of a backend's code, which imports the backend's packages).
 * When one of those packages is not installed, the error is an UNAVAILABLE BoxOfficeError that
 * says exactly what to install, instead of Node's bare ERR_MODULE_NOT_FOUND. Any other failure
 * (a missing file of our own included) passes through unchanged.
 */
export async function loadBackend<T>(backend: Backend, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const { name, packages } = BACKEND_PACKAGES[backend];
    const missing = missingPackage(error, packages);
    if (missing === undefined) throw error;
    throw new BoxOfficeError('UNAVAILABLE', `${name} needs ${packages.join(' and ')}; ${missing} is not installed: npm install ${packages.join(' ')}`, {
      cause: error,
      details: { install: [...packages] },
    });
  }
}

/** The package among `packages` that Node could not find, if that is what `error` says. */
function missingPackage(error: unknown, packages: readonly string[]): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return undefined;
  const message = error instanceof Error ? error.message : '';
  // ESM: "Cannot find package 'kysely' imported from …"; CJS: "Cannot find module 'kysely'" or
  // "Cannot find module '@electric-sql/pglite/contrib/pg_trgm'".
  return packages.find((p) => message.includes(`'${p}'`) || message.includes(`'${p}/`));
}

/**
 * `--name=value` / `--name value` / `--flag` arguments of a benchmark, with typed defaults.
 * Unknown names are an error (exit 2), so a typo never silently runs the default.
 */
export type ArgSpec = Record<string, { default: number | string | boolean; help: string }>;

export type Args<S extends ArgSpec> = { [K in keyof S]: S[K]['default'] extends number ? number : S[K]['default'] extends boolean ? boolean : string };

export function parseArgs<S extends ArgSpec>(spec: S, argv: readonly string[] = process.argv.slice(2)): Args<S> {
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(spec)) out[k] = v.default;
  const usage = () =>
    Object.entries(spec)
      .map(([k, v]) => `  --${k}${typeof v.default === 'boolean' ? '' : '=<value>'}  ${v.help} (default ${String(v.default)})`)
      .join('\n');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') {
      console.log(`options:\n${usage()}`);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    const key = m?.[1];
    const def = key === undefined ? undefined : spec[key];
    if (!m || key === undefined || def === undefined) {
      console.error(`unknown argument: ${arg}\noptions:\n${usage()}`);
      process.exit(2);
    }
    if (typeof def.default === 'boolean') {
      out[key] = m[2] === undefined ? true : m[2] !== 'false';
      continue;
    }
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) {
      console.error(`--${key} needs a value`);
      process.exit(2);
    }
    if (typeof def.default === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) {
        console.error(`--${key} must be a number, got ${raw}`);
        process.exit(2);
      }
      out[key] = n;
    } else {
      out[key] = raw;
    }
  }
  return out as Args<S>;
}

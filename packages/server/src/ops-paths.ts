/** Operations endpoints: never shed, never rate-limited (probes and scrapers must get through). */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function isOpsPath(url: string): boolean {
  return OPS_PATHS.has(url.split('?')[0] ?? '');
}

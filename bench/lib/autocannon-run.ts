import autocannon from 'autocannon';

export interface CannonResult {
  /** Mean requests per second over the run. */
  readonly rps: number;
  readonly p99: number;
  readonly p50: number;
  readonly total: number;
  readonly status: Record<string, number>;
  readonly errors: number;
}

/** One autocannon run (in this process), summarised. */
export async function cannon(opts: autocannon.Options): Promise<CannonResult> {
  const r = await autocannon({ ...opts });
  const status: Record<string, number> = {};
  const codes = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  for (const [code, s] of Object.entries(codes)) status[code] = s.count;
  return { rps: r.requests.average, p99: r.latency.p99, p50: r.latency.p50, total: r.requests.total, status, errors: r.errors + r.timeouts };
}

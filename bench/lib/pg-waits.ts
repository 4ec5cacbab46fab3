import pg from 'pg';

/**
 * Samples what the database's sessions are doing (pg_stat_activity) every `everyMs`: the share
 * of samples per state and wait event (`active CPU`, `active IO:WALSync`, `idle in transaction
 * Client:ClientRead`, ...), so a benchmark can say where the database's time goes.
 */
export function sampleWaits(databaseUrl: string, everyMs = 100): { stop(): Promise<Array<[string, number]>> } {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => {});
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ state: string | null; w: string | null }>(
        `SELECT state, wait_event_type || ':' || wait_event AS w FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`,
      );
      samples++;
      for (const r of rows) {
        const key = `${r.state ?? '?'} ${r.w ?? 'CPU'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })().catch(() => undefined);
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end().catch(() => undefined);
      // Average sessions in each state over the samples.
      return [...counts].map(([k, n]): [string, number] => [k, n / Math.max(1, samples)]).sort((a, b) => b[1] - a[1]);
    },
  };
}

import { readFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * CPU spent by one run, whatever else the machine is doing: this process's CPU time, plus the
 * CPU time of the PostgreSQL backends serving the run (the sessions with the run's
 * `application_name`, read from /proc, Linux only). Divided by the operations done, it is the
 * cost of one operation, which a busy shared machine does not distort the way it distorts
 * operations per second (it says nothing of WAL writer or checkpointer time, shared by all).
 */
export interface CpuSample {
  readonly node: NodeJS.CpuUsage;
  readonly backends: ReadonlyMap<number, number>;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined;
  }
}

export async function sampleCpu(admin: pg.Pool, applicationName: string): Promise<CpuSample> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    const t = ticksOf(pid);
    if (t !== undefined) backends.set(pid, t);
  }
  return { node: process.cpuUsage(), backends };
}

/** Milliseconds of CPU per operation since `before`: this process and the run's backends. */
export function cpuPerOp(before: CpuSample, after: CpuSample, ops: number): { nodeMs: number; pgMs: number } {
  const nodeUs = after.node.user - before.node.user + (after.node.system - before.node.system);
  let ticks = 0;
  for (const [pid, t] of before.backends) {
    const end = after.backends.get(pid) ?? ticksOf(pid);
    if (end !== undefined) ticks += end - t;
  }
  const n = Math.max(1, ops);
  return { nodeMs: nodeUs / 1000 / n, pgMs: (ticks * TICK_MS) / n };
}

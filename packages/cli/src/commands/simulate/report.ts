import type { SimulationReport } from '@boxoffice/sdk';
import { println, type Io } from '../../io.js';
import { styleFor } from '../../output/colour.js';
import { printFields, printTable, type Cell } from '../../output/table.js';
import { count, seconds } from './progress.js';

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;

/** "sold out in 1.25 s; audit OK" (or why not), the first thing a reader wants. */
export function headline(r: SimulationReport): string {
  const sale = r.soldOut
    ? `sold out in ${seconds(r.timeToSellOutMs ?? r.runMs)}`
    : r.aborted
      ? `stopped after ${seconds(r.runMs)}, not sold out`
      : `not sold out (${count(r.seats.availableAtEnd)} seats left after every user)`;
  return `${sale}; audit ${r.audit.ok ? 'OK' : 'FAILED'}`;
}

function expiryLine(r: SimulationReport): string {
  const e = r.expiry;
  const back = `${count(e.holdsExpired)} holds expired, ${count(e.seatsFreed)} seats back on sale`;
  if (e.mode === 'clock') return `store clock moved ${e.clockAdvances}× (+${count(e.advancedMs / 1000)} s); ${back}`;
  return `waited ${seconds(e.waitedMs)} in real time (${e.sweeps} sweeps); ${back}`;
}

/** The final report for people: a summary, latency per step, errors, the audit's checks. */
export function printReport(io: Io, r: SimulationReport): void {
  const style = styleFor(io);
  const u = r.users;
  const heading = (title: string) => {
    println(io.stdout);
    if (io.isTTY) println(io.stdout, style.bold(title));
  };
  const fields: [string, Cell][] = [
    ['Result', r.audit.ok ? style.green(headline(r)) : style.red(headline(r))],
    ['Event', `${r.eventId}${r.createdEvent ? ' (created for this run)' : ''}, ${count(r.seats.total)} seats${r.options.section ? ` in section ${r.options.section}` : ''}, holds last ${r.holdTtlSeconds} s`],
    ['Store', r.storeKind],
    [
      'Users',
      `${count(u.total)}: ${count(u.booked)} booked, ${count(u.gaveUp)} gave up after a decline, ${count(u.abandoned)} abandoned, ` +
        `${count(u.soldOut)} told sold out, ${count(u.noSeats)} found no seats, ${count(u.failed)} failed` +
        (u.stopped + u.notStarted > 0 ? `, ${count(u.stopped + u.notStarted)} cut short by the stop` : ''),
    ],
    ['Seats', `${count(r.seats.soldByRun)} sold by this run (${count(r.seats.soldBefore)} before); ${count(r.seats.reservedAtEnd)} held, ${count(r.seats.availableAtEnd)} available at the end`],
    [
      'Throughput',
      `${count(r.throughput.bookingsPerSecond)} bookings/s, ${count(r.throughput.seatsPerSecond)} seats/s, ${count(r.throughput.holdsPerSecond)} holds/s, ${count(r.throughput.usersPerSecond)} users/s`,
    ],
    ['Time', `setup ${seconds(r.setupMs)}, run ${seconds(r.runMs)}, audit ${seconds(r.auditMs)}`],
    ['Expiry', expiryLine(r)],
  ];
  if (r.queue) {
    const q = r.queue;
    fields.push(['Queue', `${q.settings} settings: ${count(q.joined)} joined, ${count(q.admitted)} admitted, ${count(q.refused)} refused, ${count(q.admissionTicks)} admission ticks`]);
  }
  printFields(io, fields);

  heading('Latency per step');
  printTable(
    io,
    ['step', 'calls', 'p50', 'p90', 'p99', 'p99.9', 'max'],
    Object.entries(r.latency).map(([step, s]) => [step, count(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.p999), ms(s.max)]),
  );

  const errors = Object.entries(r.errors).flatMap(([step, byCode]) => Object.entries(byCode).map(([code, n]): Cell[] => [step, code, count(n)]));
  if (errors.length > 0) {
    heading('Errors by code');
    printTable(io, ['step', 'code', 'calls'], errors);
  }

  heading('Audit of the final state');
  printAuditChecks(io, r);
}

/**
 * The simulator's audit, one check a line (`demo` shows it too). `brief`: on a terminal, a
 * passed check's detail is left out so each line fits 80 columns; a failed one keeps it.
 */
export function printAuditChecks(io: Io, r: SimulationReport, options: { brief?: boolean } = {}): void {
  const style = styleFor(io);
  const checks = r.audit.checks.map((c) => [c.ok ? 'ok' : 'FAIL', c.name, c.ok || c.examples.length === 0 ? c.detail : `${c.detail}: ${c.examples.join(', ')}`] as const);
  if (!io.isTTY) printTable(io, ['', 'check', 'detail'], checks);
  // On a terminal the details are sentences: one check a line, never cut.
  else {
    for (const [mark, name, detail] of checks) {
      const shown = options.brief && mark === 'ok' ? '' : `: ${detail}`;
      println(io.stdout, `${mark === 'ok' ? style.green(' ok ') : style.red('FAIL')}  ${style.bold(name)}${shown}`);
    }
  }
}

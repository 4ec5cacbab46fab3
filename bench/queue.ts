/**
 * `pnpm bench queue`: the virtual waiting queue on real Redis, through the SDK
 * (`bo.queue.join`, `bo.queue.admit`), beside raw INCR from Node in the same run:
 *   1. joins/s through the SDK vs INCR/s (same number in flight), rounds interleaved;
 *   2. N users (default 1,000,000; `--users=10000000` opt-in) joined and all admitted: wall
 *      times, and Redis bytes per queued user (MEMORY USAGE of the event's keys, and the
 *      used_memory delta);
 *   3. admission-rate accuracy: several admitters (own connections, as processes would) ticking
 *      at once against a configured rate.
 * Every key lives under a fresh random prefix, deleted at the end. Options: `--help`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from './lib/args.js';
import { median } from './lib/load.js';
import { admitAll, deletePrefix, deploy, incrRate, inFlight, joinRate, measuredAdmissionRate, rawRedis, usedMemory } from './lib/queue-runs.js';

const args = parseArgs({
  users: { default: 1_000_000, help: 'users joined and admitted in part 2 (10000000 is the big opt-in run)' },
  joins: { default: 200_000, help: 'joins (and INCRs) per round in part 1' },
  'in-flight': { default: 20_000, help: 'requests in flight in parts 1 and 2' },
  rounds: { default: 3, help: 'rounds of part 1, INCR and joins interleaved' },
  rate: { default: 2000, help: 'configured admission rate (users/s) in part 3' },
  admitters: { default: 4, help: 'concurrent admitters in part 3' },
  seconds: { default: 5, help: 'seconds of part 3' },
  json: { default: '', help: 'also write the results as JSON to this file' },
});

const URL = process.env.BOXOFFICE_REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = `bo:bench:${randomBytes(4).toString('hex')}:`;
const redis = await rawRedis(URL);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

try {
  // 1. Joins/s through the SDK beside raw INCR.
  const incr: number[] = [];
  const joins: number[] = [];
  for (let round = 0; round < args.rounds; round++) {
    incr.push(await incrRate(redis, `${root}incr`, args.joins, args['in-flight']));
    const d = await deploy(URL, `${root}j${round}:`, { admissionRate: 10, heartbeatTimeoutSeconds: 86_400 });
    joins.push(await joinRate(d, args.joins, args['in-flight'], `u${round}-`));
    await d.close();
    console.error(`round ${round + 1}: INCR ${fmt(incr.at(-1)!)}/s, joins ${fmt(joins.at(-1)!)}/s`);
  }
  const part1 = { incrPerSecond: median(incr), joinsPerSecond: median(joins), ratio: median(joins) / median(incr), rounds: { incr, joins } };

  // 2. N users joined and admitted.
  const bigPrefix = `${root}big:`;
  const memoryBefore = await usedMemory(redis);
  const big = await deploy(URL, bigPrefix, { admissionRate: 1_000_000, tickMs: 10, heartbeatTimeoutSeconds: 86_400, tokenTtlSeconds: 86_400 });
  const joinMs = await inFlight(args.users, args['in-flight'], (i) => big.bo.queue.join({ eventId: big.eventId }, { userId: `usr_${1_000_000 + i}` }));
  const keys = big.queue.keys(big.eventId);
  const keyBytes = Number(await redis.memory('USAGE', keys.users, 'SAMPLES', 0)) + Number(await redis.memory('USAGE', keys.line, 'SAMPLES', 0));
  const memoryDelta = (await usedMemory(redis)) - memoryBefore;
  const admitMs = await admitAll(big, args.users);
  const stats = await big.bo.queue.stats(big.eventId);
  await big.close();
  await deletePrefix(redis, bigPrefix);
  const part2 = {
    users: args.users,
    joinSeconds: joinMs / 1000,
    joinsPerSecond: (args.users * 1000) / joinMs,
    admitSeconds: admitMs / 1000,
    admissionsPerSecond: (args.users * 1000) / admitMs,
    admitted: stats.counter,
    bytesPerUserKeys: keyBytes / args.users,
    bytesPerUserUsedMemory: memoryDelta / args.users,
    userIdExample: `usr_${1_000_000}`,
  };

  // 3. Admission-rate accuracy with several admitters at once.
  const ratePrefix = `${root}rate:`;
  const rated = await deploy(URL, ratePrefix, { admissionRate: args.rate, tickMs: 50, heartbeatTimeoutSeconds: 86_400 });
  const waiting = Math.ceil(args.rate * (args.seconds + 2) * 1.5);
  await inFlight(waiting, args['in-flight'], (i) => rated.bo.queue.join({ eventId: rated.eventId }, { userId: `r${i}` }));
  const measured = await measuredAdmissionRate(URL, ratePrefix, rated, args.admitters, args.seconds);
  await rated.close();
  const part3 = { configured: args.rate, measured, errorPercent: ((measured - args.rate) / args.rate) * 100, admitters: args.admitters, seconds: args.seconds };

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, Redis at ${URL}`;
  console.log(`\nqueue benchmark (${machine})`);
  console.log(`1. joins through the SDK: ${fmt(part1.joinsPerSecond)}/s vs raw INCR ${fmt(part1.incrPerSecond)}/s (${args['in-flight']} in flight, median of ${args.rounds}): ${part1.ratio.toFixed(2)}×`);
  console.log(
    `2. ${fmt(args.users)} users: joined in ${part2.joinSeconds.toFixed(1)} s (${fmt(part2.joinsPerSecond)}/s), admitted in ${part2.admitSeconds.toFixed(1)} s (${fmt(part2.admissionsPerSecond)}/s); ` +
      `${part2.bytesPerUserKeys.toFixed(1)} B per queued user (MEMORY USAGE), ${part2.bytesPerUserUsedMemory.toFixed(1)} B (used_memory delta)`,
  );
  console.log(`3. admission rate: configured ${fmt(args.rate)}/s, measured ${part3.measured.toFixed(1)}/s (${part3.errorPercent >= 0 ? '+' : ''}${part3.errorPercent.toFixed(2)} %) with ${args.admitters} admitters over ${args.seconds} s`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ machine, part1, part2, part3 }, null, 2));
} finally {
  await deletePrefix(redis, root);
  await redis.quit();
}

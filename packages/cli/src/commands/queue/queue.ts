import type { QueueStats } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';
import { renamedSetting, settingsPatch, type QueueSettingFlags } from './settings-flags.js';

export type QueueAction = 'enable' | 'disable' | 'pause' | 'resume' | 'status' | 'settings';

export interface QueueOptions extends QueueSettingFlags {
  readonly eventId: string;
  readonly json?: boolean | undefined;
}

/**
 * `boxoffice queue <action> <eventId>`: the operator's side of an event's virtual waiting
 * queue. The queue lives in the serving process (or Redis), so these commands run against a
 * deployment: on an in-process store it would vanish when the command exits.
 */
export async function queueCommand(ctx: CommandContext, action: QueueAction, o: QueueOptions): Promise<number> {
  if (ctx.target.kind !== 'remote') {
    throw new UsageError(
      `the waiting queue lives in the server process, and this one ends with the command: run 'boxoffice serve' and give --url (or a profile)`,
      `queue ${action}`,
    );
  }
  const bo = await ctx.open();
  const patch = settingsPatch(o);
  const changes = Object.keys(patch).length > 0;
  let stats: QueueStats;
  try {
    switch (action) {
      case 'enable':
        stats = await bo.queue.configure(o.eventId, { ...patch, enabled: true });
        break;
      case 'disable':
        stats = await bo.queue.configure(o.eventId, { enabled: false });
        break;
      case 'settings':
        stats = changes ? await bo.queue.configure(o.eventId, patch) : await bo.queue.stats(o.eventId);
        break;
      case 'pause':
        stats = await bo.queue.pause(o.eventId);
        break;
      case 'resume':
        stats = await bo.queue.resume(o.eventId);
        break;
      case 'status':
        stats = await bo.queue.stats(o.eventId);
        break;
    }
  } catch (error) {
    throw renamedSetting(error);
  }
  if (o.json) {
    printJson(ctx.io, stats);
    return 0;
  }
  printStats(ctx, stats);
  const said: Partial<Record<QueueAction, string>> = {
    enable: 'Queue enabled: buyers join it and hold with their admission token.',
    disable: 'Queue disabled: buyers hold directly.',
    pause: 'Admission paused: joins continue, nobody is admitted until resume.',
    resume: 'Admission resumed.',
    ...(changes ? { settings: 'Settings saved.' } : {}),
  };
  if (said[action]) println(ctx.io.stderr, said[action]);
  return 0;
}

function printStats(ctx: CommandContext, s: QueueStats): void {
  const state = !s.settings.enabled ? 'disabled' : s.paused ? 'paused' : 'admitting';
  const rows: [string, string | number][] = [
    ['event', s.eventId],
    ['state', state],
    ['mode', s.settings.mode],
    ['on sale at', s.settings.onSaleAt ?? '-'],
    ['admission rate', s.settings.admissionRate === null ? 'no limit' : `${s.settings.admissionRate}/s`],
    ['max active', s.settings.maxActive ?? 'no cap'],
    ['token ttl', `${s.settings.tokenTtlSeconds} s`],
    ['heartbeat timeout', `${s.settings.heartbeatTimeoutSeconds} s`],
    ['tick', `${s.settings.tickMs} ms`],
    ['issued', s.issued],
    ['waiting', s.waiting],
    ['active', s.active],
    ['measured rate', s.measuredRate === null ? '-' : `${s.measuredRate.toFixed(1)}/s`],
  ];
  // A queue Redis lost and that was re-created from the store: waiting users had to join again.
  rows.push(['resets', s.generation === 0 ? 'none' : `${s.generation}, last at ${s.lastResetAt ?? '?'}`]);
  rows.push(['epoch', s.epoch]);
  if (s.draw) rows.push(['draw', `${s.draw.drawn ? 'drawn' : 'pending'}, ${s.draw.participants} in it, seed hash ${s.draw.seedHash.slice(0, 16)}…`]);
  printTable(ctx.io, ['SETTING', 'VALUE'], rows);
}

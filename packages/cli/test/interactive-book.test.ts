import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Page } from '@boxoffice/sdk';
import { BIN, boxoffice, BUILT, cliEnv, serveProcess, type Served } from './cli-process.js';

/**
 * Interactive `book` in a real pseudo-terminal: tmux runs the built binary, the test types
 * with send-keys and reads the screen with capture-pane. Without tmux the test skips with a
 * message, except under CI=true, where tmux is required.
 */
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SECRET = 'cli-interactive-test-secret-0123456789';
/** Our own tmux server, so nothing touches (or is touched by) the user's sessions. */
const SOCKET = `boxoffice-test-${process.pid}`;
const SESSION = 'book';

if (!HAS_TMUX && process.env.CI === 'true') throw new Error('tmux is required under CI=true for the interactive booking test (apt-get install -y tmux)');
if (!HAS_TMUX) console.warn('interactive-book.test.ts: tmux not found, skipping (install it: apt-get install -y tmux)');

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', SESSION);
const keys = (...k: string[]) => tmux('send-keys', '-t', SESSION, ...k);

async function waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(screen());
    if (match) return match;
    if (Date.now() > until) throw new Error(`the screen never showed ${pattern}:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

describe.runIf(HAS_TMUX && BUILT)('interactive book in a pseudo-terminal (tmux)', () => {
  let server: Served;
  let userToken: string;

  beforeAll(async () => {
    server = await serveProcess(['--store', 'memory', '--port', '0', '--log-level', 'warn'], { BOXOFFICE_SECRET: SECRET });
    const admin = (await boxoffice(['auth', 'token', '--user', 'ops', '--role', 'admin'], { BOXOFFICE_SECRET: SECRET })).stdout.trim();
    expect((await boxoffice(['demo', '--url', server.url, '--token', admin, '--json'])).code).toBe(0);
    userToken = (await boxoffice(['auth', 'token', '--user', 'tess'], { BOXOFFICE_SECRET: SECRET })).stdout.trim();
  }, 120_000); // the demo over HTTP includes its short on-sale

  afterAll(async () => {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    if (server && server.child.exitCode === null) await server.stop();
  });

  function startBook(session: string, args: string): void {
    const env = cliEnv({ BOXOFFICE_URL: server.url, BOXOFFICE_TOKEN: userToken });
    const exports = ['PATH', 'HOME', 'BOXOFFICE_CONFIG_DIR', 'BOXOFFICE_URL', 'BOXOFFICE_TOKEN', 'NO_COLOR']
      .map((k) => `${k}=${shellQuote(env[k] ?? '')}`)
      .join(' ');
    const command = `env -i ${exports} TERM=xterm-256color LANG=C.UTF-8 ${shellQuote(process.execPath)} ${shellQuote(BIN)} book ${args}; echo EXIT=$?; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '50', command);
  }

  it('search → pick → seat map → best N → hold with a countdown → a declined card, then tok_visa → the booking', async () => {
    startBook(SESSION, '--user tess');

    await waitFor(/Search events/);
    // The demo also makes a late show and a seeded catalog: the words of its hall's name rank it first.
    keys('live at the demo hall', 'Enter');
    const picker = await waitFor(/Pick an event \(\d+ match(?:es)?\):[\s\S]*?❯ (.+)/);
    expect(picker[1]).toContain('Live at the Demo Hall');
    keys('Enter');
    await waitFor(/Legend: .*available/);
    await waitFor(/Which seats\?/);
    keys('Enter');
    await waitFor(/How many seats/);
    keys('C-u', '3', 'Enter');

    const first = await waitFor(/Held (.+) for EUR [\d.]+\.[\s\S]*hold expires in (\d+):(\d\d)/);
    const seconds = (m: RegExpExecArray) => Number(m[2]) * 60 + Number(m[3]);
    // The countdown is live: it moves while the buyer looks at the prompt.
    await new Promise((r) => setTimeout(r, 2200));
    const later = await waitFor(/hold expires in (\d+):(\d\d)/);
    expect(Number(later[1]) * 60 + Number(later[2])).toBeLessThan(seconds(first));

    keys('Down', 'Down', 'Enter'); // tok_declined
    await waitFor(/the payment was declined \(card_declined\)\. Choose another token/);
    keys('Enter'); // tok_visa, the first choice
    await waitFor(/EXIT=\d+/);
    const done = screen();
    expect(done).toContain('Status   CONFIRMED');
    expect(done).toContain('EXIT=0');

    const list = await boxoffice(['bookings', 'list', '--user', 'tess', '--json'], { BOXOFFICE_URL: server.url, BOXOFFICE_TOKEN: userToken });
    const bookings = (JSON.parse(list.stdout) as Page<Booking>).items;
    expect(bookings).toHaveLength(1);
    expect(bookings[0]).toMatchObject({ status: 'CONFIRMED', userId: 'tess' });
    expect(bookings[0]!.ticketIds).toHaveLength(3);
    expect(done).toContain(`Held ${first[1]}`);
  }, 90_000);

  it('Ctrl-C at the pay prompt releases the hold: nothing stays reserved', async () => {
    const view = await boxoffice(['events', 'list', '--url', server.url, '--json']);
    const eventId = (JSON.parse(view.stdout) as Page<{ id: string; title: string }>).items.find((e) => e.title.includes('Live at the Demo Hall'))!.id;
    tmux('kill-session', '-t', SESSION);
    startBook(SESSION, `--user tess --event ${eventId} --best 2`);
    await waitFor(/hold expires in/);
    const reserved = async () => {
      const shown = JSON.parse((await boxoffice(['events', 'show', eventId, '--url', server.url, '--json'])).stdout) as { tickets: { status: string }[] };
      return shown.tickets.filter((t) => t.status === 'RESERVED').length;
    };
    const before = await reserved();
    expect(before).toBeGreaterThanOrEqual(2);
    keys('C-c');
    await waitFor(/EXIT=\d+/);
    expect(screen()).toContain('Cancelled.');
    expect(screen()).toContain('EXIT=1');
    expect(await reserved()).toBe(before - 2);
  }, 60_000);
});

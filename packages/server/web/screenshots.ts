import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumAvailable, CHROMIUM, launchBrowser } from './browser.js';
import { buildWeb } from './build.js';
import { startDemoServer } from './demo-server.js';

/**
 * `pnpm --filter @boxoffice/server screenshots`: the event page, the waiting room and the
 * stadium overview as PNGs in docs/, from a real server and a real (headless) chromium.
 */
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs');

if (!chromiumAvailable()) {
  console.error(`screenshots: no chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  process.exit(1);
}
const webDir = await mkdtemp(join(tmpdir(), 'boxoffice-web-'));
await buildWeb(webDir);
const demo = await startDemoServer({ webDir, stadium: true, admitIntervalMs: 500 });
const browser = await launchBrowser({ width: 1280, height: 860 });
try {
  const { theatre, queued, stadium } = demo.events;
  const as = (user: string, role: 'user' | 'admin' = 'user') => ({ authorization: `Bearer ${demo.token(user, role)}` });
  // Other buyers: some seats sold, some held, so every status shows.
  const tickets = await demo.bo.getTickets(theatre.id);
  const ids = (section: string, row: string, from: number, n: number) =>
    tickets.filter((t) => t.section === section && t.row === row && (t.seat ?? 0) >= from && (t.seat ?? 0) < from + n).map((t) => t.id);
  await demo.bo.book({ eventId: theatre.id, userId: 'carol', ticketIds: ids('STALLS-A', 'A', 5, 8), paymentDetails: { token: 'tok_visa' } });
  await demo.bo.book({ eventId: theatre.id, userId: 'dan', ticketIds: ids('STALLS-A', 'B', 3, 6), paymentDetails: { token: 'tok_visa' } });
  await demo.bo.hold({ eventId: theatre.id, userId: 'erin', ticketIds: ids('STALLS-B', 'C', 9, 6) });
  await demo.bo.book({ eventId: theatre.id, userId: 'fay', ticketIds: ids('BALCONY', 'A', 1, 8), paymentDetails: { token: 'tok_visa' } });

  const page = await browser.context.newPage();
  await page.goto(`${demo.url}/event/${theatre.id}`);
  await page.getByTestId('live-status').getByText('Live').waitFor();
  await page.getByRole('button', { name: /Stalls A, row C, seat 10,/ }).click();
  await page.getByRole('button', { name: /Stalls A, row C, seat 11,/ }).click();
  await page.getByRole('button', { name: /Stalls A, row G, seat 3,/ }).hover();
  await page.screenshot({ path: join(DOCS, 'web-event.png'), fullPage: true });

  // The waiting room: one buyer admitted at a time, a line ahead of the visitor.
  await fetch(`${demo.url}/admin/events/${queued.id}/queue`, {
    method: 'PUT',
    headers: { ...as('ops', 'admin'), 'content-type': 'application/json' },
    body: JSON.stringify({ enabled: true, admissionRate: 0.2, maxActive: 1, heartbeatTimeoutSeconds: 3600 }),
  });
  for (let i = 0; i < 37; i++) await fetch(`${demo.url}/events/${queued.id}/queue/join`, { method: 'POST', headers: as(`fan${i}`) });
  const room = await browser.context.newPage();
  await room.goto(`${demo.url}/event/${queued.id}`);
  await room.getByTestId('queue-guest').click();
  await room.getByTestId('queue-position').waitFor();
  await room.screenshot({ path: join(DOCS, 'web-waiting-room.png'), fullPage: true });

  const search = await browser.context.newPage();
  await search.setViewportSize({ width: 1000, height: 600 });
  await search.goto(`${demo.url}/`);
  await search.getByRole('combobox', { name: 'Search' }).pressSequentially('ma', { delay: 30 });
  await search.getByTestId('suggestion').first().waitFor();
  await search.keyboard.press('ArrowDown');
  await search.screenshot({ path: join(DOCS, 'web-search.png') });

  if (stadium) {
    const big = await browser.context.newPage();
    await big.goto(`${demo.url}/event/${stadium.id}`);
    await big.getByTestId('live-status').getByText('Live').waitFor({ timeout: 30_000 });
    await big.screenshot({ path: join(DOCS, 'web-stadium.png'), fullPage: true });
  }
  console.log(`screenshots: ${['web-event.png', 'web-waiting-room.png', 'web-search.png', stadium ? 'web-stadium.png' : ''].filter(Boolean).join(', ')} in ${DOCS}`);
} finally {
  await browser.close();
  await demo.close();
  await rm(webDir, { recursive: true, force: true });
}

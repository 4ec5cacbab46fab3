import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoxOfficeError, connect } from '../src/index.js';

/**
 * `preconnect()` opens every keep-alive connection of the client before a burst. A plain HTTP
 * server stands in for BoxOffice's here (the real one is in the CLI's simulate-spread test): it
 * counts the connections it accepts and answers /healthz as the real one does.
 */
let server: Server;
let url = '';
let accepted = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    // Answered a little later, so that the client's requests overlap and each needs a connection.
    setTimeout(() => {
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/healthz' ? '{"status":"ok"}' : '{}');
    }, 20);
  });
  server.on('connection', () => accepted++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('remote client preconnect', () => {
  it('opens all the connections of the client, or as many as asked', async () => {
    const bo = connect(url, { connections: 12, retry: false });
    try {
      accepted = 0;
      await bo.preconnect();
      expect(accepted).toBe(12);
      accepted = 0;
      await bo.preconnect();
      expect(accepted).toBe(0); // still open: nothing new to accept
    } finally {
      await bo.close();
    }
    const few = connect(url, { connections: 12, retry: false });
    try {
      accepted = 0;
      await few.preconnect(5);
      expect(accepted).toBe(5);
    } finally {
      await few.close();
    }
  });

  it('refuses a count that is not a whole number from 1 on, naming connections', async () => {
    const bo = connect(url, { retry: false });
    try {
      for (const bad of [0, -1, 1.5, 100_000]) {
        const error = await bo.preconnect(bad).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BoxOfficeError);
        expect(error).toMatchObject({ code: 'VALIDATION', field: 'connections' });
      }
    } finally {
      await bo.close();
    }
  });
});

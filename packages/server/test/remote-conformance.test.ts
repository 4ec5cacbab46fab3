import { connect, MemoryStore, signToken } from '@boxoffice/sdk';
import { storeConformance } from '@boxoffice/sdk/testing';
import { createServer } from '../src/index.js';
import { SECRET, TEST_SERVER } from './helpers.js';

/**
 * The store conformance suite through the remote client: each case drives `connect(url)`
 * against a live server (port 0) over a fresh memory store. The client acts with an admin
 * token, naming each case's user (`X-On-Behalf-Of`), so every case runs unchanged.
 */
storeConformance('remote client over HTTP (memory store)', async () => ({ store: new MemoryStore(), cleanup: async () => undefined }), {
  through: async (inner) => {
    const app = createServer({ boxOffice: inner, secret: SECRET, ...TEST_SERVER });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const bo = connect(`http://127.0.0.1:${port}`, { token: signToken(SECRET, { userId: 'conformance', role: 'admin' }) });
    return {
      bo,
      actsAs: 'conformance',
      close: async () => {
        await bo.close();
        await app.close();
      },
    };
  },
});

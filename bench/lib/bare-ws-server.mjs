// The baseline of the WebSocket fan-out in `pnpm bench http`: a bare `ws` server that greets
// each client and, on POST /broadcast, sends the request body to every client, one send each.
// No channels, no sequence numbers, no coalescing: the floor for reaching N sockets from Node.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    for (const ws of wss.clients) ws.send(body);
    res.writeHead(204).end();
  });
});
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.send('hello')));
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));
process.on('SIGTERM', () => process.exit(0));

// The baseline of `pnpm bench http`: a bare node:http server that answers every GET with the
// bytes the BoxOffice server sent for the same URL (status, headers, gzip body, captured by the
// benchmark into the JSON file named by argv[2]), and 304 on a matching If-None-Match.
// No routing, no cache lookup, no validation: the floor for serving those bytes from Node.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const captured = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const body = Buffer.from(captured.bodyBase64, 'base64');
const headers = captured.headers;
const server = createServer((req, res) => {
  if (req.headers['if-none-match'] === headers.etag) {
    res.writeHead(304, { etag: headers.etag, 'cache-control': headers['cache-control'] });
    res.end();
    return;
  }
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));

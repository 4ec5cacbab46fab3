import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** Below this a response is sent as is: gzip would not pay for itself. */
const GZIP_MIN_BYTES = 1024;

/**
 * A JSON response rendered once and served many times: its bytes, a validator, and a gzip
 * variant computed on first demand. The ETag is weak (`W/"…"`), so one validator covers both
 * encodings, and it is a hash of the bytes, so every server process gives the same one.
 */
export class Rendered {
  readonly etag: string;
  private gzipped: Promise<Buffer> | undefined;

  constructor(readonly body: Buffer) {
    this.etag = `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
  }

  static json(value: unknown): Rendered {
    return new Rendered(Buffer.from(JSON.stringify(value)));
  }

  get compressible(): boolean {
    return this.body.length >= GZIP_MIN_BYTES;
  }

  gzip(): Promise<Buffer> {
    this.gzipped ??= gzip(this.body, { level: 6 });
    return this.gzipped;
  }
}

import { describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature } from '../src/index.js';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"msg_1","type":"booking.confirmed"}';
  const now = 1_900_000_000;

  it('signs t.body with HMAC-SHA256 and verifies within the tolerance only', () => {
    const header = signWebhookPayload(secret, body, now);
    // Known answer, computed independently: printf '%s' "1900000000.$body" | openssl dgst -sha256 -hmac whsec_test
    expect(header).toBe('t=1900000000,v1=68a439aec95d728016bc28be9dc1f700ba6f426f2ebd037570dbb64fead9757e');
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now })).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), { nowSeconds: now + 300 })).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now + 301 })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now - 301 })).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now + 3600, toleranceSeconds: 7200 })).toBe(true);
  });

  it('accepts any matching v1 (secret rotation) and refuses anything malformed or altered', () => {
    const good = signWebhookPayload(secret, body, now);
    const other = signWebhookPayload('whsec_old', body, now).split(',')[1];
    expect(verifyWebhookSignature(secret, `${good},${other}`, body, { nowSeconds: now })).toBe(true);
    expect(verifyWebhookSignature(secret, `t=${now},${other}`, body, { nowSeconds: now })).toBe(false);
    for (const header of [undefined, null, '', 't=abc,v1=00', `t=${now}`, `v1=${good.split('v1=')[1]}`, `t=${now},v1=zz`, `t=${now},v1=${'0'.repeat(64)}`, 'x'.repeat(5000)]) {
      expect(verifyWebhookSignature(secret, header, body, { nowSeconds: now }), String(header).slice(0, 40)).toBe(false);
    }
    expect(verifyWebhookSignature(secret, good, `${body} `, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(`${secret}x`, good, body, { nowSeconds: now })).toBe(false);
    expect(verifyWebhookSignature(secret, good.replace(`t=${now}`, `t=${now + 1}`), body, { nowSeconds: now })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isRefusedAddress } from '../src/webhooks/destination.js';

describe('webhook destinations: refused address ranges', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '0.0.0.0', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', '100.100.100.200',
    '169.254.169.254', '169.254.0.1', '192.0.0.192', '224.0.0.1', '255.255.255.255',
    '::', '::1', 'fc00::1', 'fd00:ec2::254', 'fe80::1', 'ff02::1', '64:ff9b::7f00:1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:100.64.0.1',
  ])('refuses %s', (address) => {
    expect(isRefusedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '203.0.113.10', '2606:4700::1111', '::ffff:8.8.8.8'])('allows the public %s', (address) => {
    expect(isRefusedAddress(address)).toBe(false);
  });
});

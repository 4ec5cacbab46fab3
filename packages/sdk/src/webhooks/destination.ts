import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may be delivered: never to this machine, the operator's private network or a
 * cloud metadata service — a webhook URL is chosen by whoever holds an admin token, and the
 * delivery record would tell them what answered there (a port scanner inside the network).
 * An operator whose receivers do live on a private network allows them by configuration
 * (`allowPrivateWebhookTargets`).
 *
 * The ranges are checked with node:net's BlockList, which also matches the IPv4-mapped IPv6
 * form (`::ffff:127.0.0.1`) of every IPv4 range. URL parsing (WHATWG) already turns the other
 * spellings of an IPv4 address (`0x7f.1`, `2130706433`) into dotted form.
 */
const REFUSED = new BlockList();
const V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches this host on Linux
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598); also Alibaba's metadata 100.100.100.200
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, with the 169.254.169.254 metadata service
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments (Oracle's metadata 192.0.0.192)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking (RFC 2544), used inside data centres
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];
const V6: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified (::), loopback (::1) and the deprecated IPv4-compatible form
  ['64:ff9b::', 96], // NAT64: an IPv4 address of any range behind the gateway
  ['fc00::', 7], // unique local, with AWS's metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some)
  ['ff00::', 8], // multicast
];
for (const [network, prefix] of V4) REFUSED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of V6) REFUSED.addSubnet(network, prefix, 'ipv6');

/** Names of metadata services and of this host, refused whatever they resolve to where we check. */
const REFUSED_NAMES = new Set(['localhost', 'metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** The reason recorded for a refused delivery: it names the rule, never the address or what answered. */
export const REFUSED_DESTINATION_REASON = 'destination refused: not a public address (allowPrivateWebhookTargets allows it)';
/** The error code a refused connection fails with (a `lookup` error, so the socket never opens). */
export const REFUSED_DESTINATION_CODE = 'EBOXOFFICE_DESTINATION_REFUSED';

/** True for an IP address webhooks must not reach (see the ranges above). */
export function isRefusedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return REFUSED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A URL's host name without the brackets of an IPv6 literal and a trailing dot. */
export function hostOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.endsWith('.') ? bare.slice(0, -1) : bare;
}

/** True when the host itself (an address literal or a known name) is refused, before any DNS. */
export function isRefusedHost(host: string): boolean {
  if (isIP(host) !== 0) return isRefusedAddress(host);
  return REFUSED_NAMES.has(host) || host.endsWith('.localhost');
}

function refusedError(hostname: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${REFUSED_DESTINATION_REASON} (${hostname})`);
  error.code = REFUSED_DESTINATION_CODE;
  return error;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls `connect` that resolves with `resolve` (default `dns.lookup`) and fails
 * when any address found is refused: the check applies to the very addresses the socket then
 * connects to, so a name that resolved to a public address at registration and to 127.0.0.1 now
 * (DNS rebinding) is refused. Answers in the shape asked for (`all` or one address).
 */
export function guardedLookup(resolve: LookupFunction = dnsLookup as LookupFunction): LookupFunction {
  const guarded = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, options.all ? [] : '');
      const addresses = (Array.isArray(found) ? found : [{ address: found, family: isIP(found) }]) as LookupAddress[];
      if (addresses.some((a) => isRefusedAddress(a.address))) return callback(refusedError(hostname), options.all ? [] : '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
  return guarded as unknown as LookupFunction;
}

/** Longest a registration waits for DNS: a resolver that does not answer leaves the check to delivery. */
const RESOLVE_TIMEOUT_MS = 3_000;

/** Every address a name resolves to now (empty when it does not resolve, or not within 3 s). */
export function resolveAll(host: string, resolve: LookupFunction = dnsLookup as LookupFunction): Promise<string[]> {
  if (isIP(host) !== 0) return Promise.resolve([host]);
  return new Promise((done) => {
    const timer = setTimeout(() => done([]), RESOLVE_TIMEOUT_MS);
    (resolve as unknown as (h: string, o: { all: true }, cb: (e: Error | null, a: LookupAddress[]) => void) => void)(host, { all: true }, (error, found) => {
      clearTimeout(timer);
      done(error ? [] : found.map((a) => a.address));
    });
  });
}

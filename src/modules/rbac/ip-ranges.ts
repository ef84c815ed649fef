import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

/** One address or CIDR as a token may list it; null when it is neither (refused when the token is issued). */
export function parseIpRange(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [rawAddress, rawPrefix, extra] = text.trim().split('/');
  if (extra !== undefined || !rawAddress) return null;
  const address = normalizeAddress(rawAddress);
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return null;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * Whether the client address is inside one of the ranges. An empty list allows every address; an unknown or
 * unparsable client address matches nothing; entries that do not parse match nothing (they are refused at issue).
 */
export function ipAllowed(clientIp: string | null, ranges: readonly string[]): boolean {
  if (ranges.length === 0) return true;
  if (!clientIp) return false;
  const address = normalizeAddress(clientIp);
  const version = isIP(address);
  if (version === 0) return false;
  const list = new BlockList();
  for (const text of ranges) {
    const range = parseIpRange(text);
    if (range) list.addSubnet(range.address, range.prefix, range.family);
  }
  return list.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

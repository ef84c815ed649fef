import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { badRequest, upstreamUnavailable } from '../../common/errors/domain-error.js';
import type { OutboundAddressConfig } from '../../config/app-config.js';

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<CheckedAddress[]>;

interface Ranges {
  reason: string;
  cidrs: string[];
}

/** Names of metadata services, refused before they are even resolved. */
const METADATA_HOSTNAMES = new Set(['metadata.google.internal']);

/**
 * Never a gateway: instance metadata (AWS, GCP and Azure at 169.254.169.254, AWS over IPv6, Alibaba) hands out
 * cloud credentials; link-local is where such services live; the unspecified address reaches this very host.
 * Metadata comes first so that fd00:ec2::254 is refused even though private networks are allowed.
 */
const ALWAYS_DENIED: Ranges[] = [
  { reason: 'a cloud metadata address', cidrs: ['169.254.169.254/32', 'fd00:ec2::254/128', '100.100.100.200/32'] },
  { reason: 'a link-local address', cidrs: ['169.254.0.0/16', 'fe80::/10'] },
  { reason: 'an unspecified address', cidrs: ['0.0.0.0/8', '::/128'] },
];
const LOOPBACK: Ranges = { reason: 'a loopback address', cidrs: ['127.0.0.0/8', '::1/128'] };
const PRIVATE_NETWORKS: Ranges = {
  reason: 'a private network address',
  cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Where registering, re-pointing or refreshing a gateway may connect. A gateway is a URL any developer can
 * submit and the server then calls, so without this it is a way into whatever the server can reach. The host is
 * taken from WHATWG URL parsing, as the connection will use it (`0x7f.1`, `2130706433` and `[::ffff:7f00:1]`
 * are 127.0.0.1 by then), and every address a name resolves to must pass. IPv4-mapped IPv6 addresses match the
 * IPv4 ranges: node's BlockList compares them so (the unit test pins that down).
 */
export class OutboundAddressPolicy {
  private readonly denied: { reason: string; list: BlockList }[];

  constructor(
    config: OutboundAddressConfig,
    private readonly resolve: Resolver = resolveAll,
  ) {
    const ranges = [
      ...ALWAYS_DENIED,
      ...(config.allowLoopback ? [] : [LOOPBACK]),
      ...(config.allowPrivateNetworks ? [] : [PRIVATE_NETWORKS]),
      { reason: 'a denied address (GATEWAY_DENY_CIDRS)', cidrs: config.denyCidrs },
    ];
    this.denied = ranges.map(({ reason, cidrs }) => ({ reason, list: blockListOf(cidrs) }));
  }

  /** The addresses `url` may be contacted at, or a 400 naming why not (502 when the name does not resolve). */
  async admit(url: URL): Promise<CheckedAddress[]> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    if (METADATA_HOSTNAMES.has(host.replace(/\.$/, ''))) throw refused(`${host} is a cloud metadata host`);
    const family = isIP(host);
    const addresses: CheckedAddress[] = family ? [{ address: host, family: family === 6 ? 6 : 4 }] : await this.resolve(host);
    for (const { address } of addresses) {
      const reason = this.refusal(address);
      if (reason) throw refused(`${host} ${family ? 'is' : 'resolves to'} ${reason}`);
    }
    return addresses;
  }

  /** Why `address` may not be contacted, or null when it may. */
  private refusal(address: string): string | null {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    return this.denied.find(({ list }) => list.check(address, family))?.reason ?? null;
  }
}

function blockListOf(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split('/');
    list.addSubnet(address, Number(prefix), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const refused = (why: string) => badRequest(`Gateway URL not allowed: ${why}`, 'url');

/** Every A and AAAA answer (as the connection's own lookup would see them, /etc/hosts included). */
async function resolveAll(hostname: string): Promise<CheckedAddress[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true }).catch(() => []);
  if (answers.length === 0) throw upstreamUnavailable('Could not resolve the gateway host name');
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

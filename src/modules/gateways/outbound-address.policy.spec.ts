import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '../../common/errors/domain-error.js';
import type { OutboundAddressConfig } from '../../config/app-config.js';
import { type CheckedAddress, OutboundAddressPolicy } from './outbound-address.policy.js';

const DNS: Record<string, CheckedAddress[]> = {
  'mcp.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ],
  localhost: [
    { address: '127.0.0.1', family: 4 },
    { address: '::1', family: 6 },
  ],
  'intranet.example': [{ address: '10.1.2.3', family: 4 }],
  // One bad answer among good ones refuses the name: the connection could use any of them.
  'rebind.example': [
    { address: '93.184.215.14', family: 4 },
    { address: '169.254.169.254', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:169.254.169.254', family: 6 }],
};
const resolve = async (host: string) => DNS[host] ?? [];

const DEFAULTS: OutboundAddressConfig = { allowPrivateNetworks: true, allowLoopback: true, denyCidrs: [] };
const STRICT: OutboundAddressConfig = { allowPrivateNetworks: false, allowLoopback: false, denyCidrs: [] };
const EXTRA: OutboundAddressConfig = { ...DEFAULTS, denyCidrs: ['198.51.100.0/24', '2001:db8::/32'] };

/** What admitting `url` gives: the addresses to connect to, or the refusal's reason. */
async function verdict(config: OutboundAddressConfig, url: string): Promise<string> {
  try {
    const addresses = await new OutboundAddressPolicy(config, resolve).admit(new URL(url));
    return `allow ${addresses.map((a) => a.address).join(' ')}`;
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.BAD_REQUEST)
      return `deny: ${error.message.replace(/^.* (is|resolves to) /, '')}`;
    throw error;
  }
}

describe('OutboundAddressPolicy', () => {
  it.each<[string, string, OutboundAddressConfig, string]>([
    // Public addresses and names pass with every address they resolve to.
    ['public name', 'https://mcp.example.com/sse', DEFAULTS, 'allow 93.184.215.14 2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    ['public IPv4', 'http://93.184.215.14:8080/mcp', STRICT, 'allow 93.184.215.14'],
    ['public IPv6', 'http://[2606:4700::1111]/mcp', STRICT, 'allow 2606:4700::1111'],
    // Always refused.
    ['AWS/GCP/Azure metadata', 'http://169.254.169.254/latest/meta-data/', DEFAULTS, 'deny: a cloud metadata address'],
    ['AWS metadata over IPv6', 'http://[fd00:ec2::254]/', DEFAULTS, 'deny: a cloud metadata address'],
    ['Alibaba metadata', 'http://100.100.100.200/', DEFAULTS, 'deny: a cloud metadata address'],
    ['GCP metadata name', 'http://metadata.google.internal/computeMetadata/v1/', DEFAULTS, 'deny: a cloud metadata host'],
    ['GCP metadata name, trailing dot', 'http://METADATA.google.internal./', DEFAULTS, 'deny: a cloud metadata host'],
    ['metadata, IPv4-mapped', 'http://[::ffff:169.254.169.254]/', DEFAULTS, 'deny: a cloud metadata address'],
    ['metadata, mapped, written out', 'http://[0:0:0:0:0:ffff:a9fe:a9fe]/', DEFAULTS, 'deny: a cloud metadata address'],
    ['metadata, decimal', 'http://2852039166/', DEFAULTS, 'deny: a cloud metadata address'],
    ['metadata, hex and octal', 'http://0xa9.0376.169.254/', DEFAULTS, 'deny: a cloud metadata address'],
    ['link-local IPv4', 'http://169.254.10.1:8000/', DEFAULTS, 'deny: a link-local address'],
    ['link-local IPv6', 'http://[fe80::1]/', DEFAULTS, 'deny: a link-local address'],
    ['unspecified IPv4', 'http://0.0.0.0:4000/', DEFAULTS, 'deny: an unspecified address'],
    ['unspecified IPv4, shortest', 'http://0/', DEFAULTS, 'deny: an unspecified address'],
    ['unspecified IPv6', 'http://[::]:4000/', DEFAULTS, 'deny: an unspecified address'],
    ['a name with one bad answer', 'http://rebind.example/', DEFAULTS, 'deny: a cloud metadata address'],
    ['a name answering a mapped address', 'http://mapped.example/', DEFAULTS, 'deny: a cloud metadata address'],
    // Loopback: allowed by default, refusable, in every spelling.
    ['loopback', 'http://127.0.0.1:8000/mcp', DEFAULTS, 'allow 127.0.0.1'],
    ['localhost', 'http://localhost:8000/mcp', DEFAULTS, 'allow 127.0.0.1 ::1'],
    ['loopback refused', 'http://127.0.0.1:8000/mcp', STRICT, 'deny: a loopback address'],
    ['localhost refused', 'http://localhost:8000/mcp', STRICT, 'deny: a loopback address'],
    ['loopback, hex short form', 'http://0x7f.1/', STRICT, 'deny: a loopback address'],
    ['loopback, decimal', 'http://2130706433/', STRICT, 'deny: a loopback address'],
    ['loopback, 127/8', 'http://127.3.2.1/', STRICT, 'deny: a loopback address'],
    ['loopback, IPv4-mapped', 'http://[::ffff:127.0.0.1]/', STRICT, 'deny: a loopback address'],
    ['loopback IPv6', 'http://[::1]:8000/', STRICT, 'deny: a loopback address'],
    // Private networks: allowed by default, refusable.
    ['10/8', 'http://10.0.0.5/', DEFAULTS, 'allow 10.0.0.5'],
    ['intranet name', 'http://intranet.example/', DEFAULTS, 'allow 10.1.2.3'],
    ['10/8 refused', 'http://10.0.0.5/', STRICT, 'deny: a private network address'],
    ['172.16/12 refused', 'http://172.31.255.1/', STRICT, 'deny: a private network address'],
    ['172.32 is public', 'http://172.32.0.1/', STRICT, 'allow 172.32.0.1'],
    ['192.168/16 refused', 'http://192.168.1.1/', STRICT, 'deny: a private network address'],
    ['fc00::/7 refused', 'http://[fd12:3456::1]/', STRICT, 'deny: a private network address'],
    ['intranet name refused', 'http://intranet.example/', STRICT, 'deny: a private network address'],
    ['private, IPv4-mapped, refused', 'http://[::ffff:10.0.0.5]/', STRICT, 'deny: a private network address'],
    // GATEWAY_DENY_CIDRS.
    ['extra IPv4 range', 'http://198.51.100.7/', EXTRA, 'deny: a denied address (GATEWAY_DENY_CIDRS)'],
    ['extra IPv6 range', 'http://[2001:db8::1]/', EXTRA, 'deny: a denied address (GATEWAY_DENY_CIDRS)'],
    ['outside the extra ranges', 'http://198.51.101.7/', EXTRA, 'allow 198.51.101.7'],
  ])('%s: %s', async (_name, url, config, expected) => {
    expect(await verdict(config, url)).toBe(expected);
  });

  it('a name that does not resolve is an upstream failure (502), not a refusal', async () => {
    await expect(new OutboundAddressPolicy(DEFAULTS).admit(new URL('http://no-such-host.invalid/'))).rejects.toMatchObject({
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      message: 'Could not resolve the gateway host name',
    });
  });
});

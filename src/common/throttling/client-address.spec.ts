import { describe, expect, it } from '@jest/globals';
import type { FastifyRequest } from 'fastify';
import { clientAddressOf } from './client-address.js';

const from = (ip: string) => clientAddressOf({ ip } as FastifyRequest);

describe('clientAddressOf', () => {
  it('keeps IPv4 addresses, and cuts IPv6 ones to their /64 (one host, one client)', () => {
    expect(from('203.0.113.7')).toBe('203.0.113.7');
    expect(from('2001:db8:1:2:aaaa::1')).toBe(from('2001:db8:1:2:bbbb::2'));
    expect(from('2001:db8:1:2::1')).not.toBe(from('2001:db8:1:3::1'));
  });
});

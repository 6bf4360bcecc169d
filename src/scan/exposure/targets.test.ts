import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/index.js';
import { isLoopback, isPublicAddress } from './address.js';
import { addressCount, endpointsFor, endpointText, expandCidr, parsePortList, parseTarget, parseTargetsFile } from './targets.js';

describe('target syntax', () => {
  it.each([
    ['127.0.0.1', { kind: 'address', address: '127.0.0.1', family: 4 }],
    ['127.0.0.1:11434', { kind: 'address', address: '127.0.0.1', port: 11434 }],
    ['::1', { kind: 'address', address: '::1', family: 6 }],
    ['[::1]:8000', { kind: 'address', address: '::1', port: 8000 }],
    ['[fd00:0:0:0:0:0:0:1]', { kind: 'address', address: 'fd00::1' }],
    ['10.1.2.0/24', { kind: 'cidr', base: '10.1.2.0', prefix: 24, family: 4 }],
    ['fd00::/120', { kind: 'cidr', prefix: 120, family: 6 }],
    ['gpu-box.internal', { kind: 'name', name: 'gpu-box.internal' }],
    ['GPU-Box.internal.:8188', { kind: 'name', name: 'gpu-box.internal', port: 8188 }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toMatchObject(expected);
  });

  it.each(['', '   ', 'http://host/', 'host/path', 'user@host', '1.2.3.4/33', '::/129', '1.2.3.4:0', '1.2.3.4:65536', 'host:port', '1.2.3', '999.1.1.1', '[1.2.3.4]:80', 'fd00::1::2', 'a'.repeat(400), 'bad_name!', 'host:-1', '-lead.example'])('rejects %j with EXPOSURE_TARGET_INVALID', (text) => {
    expect(() => parseTarget(text)).toThrowError(expect.objectContaining({ code: 'EXPOSURE_TARGET_INVALID' }));
  });

  it('never throws anything but a BulwarkError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        try {
          parseTarget(s);
        } catch (err) {
          expect(err).toBeInstanceOf(BulwarkError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('ports: lists and ranges, bounded', () => {
    expect(parsePortList('8000-8002, 11434,8001')).toEqual([8000, 8001, 8002, 11434]);
    expect(() => parsePortList('')).toThrow(BulwarkError);
    expect(() => parsePortList('1-70000')).toThrow(BulwarkError);
  });

  it('targets files: comments and blanks ignored, CRLF accepted', () => {
    expect(parseTargetsFile('# lab\r\n10.0.0.5\r\n\r\n10.0.0.0/30 # rack 2\n')).toEqual(['10.0.0.5', '10.0.0.0/30']);
  });
});

describe('expansion', () => {
  it('IPv4 blocks skip network and broadcast addresses; /31 and /32 do not', () => {
    const s = parseTarget('192.168.1.0/30') as Extract<ReturnType<typeof parseTarget>, { kind: 'cidr' }>;
    expect(addressCount(s)).toBe(2n);
    expect(expandCidr(s)).toEqual(['192.168.1.1', '192.168.1.2']);
    expect(expandCidr(parseTarget('192.168.1.7/32') as never)).toEqual(['192.168.1.7']);
    expect(expandCidr(parseTarget('10.0.0.9/31') as never)).toEqual(['10.0.0.8', '10.0.0.9']);
  });

  it('counts huge ranges without expanding them', () => {
    expect(addressCount(parseTarget('10.0.0.0/8'))).toBe(16_777_214n);
    expect(addressCount(parseTarget('fd00::/64'))).toBe(2n ** 64n);
  });

  it('IPv6 blocks', () => {
    expect(expandCidr(parseTarget('fd00::/126') as never)).toEqual(['fd00::', 'fd00::1', 'fd00::2', 'fd00::3']);
  });

  it('interleaves hosts so concurrency spreads, dedupes, honours explicit ports', () => {
    const e = endpointsFor([{ host: 'a', from: 'a' }, { host: 'b', from: 'b' }, { host: 'a', port: 1, from: 'a:1' }], [1, 2]);
    expect(e.map((x) => `${x.host}:${x.port}`)).toEqual(['a:1', 'b:1', 'a:2', 'b:2']);
    expect(endpointText('::1', 80)).toBe('[::1]:80');
  });
});

describe('public addresses', () => {
  it.each([
    ['127.0.0.1', false], ['10.2.3.4', false], ['172.16.0.1', false], ['172.32.0.1', true], ['192.168.9.9', false], ['100.64.1.1', false],
    ['169.254.169.254', false], ['8.8.8.8', true], ['203.0.113.9', true], ['::1', false], ['fd12::1', false], ['fe80::1', false],
    ['2001:4860:4860::8888', true], ['::ffff:10.0.0.1', false], ['::ffff:8.8.8.8', true],
  ])('%s public: %s', (a, pub) => {
    expect(isPublicAddress(a)).toBe(pub);
  });

  it('loopback', () => {
    expect(isLoopback('127.9.9.9')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const find = (text: string) => detectSensitive(text, PII_DETECTORS).map((d) => [d.code, text.slice(d.start, d.end)]);

describe('IPv4', () => {
  it.each([
    ['curl http://10.1.2.3:8080/health', '10.1.2.3'],
    ['client=203.0.113.42 status=403', '203.0.113.42'],
    ['subnet 192.168.0.1/24', '192.168.0.1'],
    ['ssh admin@172.16.5.4 -p 22', '172.16.5.4'],
    ['DNS 8.8.8.8.', '8.8.8.8'],
  ])('finds %j', (text, value) => {
    expect(find(text)).toEqual([['PII_IPV4', value]]);
  });

  it.each([
    ['a version after "version"', 'running version 1.2.3.4 now'],
    ['a v-prefixed version', 'released v1.2.3.4'],
    ['a version after 版本号', '版本号 4.20.109.4'],
    ['five parts', 'OID 1.3.6.1.4'],
    ['an octet over 255', 'build 10.0.19041.1'],
    ['a section number', 'see section 2.3.1.4'],
    ['the unspecified address', 'bind 0.0.0.0'],
    ['loopback', 'localhost 127.0.0.1'],
    ['a netmask', 'mask 255.255.255.0'],
    ['leading zeros', 'value 01.02.03.04'],
  ])('ignores %s', (_name, text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('IPv6', () => {
  it.each([
    ['full 2001:0db8:85a3:0000:0000:8a2e:0370:7334 form', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['compressed 2001:db8::8a2e:370:7334', '2001:db8::8a2e:370:7334'],
    ['link-local fe80::1ff:fe23:4567:890a%eth0', 'fe80::1ff:fe23:4567:890a'],
    ['bracketed [2001:db8::1]:443', '2001:db8::1'],
    ['mapped ::ffff:192.0.2.1 here', '::ffff:192.0.2.1'],
    ['prefix 2001:db8:: only', '2001:db8::'],
  ])('finds %j', (text, value) => {
    expect(find(text)).toEqual([['PII_IPV6', value]]);
  });

  it.each([
    ['times', 'at 12:30:45 and 10:30'],
    ['C++ scopes', 'use std::vector<std::string> and Foo::bar()'],
    ['slices', 'a[1::2] and arr[::3]'],
    ['loopback', 'listen on ::1'],
    ['hash prefixes', 'digest sha256:abcdef0123456789'],
    ['URLs', 'see https://example.com:8443/path'],
    ['ratios', 'aspect 16:9'],
  ])('ignores %s', (_name, text) => {
    expect(find(text)).toEqual([]);
  });
});

describe('MAC', () => {
  it.each([
    ['MAC 00:1B:44:11:3A:B7', '00:1B:44:11:3A:B7'],
    ['ether 3c-22-fb-a1-09-7e on en0', '3c-22-fb-a1-09-7e'],
    ['switch port 0017.f2a1.b3c4', '0017.f2a1.b3c4'],
  ])('finds %j', (text, value) => {
    expect(find(text)).toEqual([['PII_MAC', value]]);
  });

  it.each([
    ['broadcast', 'ff:ff:ff:ff:ff:ff'],
    ['all zero', '00-00-00-00-00-00'],
    ['not hex', 'ab:cd:ef:gh:ij:kl'],
    ['words', 'dead.beef.cafe'],
  ])('ignores %s', (_name, text) => {
    expect(find(text)).toEqual([]);
  });
});

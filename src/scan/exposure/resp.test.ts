import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand, looksLikeResp, parseReply } from './resp.js';

describe('RESP reply parser', () => {
  it.each([
    ['+PONG\r\n', '+PONG'],
    ['-NOAUTH Authentication required.\r\n', '-NOAUTH Authentication required.'],
    [':42\r\n', ':42'],
    ['$11\r\nredis_v:7.2\r\n', 'redis_v:7.2'],
    ['$-1\r\n', ''],
  ])('reply %# parses', (input, text) => {
    expect(parseReply(Buffer.from(input))).toMatchObject({ kind: 'complete', text });
  });

  it('every truncation of a valid reply is incomplete, never wrong', () => {
    const info = '# Server\r\nredis_version:7.2.4';
    const full = Buffer.from(`$${info.length}\r\n${info}\r\n`);
    for (let i = 0; i < full.length; i++) expect(parseReply(full.subarray(0, i)).kind).toBe('incomplete');
    expect(parseReply(full)).toMatchObject({ kind: 'complete', text: '# Server\r\nredis_version:7.2.4' });
  });

  it.each([
    ['HTTP/1.1 400 Bad Request\r\n', 'not a RESP reply'],
    ['$abc\r\n', 'bad bulk length'],
    ['$9999999999\r\n', 'bad bulk length'],
    ['$2\r\nabXY', 'bulk string not terminated'],
  ])('rejects invalid reply %#', (input, why) => {
    expect(parseReply(Buffer.from(input))).toEqual({ kind: 'invalid', why });
  });

  it('a huge line without an end is invalid, not buffered forever', () => {
    expect(parseReply(Buffer.alloc(10_000, 0x2b)).kind).toBe('invalid');
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = parseReply(Buffer.from(bytes));
        expect(['complete', 'incomplete', 'invalid']).toContain(r.kind);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes commands as arrays of bulk strings and spots Redis answering HTTP', () => {
    expect(encodeCommand(['INFO', 'server']).toString()).toBe('*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n');
    expect(looksLikeResp(Buffer.from("-ERR unknown command 'GET'"))).toBe(true);
    expect(looksLikeResp(Buffer.from('SSH-2.0-OpenSSH_9.6'))).toBe(false);
    expect(looksLikeResp(Buffer.from('-1'))).toBe(false);
  });
});

/**
 * The one Redis reply the scanner reads (RESP2, https://redis.io/docs/latest/develop/reference/protocol-spec/):
 * a simple string (+PONG), an error (-NOAUTH …), an integer or a bulk string (INFO). Pure.
 */

export type RespReply = { kind: 'complete'; text: string; bytes: number } | { kind: 'incomplete' } | { kind: 'invalid'; why: string };

/** Commands are sent as RESP arrays of bulk strings, never inline, so no argument can be misread. */
export function encodeCommand(args: readonly string[]): Buffer {
  return Buffer.from(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
}

const MAX_LINE = 4096;

export function parseReply(buf: Buffer): RespReply {
  if (buf.length === 0) return { kind: 'incomplete' };
  const type = String.fromCharCode(buf[0]!);
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return buf.length > MAX_LINE ? { kind: 'invalid', why: 'reply line too long' } : { kind: 'incomplete' };
  const line = buf.subarray(1, eol).toString('latin1');
  switch (type) {
    case '+':
    case '-':
    case ':':
      return { kind: 'complete', text: `${type}${line}`, bytes: eol + 2 };
    case '$': {
      if (!/^(-1|\d{1,9})$/.test(line)) return { kind: 'invalid', why: 'bad bulk length' };
      const n = Number(line);
      if (n < 0) return { kind: 'complete', text: '', bytes: eol + 2 };
      const end = eol + 2 + n;
      if (buf.length < end + 2) return { kind: 'incomplete' };
      if (buf[end] !== 13 || buf[end + 1] !== 10) return { kind: 'invalid', why: 'bulk string not terminated' };
      return { kind: 'complete', text: buf.subarray(eol + 2, end).toString('utf8'), bytes: end + 2 };
    }
    default:
      return { kind: 'invalid', why: 'not a RESP reply' };
  }
}

/** Whether bytes a peer sent instead of HTTP look like a Redis reply (Redis answers an HTTP request line with -ERR). */
export function looksLikeResp(raw: Buffer | undefined): boolean {
  if (!raw || raw.length < 3) return false;
  return (raw[0] === 0x2d /* - */ || raw[0] === 0x2b) /* + */ && /^[-+][A-Za-z]/.test(raw.subarray(0, 16).toString('latin1'));
}

/** A TLS record (alert 0x15 or handshake 0x16, version 3.x) where plain HTTP was expected. */
export function looksLikeTls(raw: Buffer | undefined): boolean {
  return raw !== undefined && raw.length >= 2 && (raw[0] === 0x15 || raw[0] === 0x16) && raw[1] === 0x03;
}

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect, type Socket } from 'node:net';
import type { ProbeResponse } from './matcher.js';
import { encodeCommand, parseReply } from './resp.js';

/**
 * One read-only request to one host:port, with a connect timeout, a whole-answer timeout (a
 * drip-feeding peer is cut off), a byte cap on everything read, and abort. Never throws: every
 * outcome is data.
 */

export interface ProbeOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxResponseBytes: number;
  /** Host header value (the name the user gave, or the address). */
  hostHeader?: string;
  signal?: AbortSignal;
  /**
   * Speak HTTPS. Certificates are not verified: the scanner reads status pages of hosts it was
   * pointed at and sends nothing secret, and self-signed certificates are the norm on the
   * services it looks for (Elasticsearch 8 generates one at first start).
   */
  tls?: boolean;
}

export type ProbeFailure = 'refused' | 'connect-timeout' | 'read-timeout' | 'too-large' | 'bad-response' | 'failed' | 'aborted';

export type ProbeOutcome = { ok: true; response: ProbeResponse } | { ok: false; failure: ProbeFailure; message: string; raw?: Buffer };

export const USER_AGENT = 'bulwark-exposure-scanner (read-only; https://github.com/bulwark)';

/** Max header block read; headers count towards the byte cap as well. */
const MAX_HEADER_BYTES = 16 * 1024;

function classify(err: NodeJS.ErrnoException & { rawPacket?: Buffer }): { failure: ProbeFailure; message: string; raw?: Buffer } {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return { failure: 'refused', message: 'connection refused' };
  if (code.startsWith('HPE_')) {
    const why = code === 'HPE_HEADER_OVERFLOW' ? 'header block over 16 KiB' : 'not valid HTTP';
    return { failure: code === 'HPE_HEADER_OVERFLOW' ? 'too-large' : 'bad-response', message: `answered with ${why} (${code})`, ...(err.rawPacket ? { raw: err.rawPacket.subarray(0, 64) } : {}) };
  }
  if (code === 'ECONNRESET' || err.message === 'socket hang up') return { failure: 'failed', message: 'closed the connection without a complete answer' };
  if (code.startsWith('ERR_SSL_') || code.startsWith('EPROTO') || /SSL|TLS/.test(err.message)) return { failure: 'bad-response', message: `TLS handshake failed (${code || 'TLS error'})` };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { failure: 'failed', message: `unreachable (${code})` };
  return { failure: 'failed', message: `connection failed (${code || 'error'})` };
}

/** Timers and abort wiring shared by both protocols. */
function guard(socket: Socket, options: ProbeOptions, fail: (failure: ProbeFailure, message: string) => void): () => void {
  let readTimer: NodeJS.Timeout | undefined;
  const connectTimer = setTimeout(() => fail('connect-timeout', `no connection within ${options.connectTimeoutMs} ms`), options.connectTimeoutMs);
  const onConnect = () => {
    clearTimeout(connectTimer);
    readTimer = setTimeout(() => fail('read-timeout', `no complete answer within ${options.readTimeoutMs} ms`), options.readTimeoutMs);
  };
  if (socket.connecting) socket.once('connect', onConnect);
  else onConnect();
  const onAbort = () => fail('aborted', 'aborted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(connectTimer);
    clearTimeout(readTimer);
    socket.off('connect', onConnect);
    options.signal?.removeEventListener('abort', onAbort);
  };
}

export function probeHttp(host: string, port: number, method: 'GET' | 'HEAD', path: string, options: ProbeOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ ok: false, failure: 'aborted', message: 'aborted' });
    let settled = false;
    let release: () => void = () => {};
    const hostHeader = options.hostHeader ?? (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
    const common = {
      host,
      port,
      method,
      path,
      agent: false as const,
      setHost: false,
      maxHeaderSize: Math.min(MAX_HEADER_BYTES, options.maxResponseBytes),
      headers: { host: hostHeader, 'user-agent': USER_AGENT, accept: '*/*', connection: 'close' },
    };
    const sni = hostHeader.replace(/:\d+$/, '');
    const req = options.tls
      ? httpsRequest({ ...common, rejectUnauthorized: false, ...(isIP(sni) === 0 && !sni.startsWith('[') ? { servername: sni } : {}) })
      : httpRequest(common);
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      release();
      resolve(outcome);
      req.destroy();
    };
    const fail = (failure: ProbeFailure, message: string, raw?: Buffer) => finish({ ok: false, failure, message, ...(raw ? { raw } : {}) });
    req.on('socket', (socket) => {
      release = guard(socket, options, fail);
    });
    req.on('error', (err) => {
      const c = classify(err as NodeJS.ErrnoException & { rawPacket?: Buffer });
      fail(c.failure, c.message, c.raw);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxResponseBytes) {
          fail('too-large', `answered more than ${options.maxResponseBytes} bytes; stopped reading`);
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err) => {
        const c = classify(err as NodeJS.ErrnoException);
        fail(c.failure, c.message);
      });
      res.on('aborted', () => fail('failed', 'closed the connection in the middle of the answer'));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        finish({ ok: true, response: { request: `${method} ${path}`, status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') } });
      });
    });
    req.end();
  });
}

/** One Redis command on its own connection; reads exactly one reply. */
export function probeRedis(host: string, port: number, args: readonly string[], options: ProbeOptions): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ ok: false, failure: 'aborted', message: 'aborted' });
    let settled = false;
    const socket = connect({ host, port });
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      release();
      socket.destroy();
      resolve(outcome);
    };
    const fail = (failure: ProbeFailure, message: string) => finish({ ok: false, failure, message });
    const release = guard(socket, options, fail);
    const chunks: Buffer[] = [];
    let size = 0;
    socket.once('connect', () => socket.write(encodeCommand(args)));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxResponseBytes) return fail('too-large', `answered more than ${options.maxResponseBytes} bytes; stopped reading`);
      chunks.push(chunk);
      const reply = parseReply(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      if (reply.kind === 'invalid') return fail('bad-response', `answered with something that is not a Redis reply (${reply.why})`);
      if (reply.kind === 'complete') finish({ ok: true, response: { request: `REDIS ${args.join(' ')}`, status: 0, headers: {}, body: reply.text } });
    });
    socket.on('end', () => fail('failed', 'closed the connection without a complete answer'));
    socket.on('error', (err) => {
      const c = classify(err as NodeJS.ErrnoException);
      fail(c.failure, c.message);
    });
  });
}

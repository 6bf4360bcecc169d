import { Pool } from 'undici';
import { BulwarkError } from '../core/index.js';
import { dispatchUpstream, type UpstreamCall } from './upstream-call.js';
import type { RouteTarget } from './router.js';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'HEAD';
  /** Path relative to the upstream base URL, e.g. /chat/completions or /api/chat. */
  path: string;
  body?: Buffer | string;
  contentType?: string;
}

export interface UpstreamClient {
  call(target: RouteTarget, req: UpstreamRequest): UpstreamCall;
  close(): Promise<void>;
}

/** Abort reason: the gateway's client went away, so nobody is waiting for the answer. */
export class ClientClosed extends Error {
  constructor() {
    super('client closed the connection');
    this.name = 'ClientClosed';
  }
}

/** Abort reason: an output guard stopped the stream. */
export class StreamBlocked extends Error {
  constructor() {
    super('stream blocked by an output guard');
    this.name = 'StreamBlocked';
  }
}

/** Thrown into the abort signal when the route's total timeout passes. */
export class UpstreamTotalTimeout extends Error {
  constructor() {
    super('upstream total timeout');
    this.name = 'UpstreamTotalTimeout';
  }
}

/**
 * Thrown into the abort signal when the upstream's response headers do not arrive within
 * timeouts.headersMs. undici's own headersTimeout runs on a timer wheel of about one second, so a
 * short timeout would fire up to a second late; the gateway keeps an exact timer of its own.
 */
export class UpstreamHeadersTimeout extends Error {
  constructor() {
    super('upstream headers timeout');
    this.name = 'UpstreamHeadersTimeout';
  }
}

/** Maps transport failures to the gateway's codes; the message never echoes upstream secrets. */
export function upstreamFailure(err: unknown, target: string, phase: 'connect' | 'body' | 'stream' = 'connect'): BulwarkError {
  const midStream = phase === 'stream';
  if (err instanceof BulwarkError) return err;
  const e = err as { code?: string; name?: string; cause?: unknown };
  const code = e.code ?? (e.cause as { code?: string } | undefined)?.code;
  if (err instanceof UpstreamTotalTimeout || (e.name === 'AbortError' && e.cause instanceof UpstreamTotalTimeout)) {
    return new BulwarkError(midStream ? 'UPSTREAM_STREAM_FAILED' : 'UPSTREAM_TIMEOUT', `Upstream "${target}" exceeded its total timeout.`, { cause: err });
  }
  if (err instanceof UpstreamHeadersTimeout || (e.name === 'AbortError' && e.cause instanceof UpstreamHeadersTimeout)) {
    return new BulwarkError('UPSTREAM_TIMEOUT', `Upstream "${target}" did not send its response headers in time.`, { cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new BulwarkError(midStream ? 'UPSTREAM_STREAM_FAILED' : 'UPSTREAM_TIMEOUT', `Upstream "${target}" did not answer in time (${code}).`, { cause: err });
  }
  if (midStream) return new BulwarkError('UPSTREAM_STREAM_FAILED', `Upstream "${target}" failed while streaming.`, { cause: err });
  if (phase === 'body') return new BulwarkError('UPSTREAM_BAD_RESPONSE', `Upstream "${target}" closed the connection before its answer was complete.`, { cause: err });
  return new BulwarkError('UPSTREAM_UNREACHABLE', `Upstream "${target}" is unreachable${code ? ` (${code})` : ''}.`, { cause: err });
}

/** One keep-alive undici Pool per upstream; hosts and credentials come only from config. */
export function createUpstreamClient(targets: readonly RouteTarget[]): UpstreamClient {
  const pools = new Map<string, { pool: Pool; prefix: string; auth: string | undefined }>();
  for (const t of targets) {
    const url = new URL(t.config.baseUrl);
    const pool = new Pool(url.origin, {
      connections: t.config.connections,
      connect: { timeout: t.config.timeouts.connectMs },
      headersTimeout: t.config.timeouts.headersMs,
      bodyTimeout: t.config.timeouts.bodyIdleMs,
      keepAliveTimeout: 10_000,
    });
    pools.set(t.name, { pool, prefix: url.pathname.replace(/\/+$/, ''), auth: t.config.apiKey ? `Bearer ${t.config.apiKey}` : undefined });
  }
  return {
    call(target, req) {
      const entry = pools.get(target.name);
      if (entry === undefined) throw new BulwarkError('INTERNAL', `no pool for upstream ${target.name}`);
      // Only these headers go upstream: the client's own (its key above all) never do.
      const headers: Record<string, string> = { accept: 'application/json, text/event-stream, application/x-ndjson' };
      if (req.body !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
      if (entry.auth !== undefined) headers.authorization = entry.auth;
      return dispatchUpstream(entry.pool, { method: req.method, path: entry.prefix + req.path, headers, body: req.body ?? null });
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.pool.close().catch(() => undefined)));
    },
  };
}

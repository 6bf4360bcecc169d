import type { ServerResponse } from 'node:http';
import { BulwarkError, ERRORS } from '../core/index.js';
import type { WireFamily } from './endpoints.js';

/** The error body in the caller's wire format, so OpenAI and Ollama clients show it as-is. */
export function errorBody(family: WireFamily, err: BulwarkError): string {
  if (family === 'ollama') return JSON.stringify({ error: err.message, code: err.code });
  return JSON.stringify({ error: { message: err.message, type: ERRORS[err.code].type, code: err.code, param: null } });
}

/** A stream that fails midway ends with one of these, then the connection closes. */
export function streamErrorFrame(family: WireFamily, err: BulwarkError): string {
  return family === 'ollama' ? `${errorBody('ollama', err)}\n` : `data: ${errorBody('openai', err)}\n\n`;
}

export function sendError(res: ServerResponse, family: WireFamily, err: BulwarkError, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errorBody(family, err);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...err.headers };
  if (close) headers.connection = 'close';
  res.writeHead(err.status, headers);
  if (close) {
    lingeringEnd(res, body);
    return;
  }
  res.end(body);
}

/** How long a refused upload is read and discarded after its answer before the socket closes. */
const LINGER_MS = 2_000;

/**
 * Ends a response sent while the client is still uploading (413). Closing a socket with unread
 * input makes the kernel answer with a TCP reset, which can destroy the response before the
 * client reads it (RFC 9112 §9.6; nginx's lingering_close). So the whole answer is written at
 * once, the rest of the upload is read and discarded (never buffered) for a bounded time, and
 * only then is the connection closed.
 */
function lingeringEnd(res: ServerResponse, body: string): void {
  const req = res.req;
  res.write(body);
  let timer: NodeJS.Timeout | undefined;
  const done = (): void => {
    clearTimeout(timer);
    req.off('end', done);
    req.off('close', done);
    res.end();
  };
  if (req.complete || req.destroyed) return done();
  timer = setTimeout(done, LINGER_MS).unref();
  req.on('end', done);
  req.on('close', done);
  req.resume();
}

export function toBulwarkError(err: unknown): BulwarkError {
  return err instanceof BulwarkError ? err : new BulwarkError('INTERNAL', undefined, { cause: err });
}

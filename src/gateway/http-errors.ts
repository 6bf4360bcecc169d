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
  res.end(body);
}

export function toBulwarkError(err: unknown): BulwarkError {
  return err instanceof BulwarkError ? err : new BulwarkError('INTERNAL', undefined, { cause: err });
}

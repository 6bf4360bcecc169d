import type { IncomingMessage } from 'node:http';
import { BulwarkError } from '../core/index.js';

/**
 * Reads a request body up to `max` bytes. A declared Content-Length over the limit is refused
 * before a byte is read; a chunked body is refused the moment it crosses the limit, so an
 * attacker cannot make the gateway buffer more than `max` either way.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > max) {
    return Promise.reject(new BulwarkError('BODY_TOO_LARGE', `The request body (${declared} bytes) is larger than the limit of ${max} bytes.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        cleanup();
        req.pause();
        reject(new BulwarkError('BODY_TOO_LARGE', `The request body is larger than the limit of ${max} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new BulwarkError('REQUEST_TIMEOUT', 'The request body could not be read.', { cause: err }));
    };
    const onClose = (): void => {
      if (!req.complete) {
        cleanup();
        reject(new BulwarkError('REQUEST_TIMEOUT', 'The client closed the connection before sending the whole body.'));
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

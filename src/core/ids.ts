import { randomBytes } from 'node:crypto';

export type IdGenerator = () => string;
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Request ids: 16 random bytes, base64url; unguessable so they can be shown to clients. */
export const randomId: IdGenerator = () => randomBytes(12).toString('base64url');

/** Accept a client's x-request-id only when it is short and plain, so logs cannot be forged. */
export function acceptableRequestId(value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && value.length <= 64 && /^[A-Za-z0-9._:-]+$/.test(value);
}

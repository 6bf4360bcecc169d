import type { IncomingHttpHeaders } from 'node:http';
import { BulwarkError, compileGlobs, type GlobMatcher, type KeyLimits } from '../../core/index.js';
import type { ApiKeyRecord, Store } from '../../store/index.js';
import { keyMatches, parseApiKey } from './api-keys.js';

export interface Principal {
  key: ApiKeyRecord;
  limits: KeyLimits;
  modelAllowed: GlobMatcher;
}

export interface Authenticator {
  authenticate(headers: IncomingHttpHeaders, now: number): Principal;
  /** Drop cached keys after this process changed the store. */
  invalidate(): void;
}

function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const x = headers['x-api-key'];
  return typeof x === 'string' && x !== '' ? x.trim() : undefined;
}

/**
 * Resolves a request's key to a principal. Keys are cached per process; the cache is dropped
 * whenever SQLite's data_version says another connection (the `bulwark keys revoke` CLI, say)
 * committed, so a revocation takes effect on the very next request without a query per key.
 */
export function createAuthenticator(store: Store, defaults: KeyLimits): Authenticator {
  const cache = new Map<string, Principal | null>();
  let seenVersion = store.dataVersion();
  let checkedThisTurn = false;
  const endTurn = (): void => {
    checkedThisTurn = false;
  };

  const load = (id: string): Principal | null => {
    const key = store.getKey(id);
    if (key === undefined) return null;
    return {
      key,
      limits: { ...defaults, ...key.limits },
      modelAllowed: key.allowedModels.length === 0 ? () => true : compileGlobs(key.allowedModels),
    };
  };

  return {
    authenticate(headers, now) {
      const presented = presentedKey(headers);
      if (presented === undefined) throw new BulwarkError('AUTH_MISSING');
      const parsed = parseApiKey(presented);
      if (parsed === undefined) throw new BulwarkError('AUTH_INVALID');
      // One data_version read per event-loop turn, not per request (it was ~4 % of gateway CPU
      // under load): requests handled in the same turn arrived together, and a commit by another
      // process is seen by the first request of the next turn.
      if (!checkedThisTurn) {
        checkedThisTurn = true;
        setImmediate(endTurn);
        const version = store.dataVersion();
        if (version !== seenVersion) {
          cache.clear();
          seenVersion = version;
        }
      }
      let principal = cache.get(parsed.id);
      if (principal === undefined) {
        principal = load(parsed.id);
        // Bound the cache so a flood of random well-formed ids cannot grow memory.
        if (cache.size >= 10_000) cache.clear();
        cache.set(parsed.id, principal);
      }
      if (principal === null || !keyMatches(presented, principal.key)) throw new BulwarkError('AUTH_INVALID');
      if (principal.key.revokedAt !== null) throw new BulwarkError('AUTH_INVALID', 'The API key has been revoked.');
      if (principal.key.expiresAt !== null && principal.key.expiresAt <= now) throw new BulwarkError('AUTH_INVALID', 'The API key has expired.');
      return principal;
    },
    invalidate: () => cache.clear(),
  };
}

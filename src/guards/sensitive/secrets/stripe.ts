/**
 * Stripe secret keys sk_live_ / sk_test_ and restricted keys rk_live_ / rk_test_ + 24 to 247
 * alphanumerics. Publishable keys (pk_live_, pk_test_) are public by design and not reported.
 * Live keys move money: critical; test keys: high.
 */
import { ALNUM, WORD, all, leftBoundary, looksRandom, runEnd } from './chars.js';
import { emit, type ScanState } from './state.js';

/** `at` is the `s` or `r` of `sk_` / `rk_`. */
export function scanStripeKey(s: ScanState, at: number): number {
  const t = s.text;
  if (!leftBoundary(t, at)) return at + 3;
  const live = t.startsWith('live_', at + 3);
  if (!live && !t.startsWith('test_', at + 3)) return at + 3;
  const body = at + 8;
  const end = runEnd(t, body, WORD);
  const n = end - body;
  if (n >= 24 && n <= 247 && all(t, body, end, ALNUM) && looksRandom(t, body, end)) {
    emit(s, 'SECRET_STRIPE_KEY', at, end, 0.9, live ? 'critical' : 'high');
  }
  return end;
}

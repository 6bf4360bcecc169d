import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BulwarkError } from '../core/index.js';

/** node:util parseArgs with errors turned into the USAGE code. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new BulwarkError('USAGE', (err as Error).message);
  }
}

/** "30d", "12h", "90m" or an ISO date → epoch ms. */
export function parseExpiry(value: string, now: number): number {
  const m = /^(\d+)([dhm])$/.exec(value);
  if (m) return now + Number(m[1]) * { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as 'd' | 'h' | 'm'];
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new BulwarkError('USAGE', `--expires: expected 30d, 12h, 90m or an ISO date, got "${value}"`);
  return t;
}

export function positiveIntFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new BulwarkError('USAGE', `--${name}: expected a positive integer, got "${value}"`);
  return n;
}

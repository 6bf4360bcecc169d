import { BulwarkError } from '../../core/index.js';

/** Small validators that name the offending path; faster than a schema library per request. */
export function invalid(path: string, expected: string): never {
  throw new BulwarkError('INVALID_REQUEST', `${path}: expected ${expected}`);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function optionalString(obj: Record<string, unknown>, key: string, path = key): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(path, 'a string');
  return v;
}

export function requiredString(obj: Record<string, unknown>, key: string, path = key): string {
  const v = optionalString(obj, key, path);
  if (v === undefined || v === '') invalid(path, 'a non-empty string');
  return v;
}

export function optionalBoolean(obj: Record<string, unknown>, key: string): boolean | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') invalid(key, 'a boolean');
  return v;
}

export function optionalInt(obj: Record<string, unknown>, key: string, path = key): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) invalid(path, 'an integer');
  return v;
}

/**
 * Nesting depth of a JSON text, counted before JSON.parse so a body of 100k `[` cannot exhaust
 * the parser's stack or the validators' recursion. Linear, string-aware, allocation-free.
 */
export function jsonDepthExceeds(buf: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export function parseJsonBody(buf: Buffer, maxDepth: number): Record<string, unknown> {
  if (jsonDepthExceeds(buf, maxDepth)) throw new BulwarkError('JSON_TOO_DEEP', `The JSON body nests deeper than ${maxDepth} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new BulwarkError('INVALID_JSON', 'The request body is not valid JSON.');
  }
  if (!isObject(value)) throw new BulwarkError('INVALID_JSON', 'The request body must be a JSON object.');
  return value;
}

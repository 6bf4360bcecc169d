import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BulwarkError, ERRORS, errorTableMarkdown } from './errors.js';

describe('error registry', () => {
  it('has codes in UPPER_SNAKE_CASE with a status, meaning and fix', () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.meaning.length).toBeGreaterThan(10);
      expect(spec.fix.length).toBeGreaterThan(5);
    }
  });

  it('is documented in the README table, row for row', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(errorTableMarkdown());
  });

  it('carries status and headers from the registry or the override', () => {
    const e = new BulwarkError('RATE_LIMITED', undefined, { headers: { 'retry-after': '3' } });
    expect(e.status).toBe(429);
    expect(e.message).toBe(ERRORS.RATE_LIMITED.meaning);
    expect(e.headers).toEqual({ 'retry-after': '3' });
    expect(new BulwarkError('UPSTREAM_ERROR', 'x', { status: 404 }).status).toBe(404);
  });
});

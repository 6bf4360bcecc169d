import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types.
import { renderLexicons } from '../../../../scripts/gen-lexicons.mjs';
import { readFileSync } from 'node:fs';

describe('lexicons', () => {
  it('the generated module matches data/lexicons (run npm run gen:lexicons after editing them)', () => {
    const generated = readFileSync(new URL('./lexicons.generated.ts', import.meta.url), 'utf8');
    expect(generated).toBe(renderLexicons());
  });
});

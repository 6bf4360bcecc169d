import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createInternalMatcher, scanReleaseText } from '../release/index.js';
import { createManifest, ManifestError, parseManifest } from './index.js';

describe('property: manifest parser and release text scan on arbitrary input', () => {
  it('parseManifest returns a manifest or throws ManifestError, never anything else', () => {
    const valid = JSON.stringify(createManifest([{ path: 'a', size: 1, sha256: 'a'.repeat(64) }], 'x'));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.integer({ min: 0, max: valid.length }).chain((cut) => fc.constant(valid.slice(0, cut))), fc.tuple(fc.nat(valid.length), fc.string({ minLength: 1, maxLength: 1 })).map(([i, c]) => valid.slice(0, i) + c + valid.slice(i + 1))), (text) => {
        try {
          const m = parseManifest(text);
          expect(m.schema).toBe('bulwark.model-manifest');
        } catch (err) {
          expect(err).toBeInstanceOf(ManifestError);
        }
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it('scanReleaseText never throws and reports only within the text', () => {
    const matcher = createInternalMatcher(['internal', 'corp'], []);
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: fc.constantFrom('a', '1', '.', ':', '/', '@', ' ', '\n', 'h', 't', 'p', 's', '0', '9', 'x', '-', 'é', '中') }), (text) => {
        for (const h of scanReleaseText(text, matcher)) {
          expect(h.count).toBeGreaterThan(0);
          for (const l of h.lines) expect(l).toBeLessThanOrEqual(text.split('\n').length);
        }
      }),
      { numRuns: 2000, seed: 8 },
    );
  });
});

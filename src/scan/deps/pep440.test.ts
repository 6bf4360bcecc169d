import { describe, expect, it } from 'vitest';
import { comparePep440, normalizePep440, parsePep440 } from './index.js';

/**
 * Expected values here are written out by hand from PEP 440 itself, not taken from this code:
 *  - "Normalization" section: case-insensitive; "alpha"/"beta"/"c"/"pre"/"preview" spell a/b/rc;
 *    "rev"/"r" spell post; separators ".", "-", "_" around labels are optional; a missing number
 *    is 0; "1.0-1" is an implicit post-release; a leading "v" is dropped; leading zeros in
 *    numbers are dropped; local separators "-" "_" become ".".
 *  - "Summary of permitted suffixes and relative ordering" gives, within one release:
 *    .devN < aN < bN < rcN < (final) < .postN, and a pre-release's own .devN before it.
 *  - "Release segment": trailing zeros are insignificant (1.0 == 1.0.0).
 *  - "Version epochs": any epoch-1 version is later than every epoch-0 version.
 *  - "Local version identifiers": a local version sorts after its public version; numeric
 *    segments compare as integers and sort after lexical ones; a longer local with an equal
 *    prefix sorts after the shorter one.
 */
describe('PEP 440 normalisation (PEP 440 "Normalization")', () => {
  it.each([
    ['1.0', '1.0'],
    ['v1.0', '1.0'],
    ['1.0ALPHA1', '1.0a1'],
    ['1.0-beta.2', '1.0b2'],
    ['1.0c1', '1.0rc1'],
    ['1.0.pre', '1.0rc0'],
    ['1.0preview3', '1.0rc3'],
    ['1.0-1', '1.0.post1'],
    ['1.0-r4', '1.0.post4'],
    ['1.0rev', '1.0.post0'],
    ['1.0.post', '1.0.post0'],
    ['1.0_dev', '1.0.dev0'],
    ['1.0-dev-2', '1.0.dev2'],
    ['1!2.0', '1!2.0'],
    ['0!1.0', '1.0'],
    ['01.002.0003', '1.2.3'],
    ['1.0+ubuntu-1', '1.0+ubuntu.1'],
    ['1.0+Ubuntu_1', '1.0+ubuntu.1'],
    ['1.0a1.post2.dev3', '1.0a1.post2.dev3'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePep440(input)).toBe(expected);
  });

  it.each(['', 'abc', '1.0.', '1..0', '1.0+', '1.0+a..b', 'latest', '1.0-', '1.0 beta', '=1.0'])('rejects %j', (input) => {
    expect(parsePep440(input)).toBeUndefined();
  });
});

describe('PEP 440 ordering', () => {
  // Each list is strictly increasing by the rules quoted above, written out by hand.
  const chains: string[][] = [
    ['1.0.dev0', '1.0.dev1', '1.0a1.dev1', '1.0a1', '1.0a2', '1.0b1', '1.0rc1', '1.0', '1.0.post1.dev0', '1.0.post1', '1.0.post2', '1.1.dev1', '1.1'],
    ['0.9', '1.0', '1.0.1', '1.1', '1.10', '2.0'],
    ['9.0', '10.0', '2013.10', '1!0.1', '1!1.0', '2!0.0.dev0'],
    ['1.0', '1.0+abc', '1.0+abc.5', '1.0+1', '1.0+1.abc', '1.0+2', '1.0+10'],
    ['1.0rc1', '1.0rc1+local', '1.0'],
    ['1.0.post1', '1.0.post1+local', '1.1a1'],
  ];
  for (const chain of chains) {
    it(chain.join(' < '), () => {
      for (let i = 0; i < chain.length; i++)
        for (let j = 0; j < chain.length; j++) {
          const c = comparePep440(parsePep440(chain[i]!)!, parsePep440(chain[j]!)!);
          expect(Math.sign(c), `${chain[i]} vs ${chain[j]}`).toBe(Math.sign(i - j));
        }
    });
  }

  it.each([
    ['1.0', '1.0.0'],
    ['1.0', '1.0.0.0'],
    ['1.0a1', '1.0.0alpha1'],
    ['1.0.post0', '1.0-0'],
    ['0!1.0', '1.0'],
    ['20240101', '020240101'],
  ])('%s == %s', (a, b) => {
    expect(comparePep440(parsePep440(a)!, parsePep440(b)!)).toBe(0);
  });

  it('compares numbers beyond 2^53 exactly', () => {
    expect(comparePep440(parsePep440('1.9007199254740993')!, parsePep440('1.9007199254740992')!)).toBe(1);
  });
});

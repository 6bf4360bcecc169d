import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../core/index.js';
import { ANYWHERE_PREFIXES, WORD_START_PREFIXES, findPrefixes, occurrencePrefix, occurrenceStart } from './prefixes.js';
import { SERVICE_BY_PREFIX } from './services.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The reference: every position where an alternation of the prefixes matches, found by a sticky
 * regex tried at each position (overlaps included, as findPrefixes lists them).
 */
function reference(t: string, prefixes: readonly string[], wordStart: boolean): [number, string][] {
  const re = new RegExp(`${wordStart ? '\\b' : ''}(?:${prefixes.map(escape).join('|')})`, 'y');
  const out: [number, string][] = [];
  for (let i = 0; i < t.length; i++) {
    re.lastIndex = i;
    const m = re.exec(t);
    if (m !== null) out.push([i, m[0]]);
  }
  return out;
}

const decode = (keys: readonly number[]): [number, string][] => keys.map((k) => [occurrenceStart(k), occurrencePrefix(k)]);

describe('findPrefixes', () => {
  it('lists every prefix of the prefix pass, including every service prefix', () => {
    for (const p of SERVICE_BY_PREFIX.keys()) expect([...ANYWHERE_PREFIXES, ...WORD_START_PREFIXES]).toContain(p);
    for (const p of [...ANYWHERE_PREFIXES, ...WORD_START_PREFIXES]) {
      const text = `x ${p} ${p}`;
      const found = findPrefixes(text);
      const list = decode(ANYWHERE_PREFIXES.includes(p) ? found.anywhere : found.wordStart);
      expect(list, p).toContainEqual([2, p]);
      expect(list, p).toContainEqual([3 + p.length, p]);
    }
  });

  it('takes word-start prefixes only after a non-word character', () => {
    expect(decode(findPrefixes('dapi1 xdapi2 _dapi3 -dapi4 9key-5').wordStart)).toEqual([
      [0, 'dapi'],
      [21, 'dapi'],
    ]);
  });

  it('finds what the alternation it replaces found, at every position, on random text', () => {
    const rand = mulberry32(7);
    // Pieces of prefixes, their anchor characters and prose, so prefixes overlap, repeat and break.
    const pieces = [...ANYWHERE_PREFIXES, ...WORD_START_PREFIXES, ...'=_J/-AGv.:：sk eyJ hvs AKIA ok a ,'.split(' '), 'the key', '\n', 'x', '9'];
    for (let n = 0; n < 400; n++) {
      let t = '';
      const k = 1 + Math.floor(rand() * 30);
      for (let i = 0; i < k; i++) {
        const piece = pieces[Math.floor(rand() * pieces.length)]!;
        t += rand() < 0.3 ? piece.slice(Math.floor(rand() * piece.length)) : piece;
      }
      const found = findPrefixes(t);
      expect(decode(found.anywhere), t).toEqual(reference(t, ANYWHERE_PREFIXES, false));
      expect(decode(found.wordStart), t).toEqual(reference(t, WORD_START_PREFIXES, true));
    }
  });

  it('stays linear on text made of anchors', () => {
    for (const unit of ['A', 'J', '_', '-', '=', '/', 'sk-', 'eyJ', ':AA', 'dapi ']) {
      const t = unit.repeat(Math.ceil(60_000 / unit.length));
      const found = findPrefixes(t);
      expect(found.anywhere.length + found.wordStart.length).toBeLessThanOrEqual(t.length);
    }
  });
});

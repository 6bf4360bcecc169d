import { describe, expect, it } from 'vitest';
import { findKeywords, KEYWORD_KEY_PREFIX, KEYWORD_PASSPORT, KEYWORD_SECRET } from './keywords.js';

const list = (text: string): [number, string][] => {
  const h = findKeywords(text);
  const out: [number, string][] = [];
  for (let i = 0; i < h.count; i++) out.push([h.kind[i]!, text.slice(h.start[i], h.end[i])]);
  return out;
};

describe('findKeywords', () => {
  it('finds secret words in any case, in order', () => {
    expect(list('API_KEY=x, Password: y, bearer Token')).toEqual([
      [KEYWORD_SECRET, 'API_KEY'],
      [KEYWORD_SECRET, 'Password'],
      [KEYWORD_SECRET, 'Token'],
    ]);
  });

  it('reports "passport" for the passport detector and its "pass" for the secret scanner', () => {
    expect(list('PASSPORT no. E12345678')).toEqual([
      [KEYWORD_SECRET, 'PASS'],
      [KEYWORD_PASSPORT, 'PASSPORT'],
    ]);
    expect(list('护照号码')).toEqual([[KEYWORD_PASSPORT, '护照']]);
  });

  it('records Chinese words at every start, overlaps included', () => {
    expect(list('接口令牌：abc')).toEqual([
      [KEYWORD_SECRET, '口令'],
      [KEYWORD_SECRET, '令牌'],
    ]);
  });

  it('reports the key prefix dapi in lower case only, without hiding a word that follows it', () => {
    expect(list('dapi_key DAPI Dapi xdapi')).toEqual([
      [KEYWORD_KEY_PREFIX, 'dapi'],
      [KEYWORD_SECRET, 'api_key'],
      [KEYWORD_KEY_PREFIX, 'dapi'],
    ]);
  });

  it('answers for the text it is given, not the one before', () => {
    expect(list('token')).toHaveLength(1);
    expect(list('no words here')).toEqual([]);
    expect(list('token')).toHaveLength(1);
    const many = 'secret '.repeat(500);
    expect(findKeywords(many).count).toBe(500);
    expect(findKeywords('pwd').count).toBe(1);
  });
});

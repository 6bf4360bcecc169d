import { describe, expect, it } from 'vitest';
import { normalizeForDetection } from '../text/normalize.js';
import { detectSensitive, resolveOverlaps } from './detect.js';
import { PII_DETECTORS } from './pii/index.js';
import type { Detection } from './types.js';

const d = (code: string, start: number, end: number, severity: Detection['severity'] = 'medium', confidence = 0.9): Detection => ({
  code,
  start,
  end,
  severity,
  confidence,
});

describe('detectSensitive', () => {
  it('gives every detector the normalised text', () => {
    const text = 'Ｉ\u200bD １２３–４５';
    let seen = '';
    detectSensitive(text, [{ id: 'spy', kind: 'pii', codes: [], detect: (t) => ((seen = t), []) }]);
    expect(seen).toBe(normalizeForDetection(text).text);
  });

  it('maps spans back through removed invisible characters and folded full-width digits', () => {
    const text = '手机：１３８\u200b００１３\u200b８０００。';
    const [found] = detectSensitive(text, PII_DETECTORS);
    expect(found?.code).toBe('PII_CN_MOBILE');
    expect(text.slice(found!.start, found!.end)).toBe('１３８\u200b００１３\u200b８０００');
  });

  it('runs the secrets detectors by default', () => {
    const codes = detectSensitive('key AKIAPM3NVZQ6MBG656CL and mail a@b.co').map((x) => x.code);
    expect(codes).toContain('PII_EMAIL');
    expect(codes.some((c) => c.startsWith('SECRET_'))).toBe(true);
  });

  it('never returns the value itself', () => {
    for (const x of detectSensitive('card 4111 1111 1111 1111, id 440306198512243018')) {
      expect(Object.keys(x).sort()).toEqual(['code', 'confidence', 'end', 'severity', 'start']);
    }
  });
});

describe('resolveOverlaps', () => {
  it('keeps the more severe, then the longer, then the more confident', () => {
    expect(resolveOverlaps([d('A', 0, 10, 'medium'), d('B', 5, 8, 'high')])).toEqual([d('B', 5, 8, 'high')]);
    expect(resolveOverlaps([d('A', 0, 10), d('B', 2, 8)])).toEqual([d('A', 0, 10)]);
    expect(resolveOverlaps([d('A', 0, 10, 'medium', 0.5), d('B', 0, 10, 'medium', 0.9)])).toEqual([d('B', 0, 10, 'medium', 0.9)]);
  });

  it('keeps disjoint and touching spans, sorted by start, and drops empty ones', () => {
    expect(resolveOverlaps([d('B', 10, 12), d('A', 0, 10), d('C', 5, 5)])).toEqual([d('A', 0, 10), d('B', 10, 12)]);
  });

  it('a winner blocks every span it overlaps, and spans it does not overlap survive', () => {
    const out = resolveOverlaps([d('L', 0, 3), d('W', 2, 8, 'high'), d('R', 7, 12), d('Far', 20, 25)]);
    expect(out.map((x) => x.code)).toEqual(['W', 'Far']);
  });
});

describe('detectSensitive: names beside a person\'s other values', () => {
  const names = (text: string): string[] => detectSensitive(text).filter((d) => d.code === 'PII_PERSON_NAME').map((d) => text.slice(d.start, d.end));

  it('reads the name of a sign-up row, a CSV record and a guest list line', () => {
    expect(names('小区团购接龙：\n1. 刘亚军，310110199301018194，+86-13485972089')).toEqual(['刘亚军']);
    expect(names('id,full_name,email\n1,Harvey Okonkwo,okonkwo.harvey@example.com')).toContain('Harvey Okonkwo');
    expect(names('婚礼宾客名单\n袁宁 159-8260-5366　同事　3人')).toEqual(['袁宁']);
  });

  it('leaves everyday words and unknown capitalised words beside a value alone', () => {
    expect(names('有事打我电话13892507761，谢谢')).toEqual([]);
    expect(names('Order Status Page: support@example.com')).toEqual([]);
    // Another line is another record: the name detector does not reach across it.
    expect(names('王者荣耀\n13892507761')).toEqual([]);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_FIXTURES } from './fixtures/generate.js';
import { openFileSource, scanModelSource } from './index.js';

const RANK = { info: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-model-fixtures-'));
  for (const f of MODEL_FIXTURES) writeFileSync(join(dir, f.name), f.build());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function scan(name: string) {
  const source = openFileSource(join(dir, name));
  try {
    return await scanModelSource(source, name);
  } finally {
    source.close();
  }
}

describe('model fixtures (the bar: every malicious one critical, no benign one above warning)', () => {
  it.each(MODEL_FIXTURES.filter((f) => f.kind === 'benign').map((f) => [f.name]))('benign %s: recognised, nothing above medium', async (name) => {
    const r = await scan(name);
    expect(r.format).toBeDefined();
    const worst = r.findings.filter((f) => RANK[f.severity] > RANK.medium);
    expect(worst.map((f) => `${f.code} ${f.title}`)).toEqual([]);
    expect(r.findings.filter((f) => f.code.endsWith('MALFORMED')).map((f) => f.message)).toEqual([]);
  });

  it.each(MODEL_FIXTURES.filter((f) => f.kind === 'malicious').map((f) => [f.name, f.expect!]))('malicious %s: critical %s', async (name, code) => {
    const r = await scan(name);
    expect(r.findings.filter((f) => f.severity === 'critical').map((f) => f.code)).toContain(code);
  });

  it('counts: 100 % of malicious critical, 0 benign above warning', async () => {
    let maliciousCritical = 0;
    let benignAbove = 0;
    for (const f of MODEL_FIXTURES) {
      const r = await scan(f.name);
      if (f.kind === 'malicious' && r.findings.some((x) => x.severity === 'critical')) maliciousCritical++;
      if (f.kind === 'benign' && r.findings.some((x) => RANK[x.severity] > RANK.medium)) benignAbove++;
    }
    const malicious = MODEL_FIXTURES.filter((f) => f.kind === 'malicious').length;
    expect(malicious).toBeGreaterThanOrEqual(30);
    expect([maliciousCritical, benignAbove]).toEqual([malicious, 0]);
  });
});

describe('streaming', () => {
  it('gives the same result whatever the chunking, even when the source reuses its chunk buffer', async () => {
    const { scanPickleBytes, createPickleScanner } = await import('./index.js');
    for (const f of MODEL_FIXTURES.filter((x) => x.name.endsWith('.pkl'))) {
      const bytes = f.build();
      const whole = scanPickleBytes(bytes);
      for (const size of [1, 2, 3, 7, 64]) {
        const s = createPickleScanner();
        const shared = Buffer.alloc(size);
        for (let i = 0; i < bytes.length; i += size) {
          const n = bytes.copy(shared, 0, i, i + size);
          s.write(shared.subarray(0, n));
          shared.fill(0x63); // what a reused buffer holds next: must not leak into the parse
        }
        const r = s.end();
        expect([f.name, size, r.findings.map((x) => x.code).sort(), r.pickles]).toEqual([f.name, size, whole.findings.map((x) => x.code).sort(), whole.pickles]);
      }
    }
  });
});

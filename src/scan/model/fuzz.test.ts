import { describe, expect, it } from 'vitest';
import { MODEL_FIXTURES } from './fixtures/generate.js';
import { bufferSource, scanModelSource, type ModelFinding } from './index.js';
import { mulberry32 } from '../../core/index.js';

/**
 * Seeded mutation fuzzing over every parser: each fixture (pickle, PyTorch zip and legacy, npy,
 * npz, joblib, safetensors, GGUF, Keras, HDF5, ONNX, zip, tar, HF config) is mutated with bit
 * flips, boundary values, huge little-endian integers, truncation, insertion and deletion.
 * 100,000 inputs: none may throw, none may take long, and every finding must be well formed.
 */

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x2e, 0x28, 0x93, 0x94, 0x0a, 0x7b, 0x22];

function mutate(seed: Buffer, rnd: () => number): { bytes: Buffer; truncated: boolean } {
  const n = seed.length;
  // Headers are where parsers decide; bias mutations to the first 4 KiB.
  const pos = () => Math.floor((rnd() < 0.8 ? Math.min(n, 4096) : n) * rnd());
  const op = Math.floor(rnd() * 7);
  const b = Buffer.from(seed);
  switch (op) {
    case 0: {
      for (let i = 0, k = 1 + Math.floor(rnd() * 4); i < k && n > 0; i++) {
        const p = pos();
        b[p] = b[p]! ^ (1 << Math.floor(rnd() * 8));
      }
      return { bytes: b, truncated: false };
    }
    case 1: {
      if (n > 0) b[pos()] = INTERESTING[Math.floor(rnd() * INTERESTING.length)]!;
      return { bytes: b, truncated: false };
    }
    case 2: {
      const p = Math.min(pos(), Math.max(0, n - 8));
      if (n >= 8) b.writeBigUInt64LE([0xffffffffffffffffn, 0x7fffffffn, 0x100000000n, BigInt(n * 4), 0n][Math.floor(rnd() * 5)]!, p);
      return { bytes: b, truncated: false };
    }
    case 3:
      return { bytes: b.subarray(0, pos()), truncated: true };
    case 4: {
      const p = pos();
      const extra = Buffer.alloc(1 + Math.floor(rnd() * 64), Math.floor(rnd() * 256));
      return { bytes: Buffer.concat([b.subarray(0, p), extra, b.subarray(p)]), truncated: false };
    }
    case 5: {
      const p = pos();
      return { bytes: Buffer.concat([b.subarray(0, p), b.subarray(Math.min(n, p + 1 + Math.floor(rnd() * 32)))]), truncated: false };
    }
    default: {
      const p = pos();
      const q = pos();
      const len = Math.min(64, n - Math.max(p, q));
      if (len > 0) b.copy(b, p, q, q + len);
      return { bytes: b, truncated: false };
    }
  }
}

const SEVERITIES = new Set(['info', 'low', 'medium', 'high', 'critical']);

function wellFormed(f: ModelFinding): boolean {
  return /^[A-Z][A-Z0-9_]+$/.test(f.code) && SEVERITIES.has(f.severity) && f.title.length > 0 && f.title.length < 400 && f.message.length > 0 && !/[\u0000-\u0008\u000b-\u001f]/.test(f.title + f.message);
}

describe('model parsers under mutation', () => {
  it(
    '100,000 mutated inputs: no crash, no hang, well-formed findings, truncated model files reported',
    async () => {
      const seeds = MODEL_FIXTURES.map((f) => ({ name: f.name, bytes: f.build() })).filter((s) => s.bytes.length <= 4 << 20);
      const baseline = new Map<string, string | undefined>();
      for (const s of seeds) baseline.set(s.name, (await scanModelSource(bufferSource(s.bytes), s.name)).format);
      const rnd = mulberry32(0xb01a);
      const TOTAL = 100_000;
      let slowest = 0;
      const truncatedSilent: string[] = [];
      let truncatedChecked = 0;
      const codes = new Map<string, number>();
      for (let i = 0; i < TOTAL; i++) {
        const seed = seeds[i % seeds.length]!;
        const { bytes, truncated } = mutate(seed.bytes, rnd);
        const t0 = performance.now();
        const r = await scanModelSource(bufferSource(bytes), seed.name, { maxInflatedBytes: 1 << 20 });
        slowest = Math.max(slowest, performance.now() - t0);
        for (const f of r.findings) {
          if (!wellFormed(f)) throw new Error(`ill-formed finding from ${seed.name} mutant ${i}: ${JSON.stringify(f)}`);
          codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
        }
        // A model file cut short inside its structure is either no longer recognised or reported.
        if (truncated && r.format !== undefined && bytes.length < seed.bytes.length - 64 && r.format === baseline.get(seed.name) && !['hf-config', 'zip', 'tar', 'npz', 'keras', 'pytorch-zip', 'torchscript'].includes(r.format)) {
          truncatedChecked++;
          if (r.findings.length === 0) truncatedSilent.push(`${seed.name}[${bytes.length}/${seed.bytes.length}]`);
        }
      }
      expect(slowest).toBeLessThan(2000);
      expect(truncatedChecked).toBeGreaterThan(1000);
      expect([...new Set(truncatedSilent)]).toEqual([]);
      expect(codes.get('MODEL_FILE_MALFORMED') ?? 0).toBeGreaterThan(1000);
    },
    180_000,
  );
});

#!/usr/bin/env node
// Rebuilds src/guards/prompt/model/weights.json from data/injection/train.jsonl: logistic
// regression over the engine's own hashed n-gram features (imported from dist/, so training and
// run time share one implementation), trained by SGD with AdaGrad steps and L2, with a fixed seed
// and a fixed example order, so the same training set always gives the same bytes.
// Usage: npm run build && node scripts/train/gen-injection.mjs && node scripts/train/train-injection.mjs
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exampleFeatures, FEATURE_CONFIG, featureNorm, foldForAttack, loadModel, WEIGHTS_SCHEMA_VERSION } from '../../dist/guards/prompt/index.js';
import { rng } from './gen-injection.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TRAIN = join(ROOT, 'data', 'injection', 'train.jsonl');
const OUT = join(ROOT, 'src', 'guards', 'prompt', 'model', 'weights.json');
const HYPER = { seed: 0x7a11_0601, epochs: 10, learningRate: 1, l2: 1e-6, window: { size: 512, stride: 256 } };

const raw = readFileSync(TRAIN);
const rows = raw.toString('utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
const dim = 1 << FEATURE_CONFIG.bits;

const examples = rows.map((row) => {
  const ids = exampleFeatures(foldForAttack(row.text).text, FEATURE_CONFIG, HYPER.window.size);
  // value of a feature = occurrences / featureNorm(total features), as classifier.ts scores it.
  const counts = new Map();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const norm = ids.length > 0 ? 1 / featureNorm(ids.length) : 0;
  return { keys: Uint32Array.from(counts.keys()), vals: Float64Array.from([...counts.values()].map((c) => c * norm)), y: row.label, weight: row.weight ?? 1 };
});

const w = new Float64Array(dim);
const g2 = new Float64Array(dim).fill(1e-8);
let bias = 0;
let bg2 = 1e-8;
const r = rng(HYPER.seed);
// An example of weight n is presented n times per epoch (authored phrasings, see gen-injection.mjs).
const order = examples.flatMap((ex, i) => Array.from({ length: ex.weight }, () => i));
for (let epoch = 0; epoch < HYPER.epochs; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let loss = 0;
  for (const k of order) {
    const ex = examples[k];
    let z = bias;
    for (let f = 0; f < ex.keys.length; f++) z += w[ex.keys[f]] * ex.vals[f];
    const p = 1 / (1 + Math.exp(-z));
    loss += -(ex.y * Math.log(p + 1e-12) + (1 - ex.y) * Math.log(1 - p + 1e-12));
    const err = p - ex.y;
    for (let f = 0; f < ex.keys.length; f++) {
      const id = ex.keys[f];
      const grad = err * ex.vals[f] + HYPER.l2 * w[id];
      g2[id] += grad * grad;
      w[id] -= (HYPER.learningRate * grad) / Math.sqrt(g2[id]);
    }
    bg2 += err * err;
    bias -= (HYPER.learningRate * err) / Math.sqrt(bg2);
  }
  console.log(`epoch ${epoch + 1}: mean log-loss ${(loss / order.length).toFixed(4)}`);
}

// int8 quantisation: the file stays small and the weights load without a download or a parser.
let max = 0;
for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(w[i]));
const scale = max / 127 || 1;
const q = new Int8Array(dim);
for (let i = 0; i < dim; i++) q[i] = Math.max(-127, Math.min(127, Math.round(w[i] / scale)));
const bytes = Buffer.from(q.buffer);
const file = {
  schemaVersion: WEIGHTS_SCHEMA_VERSION,
  model: 'hashed-ngram-logistic-regression',
  features: FEATURE_CONFIG,
  window: HYPER.window,
  bias: Math.round(bias * 1e6) / 1e6,
  scale,
  weightsSha256: createHash('sha256').update(bytes).digest('hex'),
  trainingSet: { path: relative(ROOT, TRAIN), sha256: createHash('sha256').update(raw).digest('hex'), examples: rows.length },
  training: { ...HYPER, algorithm: 'SGD with AdaGrad steps, log-loss, L2', generator: 'scripts/train/gen-injection.mjs' },
  weights: bytes.toString('base64'),
};
loadModel(file);
writeFileSync(OUT, JSON.stringify(file) + '\n');
console.log(`wrote ${relative(ROOT, OUT)}: ${dim} weights, bias ${file.bias}, sha256 ${file.weightsSha256.slice(0, 16)}…`);

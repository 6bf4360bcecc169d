#!/usr/bin/env node
// Reads a V8 .cpuprofile (bench/gateway/inproc.mjs --profile DIR, node --cpu-prof) and prints,
// per function, its self time and its inclusive time (itself and everything it called, each
// sample counted once per function), in µs per request when --requests says how many the
// profile covers, else in ms. With --minus OTHER, self time of FILE minus that of OTHER per
// function: what a configuration adds over another (both profiles of the same request count).
//
// Usage: node bench/lib/cpuprofile.mjs FILE [--requests N] [--minus OTHER] [--match REGEX] [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { requests: { type: 'string' }, minus: { type: 'string' }, match: { type: 'string' }, top: { type: 'string', default: '30' } },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/lib/cpuprofile.mjs FILE [--requests N] [--minus OTHER] [--match REGEX] [--top 30]');
  process.exit(2);
}
const requests = values.requests === undefined ? undefined : Number(values.requests);
if (requests !== undefined && !(requests > 0)) {
  console.error(`--requests must be a positive number, got "${values.requests}"`);
  process.exit(2);
}
const top = Number(values.top);
const match = values.match === undefined ? undefined : new RegExp(values.match);
// Profiles hold µs; per request, or ms over the whole profile.
const scale = (us) => (requests === undefined ? us / 1000 : us / requests);
const unit = requests === undefined ? 'ms' : 'µs/request';

/** Self and inclusive µs per function name (`name file:line`) of one profile. */
function summarise(path) {
  let p;
  try {
    p = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(p.nodes) || !Array.isArray(p.samples) || !Array.isArray(p.timeDeltas)) throw new Error('not a .cpuprofile (nodes, samples, timeDeltas)');
  } catch (err) {
    console.error(`${path}: ${err.message}`);
    process.exit(2);
  }
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const perNode = new Map();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    perNode.set(id, (perNode.get(id) ?? 0) + dt);
    total += dt;
  });
  const self = new Map();
  const inclusive = new Map();
  for (const [id, dt] of perNode) {
    const own = name(nodes.get(id));
    self.set(own, (self.get(own) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(nodes.get(cur));
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  }
  return { self, inclusive, total };
}

const rows = (m) => [...m].filter(([k]) => match === undefined || match.test(k));
const print = (title, entries) => {
  console.log(`\n${title}`);
  for (const [k, v] of entries.slice(0, top)) console.log(`${scale(v).toFixed(1).padStart(9)}  ${k}`);
};

const a = summarise(positionals[0]);
if (values.minus === undefined) {
  console.log(`${positionals[0]}: ${scale(a.total).toFixed(1)} ${unit} sampled`);
  print(`self time, ${unit}`, rows(a.self).sort((x, y) => y[1] - x[1]));
  print(`inclusive time, ${unit}`, rows(a.inclusive).sort((x, y) => y[1] - x[1]));
} else {
  const b = summarise(values.minus);
  console.log(`${positionals[0]} minus ${values.minus}: ${scale(a.total).toFixed(1)} − ${scale(b.total).toFixed(1)} ${unit} sampled`);
  const keys = new Set([...a.self.keys(), ...b.self.keys()]);
  const diff = [...keys].map((k) => [k, (a.self.get(k) ?? 0) - (b.self.get(k) ?? 0)]);
  print(`self time added, ${unit}`, rows(new Map(diff)).sort((x, y) => y[1] - x[1]));
}

#!/usr/bin/env node
// CPU-time A/B of two builds of the prompt-attack engine in one process, on the prompt benchmark's
// mix (bench/guards/prompt.mjs). On a shared machine two benchmark runs minutes apart differ by more
// than most changes do; here both builds take turns in short rounds, so a burst of load falls on
// both, and each round's ratio (CPU seconds of B per pass over the mix / the same for A) is read
// as a median. Both builds must be compiled (dist/guards/prompt/index.js under each root).
//
// Usage: node scripts/ab-prompt-engine.mjs --base DIR [--head DIR] [--rounds 21] [--passes 4]
//   DIR: a checkout whose dist/ holds a build (e.g. `git archive COMMIT | tar -x -C DIR`, a
//   node_modules link, `npx tsc -p tsconfig.build.json` in DIR); --head defaults to this checkout.
// The build loaded second runs slower in one process (about 5-20 % here, whichever it is), so the
// comparison runs twice, in two child processes that load the builds in opposite orders, and the
// ratio reported is the geometric mean of the two medians, which cancels that bias.
// Prints per-build MB/s per core (median over rounds) per order and the combined ratio head/base
// of CPU time. Exit 2 when a build cannot be loaded.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildPromptMix } from '../bench/guards/prompt.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { base: { type: 'string' }, head: { type: 'string', default: ROOT }, rounds: { type: 'string', default: '21' }, passes: { type: 'string', default: '4' }, first: { type: 'string' } } });
if (values.base === undefined) {
  console.error('usage: node scripts/ab-prompt-engine.mjs --base DIR [--head DIR] [--rounds N] [--passes N]');
  process.exit(2);
}
if (values.first === undefined) {
  // Parent: one child per load order, then the geometric mean of their medians.
  const run = (first) => {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--base', values.base, '--head', values.head, '--rounds', values.rounds, '--passes', values.passes, '--first', first], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(out);
    return Number(/CPU time head\/base: median ([\d.]+)/.exec(out)[1]);
  };
  const a = run('base');
  const b = run('head');
  console.log(`head/base CPU time, both load orders: ${Math.sqrt(a * b).toFixed(3)} (${a.toFixed(3)} base loaded first, ${b.toFixed(3)} head loaded first)`);
  process.exit(0);
}
const rounds = Number(values.rounds);
const passes = Number(values.passes);

async function load(dir) {
  try {
    return (await import(join(resolve(dir), 'dist', 'guards', 'prompt', 'index.js'))).detectPromptAttack;
  } catch (err) {
    console.error(`cannot load the engine under ${dir}: ${err.message}`);
    process.exit(2);
  }
}
const builds = [];
for (const name of values.first === 'head' ? ['head', 'base'] : ['base', 'head']) builds.push({ name, detect: await load(values[name]), cpu: [] });
if (builds[0].name === 'head') builds.reverse();
const texts = buildPromptMix();
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) * passes;

let sink = 0;
const pass = (detect) => {
  const c0 = process.cpuUsage();
  for (let p = 0; p < passes; p++) for (const t of texts) sink += detect(t).risk;
  const u = process.cpuUsage(c0);
  return (u.user + u.system) / 1e6;
};
// Warm both up (JIT, the classifier's weights, the gate tables) before anything is recorded.
for (const b of builds) pass(b.detect);
for (let r = 0; r < rounds; r++) {
  // Alternate which build goes first, so neither always runs right after a collection of the other's garbage.
  const order = r % 2 === 0 ? builds : [builds[1], builds[0]];
  for (const b of order) b.cpu.push(pass(b.detect));
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor(s.length / 4)], s[Math.floor((3 * s.length) / 4)]];
};
console.log(`loaded first: ${values.first}`);
for (const b of builds) console.log(`  ${b.name} (${b.name === 'base' ? values.base : values.head}): ${(bytes / 1e6 / median(b.cpu)).toFixed(1)} MB/s per core (median of ${rounds} rounds of ${passes} passes over ${texts.length} prompts)`);
const ratios = builds[0].cpu.map((c, i) => builds[1].cpu[i] / c);
const [q1, q3] = quartiles(ratios);
console.log(`  CPU time head/base: median ${median(ratios).toFixed(3)} (IQR ${q1.toFixed(3)}-${q3.toFixed(3)}); sink ${sink > 0 ? 'ok' : 'empty'}`);

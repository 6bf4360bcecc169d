// Evaluates the sensitive-data detectors (personal data and secrets) on data/eval/sensitive/*.jsonl.
//   npm run eval:pii [-- --verbose] [-- --file pii-hard.jsonl] [-- --dir data/eval/sensitive-blind]
// Each line: {"id","lang","text","spans":[{"code","start","end"}]}. A prediction matches a gold span
// when the codes are equal and it covers at least half of the gold span. Prints TP, FP, FN,
// precision and recall per code and micro precision, recall and F1 overall; --verbose lists the ids
// of failing cases (never their values). Exits 1 when a validated type misses its bar.
import { readdirSync } from 'node:fs';
import { readJsonLines } from '../lib/jsonl.mjs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectSensitive } from '../../dist/guards/sensitive/detect.js';

const args = process.argv.slice(2);
// --dir: another set in the same format (the blind sets, written by authors who never saw the
// detectors, are kept apart from the set the detectors were tuned on).
const DIR = args.includes('--dir') ? pathToFileURL(`${resolve(args[args.indexOf('--dir') + 1])}/`) : new URL('../../data/eval/sensitive/', import.meta.url);
const BAR = { recall: 0.99, precision: 0.98 };
/** Types with a checksum or a strict format: held to the bar. Names, addresses, dates and plates are reported only. */
const VALIDATED = new Set(['PII_CN_ID_CARD', 'PII_CN_USCC', 'PII_BANK_CARD', 'PII_IBAN', 'PII_US_SSN', 'PII_EMAIL', 'PII_CN_MOBILE', 'PII_CN_LANDLINE', 'PII_PHONE']);
const isValidated = (code) => VALIDATED.has(code) || code.startsWith('SECRET_');

const verbose = args.includes('--verbose') || args.includes('-v');
const onlyFile = args.includes('--file') ? args[args.indexOf('--file') + 1] : undefined;

function loadCases() {
  let names;
  try {
    names = readdirSync(DIR);
  } catch (err) {
    process.stderr.write(`cannot read the evaluation directory ${DIR.pathname}: ${err.code ?? err.message}\n`);
    process.exit(2);
  }
  const files = names
    .filter((f) => f.endsWith('.jsonl'))
    .filter((f) => !onlyFile || f === onlyFile)
    .sort();
  const check = (row, where) => {
    if (typeof row.text !== 'string' || !Array.isArray(row.spans)) throw new Error(`${where}: needs "text" and "spans"`);
  };
  const cases = files.flatMap((file) => readJsonLines(new URL(file, DIR), check).map((row, i) => ({ file, id: row.id ?? `${file}:${i + 1}`, text: row.text, spans: row.spans })));
  return { files, cases };
}

function overlap(a, b) {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** Greedy one-to-one matching per code: each gold span takes the unmatched prediction overlapping it most. */
function score(gold, predicted) {
  const used = new Set();
  const fn = [];
  const tp = [];
  for (const g of gold) {
    let best = -1;
    let bestOverlap = 0;
    predicted.forEach((p, k) => {
      if (used.has(k) || p.code !== g.code) return;
      const o = overlap(g, p);
      if (o * 2 >= g.end - g.start && o > bestOverlap) {
        best = k;
        bestOverlap = o;
      }
    });
    if (best === -1) fn.push(g);
    else {
      used.add(best);
      tp.push(g);
    }
  }
  const fp = predicted.filter((_, k) => !used.has(k));
  return { tp, fp, fn };
}

const pct = (x) => (Number.isNaN(x) ? '   -  ' : `${(x * 100).toFixed(2).padStart(6)}`);

function main() {
  let loaded;
  try {
    loaded = loadCases();
  } catch (err) {
    process.stderr.write(`cannot read the evaluation set: ${err.message}\n`);
    process.exit(2);
  }
  const { files, cases } = loaded;
  if (cases.length === 0) {
    process.stderr.write(`no evaluation cases found in ${DIR.pathname}\n`);
    process.exit(3);
  }
  const per = new Map();
  const row = (code) => {
    let r = per.get(code);
    if (!r) per.set(code, (r = { tp: 0, fp: 0, fn: 0, fnIds: [], fpIds: [] }));
    return r;
  };
  const started = performance.now();
  let bytes = 0;
  for (const c of cases) {
    bytes += Buffer.byteLength(c.text);
    const predicted = detectSensitive(c.text);
    const { tp, fp, fn } = score(c.spans, predicted);
    for (const g of tp) row(g.code).tp++;
    for (const g of fn) {
      row(g.code).fn++;
      row(g.code).fnIds.push(c.id);
    }
    for (const p of fp) {
      row(p.code).fp++;
      row(p.code).fpIds.push(c.id);
    }
  }
  const ms = performance.now() - started;

  const codes = [...per.keys()].sort();
  const width = Math.max(22, ...codes.map((c) => c.length));
  const lines = [];
  lines.push(`files: ${files.join(', ')}  (${cases.length} cases, ${(bytes / 1024).toFixed(0)} KiB, ${ms.toFixed(0)} ms)`);
  lines.push('');
  lines.push(`${'code'.padEnd(width)} ${'gold'.padStart(5)} ${'TP'.padStart(5)} ${'FP'.padStart(5)} ${'FN'.padStart(5)} ${'P %'.padStart(7)} ${'R %'.padStart(7)}  bar`);
  let TP = 0;
  let FP = 0;
  let FN = 0;
  const failures = [];
  for (const code of codes) {
    const r = per.get(code);
    TP += r.tp;
    FP += r.fp;
    FN += r.fn;
    const p = r.tp / (r.tp + r.fp);
    const rc = r.tp / (r.tp + r.fn);
    let bar = '';
    if (isValidated(code)) {
      const pOk = r.tp + r.fp === 0 || p >= BAR.precision;
      const rOk = r.tp + r.fn === 0 || rc >= BAR.recall;
      bar = pOk && rOk ? 'ok' : 'FAIL';
      if (!pOk || !rOk) failures.push(code);
    } else bar = '(reported)';
    lines.push(`${code.padEnd(width)} ${String(r.tp + r.fn).padStart(5)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)} ${pct(p)}  ${pct(rc)}  ${bar}`);
  }
  const P = TP / (TP + FP);
  const R = TP / (TP + FN);
  const F1 = (2 * P * R) / (P + R);
  lines.push('');
  lines.push(`micro: precision ${pct(P).trim()} %  recall ${pct(R).trim()} %  F1 ${pct(F1).trim()} %   (TP ${TP}, FP ${FP}, FN ${FN})`);
  lines.push(`bars: validated types need recall >= ${BAR.recall * 100} % and precision >= ${BAR.precision * 100} %: ${failures.length === 0 ? 'all hold' : `FAILED for ${failures.join(', ')}`}`);
  if (verbose) {
    lines.push('');
    lines.push('failing case ids (values are not printed):');
    for (const code of codes) {
      const r = per.get(code);
      if (r.fnIds.length > 0) lines.push(`  ${code} missed: ${r.fnIds.join(' ')}`);
      if (r.fpIds.length > 0) lines.push(`  ${code} false:  ${r.fpIds.join(' ')}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main();

// The contenders. Each entry loads one library through its documented API, configured for the
// broadest personal-data + secrets coverage it offers, and returns `scan(text)`: the number of
// findings it produced (a sanity figure, not a quality claim). A scan returns a number or, for
// libraries whose API is asynchronous, a promise of one; the child awaits only the latter.
//
// Libraries that return only redacted text report findings as the placeholders they inserted
// (counted in the output minus any already in the input).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const require = createRequire(join(ROOT, 'package.json'));

/** Version of a contender: ours from the workspace, others as installed; undefined when not installed. */
export function versionOf(lib) {
  const manifest = lib.ours ? join(ROOT, 'package.json') : join(ROOT, 'node_modules', ...lib.package.split('/'), 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

function countMatches(re, text) {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

/** Findings of a library that only returns redacted text: the placeholders it added. */
const placeholdersAdded = (re) => (input, output) => countMatches(re, output) - countMatches(re, input);

const OURS_DETECT = join(ROOT, 'dist', 'guards', 'sensitive', 'detect.js');
const OURS_GUARD = join(ROOT, 'dist', 'guards', 'sensitive', 'guard.js');
const OURS_VAULT = join(ROOT, 'dist', 'guards', 'sensitive', 'vault.js');

async function loadDetectSensitive() {
  if (!existsSync(OURS_DETECT)) throw new Unavailable(`${OURS_DETECT.slice(ROOT.length + 1)} is not built yet (src/guards/sensitive/detect.ts missing or the build failed)`);
  const mod = await import(pathToFileURL(OURS_DETECT).href);
  if (typeof mod.detectSensitive !== 'function') throw new Unavailable(`${OURS_DETECT.slice(ROOT.length + 1)} has no detectSensitive export`);
  return mod.detectSensitive;
}

/** Thrown by a loader when the library cannot be run here; the runner reports the reason. */
export class Unavailable extends Error {}

export const LIBRARIES = [
  {
    id: 'bulwark-detect',
    label: 'Bulwark detectSensitive()',
    package: 'bulwark',
    ours: true,
    config: 'all default PII + secret detectors, one normalisation pass',
    async load() {
      const detectSensitive = await loadDetectSensitive();
      return { scan: (text) => detectSensitive(text).length };
    },
  },
  {
    id: 'bulwark-guard',
    label: 'Bulwark sensitive-data guard scan()',
    package: 'bulwark',
    ours: true,
    config: "sensitiveGuardFactory(detectSensitive).create({}, ['input','output'], 'closed'), input stage, new PseudonymVault per call (detect + policy + pseudonymize)",
    async load() {
      const detectSensitive = await loadDetectSensitive();
      const { sensitiveGuardFactory } = await import(pathToFileURL(OURS_GUARD).href);
      const { PseudonymVault } = await import(pathToFileURL(OURS_VAULT).href);
      const guard = sensitiveGuardFactory(detectSensitive).create({}, ['input', 'output'], 'closed');
      return {
        scan(text) {
          // A new vault per call, as the gateway makes one per request.
          const result = guard.scan(text, { stage: 'input', source: 'user', tenantId: 'b', vault: new PseudonymVault() });
          return typeof result.then === 'function' ? result.then((r) => r.findings.length) : result.findings.length;
        },
      };
    },
  },
  {
    id: 'openredaction',
    label: 'openredaction',
    package: 'openredaction',
    config: 'new OpenRedaction({ enableCache: false }): all built-in patterns (names, addresses, phones, e-mails on), await detect(text)',
    async load() {
      const { OpenRedaction } = await import('openredaction');
      // The defaults already load every built-in pattern; the result cache is off so that a
      // repeated text is scanned again rather than answered from memory.
      const redactor = new OpenRedaction({ enableCache: false });
      return { scan: async (text) => (await redactor.detect(text)).detections.length };
    },
  },
  {
    id: 'redact-pii',
    label: 'redact-pii',
    package: 'redact-pii',
    config: 'new SyncRedactor(): every built-in redactor (credentials, card, e-mail, IP, names, password, phone, street address, username, SSN, zip, url, digits), redact(text)',
    async load() {
      const { SyncRedactor } = require('redact-pii');
      const redactor = new SyncRedactor();
      const count = placeholdersAdded(/\b(?:CREDENTIALS|CREDIT_CARD_NUMBER|EMAIL_ADDRESS|IP_ADDRESS|PERSON_NAME|PASSWORD|PHONE_NUMBER|STREET_ADDRESS|USERNAME|US_SOCIAL_SECURITY_NUMBER|ZIPCODE|URL|DIGITS)\b/g);
      return { scan: (text) => count(text, redactor.redact(text)) };
    },
  },
  {
    id: 'redactpii-node',
    label: '@redactpii/node (aggressive)',
    package: '@redactpii/node',
    config: 'new Redactor({ rules: all five on, aggressive: true }), no apiKey (nothing leaves the process), redact(text)',
    async load() {
      const { Redactor } = await import('@redactpii/node');
      // Aggressive mode is the library's broadest pattern set; without an apiKey it never calls its dashboard.
      const redactor = new Redactor({ rules: { CREDIT_CARD: true, EMAIL: true, NAME: true, PHONE: true, SSN: true }, aggressive: true });
      const count = placeholdersAdded(/\b(?:CREDIT_CARD_NUMBER|EMAIL_ADDRESS|PERSON_NAME|PHONE_NUMBER|US_SOCIAL_SECURITY_NUMBER|DIGITS)\b/g);
      return { scan: (text) => count(text, redactor.redact(text)) };
    },
  },
  {
    // Not the broadest set, but the library's fastest: measured too, so "ahead of every library"
    // cannot come from having picked a slow configuration.
    id: 'redactpii-node-default',
    label: '@redactpii/node (default mode)',
    package: '@redactpii/node',
    config: 'new Redactor(): all five rules, normal (non-aggressive) patterns, redact(text)',
    async load() {
      const { Redactor } = await import('@redactpii/node');
      const redactor = new Redactor();
      const count = placeholdersAdded(/\b(?:CREDIT_CARD_NUMBER|EMAIL_ADDRESS|PERSON_NAME|PHONE_NUMBER|US_SOCIAL_SECURITY_NUMBER|DIGITS)\b/g);
      return { scan: (text) => count(text, redactor.redact(text)) };
    },
  },
  {
    id: 'hai-guardrails',
    label: '@presidio-dev/hai-guardrails (pii + secret)',
    package: '@presidio-dev/hai-guardrails',
    config: "GuardrailsEngine({ guards: [piiGuard({ selection: All, mode: 'redact' }), secretGuard({ selection: All, mode: 'redact' })] }), await engine.run([{ role: 'user', content }])",
    async load() {
      const absorbed = absorbHaiWorkerStartupErrors();
      const { GuardrailsEngine, piiGuard, secretGuard, SelectionType } = await import('@presidio-dev/hai-guardrails');
      await absorbed.settled();
      const engine = new GuardrailsEngine({
        guards: [piiGuard({ selection: SelectionType.All, mode: 'redact' }), secretGuard({ selection: SelectionType.All, mode: 'redact' })],
        logLevel: 'silent',
      });
      const count = placeholdersAdded(/\[REDACTED-[A-Z0-9-]+\]/g);
      return {
        scan: async (text) => count(text, (await engine.run([{ role: 'user', content: text }])).messages[0].content),
        note: absorbed.note,
        absorbedErrors: absorbed.count,
      };
    },
  },
  {
    id: 'openai-guardrails',
    label: '@openai/guardrails (Contains PII + Secret Keys)',
    package: '@openai/guardrails',
    config: "runGuardrails(text, { guardrails: [{ name: 'Contains PII', config: { entities: every non-deprecated PIIEntity, block: false, detect_encoded_pii: true } }, { name: 'Secret Keys', config: { threshold: 'strict' } }] }): both are local regex checks, no LLM or network call",
    async load() {
      const { runGuardrails, PIIEntity } = await import('@openai/guardrails');
      // PERSON and NRP are deprecated by the library itself ("matches any two capitalized / consecutive
      // words") and left out of its defaults; every other entity is on. 'strict' is the most sensitive
      // Secret Keys preset (shortest minimum length and entropy, no URL/file-name allow-list).
      const entities = Object.values(PIIEntity).filter((e) => e !== 'PERSON' && e !== 'NRP');
      const bundle = {
        version: 1,
        guardrails: [
          { name: 'Contains PII', config: { entities, block: false, detect_encoded_pii: true } },
          { name: 'Secret Keys', config: { threshold: 'strict' } },
        ],
      };
      const findings = (results) => {
        let n = 0;
        for (const r of results) {
          if (r.executionFailed) throw r.originalException ?? new Error(`${r.info?.guardrail_name} failed`);
          for (const values of Object.values(r.info.detected_entities ?? {})) n += values.length;
          n += r.info.detected_secrets?.length ?? 0;
        }
        return n;
      };
      return { scan: async (text) => findings(await runGuardrails(text, bundle, {}, true)) };
    },
  },
];

/**
 * hai-guardrails 1.12.0 builds two piscina worker pools when it is imported (for the heuristic
 * injection and leakage tactics, which this benchmark does not use). Its bundle hard-codes the
 * worker path of the machine that built it (/home/runner/work/hai-guardrails/...), so each worker
 * dies with MODULE_NOT_FOUND and the pool re-emits that as an uncaught 'error', which would end the
 * process. The pii and secret guards never touch those pools, so the errors are absorbed (only
 * those) and the timed loop starts after the pools have given up; the count is reported.
 */
function absorbHaiWorkerStartupErrors() {
  let count = 0;
  let last = Date.now();
  const isWorkerStartup = (err) => err?.code === 'MODULE_NOT_FOUND' && /piscina[\\/]dist[\\/]worker/.test(String(err.message));
  process.on('uncaughtException', (err) => {
    if (!isWorkerStartup(err)) {
      console.error(err);
      process.exit(1);
    }
    count++;
    last = Date.now();
  });
  return {
    count: () => count,
    note: () =>
      count === 0
        ? undefined
        : `absorbed ${count} crash(es) of the library's own heuristic worker pools at import (its bundle hard-codes a piscina worker path from its build machine); the pii/secret guards do not use them`,
    async settled() {
      // Quiet for a full second after the last failed worker start.
      const start = Date.now();
      while (Date.now() - Math.max(last, start) < 1000) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

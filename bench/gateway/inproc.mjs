#!/usr/bin/env node
// The gateway's own CPU per request, in one process: the fake model, the gateway and a keep-alive
// client share this process, so CPU µs/request of one configuration minus another's is what the
// difference costs (the client's and the fake model's share cancel out). CPU time, not req/s: it
// stays readable on a machine that is busy with other work, where bench/gateway/run.mjs's
// closed-loop req/s does not. Configurations run round-robin; the median of --repeat runs counts.
//
// Usage: npm run build && node bench/gateway/inproc.mjs [--requests 4000] [--concurrency 50]
//          [--repeat 3] [--configs off,guards,audit] [--modes nonstream,stream] [--profile DIR]
// Read a profile per function with bench/lib/cpuprofile.mjs FILE --requests N [--minus OTHER].
// Configurations: off, guards, audit, both, and guards-idle: the default guards with the
// sensitive-data and prompt-attack detectors replaced by ones that find nothing, so `guards` minus
// `guards-idle` is what those two engines cost inside a gateway (colder caches than in
// bench/guards, where one engine runs in a loop), and `guards-idle` minus `off` the guard plumbing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { generateMasterKey, openAuditTrail } from '../../dist/audit/index.js';
import { createLogger } from '../../dist/cli/logger.js';
import { parseConfig } from '../../dist/core/index.js';
import { startFakeModel } from '../../dist/demo/index.js';
import { createApiKey, createGateway } from '../../dist/gateway/index.js';
import { openSqliteStore } from '../../dist/store/index.js';
import { BUILTIN_GUARDS } from '../../dist/guards/index.js';
import { promptAttackGuardFactory } from '../../dist/guards/prompt-attack/index.js';
import { sensitiveGuardFactory } from '../../dist/guards/sensitive/guard.js';
import { chatBodies } from './bodies.mjs';

const { values: opts } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '50' },
    repeat: { type: 'string', default: '3' },
    configs: { type: 'string', default: 'off,guards,audit' },
    modes: { type: 'string', default: 'nonstream,stream' },
    profile: { type: 'string' },
  },
});
const CONFIGS = {
  off: { guards: false, audit: false },
  guards: { guards: true, audit: false },
  'guards-idle': { guards: true, audit: false, idleEngines: true },
  audit: { guards: false, audit: true },
  both: { guards: true, audit: true },
};
for (const name of opts.configs.split(',')) {
  if (!(name in CONFIGS)) {
    console.error(`unknown configuration "${name}" (known: ${Object.keys(CONFIGS).join(', ')})`);
    process.exit(2);
  }
}

/** The built-in guards, the two detection engines swapped for ones that find nothing. */
const IDLE_GUARDS = BUILTIN_GUARDS.map((f) =>
  f.id === 'sensitive-data' ? sensitiveGuardFactory(() => []) : f.id === 'prompt-attack' ? promptAttackGuardFactory(() => ({ risk: 0, findings: [] })) : f,
);

async function start(name, fake) {
  const { guards, audit: auditOn, idleEngines } = CONFIGS[name];
  const dir = mkdtempSync(join(tmpdir(), `bulwark-inproc-${name}-`));
  const config = parseConfig({
    server: { host: '127.0.0.1', port: 0 },
    store: { path: join(dir, 'bulwark.db') },
    logging: { level: 'warn' },
    upstreams: { fake: { type: 'openai', baseUrl: `${fake.url}/v1` } },
    routes: [{ match: '*', upstream: 'fake' }],
    limits: { perKey: { requestsPerMinute: 1e8, tokensPerMinute: 1e9, concurrency: 10000 }, perIp: { requestsPerMinute: 1e8 }, globalConcurrency: 10000 },
    guards: { enabled: guards },
    audit: { enabled: auditOn, path: join(dir, 'audit.db') },
  });
  const store = openSqliteStore({ path: config.store.path });
  const audit = auditOn ? await openAuditTrail({ path: join(dir, 'audit.db'), masterKey: generateMasterKey(), settings: config.audit, mode: 'journal', ingestIntervalMs: config.audit.ingestIntervalMs, groupCommitMs: config.audit.groupCommitMs }) : undefined;
  const gateway = createGateway({ config, store, logger: createLogger('warn', process.stderr), audit, guardFactories: idleEngines ? IDLE_GUARDS : undefined });
  const url = await gateway.listen();
  const { key } = createApiKey(store, { tenantId: 'bench', role: 'user', expiresAt: null }, Date.now());
  return {
    url,
    key,
    async close() {
      await gateway.close();
      await audit?.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function load(target, body, n, concurrency) {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, { connections: concurrency, pipelining: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${target.key}` };
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const res = await pool.request({ method: 'POST', path: '/v1/chat/completions', headers, body });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  if (failed > 0) throw new Error(`${failed} of ${n} requests failed`);
}

const fake = await startFakeModel({ streamChunks: 20, record: false });
const bodies = chatBodies();
const names = opts.configs.split(',');
const modes = opts.modes.split(',');
const n = Number(opts.requests);
const c = Number(opts.concurrency);
const results = new Map();
const session = opts.profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  mkdirSync(opts.profile, { recursive: true });
}
// Round 0 warms every path up (JIT, caches) and is not counted.
for (let round = -1; round < Number(opts.repeat); round++) {
  for (const mode of modes) {
    for (const name of names) {
      const target = await start(name, fake);
      await load(target, bodies[mode], Math.min(500, n), c); // warm-up
      if (session && round >= 0) await session.post('Profiler.start');
      const before = process.cpuUsage();
      await load(target, bodies[mode], n, c);
      const used = process.cpuUsage(before);
      if (session && round >= 0) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(join(opts.profile, `${name}-${mode}-${round}.cpuprofile`), JSON.stringify(profile));
      }
      await target.close();
      if (round < 0) continue;
      const key = `${name}/${mode}`;
      if (!results.has(key)) results.set(key, []);
      results.get(key).push((used.user + used.system) / n);
    }
  }
}
await fake.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
console.log(`CPU µs per request, whole process (client + gateway + fake model), median of ${opts.repeat}, ${n} requests, concurrency ${c}`);
for (const mode of modes) {
  const base = median(results.get(`off/${mode}`) ?? [NaN]);
  for (const name of names) {
    const xs = results.get(`${name}/${mode}`);
    const m = median(xs);
    console.log(`${mode.padEnd(10)} ${name.padEnd(11)} ${m.toFixed(0).padStart(6)}   ${name === 'off' ? '' : `+${(m - base).toFixed(0)} over off`}   runs: ${xs.map((x) => x.toFixed(0)).join(' ')}`);
  }
}

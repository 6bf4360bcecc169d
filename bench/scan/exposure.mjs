// Exposure scanner benchmark (npm run bench:scan): 2,000 loopback host:port targets — 200
// addresses 127.0.1.1-200 × 10 ports, 10 of them open (Ollama-like and plain HTTP fakes), the
// rest closed — scanned with the default settings (concurrency, pacing, timeouts). Bar: < 30 s.
// Traffic goes to 127.0.1.0/24 only.
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { parseConfig } = await import(join(root, 'dist/core/index.js'));
const { scanExposure, shippedData, endpointsFor } = await import(join(root, 'dist/scan/exposure/index.js'));

const HOSTS = 200;
const OPEN = 10;
const BAR_MS = 30_000;

function fake(host, kind) {
  const server = createServer((req, res) => {
    if (kind === 'ollama' && req.url === '/') return res.end('Ollama is running');
    if (kind === 'ollama' && req.url === '/api/version') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.1.33"}');
    if (kind === 'ollama' && req.url === '/api/tags') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"models":[]}');
    res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>not found</body></html>');
  });
  return new Promise((resolve) => server.listen(0, host, () => resolve({ server, host, port: server.address().port })));
}

const fakes = [];
for (let i = 0; i < OPEN; i++) fakes.push(await fake(`127.0.1.${1 + i * 17}`, i % 2 === 0 ? 'ollama' : 'plain'));
const ports = fakes.map((f) => f.port);
const hosts = Array.from({ length: HOSTS }, (_, i) => ({ host: `127.0.1.${i + 1}`, from: '127.0.1.0/24' }));
const endpoints = endpointsFor(hosts, ports);

const defaults = parseConfig({}).scan.exposure;
const started = performance.now();
const { report } = await scanExposure({
  targets: ['127.0.1.1-200'],
  endpoints,
  data: shippedData(),
  options: { ...defaults, failOn: 'high' },
  version: 'bench',
});
const ms = performance.now() - started;
for (const f of fakes) f.server.close();

const s = report.stats;
const ok = ms < BAR_MS && s.open === OPEN && report.errors.length === 0 && s['host:port probed'] === endpoints.length;
console.log(`exposure scan: ${endpoints.length} loopback targets (${HOSTS} addresses × ${ports.length} ports; ${s.open} open, ${s.closed} closed; ${s.services} services named, ${s.requests} requests) in ${(ms / 1000).toFixed(2)} s (bar < ${BAR_MS / 1000} s) — ${ok ? 'PASS' : 'FAIL'}`);
console.log(`  defaults: concurrency ${defaults.concurrency}, per-host ${defaults.perHostConcurrency}, pacing ${defaults.pacingMs} ms, connect timeout ${defaults.connectTimeoutMs} ms, read timeout ${defaults.readTimeoutMs} ms`);
console.log(`  machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}`);
process.exit(ok ? 0 : 1);

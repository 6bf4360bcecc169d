import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReport, runExposure, serviceFinding } from './exposure-helpers.js';

/**
 * Services that speak only HTTPS with a self-signed certificate (Elasticsearch 8 out of the box:
 * TLS and security on) are found by retrying over TLS when plain HTTP is dropped.
 */

let dir: string;
const servers: Server[] = [];
const targets: Record<string, string> = {};

async function listen(server: Server, host: string): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `${host}:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-tls-'));
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=es-node-1'], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error('openssl could not make a test certificate');
  const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  targets.es = await listen(
    createServer(tls, (req, res) => {
      const body = JSON.stringify({ error: { root_cause: [{ type: 'security_exception', reason: `missing authentication credentials for REST request [${req.url}]` }], type: 'security_exception', reason: `missing authentication credentials for REST request [${req.url}]` }, status: 401 });
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="security" charset="UTF-8", ApiKey', 'x-elastic-product': 'Elasticsearch', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }),
    '127.0.0.9',
  );
  targets.ollama = await listen(
    createServer(tls, (req, res) => {
      if (req.url === '/') return void res.end('Ollama is running');
      if (req.url === '/api/version') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"version":"0.3.14"}');
      if (req.url === '/api/tags') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"models":[]}');
      res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
    }),
    '127.0.0.9',
  );
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS-only services', () => {
  it('are probed over TLS and named, with the TLS flag set', async () => {
    const r = await runExposure([targets.es!, targets.ollama!, '--format', 'json']);
    const report = parseReport(r.out);
    expect(report.errors).toEqual([]);
    expect(serviceFinding(report, targets.es!)!.properties).toMatchObject({ service: 'elasticsearch', auth: 'required', tls: true });
    expect(serviceFinding(report, targets.ollama!)!.properties).toMatchObject({ service: 'ollama', version: '0.3.14', auth: 'none', tls: true });
    expect(r.code).toBe(1);
  });
});

// The benchmark's floor: the least a Node reverse proxy can do. Request bodies are streamed to one
// upstream over keep-alive (undici Pool) and responses streamed back, with no parsing, auth or
// guards; whatever the gateway costs beyond this is its own overhead.
// Usage: node bare-proxy.mjs --upstream http://127.0.0.1:PORT [--port 0] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { stopOnSignals } from '../lib/report.mjs';

const { values } = parseArgs({
  options: {
    upstream: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    connections: { type: 'string', default: '256' },
    'exit-on-stdin-close': { type: 'boolean', default: false },
  },
});
if (values.upstream === undefined) {
  console.error('usage: node bare-proxy.mjs --upstream http://HOST:PORT [--port 0] [--host 127.0.0.1]');
  process.exit(2);
}

const upstream = new URL(values.upstream);
const basePath = upstream.pathname.replace(/\/$/, '');
const pool = new Pool(upstream.origin, { connections: Number(values.connections) });

// RFC 9110 §7.6.1: connection-specific fields are not forwarded. Host is set by undici from the origin.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardable(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

// undici's stream() writes the upstream body straight into the client response, with no
// intermediate Readable: measured here at about twice the req/s of request() + stream.pipeline, and
// a floor should be the cheapest correct proxy. Once the response is handed over, undici aborts the
// upstream request if it closes early; the signal covers a client leaving before headers arrive.
const server = createServer({ noDelay: true }, async (req, res) => {
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const options = { path: basePath + req.url, method: req.method, headers: forwardable(req.headers), body: hasBody ? req : null, signal: abort.signal };
    await pool.stream(options, ({ statusCode, headers }) => {
      res.writeHead(statusCode, forwardable(headers));
      return res;
    });
  } catch {
    if (res.headersSent) res.destroy();
    else if (!res.destroyed) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'bad gateway', type: 'api_error', code: 'bare_proxy_upstream_failed' } }));
    }
  }
});

server.listen(Number(values.port), values.host, () => {
  const { port } = server.address();
  console.log(`listening http://${values.host}:${port}`);
});

stopOnSignals(async () => {
  server.close();
  server.closeAllConnections();
  await pool.destroy();
}, { exitOnStdinClose: values['exit-on-stdin-close'] });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../core/index.js';
import { startFakeModel } from '../demo/index.js';
import { parse } from './args.js';
import type { Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { startGateway, untilSignal } from './serve.js';

/**
 * The gateway in front of a built-in deterministic fake model, both on loopback, with a fresh
 * store in a temporary folder: a new user sees the door work without a GPU or a config file.
 */
export async function demoCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const { values } = parse(args, { port: { type: 'string', default: '8787' }, help: { type: 'boolean', short: 'h', default: false } }, false);
  if (values.help) {
    environment.stdout.write('bulwark demo [--port PORT]\nStarts the gateway and a fake model on loopback and prints ready-to-paste examples.\n');
    return EXIT.OK;
  }
  const fake = await startFakeModel({ chunkDelayMs: 30, models: ['fake-llama', 'fake-gpt', 'fake-echo'] });
  const home = mkdtempSync(join(tmpdir(), 'bulwark-demo-'));
  const config = parseConfig({
    server: { host: '127.0.0.1', port: Number(values.port) },
    logging: { level: 'warn' },
    upstreams: {
      'fake-ollama': { type: 'ollama', baseUrl: fake.url },
      'fake-openai': { type: 'openai', baseUrl: `${fake.url}/v1` },
    },
    routes: [
      { match: 'fake-llama*', upstream: 'fake-ollama' },
      { match: '*', upstream: 'fake-openai' },
    ],
  });
  const running = await startGateway({ config, source: 'demo', home, storePath: join(home, 'bulwark.db') }, environment, { quietKey: true });
  const key = running.firstKey!;
  const u = running.url;
  environment.stdout.write(`bulwark demo: gateway listening on ${u}, in front of a fake model at ${fake.url}
admin key (this demo's store is temporary): ${key}

Try it:
  curl -s ${u}/v1/chat/completions -H 'authorization: Bearer ${key}' -H 'content-type: application/json' \\
    -d '{"model":"fake-gpt","messages":[{"role":"user","content":"Hello, gateway"}]}'
  curl -sN ${u}/v1/chat/completions -H 'authorization: Bearer ${key}' -H 'content-type: application/json' \\
    -d '{"model":"fake-gpt","stream":true,"messages":[{"role":"user","content":"Stream please"}]}'
  curl -s ${u}/api/chat -H 'authorization: Bearer ${key}' -d '{"model":"fake-llama","stream":false,"messages":[{"role":"user","content":"hi"}]}'
  curl -s ${u}/v1/chat/completions -d '{"model":"fake-gpt","messages":[]}'        # no key: 401
  curl -s -X DELETE ${u}/api/delete -H 'authorization: Bearer ${key}' -d '{"model":"fake-llama"}'  # admin only

OpenAI SDK (Node):
  import OpenAI from 'openai';
  const client = new OpenAI({ baseURL: '${u}/v1', apiKey: '${key}' });
  const r = await client.chat.completions.create({ model: 'fake-gpt', messages: [{ role: 'user', content: 'Hello' }] });
  console.log(r.choices[0].message.content);

Press Ctrl-C to stop.
`);
  await untilSignal();
  await running.stop();
  await fake.close();
  rmSync(home, { recursive: true, force: true });
  return EXIT.OK;
}

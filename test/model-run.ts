import { PassThrough } from 'node:stream';
import { main } from '../src/cli/main.js';

/** Runs the CLI in-process with captured streams (model and release end-to-end tests). */
export async function runCli(cwd: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end('');
  const code = await main(argv, { env: { BULWARK_HOME: cwd, HOME: cwd, PATH: process.env.PATH }, cwd, stdout, stderr, stdin });
  return { code, out, err };
}

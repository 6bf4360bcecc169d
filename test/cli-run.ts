import { PassThrough } from 'node:stream';
import type { Environment } from '../src/cli/environment.js';
import { main } from '../src/cli/main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * An Environment for running CLI commands in-process: data directory and HOME in `home`, PATH kept
 * (the release scanner runs git), stdout and stderr captured, stdin given. `result(code)` collects what was written.
 */
export function captureEnvironment(home: string, options: { env?: Record<string, string | undefined>; stdin?: string } = {}): { environment: Environment; result(code: number): CliResult } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end(options.stdin ?? '');
  return {
    environment: { env: { BULWARK_HOME: home, HOME: home, PATH: process.env.PATH, ...options.env }, cwd: home, stdout, stderr, stdin },
    result: (code) => ({ code, out, err }),
  };
}

/** Runs `bulwark <argv>` in-process (the one place results become exit codes, as the binary does). */
export async function runCli(home: string, argv: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<CliResult> {
  const { environment, result } = captureEnvironment(home, options);
  return result(await main(argv, environment));
}

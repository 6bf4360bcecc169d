#!/usr/bin/env -S node --max-semi-space-size=64
import { main } from './main.js';

// The entry point: the only place that touches process.argv, env, cwd and the standard streams.
const code = await main(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
process.exitCode = code;

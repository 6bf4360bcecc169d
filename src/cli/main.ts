import { isBulwarkError } from '../core/index.js';
import { auditCommand } from './audit.js';
import { checkCommand } from './check.js';
import { dbCommand } from './db.js';
import { demoCommand } from './demo.js';
import type { Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { keysCommand } from './keys.js';
import { modelCommand } from './model.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';

const HELP = `bulwark: a self-hosted security layer for generative AI

  bulwark serve [--config FILE]        the gateway (npm start runs it on embedded defaults)
  bulwark demo                         gateway + a built-in fake model on loopback, with examples
  bulwark keys create|list|revoke      API keys (stored only as hashes)
  bulwark keys rotate-master           a new audit master key; data keys rewrapped, records stay readable
  bulwark check [TEXT|-] [--json|--jsonl]   the guards on text
  bulwark audit verify|search|export|forget|purge   the audit trail (see bulwark audit --help)
  bulwark db import|import-epss|import-kev|status   the offline advisory database
  bulwark scan deps|sbom|model|release|exposure ... the scanners (see bulwark scan --help)
  bulwark model manifest|verify DIR    weight integrity: SHA-256 manifest, optionally signed

Exit codes: 0 clean/allowed, 1 findings or flagged/blocked text, 2 usage or runtime error, 3 nothing to scan.`;

const COMMANDS: Record<string, (args: string[], env: Environment) => Promise<ExitCode>> = {
  serve: serveCommand,
  demo: demoCommand,
  keys: keysCommand,
  check: checkCommand,
  audit: auditCommand,
  db: dbCommand,
  scan: scanCommand,
  model: modelCommand,
};

/** The one place where results and errors become exit codes. */
export async function main(argv: string[], environment: Environment): Promise<ExitCode> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    environment.stdout.write(`${HELP}\n`);
    return command === undefined ? EXIT.ERROR : EXIT.OK;
  }
  const run = COMMANDS[command];
  if (!run) {
    environment.stderr.write(`bulwark: unknown command "${command}" [USAGE]\n\n${HELP}\n`);
    return EXIT.ERROR;
  }
  try {
    return await run(args, environment);
  } catch (err) {
    if (isBulwarkError(err)) {
      environment.stderr.write(`bulwark ${command}: ${err.message} [${err.code}]\n`);
    } else {
      environment.stderr.write(`bulwark ${command}: unexpected error [INTERNAL]: ${(err as Error)?.message ?? String(err)}\n`);
    }
    return EXIT.ERROR;
  }
}

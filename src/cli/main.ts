import { isBulwarkError } from '../core/index.js';
import type { Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';

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

type Command = (args: string[], env: Environment) => Promise<ExitCode>;

/**
 * Each command's module is loaded when it runs: `bulwark check` does not pay for the gateway, the
 * audit worker or the scanners (measured: about 90 MB of heap before a model scan otherwise).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
  keys: async () => (await import('./keys.js')).keysCommand,
  check: async () => (await import('./check.js')).checkCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  db: async () => (await import('./db.js')).dbCommand,
  scan: async () => (await import('./scan.js')).scanCommand,
  model: async () => (await import('./model.js')).modelCommand,
};

/** The one place where results and errors become exit codes. */
export async function main(argv: string[], environment: Environment): Promise<ExitCode> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    environment.stdout.write(`${HELP}\n`);
    return command === undefined ? EXIT.ERROR : EXIT.OK;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    environment.stderr.write(`bulwark: unknown command "${command}" [USAGE]\n\n${HELP}\n`);
    return EXIT.ERROR;
  }
  try {
    const run = await load();
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

import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { BulwarkError } from '../core/index.js';
import { BUILTIN_GUARDS, createGuardRegistry, createGuardSets, scanText, type GuardSet, type TextScanResult } from '../guards/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const HELP = `bulwark check [TEXT|-|--file FILE] [--json|--jsonl] [--stage input|output] [--policy NAME] [--config FILE]
Runs the configured guards on TEXT (or standard input with -). --jsonl reads one {"text": ...}
object per line and writes one result per line. Exit 0: allowed; 1: flagged, redacted or blocked.`;

function checkText(set: GuardSet, text: string, stage: 'input' | 'output', timeoutMs: number): Promise<TextScanResult> {
  return scanText(set, text, stage, { timeoutMs, tenantId: 'cli' });
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer | string>) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

export async function checkCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const { values, positionals } = parse(args, {
    config: { type: 'string' },
    json: { type: 'boolean', default: false },
    jsonl: { type: 'boolean', default: false },
    stage: { type: 'string', default: 'input' },
    policy: { type: 'string' },
    file: { type: 'string', short: 'f' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    environment.stdout.write(`${HELP}\n`);
    return EXIT.OK;
  }
  if (values.stage !== 'input' && values.stage !== 'output') throw new BulwarkError('USAGE', '--stage: expected input or output');
  const stage = values.stage;
  const { config } = loadConfig(environment, values.config);
  const sets = createGuardSets(config, createGuardRegistry(BUILTIN_GUARDS));
  const guards = values.policy === undefined ? sets.fallback : sets.byName(values.policy);
  if (!guards) throw new BulwarkError('USAGE', `--policy: no policy named "${values.policy}" in the configuration`);
  const out = (s: string): void => void environment.stdout.write(`${s}\n`);
  let source: NodeJS.ReadableStream = environment.stdin;
  if (values.file !== undefined) {
    const path = resolve(environment.cwd, values.file);
    if (!existsSync(path)) throw new BulwarkError('USAGE', `--file: no such file: ${values.file}`);
    source = createReadStream(path);
  }

  if (values.jsonl) {
    let worst: ExitCode = EXIT.OK;
    let lines = 0;
    const rl = createInterface({ input: source, crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.trim() === '') continue;
      lines++;
      let text: unknown;
      try {
        text = (JSON.parse(line) as { text?: unknown }).text;
      } catch {
        text = undefined;
      }
      // A bad line is answered in place (the line number says which) and the rest still runs.
      if (typeof text !== 'string') {
        out(JSON.stringify({ schemaVersion: 1, line: lines, error: { code: 'INVALID_REQUEST', message: 'expected a JSON object with a string "text"' } }));
        worst = EXIT.ERROR;
        continue;
      }
      const r = await checkText(guards, text, stage, config.guards.timeoutMs);
      out(JSON.stringify(r));
      if (r.verdict !== 'allow' && worst === EXIT.OK) worst = EXIT.FINDINGS;
    }
    return lines === 0 ? EXIT.NOTHING : worst;
  }

  const input = positionals[0];
  if (input === undefined && values.file === undefined) throw new BulwarkError('USAGE', `check: give TEXT, --file FILE, or - to read standard input\n${HELP}`);
  const text = input === undefined || input === '-' ? await readAll(source) : positionals.join(' ');
  if (text.trim() === '') return EXIT.NOTHING;
  const r = await checkText(guards, text, stage, config.guards.timeoutMs);
  if (values.json) out(JSON.stringify(r, null, 2));
  else {
    out(`verdict: ${r.verdict}  risk: ${r.risk.toFixed(2)}`);
    for (const f of r.findings) out(`  ${f.severity.padEnd(8)} ${f.code}  [${f.start}, ${f.end})  guard=${f.guard} confidence=${f.confidence.toFixed(2)}`);
    if (r.verdict === 'redact') out(`sanitized: ${r.text}`);
  }
  return r.verdict === 'allow' ? EXIT.OK : EXIT.FINDINGS;
}

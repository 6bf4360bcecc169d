import { createInterface } from 'node:readline';
import { BulwarkError, type Finding, type Verdict } from '../core/index.js';
import { BUILTIN_GUARDS, createGuardRegistry, instantiateGuards, runGuards, type Guard } from '../guards/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const HELP = `bulwark check [TEXT|-] [--json|--jsonl] [--stage input|output] [--config FILE]
Runs the configured guards on TEXT (or standard input with -). --jsonl reads one {"text": ...}
object per line and writes one result per line. Exit 0: allowed; 1: flagged, redacted or blocked.`;

export interface CheckResult {
  schemaVersion: 1;
  verdict: Verdict;
  risk: number;
  text: string;
  findings: Finding[];
}

async function checkText(guards: readonly Guard[], text: string, stage: 'input' | 'output', timeoutMs: number): Promise<CheckResult> {
  const r = await runGuards(guards, text, { stage, source: stage === 'input' ? 'user' : 'assistant', tenantId: 'cli' }, { timeoutMs });
  if (r.failedClosed) throw new BulwarkError('GUARD_FAILED', `guard ${r.runs[r.runs.length - 1]?.id ?? ''} failed`);
  return { schemaVersion: 1, verdict: r.verdict, risk: r.risk, text: r.text, findings: r.findings };
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
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    environment.stdout.write(`${HELP}\n`);
    return EXIT.OK;
  }
  if (values.stage !== 'input' && values.stage !== 'output') throw new BulwarkError('USAGE', '--stage: expected input or output');
  const stage = values.stage;
  const { config } = loadConfig(environment, values.config);
  const guards = config.guards.enabled ? instantiateGuards(createGuardRegistry(BUILTIN_GUARDS), config.guards.use) : [];
  const out = (s: string): void => void environment.stdout.write(`${s}\n`);

  if (values.jsonl) {
    let worst: ExitCode = EXIT.OK;
    let lines = 0;
    const rl = createInterface({ input: environment.stdin, crlfDelay: Infinity });
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
  if (input === undefined) throw new BulwarkError('USAGE', `check: give TEXT, or - to read standard input\n${HELP}`);
  const text = input === '-' ? await readAll(environment.stdin) : positionals.join(' ');
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

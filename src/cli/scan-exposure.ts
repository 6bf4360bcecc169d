import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BulwarkError, BULWARK_VERSION } from '../core/index.js';
import { createProgress, type ScanError } from '../scan/report/index.js';
import {
  addressCount,
  endpointsFor,
  expandCidr,
  isPublicAddress,
  parsePortList,
  parseTarget,
  parseTargetsFile,
  scanExposure,
  shippedData,
  type TargetSpec,
} from '../scan/exposure/index.js';
import { parse, positiveIntFlag } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import type { ExitCode } from './exit-codes.js';
import { emitReport, parseFailOn, parseFormat, REPORT_OPTIONS } from './scan-output.js';

const HELP = `bulwark scan exposure TARGET... [--targets FILE] [--ports LIST] [flags]
    Finds AI services (Ollama, vLLM, ComfyUI, Triton, Ray, MLflow, ClickHouse, Elasticsearch, Redis,
    Qdrant, Chroma, Weaviate, Milvus, Gradio, Jupyter, Open WebUI, LocalAI, Xinference, Dify,
    LangServe, OpenAI-compatible APIs) that answer without authentication, and the advisories of
    their versions. Sends only read-only requests (HTTP GET of status and version endpoints, Redis
    PING and INFO server). Scan only systems you are authorised to test.

  TARGET            host, host:port, 10.0.0.5, [fd00::1]:8080, 10.0.0.0/24 (nothing is scanned without one)
  --targets FILE    more targets, one per line (# comments)
  --ports LIST      e.g. 11434,8000-8002 (default: the ports these services use)
  --max-hosts N     allow a target list that expands to up to N addresses (default 256)
  --allow-public    allow internet-routable addresses
  --concurrency N   host:port targets probed at once (default 128)
  --timeout MS      whole-answer timeout per request (default 5000)
  --deadline S      total time limit in seconds (default 300); unfinished targets are reported
  --config FILE     scan.exposure settings
  --format table|json|sarif|markdown|junit|html   --output FILE   --fail-on SEVERITY|none (default high)
Exit: 0 nothing over the policy, 1 findings over the policy, 2 error, 3 nothing to scan.
Ctrl-C stops the scan and prints what was found so far.`;

async function resolveName(name: string): Promise<string[]> {
  try {
    const all = await lookup(name, { all: true, verbatim: true });
    return [...new Set(all.map((a) => a.address))];
  } catch {
    return [];
  }
}

export async function scanExposureCommand(args: string[], environment: Environment, signal?: AbortSignal): Promise<ExitCode> {
  const { values, positionals } = parse(args, {
    ...REPORT_OPTIONS,
    targets: { type: 'string' },
    ports: { type: 'string' },
    'max-hosts': { type: 'string' },
    'allow-public': { type: 'boolean' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
    deadline: { type: 'string' },
    config: { type: 'string' },
  });
  if (values.help) {
    environment.stdout.write(`${HELP}\n`);
    return 0;
  }
  const format = parseFormat(values.format);
  const loaded = loadConfig(environment, values.config);
  const cfg = loaded.config.scan.exposure;
  const policyFailOn = values['fail-on'] !== undefined ? parseFailOn(values['fail-on'], 'high') : cfg.failOn === 'none' ? undefined : cfg.failOn;

  const texts = [...positionals];
  if (values.targets !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(environment.cwd, values.targets), 'utf8');
    } catch (err) {
      throw new BulwarkError('EXPOSURE_TARGETS_FILE', `--targets ${values.targets}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    texts.push(...parseTargetsFile(text));
  } else if (texts.length === 0) {
    throw new BulwarkError('USAGE', 'scan exposure needs at least one TARGET (or --targets FILE); nothing is scanned without an explicit target');
  }
  const specs: TargetSpec[] = texts.map(parseTarget);
  const maxHosts = positiveIntFlag('max-hosts', values['max-hosts']) ?? cfg.maxHosts;
  const total = specs.reduce((n, s) => n + addressCount(s), 0n);
  if (total > BigInt(maxHosts)) {
    throw new BulwarkError('EXPOSURE_TOO_MANY_HOSTS', `the targets expand to ${total} addresses, more than ${maxHosts}; pass --max-hosts ${total} to scan them all`);
  }
  const ports = values.ports !== undefined ? parsePortList(values.ports) : cfg.ports.length > 0 ? cfg.ports : shippedData().fingerprints.defaultPorts;

  const hosts: { host: string; port?: number; from: string; name?: string }[] = [];
  const preErrors: ScanError[] = [];
  for (const s of specs) {
    if (s.kind === 'address') hosts.push({ host: s.address, port: s.port, from: s.text });
    else if (s.kind === 'cidr') for (const a of expandCidr(s)) hosts.push({ host: a, from: s.text });
    else {
      const addresses = await resolveName(s.name);
      if (addresses.length === 0) preErrors.push({ target: s.text, code: 'EXPOSURE_HOST_UNRESOLVED', message: `${s.name} did not resolve to an address` });
      for (const a of addresses) hosts.push({ host: a, port: s.port, from: s.text, name: s.name });
    }
  }
  const publicHosts = [...new Set(hosts.filter((h) => isPublicAddress(h.host)).map((h) => h.host))];
  if (publicHosts.length > 0) {
    if (values['allow-public'] !== true) {
      throw new BulwarkError('EXPOSURE_PUBLIC_TARGET', `${publicHosts.length} target address(es) are public (${publicHosts.slice(0, 3).join(', ')}${publicHosts.length > 3 ? ', …' : ''}); scan only systems you are authorised to test, and add --allow-public if you are`);
    }
    environment.stderr.write(`bulwark scan exposure: ${publicHosts.length} public address(es) in scope. Scan only systems you own or are authorised in writing to test.\n`);
  }
  const endpoints = endpointsFor(hosts, ports);

  const progress = createProgress({ stream: environment.stderr as NodeJS.WritableStream & { isTTY?: boolean }, label: 'scan exposure' });
  progress.total(endpoints.length);
  // Ctrl-C stops probing; the report of what was found so far is still printed.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  const onOuter = () => interrupt.abort();
  signal?.addEventListener('abort', onOuter, { once: true });
  if (signal?.aborted) interrupt.abort();
  let result;
  try {
    result = await scanExposure({
      targets: texts,
      endpoints,
      data: shippedData(),
      options: {
        concurrency: positiveIntFlag('concurrency', values.concurrency) ?? cfg.concurrency,
        perHostConcurrency: cfg.perHostConcurrency,
        pacingMs: cfg.pacingMs,
        connectTimeoutMs: cfg.connectTimeoutMs,
        readTimeoutMs: positiveIntFlag('timeout', values.timeout) ?? cfg.readTimeoutMs,
        deadlineMs: (positiveIntFlag('deadline', values.deadline) ?? 0) * 1000 || cfg.deadlineMs,
        retries: cfg.retries,
        retryBackoffMs: cfg.retryBackoffMs,
        maxResponseBytes: cfg.maxResponseBytes,
        maxRequestsPerTarget: cfg.maxRequestsPerTarget,
        failOn: policyFailOn,
      },
      signal: interrupt.signal,
      version: BULWARK_VERSION,
      preErrors,
      onProgress: (t) => progress.tick(t),
    });
  } finally {
    process.off('SIGINT', onSigint);
    signal?.removeEventListener('abort', onOuter);
    progress.done();
  }
  if (result.cutBy === 'interrupted') environment.stderr.write('bulwark scan exposure: interrupted; reporting what was found so far\n');
  if (result.cutBy === 'deadline') environment.stderr.write('bulwark scan exposure: deadline reached; reporting what was found so far\n');
  return emitReport(environment, result.report, format, values.output);
}

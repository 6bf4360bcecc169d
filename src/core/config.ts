import { z } from 'zod';
import { scanSchema } from './config-scan.js';
import { BulwarkError } from './errors.js';

/**
 * The one configuration schema for bulwark.yaml. Every field has a default, so an empty file
 * (or none) is a working single-machine gateway. Validation runs once at start over the whole
 * file; every issue is reported with its path.
 */

const positiveInt = z.number().int().positive();
const nonNegInt = z.number().int().nonnegative();

const timeoutsSchema = z
  .object({
    connectMs: positiveInt.default(5_000),
    /** Time until the upstream's response headers arrive (a hung model server). */
    headersMs: positiveInt.default(60_000),
    /** Longest silence between two body chunks of an upstream answer. */
    bodyIdleMs: positiveInt.default(60_000),
    /** Upper bound for the whole upstream exchange, streams included. */
    totalMs: positiveInt.default(600_000),
  })
  .strict();

const upstreamSchema = z
  .object({
    type: z.enum(['openai', 'ollama']),
    /** openai: the API root including its version prefix (http://vllm:8000/v1); ollama: the server root. */
    baseUrl: z.url({ protocol: /^https?$/ }),
    /** Held server-side and sent upstream as a bearer token; never the client's key. */
    apiKey: z.string().min(1).optional(),
    timeouts: timeoutsSchema.prefault({}),
    /** Keep-alive connections per upstream. */
    connections: positiveInt.default(128),
  })
  .strict();

const routeSchema = z
  .object({
    /** Model-name glob: `*` any run of characters, `?` one character. */
    match: z.string().min(1),
    upstream: z.string().min(1),
  })
  .strict();

const keyLimitsSchema = z
  .object({
    requestsPerMinute: positiveInt.default(600),
    tokensPerMinute: positiveInt.default(1_000_000),
    concurrency: positiveInt.default(32),
  })
  .strict();

const limitsSchema = z
  .object({
    maxBodyBytes: positiveInt.default(4 * 1024 * 1024),
    maxPromptChars: positiveInt.default(200_000),
    maxPromptTokens: positiveInt.default(64_000),
    maxMessages: positiveInt.default(512),
    maxJsonDepth: positiveInt.default(64),
    maxOutputTokens: positiveInt.default(8_192),
    /** clamp: lower (or set, when absent) max_tokens / num_predict to the limit; reject: 400. */
    outputTokensPolicy: z.enum(['clamp', 'reject']).default('clamp'),
    perKey: keyLimitsSchema.prefault({}),
    perIp: z.object({ requestsPerMinute: positiveInt.default(1_200) }).strict().prefault({}),
    globalConcurrency: positiveInt.default(512),
  })
  .strict();

const serverSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8787),
    /** Slowloris defence: the whole header block must arrive within this time. */
    headersTimeoutMs: positiveInt.default(10_000),
    /** The whole request (headers and body) must arrive within this time. */
    requestTimeoutMs: positiveInt.default(60_000),
    /** A connection silent for this long is closed. */
    idleTimeoutMs: positiveInt.default(120_000),
    keepAliveTimeoutMs: positiveInt.default(5_000),
    /** On SIGTERM / SIGINT: stop accepting, let requests in flight (streams included) finish for up to this long, then cut them. */
    shutdownGraceMs: nonNegInt.default(10_000),
    /** Take the client address from X-Forwarded-For (only behind a trusted load balancer). */
    trustProxy: z.boolean().default(false),
  })
  .strict();

const guardEntrySchema = z
  .object({
    id: z.string().min(1),
    stages: z.array(z.enum(['input', 'output'])).min(1).optional(),
    failMode: z.enum(['open', 'closed']).optional(),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const policySchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'policy names use letters, digits, _ and -'),
    /** Which requests the policy governs; every listed criterion must match. Empty: none (named use only). */
    match: z
      .object({
        tenants: z.array(z.string().min(1)).optional(),
        keys: z.array(z.string().min(1)).optional(),
        /** Model-name globs. */
        models: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .prefault({}),
    /** The guards this policy runs instead of guards.use. */
    use: z.array(guardEntrySchema).min(1),
  })
  .strict();

const guardsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Guards to run; empty means the project's default guard set. */
    use: z.array(guardEntrySchema).default([]),
    /** Per tenant / key / model guard sets; the first policy whose match holds replaces `use`. */
    policies: z.array(policySchema).default([]),
    /** Characters of streamed output per guard window. */
    streamWindowChars: positiveInt.default(512),
    timeoutMs: positiveInt.default(2_000),
  })
  .strict();

const auditSchema = z
  .object({
    /** Record every gateway request (metadata in clear, content encrypted, hash-chained). */
    enabled: z.boolean().default(true),
    /** SQLite file of the audit trail, apart from the key store; relative to the data directory. */
    path: z.string().min(1).default('audit.db'),
    /**
     * File holding the master key (base64 or hex of 32 bytes); BULWARK_MASTER_KEY wins when set.
     * Relative to the data directory; created with mode 0600 on first start when neither exists.
     */
    masterKeyFile: z.string().min(1).default('master.key'),
    /** Keep request and answer text (encrypted). Off: metadata only. */
    content: z.boolean().default(true),
    /** UTF-8 bytes of content kept per record; longer text is cut and marked truncated. */
    maxContentBytes: positiveInt.default(1_048_576),
    /** Header naming the data subject (for `audit forget --subject`); absent: the API key id. */
    subjectHeader: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'a lower-case header name')
      .optional(),
    /** Days a record is kept; the EU AI Act and China's labelling measures ask for at least six months. */
    retentionDays: positiveInt.default(180),
    /** Per-tenant overrides: { <tenant id>: { retentionDays } }. */
    tenants: z.record(z.string(), z.object({ retentionDays: positiveInt }).strict()).default({}),
    /** How often `serve` deletes expired records; 0 turns the periodic purge off. */
    purgeIntervalMinutes: nonNegInt.default(60),
    /** normal: a committed record survives a process crash (kill -9); full: also an OS crash or power loss. */
    synchronous: z.enum(['normal', 'full']).default('normal'),
    /** Records waiting for their commit beyond which unauthenticated refusals are counted, not recorded one by one. */
    maxQueue: positiveInt.default(20_000),
    /**
     * How often the ingester moves journaled records into the database; larger is cheaper per
     * record (a pass has a fixed cost). Records are durable once journaled; the gateway's readers
     * wait for the ingester, so only a CLI reading beside a running serve sees this delay.
     */
    ingestIntervalMs: positiveInt.default(500),
    /**
     * Group commit window (ms): records finishing within it share one journal write, and their
     * answers end up to this much later. 0 writes at the end of each event-loop turn.
     */
    groupCommitMs: z.number().int().min(0).max(50).default(2),
    /**
     * Nice value (0-19) of the ingester thread (Linux): indexing is background work, so when the
     * CPU is short, answering requests comes first; the journal holds what waits to be indexed.
     * 0 runs it at the gateway's priority.
     */
    ingestNice: z.number().int().min(0).max(19).default(10),
  })
  .strict();

export const configSchema = z
  .object({
    server: serverSchema.prefault({}),
    store: z
      .object({
        type: z.literal('sqlite').default('sqlite'),
        /** Relative paths are resolved against the data directory (BULWARK_HOME). */
        path: z.string().min(1).default('bulwark.db'),
      })
      .strict()
      .prefault({}),
    logging: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .prefault({}),
    metrics: z.object({ enabled: z.boolean().default(true), maxModelLabels: positiveInt.default(200) }).strict().prefault({}),
    upstreams: z.record(z.string().regex(/^[a-zA-Z0-9_-]+$/, 'upstream names use letters, digits, _ and -'), upstreamSchema).default({
      ollama: { type: 'ollama', baseUrl: 'http://127.0.0.1:11434', timeouts: { connectMs: 5_000, headersMs: 60_000, bodyIdleMs: 60_000, totalMs: 600_000 }, connections: 128 },
    }),
    routes: z.array(routeSchema).default([{ match: '*', upstream: 'ollama' }]),
    roles: z
      .object({
        /** Roles allowed to call Ollama's pull/push/create/copy/delete/blobs endpoints. */
        ollamaAdmin: z.array(z.enum(['user', 'operator', 'admin', 'auditor'])).default(['admin']),
      })
      .strict()
      .prefault({}),
    limits: limitsSchema.prefault({}),
    guards: guardsSchema.prefault({}),
    audit: auditSchema.prefault({}),
    scan: scanSchema.prefault({}),
  })
  .strict();

export type Config = z.output<typeof configSchema>;
export type UpstreamConfig = Config['upstreams'][string];
export type RouteConfig = Config['routes'][number];
export type KeyLimits = Config['limits']['perKey'];
/** auditor: reads its tenant's audit trail (GET /v1/audit/records) and calls nothing else. */
export type Role = 'user' | 'operator' | 'admin' | 'auditor';
export type GuardPolicyConfig = Config['guards']['policies'][number];
export type AuditConfig = Config['audit'];
export type ScanConfig = Config['scan'];
export const ROLES: readonly Role[] = ['user', 'operator', 'admin', 'auditor'];

export interface ConfigIssue {
  path: string;
  message: string;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** Validates a parsed config object. Throws CONFIG_INVALID listing every issue with its path. */
export function parseConfig(raw: unknown): Config {
  const result = configSchema.safeParse(raw ?? {});
  const issues: ConfigIssue[] = result.success ? [] : result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  // Cross-references are checked on the parsed value when it parsed, else on the raw input, so
  // a file with several kinds of mistakes still gets all of them reported in one run.
  const shaped = (result.success ? result.data : raw) as { routes?: unknown; upstreams?: unknown } | null;
  issues.push(...routeReferenceIssues(shaped?.routes, shaped?.upstreams ?? (result.success ? {} : configSchema.shape.upstreams.parse(undefined))));
  if (issues.length > 0 || !result.success) throw new ConfigError(issues);
  return result.data;
}

function routeReferenceIssues(routes: unknown, upstreams: unknown): ConfigIssue[] {
  if (!Array.isArray(routes) || upstreams === null || typeof upstreams !== 'object') return [];
  const names = Object.keys(upstreams);
  const issues: ConfigIssue[] = [];
  routes.forEach((route: unknown, i) => {
    const name = (route as { upstream?: unknown } | null)?.upstream;
    if (typeof name === 'string' && !names.includes(name)) {
      issues.push({ path: `routes[${i}].upstream`, message: `unknown upstream "${name}" (defined: ${names.join(', ') || 'none'})` });
    }
  });
  return issues;
}

export class ConfigError extends BulwarkError {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super('CONFIG_INVALID', `configuration has ${issues.length} problem(s):\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/**
 * Replaces `${NAME}` in string values with process-supplied variables (the entry point passes
 * process.env), so upstream keys can stay out of the file. `$${` escapes a literal `${`.
 */
export function interpolateEnv(value: unknown, env: Readonly<Record<string, string | undefined>>, path: string[] = []): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      if (whole.startsWith('$$')) return whole.slice(1);
      const v = env[name];
      if (v === undefined) throw new BulwarkError('CONFIG_ENV_MISSING', `${formatPath(path)}: environment variable ${name} is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, [...path, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, [...path, k])]));
  }
  return value;
}

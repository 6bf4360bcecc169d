import { existsSync } from 'node:fs';
import { boundFingerprint, openAuditTrail, type AuditTrail } from '../audit/index.js';
import { parseConfig } from '../core/index.js';
import { createApiKey, createGateway, type Gateway } from '../gateway/index.js';
import type { GuardFactory } from '../guards/index.js';
import { openSqliteAuditStore, openSqliteStore, type Store } from '../store/index.js';
import { parse } from './args.js';
import { auditPath, loadConfig, loadMasterKey, type Environment, type LoadedConfig, type MasterKeySource } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { createLogger } from './logger.js';

const HELP = `bulwark serve [--config FILE] [--host HOST] [--port PORT]
Starts the gateway. Without --config it reads BULWARK_CONFIG or ./bulwark.yaml, else the embedded
defaults (127.0.0.1:8787, every model routed to Ollama at 127.0.0.1:11434, SQLite in BULWARK_HOME).`;

export interface Running {
  gateway: Gateway;
  store: Store;
  audit?: AuditTrail;
  url: string;
  stop(): Promise<void>;
}

/**
 * The audit trail of `serve`: its master key comes from BULWARK_MASTER_KEY or the key file, which
 * is generated on the very first start only (while no trail is bound to a key).
 */
async function openServeAudit(loaded: LoadedConfig, environment: Environment, logger: ReturnType<typeof createLogger>): Promise<{ trail: AuditTrail; key: MasterKeySource; path: string }> {
  const path = auditPath(loaded);
  let expected: string | undefined;
  if (existsSync(path)) {
    const peek = openSqliteAuditStore({ path });
    try {
      expected = boundFingerprint(peek);
    } finally {
      peek.close();
    }
  }
  const key = loadMasterKey(environment, loaded, { create: expected === undefined, expected });
  const trail = await openAuditTrail({ path, masterKey: key.key, settings: loaded.config.audit, logger, mode: 'journal', ingestIntervalMs: loaded.config.audit.ingestIntervalMs, groupCommitMs: loaded.config.audit.groupCommitMs });
  return { trail, key, path };
}

/** Opens the store, creates the first admin key if there is none, and starts listening. */
export async function startGateway(loaded: LoadedConfig, environment: Environment, extra: { guardFactories?: readonly GuardFactory[]; quietKey?: boolean } = {}): Promise<Running & { firstKey?: string }> {
  const { config, storePath } = loaded;
  const logger = createLogger(config.logging.level, environment.stdout);
  let audit: Awaited<ReturnType<typeof openServeAudit>> | undefined;
  if (config.audit.enabled) {
    audit = await openServeAudit(loaded, environment, logger);
    const { key, trail, path } = audit;
    environment.stdout.write(`bulwark: audit trail ${path} (master key from ${key.source}, fingerprint ${trail.fingerprint})\n`);
    if (key.created) {
      environment.stdout.write(`bulwark: a new audit master key was written to ${key.file} (mode 0600). Back it up apart from the database: without it no audit content can be read.\n`);
    }
  }
  let store: Store;
  try {
    store = openSqliteStore({ path: storePath });
  } catch (err) {
    await audit?.trail.close();
    throw err;
  }
  let firstKey: string | undefined;
  if (store.countKeys() === 0) {
    firstKey = createApiKey(store, { tenantId: 'default', role: 'admin', name: 'first admin key' }, Date.now()).key;
    if (!extra.quietKey) {
      environment.stdout.write(`\nbulwark: no API key existed, so one admin key was created. It is shown only this once; store it now:\n\n  admin key: ${firstKey}\n\n`);
    }
  }
  const gateway = createGateway({ config, store, logger, guardFactories: extra.guardFactories, audit: audit?.trail });
  let url: string;
  try {
    url = await gateway.listen();
  } catch (err) {
    store.close();
    await audit?.trail.close();
    throw err;
  }
  const purge = audit !== undefined && config.audit.purgeIntervalMinutes > 0 ? schedulePurge(audit.trail, config.audit.purgeIntervalMinutes, logger) : undefined;
  return {
    gateway,
    store,
    audit: audit?.trail,
    url,
    firstKey,
    stop: async () => {
      purge?.stop();
      await gateway.close();
      await audit?.trail.close();
      store.close();
    },
  };
}

/** Retention in `serve`: a purge soon after start, then every interval. */
function schedulePurge(trail: AuditTrail, minutes: number, logger: ReturnType<typeof createLogger>): { stop(): void } {
  let running = false;
  const run = (): void => {
    if (running) return;
    running = true;
    trail
      .purge({ detail: { via: 'serve' } })
      .then((results) => {
        for (const r of results) logger.info({ tenant: r.tenant || undefined, deleted: r.deleted, before: new Date(r.cutoff).toISOString() }, 'audit purge');
      })
      .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'audit purge failed'))
      .finally(() => (running = false));
  };
  const first = setTimeout(run, 5_000).unref();
  const every = setInterval(run, minutes * 60_000).unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

/** Resolves when a signal asks the process to stop. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}

export async function serveCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const { values } = parse(args, { config: { type: 'string' }, host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, false);
  if (values.help) {
    environment.stdout.write(`${HELP}\n`);
    return EXIT.OK;
  }
  const overrides: Record<string, unknown> = {};
  if (values.host !== undefined) overrides.host = values.host;
  if (values.port !== undefined) overrides.port = Number(values.port);
  const loaded = loadConfig(environment, values.config);
  const config = Object.keys(overrides).length > 0 ? parseConfig({ ...loaded.config, server: { ...loaded.config.server, ...overrides } }) : loaded.config;
  const running = await startGateway({ ...loaded, config }, environment);
  const routes = config.routes.map((r) => `${r.match} → ${r.upstream} (${config.upstreams[r.upstream]!.type} ${config.upstreams[r.upstream]!.baseUrl})`).join('; ');
  environment.stdout.write(`bulwark gateway listening on ${running.url}\n  config: ${loaded.source}\n  store: ${loaded.storePath}\n  routes: ${routes}\n`);
  await untilSignal();
  await running.stop();
  return EXIT.OK;
}

import { parseConfig, type Config } from '../core/index.js';
import { createApiKey, createGateway, type Gateway } from '../gateway/index.js';
import type { GuardFactory } from '../guards/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { createLogger } from './logger.js';

const HELP = `bulwark serve [--config FILE] [--host HOST] [--port PORT]
Starts the gateway. Without --config it reads BULWARK_CONFIG or ./bulwark.yaml, else the embedded
defaults (127.0.0.1:8787, every model routed to Ollama at 127.0.0.1:11434, SQLite in BULWARK_HOME).`;

export interface Running {
  gateway: Gateway;
  store: Store;
  url: string;
  stop(): Promise<void>;
}

/** Opens the store, creates the first admin key if there is none, and starts listening. */
export async function startGateway(config: Config, storePath: string, environment: Environment, extra: { guardFactories?: readonly GuardFactory[]; quietKey?: boolean } = {}): Promise<Running & { firstKey?: string }> {
  const logger = createLogger(config.logging.level, environment.stdout);
  const store = openSqliteStore({ path: storePath });
  let firstKey: string | undefined;
  if (store.countKeys() === 0) {
    firstKey = createApiKey(store, { tenantId: 'default', role: 'admin', name: 'first admin key' }, Date.now()).key;
    if (!extra.quietKey) {
      environment.stdout.write(`\nbulwark: no API key existed, so one admin key was created. It is shown only this once; store it now:\n\n  admin key: ${firstKey}\n\n`);
    }
  }
  const gateway = createGateway({ config, store, logger, guardFactories: extra.guardFactories });
  let url: string;
  try {
    url = await gateway.listen();
  } catch (err) {
    store.close();
    throw err;
  }
  return {
    gateway,
    store,
    url,
    firstKey,
    stop: async () => {
      await gateway.close();
      store.close();
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
  const running = await startGateway(config, loaded.storePath, environment);
  const routes = config.routes.map((r) => `${r.match} → ${r.upstream} (${config.upstreams[r.upstream]!.type} ${config.upstreams[r.upstream]!.baseUrl})`).join('; ');
  environment.stdout.write(`bulwark gateway listening on ${running.url}\n  config: ${loaded.source}\n  store: ${loaded.storePath}\n  routes: ${routes}\n`);
  await untilSignal();
  await running.stop();
  return EXIT.OK;
}

import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { deriveMasterKey, formatMasterKey, generateMasterKey, parseMasterKey } from '../audit/index.js';
import { BulwarkError, interpolateEnv, parseConfig, type Config } from '../core/index.js';

/** Everything the CLI reads from the outside world, gathered in one place. */
export interface Environment {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
}

export function dataDir(env: Environment['env']): string {
  return env.BULWARK_HOME && env.BULWARK_HOME !== '' ? resolve(env.BULWARK_HOME) : join(env.HOME ?? homedir(), '.bulwark');
}

export interface LoadedConfig {
  config: Config;
  /** Where it came from, for the start banner. */
  source: string;
  home: string;
  storePath: string;
}

/** --config, else BULWARK_CONFIG, else ./bulwark.yaml when present, else the embedded defaults. */
export function loadConfig(environment: Environment, flag: string | undefined): LoadedConfig {
  const explicit = flag ?? environment.env.BULWARK_CONFIG;
  const implicit = resolve(environment.cwd, 'bulwark.yaml');
  const file = explicit !== undefined && explicit !== '' ? resolve(environment.cwd, explicit) : existsSync(implicit) ? implicit : undefined;
  let raw: unknown = {};
  if (file !== undefined) {
    if (!existsSync(file)) throw new BulwarkError('CONFIG_NOT_FOUND', `configuration file not found: ${file}`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new BulwarkError('CONFIG_NOT_FOUND', `cannot read configuration file ${file}: ${(err as Error).message}`);
    }
    try {
      raw = parseYaml(text, { maxAliasCount: 100 }) ?? {};
    } catch (err) {
      throw new BulwarkError('CONFIG_PARSE', `${file}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const config = parseConfig(interpolateEnv(raw, environment.env));
  const home = dataDir(environment.env);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const storePath = isAbsolute(config.store.path) ? config.store.path : join(home, config.store.path);
  return { config, source: file ?? 'embedded defaults', home, storePath };
}

export const MASTER_KEY_ENV = 'BULWARK_MASTER_KEY';

export interface MasterKeySource {
  key: Buffer;
  /** For messages: the variable's name or the file's path. */
  source: string;
  /** The key file, when the key came from one. */
  file?: string;
  /** true when this call generated the key. */
  created: boolean;
}

export function masterKeyFile(loaded: LoadedConfig): string {
  const f = loaded.config.audit.masterKeyFile;
  return isAbsolute(f) ? f : join(loaded.home, f);
}

export function auditPath(loaded: LoadedConfig): string {
  const p = loaded.config.audit.path;
  return isAbsolute(p) ? p : join(loaded.home, p);
}

function readKeyFile(file: string): Buffer {
  return parseMasterKey(readFileSync(file, 'utf8'));
}

/**
 * The audit master key: BULWARK_MASTER_KEY when set, else the key file. A missing file is created
 * (mode 0600, never overwritten) only when `create` is set, i.e. when no audit trail is bound to a
 * key yet; otherwise a fresh key would silently make every stored record unreadable. When the
 * trail is bound to `expected` and only `<file>.new` holds that key, a rotation was interrupted
 * between its commit and the file rename: the rename is finished here.
 */
export function loadMasterKey(environment: Environment, loaded: LoadedConfig, options: { create: boolean; expected?: string }): MasterKeySource {
  const fromEnv = environment.env[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return { key: parseMasterKey(fromEnv), source: MASTER_KEY_ENV, created: false };
  const file = masterKeyFile(loaded);
  const pending = `${file}.new`;
  if (options.expected !== undefined && existsSync(pending)) {
    const next = readKeyFile(pending);
    if (deriveMasterKey(next).fingerprint === options.expected) {
      renameSync(pending, file);
      return { key: next, source: file, file, created: false };
    }
  }
  if (existsSync(file)) return { key: readKeyFile(file), source: file, file, created: false };
  if (!options.create) throw new BulwarkError('AUDIT_MASTER_KEY_MISSING', `no master key: ${MASTER_KEY_ENV} is not set and ${file} does not exist`);
  const key = generateMasterKey();
  writeKeyFile(file, key);
  return { key, source: file, file, created: true };
}

/** Writes a key file readable by its owner only; refuses to replace an existing file. */
export function writeKeyFile(file: string, key: Buffer): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, formatMasterKey(key));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

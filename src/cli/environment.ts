import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
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

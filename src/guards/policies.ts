import { compileGlobs, type Config } from '../core/index.js';
import { instantiateGuards, type GuardRegistry } from './registry.js';
import type { Guard } from './types.js';

export interface GuardSet {
  /** Policy name, or 'default'. */
  name: string;
  input: Guard[];
  output: Guard[];
}

export interface GuardSets {
  /** guards.use (or the default guard set): what runs when no policy matches. */
  fallback: GuardSet;
  /** First policy whose match holds for this tenant, key and model. Config decides, never the client. */
  select(tenantId: string, keyId: string, model: string | undefined): GuardSet;
  byName(name: string): GuardSet | undefined;
}

function toSet(name: string, guards: Guard[]): GuardSet {
  return { name, input: guards.filter((g) => g.stages.includes('input')), output: guards.filter((g) => g.stages.includes('output')) };
}

/** Instantiates every guard set once at start, so a bad policy fails the start, not a request. */
export function createGuardSets(config: Pick<Config, 'guards'>, registry: GuardRegistry): GuardSets {
  const enabled = config.guards.enabled;
  const fallback = toSet('default', enabled ? instantiateGuards(registry, config.guards.use) : []);
  const policies = config.guards.policies.map((p) => {
    const models = p.match.models ? compileGlobs(p.match.models) : undefined;
    const matchesAnything = p.match.tenants !== undefined || p.match.keys !== undefined || p.match.models !== undefined;
    return {
      set: toSet(p.name, enabled ? instantiateGuards(registry, p.use) : []),
      matches: (tenant: string, key: string, model: string | undefined): boolean =>
        matchesAnything &&
        (p.match.tenants === undefined || p.match.tenants.includes(tenant)) &&
        (p.match.keys === undefined || p.match.keys.includes(key)) &&
        (models === undefined || (model !== undefined && models(model))),
    };
  });
  return {
    fallback,
    select: (tenant, key, model) => policies.find((p) => p.matches(tenant, key, model))?.set ?? fallback,
    byName: (name) => (name === 'default' ? fallback : policies.find((p) => p.set.name === name)?.set),
  };
}

import { compileGlob, type Config, type GlobMatcher, type UpstreamConfig } from '../core/index.js';

export interface RouteTarget {
  name: string;
  config: UpstreamConfig;
}

export interface ModelRouter {
  /** First route whose glob matches; upstream hosts come only from config (no SSRF). */
  resolve(model: string): RouteTarget | undefined;
  /** Every upstream, in route order, once. */
  upstreams(): RouteTarget[];
  /** The upstream for calls that name no model (Ollama blobs, version): the first Ollama one. */
  firstOfType(type: UpstreamConfig['type']): RouteTarget | undefined;
}

export function createModelRouter(config: Pick<Config, 'routes' | 'upstreams'>): ModelRouter {
  const routes: { match: GlobMatcher; target: RouteTarget }[] = config.routes.map((r) => ({
    match: compileGlob(r.match),
    target: { name: r.upstream, config: config.upstreams[r.upstream]! },
  }));
  const ordered: RouteTarget[] = [];
  for (const r of routes) if (!ordered.some((t) => t.name === r.target.name)) ordered.push(r.target);
  return {
    resolve: (model) => routes.find((r) => r.match(model))?.target,
    upstreams: () => ordered,
    firstOfType: (type) => ordered.find((t) => t.config.type === type),
  };
}

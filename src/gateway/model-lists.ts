import type { Logger } from 'pino';
import { BulwarkError } from '../core/index.js';
import type { Principal } from './auth/index.js';
import type { ModelRouter, RouteTarget } from './router.js';
import { UpstreamHeadersTimeout, type UpstreamClient } from './upstream.js';
import type { UpstreamHead } from './upstream-call.js';

interface ListContext {
  router: ModelRouter;
  upstream: UpstreamClient;
  principal: Principal;
  logger: Logger;
}

type Json = Record<string, unknown>;

async function getJson(ctx: ListContext, target: RouteTarget, path: string): Promise<Json | undefined> {
  try {
    const call = ctx.upstream.call(target, { method: 'GET', path });
    const timer = setTimeout(() => call.abort(new UpstreamHeadersTimeout()), target.config.timeouts.headersMs);
    let head: UpstreamHead;
    let text: string;
    try {
      head = await call.head;
      text = (await call.body(16 * 1024 * 1024)).toString('utf8');
    } finally {
      clearTimeout(timer);
    }
    if (head.status >= 400) return undefined;
    const obj = JSON.parse(text) as unknown;
    return obj !== null && typeof obj === 'object' ? (obj as Json) : undefined;
  } catch (err) {
    ctx.logger.warn({ upstream: target.name, err: (err as Error).message }, 'model list from upstream failed');
    return undefined;
  }
}

/**
 * A key sees only models it could call: allowed by its globs and routed, by the first matching
 * route, to the upstream that listed them. Listing is how attackers find what to steal or burn.
 */
function visible(ctx: ListContext, target: RouteTarget, name: unknown): name is string {
  return typeof name === 'string' && ctx.principal.modelAllowed(name) && ctx.router.resolve(name)?.name === target.name;
}

export async function listModels(kind: 'models' | 'model' | 'tags' | 'ps', modelParam: string | undefined, ctx: ListContext): Promise<string> {
  const targets = ctx.router.upstreams().filter((t) => kind === 'models' || kind === 'model' || t.config.type === 'ollama');
  const results = await Promise.all(
    targets.map(async (t) => {
      const path = kind === 'ps' ? '/api/ps' : t.config.type === 'ollama' ? '/api/tags' : '/models';
      return { t, body: await getJson(ctx, t, path) };
    }),
  );
  if (targets.length > 0 && results.every((r) => r.body === undefined)) {
    throw new BulwarkError('UPSTREAM_UNREACHABLE', 'No upstream answered the model list.');
  }
  if (kind === 'tags' || kind === 'ps') {
    const models: Json[] = [];
    for (const { t, body } of results) {
      const list = Array.isArray(body?.models) ? (body.models as Json[]) : [];
      for (const m of list) if (visible(ctx, t, m.name ?? m.model)) models.push(m);
    }
    return JSON.stringify({ models });
  }
  const data: Json[] = [];
  for (const { t, body } of results) {
    if (t.config.type === 'ollama') {
      const list = Array.isArray(body?.models) ? (body.models as Json[]) : [];
      for (const m of list) {
        const name = m.name ?? m.model;
        if (visible(ctx, t, name)) data.push({ id: name, object: 'model', created: Math.floor(Date.parse(String(m.modified_at ?? '')) / 1000) || 0, owned_by: 'library' });
      }
    } else {
      const list = Array.isArray(body?.data) ? (body.data as Json[]) : [];
      for (const m of list) if (visible(ctx, t, m.id)) data.push(m);
    }
  }
  if (kind === 'model') {
    const hit = data.find((m) => m.id === modelParam);
    if (!hit) throw new BulwarkError('MODEL_NOT_ROUTED', `Model "${String(modelParam).slice(0, 128)}" is not available to this key.`);
    return JSON.stringify(hit);
  }
  return JSON.stringify({ object: 'list', data });
}

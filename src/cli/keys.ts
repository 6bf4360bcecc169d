import { BulwarkError, ROLES, type Role } from '../core/index.js';
import { createApiKey } from '../gateway/index.js';
import { openSqliteStore } from '../store/index.js';
import { parse, parseExpiry, positiveIntFlag } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const HELP = `bulwark keys create --tenant T [--role user|operator|admin] [--name N] [--models GLOB,...]
                    [--rpm N] [--tpm N] [--concurrency N] [--expires 30d|ISO-DATE] [--json]
bulwark keys list [--tenant T] [--json]
bulwark keys revoke KEY_ID
Common: [--config FILE]. The key is printed once at creation and stored only as a hash.`;

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

export async function keysCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(rest, {
    config: { type: 'string' },
    tenant: { type: 'string' },
    role: { type: 'string', default: 'user' },
    name: { type: 'string' },
    models: { type: 'string' },
    rpm: { type: 'string' },
    tpm: { type: 'string' },
    concurrency: { type: 'string' },
    expires: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help || sub === undefined) {
    environment.stdout.write(`${HELP}\n`);
    return sub === undefined && !values.help ? EXIT.ERROR : EXIT.OK;
  }
  const loaded = loadConfig(environment, values.config);
  const store = openSqliteStore({ path: loaded.storePath });
  const out = (s: string): void => void environment.stdout.write(`${s}\n`);
  try {
    const now = Date.now();
    switch (sub) {
      case 'create': {
        if (!values.tenant) throw new BulwarkError('USAGE', 'keys create: --tenant is required');
        if (!ROLES.includes(values.role as Role)) throw new BulwarkError('USAGE', `--role: expected one of ${ROLES.join(', ')}`);
        const limits = Object.fromEntries(
          Object.entries({ requestsPerMinute: positiveIntFlag('rpm', values.rpm), tokensPerMinute: positiveIntFlag('tpm', values.tpm), concurrency: positiveIntFlag('concurrency', values.concurrency) }).filter(([, v]) => v !== undefined),
        );
        const created = createApiKey(
          store,
          {
            tenantId: values.tenant,
            role: values.role as Role,
            name: values.name,
            allowedModels: values.models ? values.models.split(',').map((s) => s.trim()).filter(Boolean) : [],
            limits,
            expiresAt: values.expires ? parseExpiry(values.expires, now) : null,
          },
          now,
        );
        const r = created.record;
        if (values.json) out(JSON.stringify({ key: created.key, id: r.id, tenant: r.tenantId, role: r.role, allowedModels: r.allowedModels, limits: r.limits, expiresAt: r.expiresAt }));
        else out(`created key ${r.id} (tenant ${r.tenantId}, role ${r.role}); it is shown only now:\n${created.key}`);
        return EXIT.OK;
      }
      case 'list': {
        const keys = store.listKeys(values.tenant);
        if (values.json) {
          out(JSON.stringify(keys.map(({ hash: _hash, ...k }) => k)));
          return EXIT.OK;
        }
        out(['id', 'tenant', 'role', 'name', 'models', 'expires', 'status'].join('\t'));
        for (const k of keys) {
          const status = k.revokedAt !== null ? 'revoked' : k.expiresAt !== null && k.expiresAt <= now ? 'expired' : 'active';
          out([k.id, k.tenantId, k.role, k.name || '-', k.allowedModels.join(',') || '*', iso(k.expiresAt), status].join('\t'));
        }
        return EXIT.OK;
      }
      case 'revoke': {
        const id = positionals[0];
        if (!id) throw new BulwarkError('USAGE', 'keys revoke: give the key id (see `bulwark keys list`)');
        if (!store.revokeKey(id, now)) throw new BulwarkError('KEY_NOT_FOUND', `no key with id ${id}`);
        out(`revoked key ${id}; it is refused from the next request on`);
        return EXIT.OK;
      }
      default:
        throw new BulwarkError('USAGE', `unknown keys subcommand "${sub}"\n${HELP}`);
    }
  } finally {
    store.close();
  }
}

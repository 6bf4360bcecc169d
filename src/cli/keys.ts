import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { boundFingerprint, deriveMasterKey, generateMasterKey, openAuditTrail, resignCheckpoints, rewrapAll } from '../audit/index.js';
import { BulwarkError, ROLES, type Role } from '../core/index.js';
import { createApiKey } from '../gateway/index.js';
import { openSqliteAuditStore, openSqliteStore } from '../store/index.js';
import { parse, parseExpiry, positiveIntFlag } from './args.js';
import { auditPath, loadConfig, loadMasterKey, MASTER_KEY_ENV, writeKeyFile, type Environment, type LoadedConfig } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const HELP = `bulwark keys create --tenant T [--role user|operator|admin|auditor] [--name N] [--models GLOB,...]
                    [--rpm N] [--tpm N] [--concurrency N] [--expires 30d|ISO-DATE] [--json]
bulwark keys list [--tenant T] [--json]
bulwark keys revoke KEY_ID
bulwark keys rotate-master [--out FILE] [--json]
    A new audit master key: every data key is rewrapped and every checkpoint re-signed in one
    transaction; records are not re-encrypted and stay readable. The key file is replaced (or the
    new key is written to --out, required when the key comes from ${MASTER_KEY_ENV}).
    Stop \`bulwark serve\` first and start it again afterwards.
Common: [--config FILE]. An API key is printed once at creation and stored only as a hash.`;

/**
 * Master-key rotation. Crash-safe: the new key is written to <file>.new before the database
 * transaction and renamed over the old file after it commits; a start that finds the trail bound
 * to the key in <file>.new finishes the rename (loadMasterKey).
 */
async function rotateMaster(loaded: LoadedConfig, environment: Environment, out: string | undefined, json: boolean): Promise<ExitCode> {
  const path = auditPath(loaded);
  const exists = existsSync(path);
  let bound: string | undefined;
  if (exists) {
    const peek = openSqliteAuditStore({ path });
    try {
      bound = boundFingerprint(peek);
    } finally {
      peek.close();
    }
  }
  const current = loadMasterKey(environment, loaded, { create: false, expected: bound });
  const target = out !== undefined ? resolve(environment.cwd, out) : current.file;
  if (target === undefined) throw new BulwarkError('USAGE', `keys rotate-master: the master key comes from ${MASTER_KEY_ENV}; give --out FILE for the new key, then set ${MASTER_KEY_ENV} to it`);
  const from = deriveMasterKey(current.key);
  const next = generateMasterKey();
  const to = deriveMasterKey(next);
  const pending = `${target}.new`;
  rmSync(pending, { force: true });
  writeKeyFile(pending, next);
  let rewrapped = 0;
  let resigned = 0;
  if (bound !== undefined) {
    const store = openSqliteAuditStore({ path });
    try {
      store.transaction(() => {
        if (store.getMeta('master_fingerprint') !== from.fingerprint) throw new BulwarkError('AUDIT_MASTER_KEY_MISMATCH', `the master key (fingerprint ${from.fingerprint}) is not the one this audit trail is bound to`);
        rewrapped = rewrapAll(store, from, to);
        resigned = resignCheckpoints(store, from, to).resigned;
      });
    } catch (err) {
      rmSync(pending, { force: true });
      throw err;
    } finally {
      store.close();
    }
  }
  renameSync(pending, target);
  if (bound !== undefined) {
    const trail = await openAuditTrail({ path, masterKey: next, settings: loaded.config.audit, mode: 'inline' });
    try {
      await trail.append({ kind: 'master-rotated', time: Date.now(), tenantId: '', route: 'cli:keys rotate-master', detail: { via: 'cli', operator: environment.env.USER ?? environment.env.LOGNAME ?? null, from: from.fingerprint, to: to.fingerprint, dataKeys: rewrapped } });
    } finally {
      await trail.close();
    }
  }
  if (json) environment.stdout.write(`${JSON.stringify({ schemaVersion: 1, from: from.fingerprint, to: to.fingerprint, dataKeys: rewrapped, checkpoints: resigned, keyFile: target })}\n`);
  else {
    environment.stdout.write(
      `master key rotated: fingerprint ${from.fingerprint} -> ${to.fingerprint}; ${rewrapped} data key(s) rewrapped, ${resigned} checkpoint(s) re-signed; new key in ${target} (mode 0600)\n` +
        (current.file === undefined ? `set ${MASTER_KEY_ENV} to the content of ${target}, ` : '') +
        'then start `bulwark serve` again.\n',
    );
  }
  return EXIT.OK;
}

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
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help || sub === undefined) {
    environment.stdout.write(`${HELP}\n`);
    return sub === undefined && !values.help ? EXIT.ERROR : EXIT.OK;
  }
  const loaded = loadConfig(environment, values.config);
  if (sub === 'rotate-master') return rotateMaster(loaded, environment, values.out, values.json);
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

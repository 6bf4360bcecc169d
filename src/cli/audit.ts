import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import {
  buildAuditQuery,
  csvHeader,
  csvRow,
  deriveMasterKey,
  journalDir,
  openAuditTrail,
  TABLE_HEADER,
  tableRow,
  verifyChains,
  type AuditFilterInput,
  type AuditTrail,
  type AuditView,
} from '../audit/index.js';
import { BulwarkError } from '../core/index.js';
import { openSqliteAuditStore, openSqliteStore } from '../store/index.js';
import { parse, positiveIntFlag } from './args.js';
import { auditPath, loadConfig, loadMasterKey, type Environment, type LoadedConfig } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';

const HELP = `bulwark audit verify [--tenant T] [--json]
    Recomputes every hash chain and checks the signed heads and anchors; names the first broken
    record of each tenant. Exit 1 when anything is broken.
bulwark audit search --tenant T [filters] [--limit N] [--with-content] [--json]
bulwark audit export --tenant T --format jsonl|csv [filters] [--with-content] [--out FILE]
    filters: --key KEY_ID --since 24h|ISO --until 24h|ISO --model M --verdict allow|flag|redact|block
             --code FINDING_CODE --kind request|audit-read|...
    --with-content decrypts request and answer text; every such read is itself recorded.
bulwark audit forget --tenant T --subject S
    Crypto-shreds the subject's content (S: the audit.subjectHeader value, else the API key id).
bulwark audit purge [--tenant T]
    Deletes records older than their tenant's retention (audit.retentionDays, audit.tenants).
Common: [--config FILE]. The master key comes from BULWARK_MASTER_KEY or audit.masterKeyFile.`;

const FILTER_FLAGS = {
  key: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  model: { type: 'string' },
  verdict: { type: 'string' },
  code: { type: 'string' },
  kind: { type: 'string' },
} as const;

/** Errors in a filter are usage errors on the command line. */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof BulwarkError && err.code === 'INVALID_REQUEST') throw new BulwarkError('USAGE', `--${err.message}`);
    throw err;
  }
}

/** Whether a process of this machine exists (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The operator who ran a CLI read, for its audit record. */
function operator(environment: Environment): string | null {
  return environment.env.USER ?? environment.env.LOGNAME ?? null;
}

async function openTrail(loaded: LoadedConfig, environment: Environment): Promise<AuditTrail> {
  const path = auditPath(loaded);
  if (!existsSync(path)) throw new BulwarkError('STORE_ERROR', `no audit trail at ${path} (serve has not run with audit.enabled, or audit.path points elsewhere)`);
  const key = loadMasterKey(environment, loaded, { create: false });
  return openAuditTrail({ path, masterKey: key.key, settings: loaded.config.audit, mode: 'inline', isAlive: processAlive });
}

/**
 * CLI reads are scoped to one tenant, like the HTTP API: a key filter naming another tenant's
 * key is refused rather than answered with an empty list.
 */
function checkKeyTenant(loaded: LoadedConfig, tenant: string, keyId: string | undefined): void {
  if (keyId === undefined) return;
  const store = openSqliteStore({ path: loaded.storePath });
  try {
    const key = store.getKey(keyId);
    if (key !== undefined && key.tenantId !== tenant) throw new BulwarkError('AUDIT_TENANT_FORBIDDEN', `key ${keyId} belongs to another tenant; audit reads are scoped to --tenant ${tenant}`);
  } finally {
    store.close();
  }
}

export async function auditCommand(args: string[], environment: Environment): Promise<ExitCode> {
  if (args[0] === '--help' || args[0] === '-h') {
    environment.stdout.write(`${HELP}\n`);
    return EXIT.OK;
  }
  const [sub, ...rest] = args;
  const { values } = parse(
    rest,
    {
      config: { type: 'string' },
      tenant: { type: 'string' },
      subject: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      'with-content': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...FILTER_FLAGS,
    },
    false,
  );
  if (values.help || sub === undefined) {
    environment.stdout.write(`${HELP}\n`);
    return sub === undefined && !values.help ? EXIT.ERROR : EXIT.OK;
  }
  const out = (s: string): void => void environment.stdout.write(`${s}\n`);
  const loaded = loadConfig(environment, values.config);

  switch (sub) {
    case 'verify': {
      const path = auditPath(loaded);
      if (!existsSync(path)) {
        out(`no audit trail at ${path}: nothing to verify`);
        return EXIT.NOTHING;
      }
      const key = loadMasterKey(environment, loaded, { create: false });
      // Opening the trail replays what a crashed serve journaled but did not ingest yet.
      await (await openTrail(loaded, environment)).close();
      const store = openSqliteAuditStore({ path });
      try {
        const report = verifyChains(store, deriveMasterKey(key.key), { segments: journalDir(path), tenantId: values.tenant });
        if (values.json) out(JSON.stringify(report));
        else if (report.ok) {
          out(`audit trail verified: ${report.records} record(s) in ${report.chains.length} chain(s), signed heads match`);
          for (const c of report.chains) out(`  ${c.tenant === '' ? '(unauthenticated)' : c.tenant}: ${c.records} record(s)${c.first !== null ? ` #${c.first}..#${c.last}` : ''}, head ${c.headHash?.slice(0, 16) ?? '-'}`);
        } else {
          out(`audit trail BROKEN: ${report.problems.length} of ${report.chains.length} chain(s)`);
          for (const p of report.problems) out(`  ${p.message} [${p.kind}]`);
        }
        return report.ok ? EXIT.OK : EXIT.FINDINGS;
      } finally {
        store.close();
      }
    }

    case 'search':
    case 'export': {
      if (values.tenant === undefined) throw new BulwarkError('USAGE', `audit ${sub}: --tenant is required (reads are scoped to one tenant)`);
      const format = sub === 'search' ? (values.json ? 'jsonl' : 'table') : values.format;
      if (format !== 'table' && format !== 'jsonl' && format !== 'csv') throw new BulwarkError('USAGE', 'audit export: --format jsonl|csv is required');
      const tenant = values.tenant;
      const now = Date.now();
      const filters: AuditFilterInput = { key: values.key, since: values.since, until: values.until, model: values.model, verdict: values.verdict, code: values.code, kind: values.kind };
      const limit = positiveIntFlag('limit', values.limit);
      const query = usage(() => buildAuditQuery(tenant, { ...filters, limit: limit === undefined ? undefined : String(limit) }, now));
      checkKeyTenant(loaded, tenant, query.keyId);
      const withContent = values['with-content'];
      const trail = await openTrail(loaded, environment);
      try {
        const sink: NodeJS.WritableStream = values.out === undefined ? environment.stdout : createWriteStream(values.out, { mode: 0o600 });
        const write = (line: string): boolean => sink.write(`${line}\n`);
        if (format === 'table') write(TABLE_HEADER);
        if (format === 'csv') write(csvHeader(withContent));
        let n = 0;
        let first: number | null = null;
        let last: number | null = null;
        for (const v of trail.reader.search(query, { withContent })) {
          n++;
          first ??= v.seq;
          last = v.seq;
          const line = format === 'table' ? tableRow(v) : format === 'csv' ? csvRow(v, withContent) : JSON.stringify(v satisfies AuditView);
          if (!write(line)) await new Promise((resolve) => sink.once('drain', resolve));
        }
        if (sink !== environment.stdout) {
          sink.end();
          await finished(sink as NodeJS.WritableStream & NodeJS.EventEmitter);
        }
        if (withContent || sub === 'export') {
          await trail.append({
            kind: 'audit-read',
            time: Date.now(),
            tenantId: tenant,
            route: `cli:audit ${sub}`,
            detail: { via: 'cli', operator: operator(environment), read: n, first, last, content: withContent, format, filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) },
          });
        }
        if (format === 'table') environment.stderr.write(`${n} record(s)\n`);
        return EXIT.OK;
      } finally {
        await trail.close();
      }
    }

    case 'forget': {
      if (values.tenant === undefined || values.subject === undefined || values.subject === '') throw new BulwarkError('USAGE', 'audit forget: --tenant and --subject are required');
      const trail = await openTrail(loaded, environment);
      try {
        const r = await trail.forget(values.tenant, values.subject, { via: 'cli', operator: operator(environment) });
        if (values.json) out(JSON.stringify({ schemaVersion: 1, ...r }));
        else out(`forgot subject ${r.subject} of tenant ${values.tenant}: ${r.dataKeys} data key(s) destroyed, content of ${r.records} record(s) erased; the chain still verifies`);
        return EXIT.OK;
      } finally {
        await trail.close();
      }
    }

    case 'purge': {
      const trail = await openTrail(loaded, environment);
      try {
        const results = await trail.purge({ tenantId: values.tenant, detail: { via: 'cli', operator: operator(environment) } });
        if (values.json) out(JSON.stringify({ schemaVersion: 1, purged: results }));
        else if (results.length === 0) out('nothing expired');
        else for (const r of results) out(`tenant ${r.tenant || '(unauthenticated)'}: ${r.deleted} record(s) older than ${new Date(r.cutoff).toISOString()} deleted; the chain now starts at #${r.firstKept}`);
        return EXIT.OK;
      } finally {
        await trail.close();
      }
    }

    default:
      throw new BulwarkError('USAGE', `unknown audit subcommand "${sub}"\n${HELP}`);
  }
}

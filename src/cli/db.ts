import { resolve } from 'node:path';
import { BulwarkError } from '../core/index.js';
import { advisoryDbStatus, importEpss, importKev, importOsv, openAdvisoryDb, type DbStatus } from '../scan/advisories/index.js';
import { parse } from './args.js';
import { loadConfig, type Environment } from './environment.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { advisoryDbPath } from './scan-deps.js';

const HELP = `bulwark db: the offline advisory database

  bulwark db import ZIP|DIR|JSON...    OSV advisories: the per-ecosystem all.zip archives osv.dev
                                       publishes (npm, PyPI), directories of OSV .json files, or files
  bulwark db import-epss FILE.csv.gz   FIRST EPSS scores (replaces the stored scores)
  bulwark db import-kev FILE.json      CISA Known Exploited Vulnerabilities catalogue (replaces it)
  bulwark db status [--json]           what is loaded and how old it is

  --db FILE       the database (default scan.deps.database in the data directory)
  --config FILE   configuration file

Every import runs in one transaction: if it fails, the database is exactly as it was.`;

const OPTIONS = {
  db: { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function ageText(iso: string | undefined, now: number): string {
  if (iso === undefined) return 'never';
  const hours = (now - Date.parse(iso)) / 3_600_000;
  return `${iso} (${hours < 48 ? `${Math.max(0, Math.round(hours))} h` : `${Math.round(hours / 24)} days`} ago)`;
}

function statusText(s: DbStatus, now: number): string {
  const eco = Object.entries(s.byEcosystem).map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `advisory database: ${s.path}`,
    `  advisories:  ${s.advisories} (${s.withdrawn} withdrawn, ${s.malicious} malicious packages)${eco !== '' ? `; ${eco}` : ''}`,
    `  OSV import:  ${ageText(s.lastImport.osv, now)}`,
    `  EPSS:        ${s.epss.count} scores${s.epss.scoreDate ? `, scored ${s.epss.scoreDate}` : ''}${s.epss.model ? `, model ${s.epss.model}` : ''}; imported ${ageText(s.lastImport.epss, now)}`,
    `  KEV:         ${s.kev.count} CVEs${s.kev.catalogVersion ? `, catalogue ${s.kev.catalogVersion}` : ''}; imported ${ageText(s.lastImport.kev, now)}`,
  ].join('\n');
}

export async function dbCommand(args: string[], environment: Environment): Promise<ExitCode> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    environment.stdout.write(`${HELP}\n`);
    return sub === undefined ? EXIT.ERROR : EXIT.OK;
  }
  const { values, positionals } = parse(rest, OPTIONS);
  if (values.help) {
    environment.stdout.write(`${HELP}\n`);
    return EXIT.OK;
  }
  const loaded = loadConfig(environment, values.config);
  const path = advisoryDbPath(environment, loaded, values.db);
  const out = (s: string) => void environment.stdout.write(`${s}\n`);
  const files = positionals.map((f) => resolve(environment.cwd, f));
  const now = Date.now;
  switch (sub) {
    case 'import': {
      if (files.length === 0) throw new BulwarkError('USAGE', 'db import: give one or more OSV all.zip archives, directories or .json files');
      const db = openAdvisoryDb(path, { create: true });
      try {
        const r = await importOsv(db, files, { limits: loaded.config.scan.deps.import, now });
        if (values.json) out(JSON.stringify({ schemaVersion: 1, database: path, ...r }));
        else out(`imported ${r.advisories} advisories from ${r.sources} source(s) into ${path}${r.withdrawn > 0 ? ` (${r.withdrawn} withdrawn, kept and ignored when matching)` : ''}${r.older > 0 ? `; ${r.older} older than the stored copy were skipped` : ''}`);
      } finally {
        db.close();
      }
      return EXIT.OK;
    }
    case 'import-epss':
    case 'import-kev': {
      if (files.length !== 1) throw new BulwarkError('USAGE', `db ${sub}: give exactly one file`);
      const db = openAdvisoryDb(path, { create: true });
      try {
        if (sub === 'import-epss') {
          const r = await importEpss(db, files[0]!, { now });
          if (values.json) out(JSON.stringify({ schemaVersion: 1, database: path, ...r }));
          else out(`imported ${r.count} EPSS scores${r.scoreDate ? ` (scored ${r.scoreDate})` : ''} into ${path}`);
        } else {
          const r = importKev(db, files[0]!, { now });
          if (values.json) out(JSON.stringify({ schemaVersion: 1, database: path, ...r }));
          else out(`imported ${r.count} known exploited CVEs${r.catalogVersion ? ` (catalogue ${r.catalogVersion})` : ''} into ${path}`);
        }
      } finally {
        db.close();
      }
      return EXIT.OK;
    }
    case 'status': {
      if (files.length > 0) throw new BulwarkError('USAGE', 'db status takes no arguments');
      const db = openAdvisoryDb(path, { create: false });
      try {
        const s = advisoryDbStatus(db);
        if (values.json) out(JSON.stringify({ schemaVersion: 1, ...s }, null, 2));
        else out(statusText(s, now()));
      } finally {
        db.close();
      }
      return EXIT.OK;
    }
    default:
      throw new BulwarkError('USAGE', `unknown db command "${sub}"; expected import, import-epss, import-kev or status`);
  }
}

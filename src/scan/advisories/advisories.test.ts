import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/index.js';
import { advisoryDbStatus, createZipWriter, importEpss, importKev, importOsv, openAdvisoryDb, type AdvisoryDb } from './index.js';

const dirs: string[] = [];
const dbs: AdvisoryDb[] = [];
afterEach(() => {
  while (dbs.length) dbs.pop()!.close();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'bulwark-adv-'));
  dirs.push(d);
  return d;
}
function open(path: string): AdvisoryDb {
  const db = openAdvisoryDb(path, { create: true });
  dbs.push(db);
  return db;
}
const now = () => Date.parse('2026-11-25T00:00:00Z');

const advisory = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  modified: '2026-01-01T00:00:00Z',
  aliases: [],
  affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }],
  ...extra,
});

function zipOf(path: string, members: { name: string; data: Buffer; declaredSize?: number }[]): string {
  const z = createZipWriter(path);
  for (const m of members) z.add(m);
  z.close();
  return path;
}
const json = (o: unknown) => Buffer.from(JSON.stringify(o));

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(BulwarkError);
    return (err as BulwarkError).code;
  }
  return 'no error';
}

/** Everything in the tables, to compare before and after a failed import. */
function snapshot(db: AdvisoryDb): string {
  const s = db.sqlite;
  return JSON.stringify(['advisories', 'affected', 'epss', 'kev', 'imports', 'meta'].map((t) => s.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
}

describe('OSV import', () => {
  it('reads all.zip archives, directories and single files; PyPI names normalised; newer copies win', async () => {
    const d = tmp();
    const db = open(join(d, 'a.db'));
    zipOf(join(d, 'npm.zip'), [
      { name: 'GHSA-1.json', data: json(advisory('GHSA-1', 'left-pad')) },
      { name: 'MAL-1.json', data: json(advisory('MAL-1', 'evil')) },
      { name: 'README.txt', data: Buffer.from('not json, skipped') },
    ]);
    mkdirSync(join(d, 'pypi', 'nested'), { recursive: true });
    writeFileSync(join(d, 'pypi', 'nested', 'PYSEC-1.json'), JSON.stringify({ ...advisory('PYSEC-1', 'x'), affected: [{ package: { ecosystem: 'PyPI', name: 'Zope.Interface' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] }));
    writeFileSync(join(d, 'withdrawn.json'), JSON.stringify(advisory('GHSA-W', 'left-pad', { withdrawn: '2026-02-01T00:00:00Z' })));
    const r = await importOsv(db, [join(d, 'npm.zip'), join(d, 'pypi'), join(d, 'withdrawn.json')], { now });
    expect(r).toEqual({ sources: 3, advisories: 4, older: 0, withdrawn: 1 });
    expect(db.advisoriesFor('npm', 'left-pad').map((a) => a.id)).toEqual(['GHSA-1']);
    expect(db.advisoriesFor('PyPI', 'zope-interface').map((a) => a.id)).toEqual(['PYSEC-1']);
    const s = advisoryDbStatus(db);
    expect(s).toMatchObject({ advisories: 4, withdrawn: 1, malicious: 1, byEcosystem: { PyPI: 1, npm: 3 } });
    expect(s.lastImport.osv).toBe('2026-11-25T00:00:00.000Z');

    // an older copy of GHSA-1 is skipped; a newer one replaces it (and its affected rows)
    writeFileSync(join(d, 'old.json'), JSON.stringify({ ...advisory('GHSA-1', 'other'), modified: '2020-01-01T00:00:00Z' }));
    expect((await importOsv(db, [join(d, 'old.json')], { now })).older).toBe(1);
    writeFileSync(join(d, 'new.json'), JSON.stringify({ ...advisory('GHSA-1', 'other'), modified: '2027-01-01T00:00:00Z' }));
    await importOsv(db, [join(d, 'new.json')], { now });
    expect(db.advisoriesFor('npm', 'left-pad')).toEqual([]);
    expect(db.advisoriesFor('npm', 'other').map((a) => a.id)).toEqual(['GHSA-1']);
  });

  it('a failing import leaves the database exactly as it was (one transaction)', async () => {
    const d = tmp();
    const db = open(join(d, 'a.db'));
    writeFileSync(join(d, 'good.json'), JSON.stringify(advisory('GHSA-good', 'a')));
    await importOsv(db, [join(d, 'good.json')], { now });
    const before = snapshot(db);
    // 50 valid advisories, then one invalid: nothing of the 50 may stay
    zipOf(join(d, 'bad.zip'), [...Array.from({ length: 50 }, (_, i) => ({ name: `G-${i}.json`, data: json(advisory(`G-${i}`, `p${i}`)) })), { name: 'broken.json', data: Buffer.from('{"id": "X", "modified": ') }]);
    expect(await codeOf(importOsv(db, [join(d, 'bad.zip')], { now }))).toBe('ADVISORY_IMPORT_INVALID');
    expect(snapshot(db)).toBe(before);
    // a valid source followed by a missing one: also all or nothing
    expect(await codeOf(importOsv(db, [join(d, 'good.json'), join(d, 'missing.zip')], { now }))).toBe('USAGE');
    expect(snapshot(db)).toBe(before);
  });

  it('zip bombs are refused before or while inflating, and roll back', async () => {
    const d = tmp();
    const db = open(join(d, 'a.db'));
    const before = snapshot(db);
    const zeros = Buffer.alloc(64 * 1024 * 1024); // deflates to ~64 KiB: a 1000:1 ratio
    zipOf(join(d, 'honest.zip'), [{ name: 'a.json', data: json(advisory('A', 'a')) }, { name: 'bomb.json', data: zeros }]);
    expect(await codeOf(importOsv(db, [join(d, 'honest.zip')], { now }))).toBe('ADVISORY_ZIP_BOMB');
    // the header lies: declares 100 bytes, inflates to 64 MiB
    zipOf(join(d, 'liar.zip'), [{ name: 'bomb.json', data: zeros, declaredSize: 100 }]);
    expect(await codeOf(importOsv(db, [join(d, 'liar.zip')], { now }))).toBe('ADVISORY_ZIP_BOMB');
    // per-entry size limit on an honest, incompressible-enough entry
    zipOf(join(d, 'big.zip'), [{ name: 'big.json', data: Buffer.from(JSON.stringify({ pad: 'x'.repeat(3000) })) }]);
    expect(await codeOf(importOsv(db, [join(d, 'big.zip')], { now, limits: { maxEntryBytes: 1000, maxTotalBytes: 1e9, maxEntries: 10, maxRatio: 200 } }))).toBe('ADVISORY_ZIP_BOMB');
    expect(snapshot(db)).toBe(before);
  });

  it('truncated and non-zip archives, and advisories nested a million deep, get codes', async () => {
    const d = tmp();
    const db = open(join(d, 'a.db'));
    zipOf(join(d, 'ok.zip'), Array.from({ length: 20 }, (_, i) => ({ name: `G-${i}.json`, data: json(advisory(`G-${i}`, 'p')) })));
    const whole = readFileSync(join(d, 'ok.zip'));
    writeFileSync(join(d, 'truncated.zip'), whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await codeOf(importOsv(db, [join(d, 'truncated.zip')], { now }))).toBe('ADVISORY_ARCHIVE_INVALID');
    writeFileSync(join(d, 'text.zip'), 'hello');
    expect(await codeOf(importOsv(db, [join(d, 'text.zip')], { now }))).toBe('ADVISORY_ARCHIVE_INVALID');
    writeFileSync(join(d, 'deep.json'), `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`);
    expect(await codeOf(importOsv(db, [join(d, 'deep.json')], { now }))).toBe('ADVISORY_IMPORT_INVALID');
    expect(advisoryDbStatus(db).advisories).toBe(0);
  });
});

describe('EPSS and KEV', () => {
  const epss = (rows: string) => gzipSync(`#model_version:v2025.03.14,score_date:2026-11-24T00:00:00+0000\ncve,epss,percentile\n${rows}`);

  it('imports EPSS scores and replaces them on the next import; a bad row rolls back', async () => {
    const d = tmp();
    const db = open(join(d, 'a.db'));
    writeFileSync(join(d, 'e.csv.gz'), epss('CVE-2024-0001,0.97,0.999\nCVE-2024-0002,0.0004,0.1\n'));
    expect(await importEpss(db, join(d, 'e.csv.gz'), { now })).toEqual({ count: 2, model: 'v2025.03.14', scoreDate: '2026-11-24T00:00:00+0000' });
    expect(db.epss('CVE-2024-0001')).toEqual({ score: 0.97, percentile: 0.999 });
    const before = snapshot(db);
    writeFileSync(join(d, 'bad.csv.gz'), epss('CVE-2024-0003,0.5,0.5\nCVE-2024-0004,1.5,0.5\n'));
    expect(await codeOf(importEpss(db, join(d, 'bad.csv.gz'), { now }))).toBe('ADVISORY_IMPORT_INVALID');
    writeFileSync(join(d, 'noheader.csv.gz'), gzipSync('a,b,c\n'));
    expect(await codeOf(importEpss(db, join(d, 'noheader.csv.gz'), { now }))).toBe('ADVISORY_IMPORT_INVALID');
    const whole = epss(Array.from({ length: 5000 }, (_, i) => `CVE-2024-${String(10000 + i)},0.1,0.2`).join('\n'));
    writeFileSync(join(d, 'truncated.csv.gz'), whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await codeOf(importEpss(db, join(d, 'truncated.csv.gz'), { now }))).toBe('ADVISORY_ARCHIVE_INVALID');
    writeFileSync(join(d, 'plain.csv.gz'), 'cve,epss,percentile\n');
    expect(await codeOf(importEpss(db, join(d, 'plain.csv.gz'), { now }))).toBe('ADVISORY_ARCHIVE_INVALID');
    expect(snapshot(db)).toBe(before);
    // decompression is capped
    writeFileSync(join(d, 'huge.csv.gz'), gzipSync(Buffer.concat([Buffer.from('cve,epss,percentile\n'), Buffer.alloc(4 * 1024 * 1024, 0x0a)])));
    expect(await codeOf(importEpss(db, join(d, 'huge.csv.gz'), { now, maxBytes: 1024 * 1024 }))).toBe('ADVISORY_ZIP_BOMB');
    expect(snapshot(db)).toBe(before);
  });

  it('imports the KEV catalogue; an invalid one rolls back', async () => {
    const d = tmp();
    const db = open(join(d, 'a.db'));
    const kev = { title: 'CISA Catalog of Known Exploited Vulnerabilities', catalogVersion: '2026.11.24', dateReleased: '2026-11-24T17:00:00.000Z', count: 1, vulnerabilities: [{ cveID: 'CVE-2021-44228', vendorProject: 'Apache', product: 'Log4j2', vulnerabilityName: 'Apache Log4j2 RCE', dateAdded: '2021-12-10', knownRansomwareCampaignUse: 'Known' }] };
    writeFileSync(join(d, 'kev.json'), JSON.stringify(kev));
    expect(importKev(db, join(d, 'kev.json'), { now })).toEqual({ count: 1, catalogVersion: '2026.11.24' });
    expect(db.kev('CVE-2021-44228')).toEqual({ dateAdded: '2021-12-10', name: 'Apache Log4j2 RCE', ransomware: 'Known' });
    const before = snapshot(db);
    writeFileSync(join(d, 'bad.json'), JSON.stringify({ ...kev, vulnerabilities: [...kev.vulnerabilities, { cveID: 'nope' }] }));
    expect(await codeOf(() => importKev(db, join(d, 'bad.json'), { now }))).toBe('ADVISORY_IMPORT_INVALID');
    writeFileSync(join(d, 'deep.json'), '{"vulnerabilities":' + '['.repeat(1_000_000));
    expect(await codeOf(() => importKev(db, join(d, 'deep.json'), { now }))).toBe('DEPS_JSON_TOO_DEEP');
    writeFileSync(join(d, 'notjson.json'), '{');
    expect(await codeOf(() => importKev(db, join(d, 'notjson.json'), { now }))).toBe('ADVISORY_IMPORT_INVALID');
    expect(snapshot(db)).toBe(before);
  });
});

describe('opening', () => {
  it('missing, foreign and newer files get their own codes', async () => {
    const d = tmp();
    expect(await codeOf(() => openAdvisoryDb(join(d, 'none.db'), { create: false }))).toBe('ADVISORY_DB_MISSING');
    const foreign = new Database(join(d, 'foreign.db'));
    foreign.exec('CREATE TABLE x (a)');
    foreign.close();
    expect(await codeOf(() => openAdvisoryDb(join(d, 'foreign.db'), { create: true }))).toBe('ADVISORY_DB_ERROR');
    const newer = new Database(join(d, 'newer.db'));
    newer.pragma('user_version = 99');
    newer.close();
    expect(await codeOf(() => openAdvisoryDb(join(d, 'newer.db'), { create: false }))).toBe('ADVISORY_DB_ERROR');
    const older = new Database(join(d, 'older.db'));
    older.exec('CREATE TABLE advisories (id TEXT)');
    older.pragma('user_version = 1');
    older.close();
    expect(await codeOf(() => openAdvisoryDb(join(d, 'older.db'), { create: false }))).toBe('ADVISORY_DB_ERROR');
    writeFileSync(join(d, 'garbage.db'), 'this is not sqlite at all, just some bytes to fill a page'.repeat(100));
    expect(await codeOf(() => openAdvisoryDb(join(d, 'garbage.db'), { create: false }))).toBe('ADVISORY_DB_ERROR');
  });
});

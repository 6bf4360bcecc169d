import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BulwarkError } from '../../core/index.js';
import { MAX_NESTING, nestingDepth } from '../deps/index.js';
import type { AdvisoryDb } from './db.js';

const CVE = /^CVE-\d{4}-\d{4,}$/;

function fileOrUsage(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    throw new BulwarkError('USAGE', `no such file: ${path}`);
  }
}

/**
 * FIRST EPSS scores (https://www.first.org/epss/data_stats): gzip CSV whose first line is
 * "#model_version:…,score_date:…" and header "cve,epss,percentile". The whole table is replaced in
 * one transaction; a bad row or a truncated archive rolls it back. Decompression is capped at
 * `maxBytes` (the real file is ~10 MB decompressed).
 */
export async function importEpss(db: AdvisoryDb, path: string, options: { now: () => number; maxBytes?: number }): Promise<{ count: number; model?: string; scoreDate?: string }> {
  fileOrUsage(path);
  const maxBytes = options.maxBytes ?? 1024 * 1024 * 1024;
  const s = db.sqlite;
  const put = s.prepare('INSERT OR REPLACE INTO epss (cve, score, percentile) VALUES (?, ?, ?)');
  const setMeta = s.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  let produced = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      produced += chunk.length;
      if (produced > maxBytes) cb(new BulwarkError('ADVISORY_ZIP_BOMB', `${basename(path)}: decompresses past ${maxBytes} bytes`));
      else cb(null, chunk);
    },
  });
  const file = createReadStream(path);
  // pipeline() destroys every stage on the first error, so the loop below rejects instead of
  // waiting forever on a truncated or non-gzip file.
  const text = pipeline(file, createGunzip(), cap, () => {}) as Transform;
  text.setEncoding('utf8');
  async function* linesOf(): AsyncGenerator<string> {
    let rest = '';
    for await (const chunk of text as AsyncIterable<string>) {
      rest += chunk;
      let i: number;
      while ((i = rest.indexOf('\n')) >= 0) {
        yield rest.slice(0, i).replace(/\r$/, '');
        rest = rest.slice(i + 1);
      }
      if (rest.length > 4096) yield rest;
    }
    if (rest !== '') yield rest;
  }
  const lines = linesOf();
  let count = 0;
  let model: string | undefined;
  let scoreDate: string | undefined;
  let sawHeader = false;
  let n = 0;
  s.exec('BEGIN IMMEDIATE');
  try {
    s.exec('DELETE FROM epss');
    for await (const line of lines) {
      n++;
      if (line.length > 1000) throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)} line ${n}: longer than 1000 characters`);
      if (line.startsWith('#')) {
        model = /model_version:([^,]+)/.exec(line)?.[1]?.trim();
        scoreDate = /score_date:([^,]+)/.exec(line)?.[1]?.trim();
        continue;
      }
      if (!sawHeader) {
        if (line.trim() !== 'cve,epss,percentile') throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)} line ${n}: expected the header "cve,epss,percentile"`);
        sawHeader = true;
        continue;
      }
      if (line.trim() === '') continue;
      const [cve, e, p] = line.split(',');
      const score = Number(e);
      const percentile = Number(p);
      if (cve === undefined || !CVE.test(cve) || !(score >= 0 && score <= 1) || !(percentile >= 0 && percentile <= 1)) throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)} line ${n}: expected CVE-id,probability,percentile`);
      put.run(cve, score, percentile);
      count++;
    }
    if (!sawHeader) throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)}: no "cve,epss,percentile" header`);
    if (model !== undefined) setMeta.run('epss_model', model.slice(0, 100));
    if (scoreDate !== undefined) setMeta.run('epss_score_date', scoreDate.slice(0, 100));
    s.prepare('INSERT INTO imports (kind, source, imported_at, count, detail) VALUES (?, ?, ?, ?, ?)').run('epss', basename(path), new Date(options.now()).toISOString(), count, scoreDate ?? null);
    s.exec('COMMIT');
  } catch (err) {
    if (s.inTransaction) s.exec('ROLLBACK');
    file.destroy();
    const e = err;
    if (e instanceof BulwarkError) throw e;
    throw new BulwarkError('ADVISORY_ARCHIVE_INVALID', `${basename(path)}: not a readable gzip file (${String((e as Error)?.message ?? e).slice(0, 120)})`);
  }
  return { count, ...(model !== undefined ? { model } : {}), ...(scoreDate !== undefined ? { scoreDate } : {}) };
}

/**
 * CISA Known Exploited Vulnerabilities catalogue (JSON feed: {catalogVersion, dateReleased,
 * vulnerabilities[{cveID, vulnerabilityName, dateAdded, knownRansomwareCampaignUse, …}]}),
 * replacing the stored catalogue in one transaction.
 */
export function importKev(db: AdvisoryDb, path: string, options: { now: () => number; maxBytes?: number }): { count: number; catalogVersion?: string } {
  const size = fileOrUsage(path);
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  if (size > maxBytes) throw new BulwarkError('DEPS_FILE_TOO_LARGE', `${basename(path)}: ${size} bytes (limit ${maxBytes})`);
  const text = readFileSync(path, 'utf8');
  if (nestingDepth(text) > MAX_NESTING) throw new BulwarkError('DEPS_JSON_TOO_DEEP', `${basename(path)}: nested deeper than ${MAX_NESTING} levels`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)}: not valid JSON (${(err as Error).message.slice(0, 80)})`);
  }
  const o = doc as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.vulnerabilities)) throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)}: not a KEV catalogue (no "vulnerabilities" array)`);
  const s = db.sqlite;
  const put = s.prepare('INSERT OR REPLACE INTO kev (cve, date_added, name, ransomware) VALUES (?, ?, ?, ?)');
  const setMeta = s.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const str = (v: unknown) => (typeof v === 'string' ? v.slice(0, 300) : null);
  let count = 0;
  s.transaction(() => {
    s.exec('DELETE FROM kev');
    for (const [i, v] of (o.vulnerabilities as unknown[]).entries()) {
      const cve = (v as Record<string, unknown> | null)?.cveID;
      if (typeof cve !== 'string' || !CVE.test(cve)) throw new BulwarkError('ADVISORY_IMPORT_INVALID', `${basename(path)}: vulnerabilities[${i}].cveID is not a CVE id`);
      const r = v as Record<string, unknown>;
      put.run(cve, str(r.dateAdded), str(r.vulnerabilityName), str(r.knownRansomwareCampaignUse));
      count++;
    }
    if (typeof o.catalogVersion === 'string') setMeta.run('kev_catalog_version', o.catalogVersion.slice(0, 100));
    if (typeof o.dateReleased === 'string') setMeta.run('kev_date_released', o.dateReleased.slice(0, 100));
    s.prepare('INSERT INTO imports (kind, source, imported_at, count, detail) VALUES (?, ?, ?, ?, ?)').run('kev', basename(path), new Date(options.now()).toISOString(), count, str(o.catalogVersion));
  })();
  return { count, ...(typeof o.catalogVersion === 'string' ? { catalogVersion: o.catalogVersion } : {}) };
}

import { describe, expect, it } from 'vitest';
import { createMemorySource, isAffected, matchPackages, readOsvAdvisory, type DepPackage, type OsvAdvisory, type OsvAffected } from './index.js';

/**
 * Hand-made OSV advisories. Each expected verdict is derived by hand from the OSV schema's
 * "Evaluation" pseudocode (docs/schema.md): a version is affected when listed in `versions`, or
 * when — inside the range's limits (v < some `limit`, or no limit at all) — the last applicable
 * event in version order is an `introduced` (v >= introduced; "0" is before everything) not
 * followed by a `fixed` with v >= fixed or a `last_affected` with v > last_affected. Version
 * order is SemVer 2.0.0 §11 for npm (pre-releases before their release, numeric identifiers
 * numerically) and PEP 440 for PyPI (see pep440.test.ts for where each rule comes from).
 */
const npm = (ranges: OsvAffected['ranges'], versions: string[] = []): OsvAffected => ({ ecosystem: 'npm', name: 'pkg', ranges, versions });
const pypi = (ranges: OsvAffected['ranges'], versions: string[] = []): OsvAffected => ({ ecosystem: 'PyPI', name: 'pkg', ranges, versions });

describe('OSV range evaluation', () => {
  const table: [string, OsvAffected, Record<string, boolean>][] = [
    ['introduced 0 only: everything', npm([{ type: 'SEMVER', events: [{ introduced: '0' }] }]), { '0.0.1': true, '99.0.0': true, '1.0.0-alpha': true }],
    [
      'introduced/fixed: [1.0.0, 1.0.2)',
      npm([{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.0.2' }] }]),
      // 1.0.2-rc.1 < 1.0.2 (SemVer §11) so still affected; 0.9.9 before introduced
      { '0.9.9': false, '1.0.0': true, '1.0.1': true, '1.0.2-rc.1': true, '1.0.2': false, '2.0.0': false },
    ],
    [
      'two ranges in one events list: [1.0.0,1.0.2) and [3.0.0,3.2.5)',
      npm([{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.0.2' }, { introduced: '3.0.0' }, { fixed: '3.2.5' }] }]),
      { '1.0.1': true, '2.0.0': false, '3.0.0': true, '3.2.4': true, '3.2.5': false, '4.0.0': false },
    ],
    [
      'events out of order are sorted first',
      npm([{ type: 'SEMVER', events: [{ fixed: '3.2.5' }, { introduced: '3.0.0' }, { fixed: '1.0.2' }, { introduced: '1.0.0' }] }]),
      { '1.0.1': true, '2.0.0': false, '3.1.0': true, '3.2.5': false },
    ],
    [
      'last_affected is inclusive: [0, 2.1.214]',
      npm([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '2.1.214' }] }]),
      { '2.1.213': true, '2.1.214': true, '2.1.215': false },
    ],
    [
      'limit: introduced 1.0.0 with limit 2.0.0 → [1.0.0, 2.0.0)',
      npm([{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { limit: '2.0.0' }] }]),
      { '0.5.0': false, '1.5.0': true, '2.0.0': false, '2.5.0': false },
    ],
    [
      'limit below a fixed: the limit caps the range',
      npm([{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '5.0.0' }, { limit: '3.0.0' }] }]),
      { '2.9.9': true, '3.0.0': false, '4.0.0': false },
    ],
    ['versions list only: exactly those', npm([], ['1.2.3', '1.2.5']), { '1.2.3': true, '1.2.4': false, '1.2.5': true }],
    [
      'versions list OR ranges',
      npm([{ type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.1.0' }] }], ['1.0.0']),
      { '1.0.0': true, '1.5.0': false, '2.0.5': true, '2.1.0': false },
    ],
    ['GIT ranges name commits and are skipped', npm([{ type: 'GIT', events: [{ introduced: '0' }] }]), { '1.0.0': false }],
    [
      'PyPI ECOSYSTEM: pre- and post-releases around a fix at 2.0',
      pypi([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }]),
      // 2.0rc1 < 2.0 → affected; 2.0.post1 > 2.0 → fixed; 2.0.0 == 2.0 → fixed; 2.0.dev1 < 2.0 → affected
      { '1.9': true, '2.0rc1': true, '2.0.dev1': true, '2.0': false, '2.0.0': false, '2.0.post1': false, '1.9.post5': true },
    ],
    [
      'PyPI: epochs (1!0.5 is after 9.0)',
      pypi([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '9.0' }] }]),
      { '8.9': true, '1!0.5': false },
    ],
    [
      'PyPI: introduced at a dev-release, fixed at a post-release',
      pypi([{ type: 'ECOSYSTEM', events: [{ introduced: '1.0.dev0' }, { fixed: '1.0.post1' }] }]),
      // 1.0a1 > 1.0.dev0 (dev-only sorts before pre); 1.0 < 1.0.post1; 0.9 < 1.0.dev0
      { '0.9': false, '1.0.dev0': true, '1.0a1': true, '1.0': true, '1.0+local.7': true, '1.0.post1': false },
    ],
    [
      'PyPI: local versions sort after their public version (1.0+x > 1.0 last_affected)',
      pypi([{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '1.0' }] }]),
      { '1.0': true, '1.0+cpu': false, '0.9+cpu': true },
    ],
    [
      'PyPI: normalised spellings match versions lists (1.0-beta.2 == 1.0b2)',
      pypi([], ['1.0b2', '2.0']),
      { '1.0-beta.2': true, '1.0B2': true, '2.0.0': true, '1.0b3': false },
    ],
    ['unparseable installed versions match only a literal versions entry', npm([{ type: 'SEMVER', events: [{ introduced: '0' }] }], ['not-a-version']), { 'not-a-version': true, 'also-not': false }],
  ];
  for (const [name, affected, expected] of table) {
    it(name, () => {
      const eco = affected.ecosystem as 'npm' | 'PyPI';
      const got = Object.fromEntries(Object.keys(expected).map((v) => [v, isAffected(eco, v, affected)]));
      expect(got).toEqual(expected);
    });
  }
});

describe('readOsvAdvisory', () => {
  it('keeps what matching needs and rejects malformed records with a reason', () => {
    const a = readOsvAdvisory({ id: 'GHSA-1', modified: '2024-01-01T00:00:00Z', aliases: ['CVE-2024-1'], affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] });
    expect(typeof a).toBe('object');
    expect(readOsvAdvisory([])).toBe('not a JSON object');
    expect(readOsvAdvisory({ modified: 'x' })).toMatch(/id/);
    expect(readOsvAdvisory({ id: 'A', modified: 'x', affected: 'no' })).toMatch(/affected/);
    expect(readOsvAdvisory({ id: 'A', modified: 'x', affected: [{ package: { name: 'x' } }] })).toMatch(/ecosystem/);
    expect(readOsvAdvisory({ id: 'A', modified: 'x', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }] }] })).toMatch(/exactly one/);
  });
});

function adv(id: string, over: Partial<OsvAdvisory> & { ranges?: OsvAffected['ranges']; eco?: 'npm' | 'PyPI'; name?: string }): OsvAdvisory {
  const { ranges, eco, name, ...rest } = over;
  return {
    id,
    modified: '2024-01-01T00:00:00Z',
    aliases: [],
    severity: [],
    references: [],
    affected: [{ ecosystem: eco ?? 'npm', name: name ?? 'lodash', ranges: ranges ?? [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }], versions: [] }],
    ...rest,
  };
}

const pkg = (name: string, version: string, ecosystem: 'npm' | 'PyPI' = 'npm'): DepPackage => ({ ecosystem, name, version, relation: 'direct', parents: [], dev: false });

describe('matching: merging, withdrawn, malicious, severity, EPSS/KEV, upgrades', () => {
  it('advisories that alias each other become one finding with every id; unrelated ones stay separate', () => {
    const source = createMemorySource([
      adv('GHSA-aaaa', { aliases: ['CVE-2021-23337'] }),
      adv('PYSEC-like-1', { aliases: ['CVE-2021-23337'] }), // shares the CVE → merged
      adv('GHSA-bbbb', { aliases: ['CVE-2020-8203'] }),
    ]);
    const m = matchPackages([pkg('lodash', '4.17.20')], source);
    expect(m.map((x) => x.ids)).toEqual([
      ['GHSA-aaaa', 'CVE-2021-23337', 'PYSEC-like-1'],
      ['GHSA-bbbb', 'CVE-2020-8203'],
    ]);
  });

  it('withdrawn advisories are ignored', () => {
    const source = createMemorySource([adv('GHSA-w', { withdrawn: '2024-02-01T00:00:00Z' })]);
    expect(matchPackages([pkg('lodash', '4.17.20')], source)).toEqual([]);
  });

  it('MAL- advisories are critical whatever their CVSS, and win the primary id', () => {
    const source = createMemorySource([adv('MAL-2025-1', { aliases: ['GHSA-mmmm'], severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L' }], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] })]);
    const [m] = matchPackages([pkg('lodash', '1.0.0')], source);
    expect(m).toMatchObject({ id: 'MAL-2025-1', malicious: true, severity: 'critical' });
  });

  it('severity from the highest CVSS v3 base score; else the GHSA word; else medium', () => {
    const source = createMemorySource([
      // 9.8 (FIRST's calculator for this vector) → critical
      adv('GHSA-c', { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }),
      adv('GHSA-w', { name: 'other', databaseSeverity: 'MODERATE' }),
      adv('GHSA-n', { name: 'third' }),
    ]);
    const m = matchPackages([pkg('lodash', '1.0.0'), pkg('other', '1.0.0'), pkg('third', '1.0.0')], source);
    expect(m.map((x) => [x.id, x.severity, x.cvss?.score])).toEqual([
      ['GHSA-c', 'critical', 9.8],
      ['GHSA-w', 'medium', undefined],
      ['GHSA-n', 'medium', undefined],
    ]);
  });

  it('EPSS (highest of the aliases) and KEV attach through CVE aliases', () => {
    const source = createMemorySource([adv('GHSA-e', { aliases: ['CVE-2024-1', 'CVE-2024-2'] })], { epss: { 'CVE-2024-1': { score: 0.2, percentile: 0.9 }, 'CVE-2024-2': { score: 0.5, percentile: 0.97 } }, kev: ['CVE-2024-1'] });
    const [m] = matchPackages([pkg('lodash', '1.0.0')], source);
    expect(m!.epss).toEqual({ cve: 'CVE-2024-2', score: 0.5, percentile: 0.97 });
    expect(m!.kev).toEqual(['CVE-2024-1']);
  });

  it('smallest upgrade: the lowest fixed version above the installed one that no known advisory of the package affects', () => {
    // GHSA-u1 covers [0,1.2.0) and [2.0.0,2.3.1); an unrelated GHSA-u2 covers [2.3.1, 2.4.0).
    // Installed 2.1.0 is hit by u1 only. u1's own fix above 2.1.0 is 2.3.1, but 2.3.1 lands in u2,
    // so the smallest clean upgrade is 2.4.0. With u2 unfixed (introduced 2.3.1, no end), no clean
    // version exists and the upgrade falls back to u1's own fix, 2.3.1.
    const source = createMemorySource([
      adv('GHSA-u1', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.3.1' }] }] }),
      adv('GHSA-u2', { ranges: [{ type: 'SEMVER', events: [{ introduced: '2.3.1' }, { fixed: '2.4.0' }] }] }),
    ]);
    const [m] = matchPackages([pkg('lodash', '2.1.0')], source);
    expect(m!.id).toBe('GHSA-u1');
    expect(m!.fixed).toEqual(['1.2.0', '2.3.1']);
    expect(m!.upgrade).toBe('2.4.0');
    const unfixed = createMemorySource([
      adv('GHSA-u1', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.3.1' }] }] }),
      adv('GHSA-u3', { ranges: [{ type: 'SEMVER', events: [{ introduced: '2.3.1' }] }] }),
    ]);
    expect(matchPackages([pkg('lodash', '2.1.0')], unfixed)[0]!.upgrade).toBe('2.3.1');
    // last_affected only: nothing to upgrade to
    const none = createMemorySource([adv('GHSA-l', { ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { last_affected: '3.0.0' }] }] })]);
    expect(matchPackages([pkg('lodash', '2.0.0')], none)[0]!.upgrade).toBeUndefined();
  });

  it('PyPI names match after PEP 503 normalisation; ecosystems never cross', () => {
    const source = createMemorySource([adv('PYSEC-1', { eco: 'PyPI', name: 'Zope.Interface', ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '5.0' }] }] })]);
    expect(matchPackages([pkg('zope-interface', '4.7.1', 'PyPI')], source).map((m) => m.id)).toEqual(['PYSEC-1']);
    expect(matchPackages([pkg('zope.interface', '4.7.1', 'npm')], source)).toEqual([]);
  });
});

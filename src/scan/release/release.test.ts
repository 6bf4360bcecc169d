import { describe, expect, it } from 'vitest';
import { classifyPath, createInternalMatcher, isPrivateIpv4, sampleWindows, scanReleaseText } from './index.js';

const internal = createInternalMatcher(['internal', 'corp', 'local', 'acme-corp.example'], ['\\bjenkins-\\d+\\b']);

describe('release text scan', () => {
  it.each([
    ['see http://build.corp.internal:8080/job/x for logs', ['RELEASE_INTERNAL_URL']],
    ['ssh deploy@10.1.2.3', ['RELEASE_INTERNAL_ADDRESS']],
    ['postgres://db.acme-corp.example/app', ['RELEASE_INTERNAL_URL']],
    ['runner jenkins-12 is flaky', ['RELEASE_INTERNAL_HOST']],
    ['host git.corp and printer.local', ['RELEASE_INTERNAL_HOST']],
    ['fd12:3456:789a::1 is the ULA', ['RELEASE_INTERNAL_ADDRESS']],
    ['https://example.com and 8.8.8.8 and 127.0.0.1 and version 10.2', []],
    ['corp.example.com is public; internal is a word', []],
  ])('%s', (text, expected) => expect([...new Set(scanReleaseText(text, internal).map((h) => h.code))]).toEqual(expected));

  it('groups secrets and personal data by type with their lines, never their values', () => {
    const hits = scanReleaseText('a\nkey = "AKIAQ3EGRT5YKD4LXN2P"\nmail me at zhang.wei@mail-example.com\nor li.na@mail-example.com\n', internal);
    expect(hits.map((h) => [h.code, h.category, h.count, h.lines])).toEqual([
      ['SECRET_AWS_ACCESS_KEY', 'secret', 1, [2]],
      ['PII_EMAIL', 'personal', 2, [3, 4]],
    ]);
    expect(JSON.stringify(hits)).not.toMatch(/AKIA|mail-example/);
  });

  it('handles hostile text in bounded time', () => {
    const t0 = performance.now();
    scanReleaseText('10.'.repeat(200_000) + 'a.'.repeat(200_000) + 'http://'.repeat(50_000), internal);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it.each([
    ['10.0.0.1', true], ['172.16.5.4', true], ['172.32.0.1', false], ['192.168.1.1', true], ['100.64.0.1', true], ['169.254.1.1', true], ['8.8.8.8', false], ['999.1.1.1', false],
  ])('isPrivateIpv4(%s) = %s', (ip, yes) => expect(isPrivateIpv4(ip)).toBe(yes));

  it.each([
    ['.env', 'env'], ['config/.env.production', 'env'], ['.env.example', undefined], ['prod.env', 'env'],
    ['deploy/id_rsa', 'private-key'], ['certs/server.key', 'private-key'], ['store.p12', 'private-key'], ['id_rsa.pub', undefined],
    ['.npmrc', 'credentials'], ['infra/terraform.tfstate', 'credentials'],
    ['m/model.safetensors', 'weights'], ['ckpt/step-1.pt', 'weights'], ['x.gguf', 'weights'], ['src/index.ts', undefined],
  ])('classifyPath(%s) = %s', (p, kind) => expect(classifyPath(p)).toBe(kind));

  it('samples a large file within the budget, head first, windows spread to the end', () => {
    expect(sampleWindows(100, 1000)).toEqual([[0, 100]]);
    const w = sampleWindows(100 << 20, 2 << 20);
    expect(w[0]).toEqual([0, 1 << 20]);
    expect(w.reduce((a, [s, e]) => a + e - s, 0)).toBeLessThanOrEqual(2 << 20);
    expect(w[w.length - 1]![1]).toBeGreaterThan(95 << 20);
  });
});

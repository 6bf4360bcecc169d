import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const emails = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_EMAIL')
    .map((d) => text.slice(d.start, d.end));

describe('e-mail addresses', () => {
  it.each([
    ['Ping li.na+ai@mail.tsinghua.edu.cn about it', 'li.na+ai@mail.tsinghua.edu.cn'],
    ['Write to jane_doe@foo.co.uk.', 'jane_doe@foo.co.uk'],
    ['From: Ops <ops@acme.io>', 'ops@acme.io'],
    ['<a href="mailto:help@shop.example.com">', 'help@shop.example.com'],
    ['JOHN.DOE@EXAMPLE.COM', 'JOHN.DOE@EXAMPLE.COM'],
    [`a@${'x'.repeat(63)}.com`, `a@${'x'.repeat(63)}.com`],
    ['sales@my-shop.example.org.', 'sales@my-shop.example.org'],
    ['a@b.co', 'a@b.co'],
    ['first.last@company.travel', 'first.last@company.travel'],
    ['new gTLD: info@brand.abc', 'info@brand.abc'],
    ['邮箱：zhang＠example.com', 'zhang＠example.com'],
    ['email wang\u200b.lei@corp.example.cn', 'wang\u200b.lei@corp.example.cn'],
    ['发到13800138000@163.com就行', '13800138000@163.com'],
  ])('finds %j', (text, value) => {
    expect(emails(text)).toEqual([value]);
  });

  it.each([
    ['retina image names', 'Add icon@2x.png and logo@3x.jpg'],
    ['package specs', 'npm i lodash@4.17.21 @types/node@20.11.5'],
    ['handles', 'thanks @channel and @user'],
    ['a host without a TLD', 'ssh user@localhost'],
    ['URL credentials', 'https://app:s3cret@metrics.example.com/api and ftp://bob@files.example.com'],
    ['double dots', 'a..b@example.com'],
    ['a trailing dot in the local part', 'a.@example.com'],
    ['an empty domain label', 'a@example..com and b@.example.com'],
    ['a label with a dash at an end', 'a@-example.com and b@example-.com'],
    ['a label over 63 characters', `a@${'x'.repeat(64)}.com`],
    ['an IP literal host', 'admin@192.168.1.1'],
  ])('ignores %s', (_name, text) => {
    expect(emails(text)).toEqual([]);
  });
});

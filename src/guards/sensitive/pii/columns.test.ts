import { describe, expect, it } from 'vitest';
import { cellsInColumns } from './columns.js';

const EMAIL_COLUMN = /\bemail\b/gi;
const isEmail = (f: string): boolean => f === 'email';
const emails = (text: string): string[] => cellsInColumns(text, EMAIL_COLUMN, isEmail).map((c) => text.slice(c.start, c.end));

describe('cells under a header', () => {
  it('reads a CSV column, quoted cells and commas inside quotes included', () => {
    const text = 'id,"address",email\n1,"12 Oak St, Leeds",a@x.io\n2,"3 Elm Rd",\'b@y.io\'\n\nafter the table, email me';
    expect(emails(text)).toEqual(['a@x.io', 'b@y.io']);
  });

  it('reads SQL VALUES tuples under an INSERT column list', () => {
    const text = "INSERT INTO t (id, email, note) VALUES\n  (1, 'a@x.io', 'x, y'),\n  (2, 'b@y.io', NULL);";
    expect(emails(text)).toEqual(['a@x.io', 'b@y.io']);
  });

  it('reads a Markdown table and skips its separator row', () => {
    const text = '| id | email |\n|----|-------|\n| 1 | a@x.io |\n| 2 | b@y.io |';
    expect(emails(text)).toEqual(['a@x.io', 'b@y.io']);
  });

  it('finds the header after the column name appears in prose', () => {
    expect(emails('Send the email list:\nid;email\n1;a@x.io')).toEqual(['a@x.io']);
  });

  it('reads nothing without a header, or from a header without the column', () => {
    expect(emails('just an email in a sentence, really')).toEqual([]);
    expect(emails('id,name\n1,Ana')).toEqual([]);
  });

  it('stays bounded on hostile input: an unterminated quote, a huge table, an unclosed tuple', () => {
    expect(emails('id,email\n1,"a@x.io')).toEqual(['"a@x.io']);
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},u${i}@x.io`).join('\n');
    expect(emails(`id,email\n${rows}`)).toHaveLength(500);
    expect(emails(`INSERT INTO t (id, email) VALUES (1, 'a@x.io'${'x'.repeat(10_000)}`)).toEqual([]);
  });
});

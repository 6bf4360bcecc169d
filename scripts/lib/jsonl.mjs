// JSON Lines files of the evaluation and training sets: one object per non-blank line. A line that
// is not JSON stops the script with its file and line number, never a bare parser error.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** Parsed rows of a .jsonl file, each passed to `check(row, where)` (which throws on a bad row) when given. */
export function readJsonLines(path, check) {
  const name = basename(typeof path === 'string' ? path : path.pathname);
  const rows = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `${name}:${i + 1}`;
      let row;
      try {
        row = JSON.parse(line);
      } catch (err) {
        throw new Error(`${where}: not JSON (${err.message})`);
      }
      check?.(row, where);
      rows.push(row);
    });
  return rows;
}

/**
 * Values in structured text whose column a header names: CSV and TSV rows under a header line,
 * Markdown table rows under a header row, and SQL VALUES tuples under an INSERT's column list.
 * The header is the evidence ("first,last,ssn", "(name, email, ssn)", "| 负责人 |"), so a cell is
 * read for what its column says it is, even where the value alone proves nothing (nine bare
 * digits, a surname outside the lexicon).
 */

export interface Cell {
  start: number;
  end: number;
}

const DELIMITERS = [',', '\t', '|', ';'];
/** Rows read under one header: a pasted table, not a whole export. */
const MAX_ROWS = 500;
/** Characters of one SQL tuple. */
const MAX_TUPLE = 4000;

/**
 * A regex that finds one of `names` as a whole field of a header: after a delimiter, a bracket, a
 * line break or the text's start, before a delimiter, a bracket or a line break. Opening on those
 * characters, it passes over prose without trying the names at every letter.
 */
export function columnName(names: string): RegExp {
  return new RegExp(String.raw`(?:^|[\n,;\t|(])[ \t]*["'\x60]?(?:${names})["'\x60]?[ \t]*(?=[,;\t|)\r\n]|$)`, 'gi');
}

/** The delimiter a header line uses most: comma, tab, bar or semicolon. */
function delimiterOf(line: string): string | undefined {
  let best: string | undefined;
  let most = 0;
  for (const d of DELIMITERS) {
    let n = 0;
    for (let k = line.indexOf(d); k !== -1; k = line.indexOf(d, k + 1)) n++;
    if (n > most) {
      most = n;
      best = d;
    }
  }
  return best;
}

/**
 * Cells of the row [from, to) split at `delim` outside quotes, as spans of `text` without the
 * blanks and quotes around each value.
 */
function cells(text: string, from: number, to: number, delim: string): Cell[] {
  const out: Cell[] = [];
  const d = delim.charCodeAt(0);
  let quote = 0;
  let s = from;
  for (let k = from; k <= to; k++) {
    const c = k < to ? text.charCodeAt(k) : d;
    if (quote !== 0) {
      if (c === quote) quote = 0;
      if (k < to) continue;
    } else if ((c === 34 || c === 39) && k < to && k === skipBlank(text, s, k)) {
      quote = c;
      continue;
    }
    if (c !== d) continue;
    let a = skipBlank(text, s, k);
    let b = k;
    while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
    if (b - a >= 2 && (text.charCodeAt(a) === 34 || text.charCodeAt(a) === 39) && text.charCodeAt(b - 1) === text.charCodeAt(a)) {
      a++;
      b--;
    }
    out.push({ start: a, end: b });
    s = k + 1;
  }
  return out;
}

const isBlank = (c: number): boolean => c === 32 || c === 9 || c === 0x3000 || c === 13;

function skipBlank(text: string, from: number, to: number): number {
  let k = from;
  while (k < to && isBlank(text.charCodeAt(k))) k++;
  return k;
}

/**
 * The cells, under every header `find` locates, of the columns whose header field `isColumn`
 * accepts (given the field lower-cased, without blanks and quotes). `find` is a global regex whose
 * match ends inside the header (a column name as a whole field; columnName() builds one): the
 * header is the line it is on or, inside an SQL statement, the parenthesised column list around it.
 */
export function cellsInColumns(text: string, find: RegExp, isColumn: (field: string) => boolean): Cell[] {
  // The first few column names found: one in prose before the table must not hide the header.
  find.lastIndex = 0;
  for (let tries = 0; tries < MAX_HEADER_TRIES; tries++) {
    const m = find.exec(text);
    if (m === null) return [];
    // The match's last character is inside the header (the column name or its closing quote).
    const out = cellsUnder(text, m.index + m[0].length - 1, isColumn);
    if (out !== null) return out;
    if (!find.global) return [];
  }
  return [];
}
const MAX_HEADER_TRIES = 4;

/** The cells under the header around `at`, or null when no header with such a column is there. */
function cellsUnder(text: string, at: number, isColumn: (field: string) => boolean): Cell[] | null {
  let open = text.lastIndexOf('(', at);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let headerFrom: number;
  let headerTo: number;
  if (open >= lineStart || (open !== -1 && text.indexOf('\n', open) > at && text.indexOf(')', at) !== -1)) {
    headerFrom = open + 1;
    headerTo = text.indexOf(')', at);
  } else {
    open = -1;
    headerFrom = lineStart;
    headerTo = text.indexOf('\n', at);
    if (headerTo === -1) headerTo = text.length;
  }
  const delim = delimiterOf(text.slice(headerFrom, headerTo));
  if (delim === undefined) return null;
  const columns: number[] = [];
  cells(text, headerFrom, headerTo, delim).forEach((c, i) => {
    if (isColumn(text.slice(c.start, c.end).toLowerCase())) columns.push(i);
  });
  if (columns.length === 0) return null;
  const out: Cell[] = [];
  const take = (from: number, to: number): void => {
    const row = cells(text, from, to, delim);
    for (const i of columns) {
      const c = row[i];
      if (c !== undefined && c.end > c.start) out.push(c);
    }
  };
  let rows = 0;
  if (open !== -1) {
    // SQL: the tuples after the column list, each in its own brackets.
    for (let k = text.indexOf('(', headerTo); k !== -1 && rows < MAX_ROWS; k = text.indexOf('(', k + 1), rows++) {
      const close = closingBracket(text, k);
      if (close === -1) break;
      take(k + 1, close);
      k = close;
    }
    return out;
  }
  // Lines: every line under the header that holds the delimiter, up to the first that does not.
  for (let s = headerTo + 1; s < text.length && rows < MAX_ROWS; rows++) {
    let e = text.indexOf('\n', s);
    if (e === -1) e = text.length;
    const line = text.slice(s, e);
    if (!line.includes(delim)) break;
    // A Markdown separator row (|---|---|) holds no values.
    if (!/^[\s|:-]+$/.test(line)) take(s, e);
    s = e + 1;
  }
  return out;
}

/** The bracket closing the one at `open`, outside quotes; -1 if the text ends first. */
function closingBracket(text: string, open: number): number {
  let quote = 0;
  for (let k = open + 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 39 || c === 34) quote = c;
    else if (c === 41) return k;
    if (k - open > MAX_TUPLE) return -1;
  }
  return -1;
}

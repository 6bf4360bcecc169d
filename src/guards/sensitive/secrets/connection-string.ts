/**
 * Passwords inside connection strings and URLs. `scheme://user:password@host` (RFC 3986 §3.2.1
 * userinfo; deprecated but everywhere in DATABASE_URL variables), ADO.NET / ODBC / JDBC key-value
 * strings (`Server=…;User Id=…;Password=…;`), libpq keyword/value strings (`host=… user=…
 * password=…`), and `password=` query parameters. The span is the password alone: the host and
 * user stay readable in a masked prompt.
 */
import { emit, type ScanState } from './state.js';
import type { SecretCode } from './codes.js';
import { scanChatWebhook } from './services.js';

const DB_SCHEMES = new Set([
  'postgres', 'postgresql', 'pgsql', 'mysql', 'mariadb', 'mongodb', 'redis', 'rediss', 'valkey', 'amqp', 'amqps',
  'mssql', 'sqlserver', 'oracle', 'clickhouse', 'cockroachdb', 'couchbase', 'couchbases', 'neo4j', 'bolt', 'cassandra',
  'db2', 'snowflake', 'memcached', 'odbc', 'jdbc', 'rabbitmq', 'nats', 'influxdb', 'tidb', 'oceanbase', 'dm', 'kingbase',
]);

/** Values written in place of a password in docs, templates and tickets. */
const PLACEHOLDER_PASSWORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'changeme', 'changeit', 'example', 'placeholder', 'redacted', 'hidden',
  'yourpassword', 'your_password', 'your-password', 'mypassword', 'my_password', 'dbpassword', 'db_password', 'db_pass',
  'null', 'none', 'undefined', 'empty', 'xxx', 'user:pass', 'dummy', 'foo', 'bar', 'test', 'p', 'pw',
]);

const VARIABLE = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%\(?[A-Za-z_][A-Za-z0-9_]*\)?[s%]?)$/;

/** Whether the password at [start, end) is a stand-in rather than a password. */
export function isPlaceholderPassword(t: string, start: number, end: number): boolean {
  if (end <= start) return true;
  const v = t.slice(start, end);
  const first = v.charCodeAt(0);
  // <password>, {{ pass }}, [password], :password, and variable references: $PGPASSWORD,
  // ${DB_PASS}, %DB_PASS%, %(password)s (a '$' or '%' followed by anything else is a password).
  if (first === 0x3c || first === 0x7b || first === 0x5b || first === 0x3a) return true;
  if ((first === 0x24 || first === 0x25) && VARIABLE.test(v)) return true;
  const lower = v.toLowerCase();
  if (PLACEHOLDER_PASSWORDS.has(lower)) return true;
  // 用户名:密码 and the like in Chinese docs.
  if (lower.includes('密码') || lower.includes('口令') || lower.includes('your') || lower.includes('xxxx') || lower.includes('****') || lower.includes('...') || lower.includes('\u2026') || lower.includes('${')) return true;
  let same = true;
  for (let i = 1; i < v.length; i++) if (v.charCodeAt(i) !== first) same = false;
  return same;
}

function isSchemeChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2e || c === 0x2d || c === 0x3a;
}

/** Whether an '@' comes at or after `from`, before anything but a '#' that ends an authority. */
function atBefore(t: string, from: number, lim: number): boolean {
  for (let k = from; k < lim; k++) {
    const c = t.charCodeAt(k);
    if (c === 0x40) return true;
    if (c !== 0x23 && endsAuthority(c)) return false;
  }
  return false;
}

/** Characters that end a URL's authority in running text. */
function endsAuthority(c: number): boolean {
  return c <= 0x20 || c === 0x2f || c === 0x3f || c === 0x23 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x60 || c === 0x5c || c === 0x7f;
}

/** Scheme ending at `colon` (the `:` of `://`), lowercased, or '' when none. */
export function schemeBefore(t: string, colon: number): string {
  let j = colon;
  while (j > 0 && colon - j < 40 && isSchemeChar(t.charCodeAt(j - 1))) j--;
  return t.slice(j, colon).toLowerCase();
}

export function codeForScheme(scheme: string): SecretCode {
  if (scheme.startsWith('jdbc:')) return 'SECRET_CONNECTION_STRING';
  const last = scheme.slice(scheme.lastIndexOf(':') + 1);
  const base = last.split('+')[0] ?? last;
  return DB_SCHEMES.has(base) ? 'SECRET_CONNECTION_STRING' : 'SECRET_URL_CREDENTIALS';
}

const MAX_AUTHORITY = 512;

/** `at` is the `:` of `://`. Always resumes right after `://` so tokens inside the password are seen. */
export function scanUrlCredentials(s: ScanState, at: number): number {
  const t = s.text;
  const resume = at + 3;
  const scheme = schemeBefore(t, at);
  if (scheme === '' || scheme.endsWith(':')) return resume;
  const lim = Math.min(t.length, resume + MAX_AUTHORITY);
  let e = resume;
  let lastAt = -1;
  let colon = -1;
  while (e < lim) {
    const c = t.charCodeAt(e);
    // A '#' opens a fragment in a URL, but passwords in DSNs hold it unescaped
    // (mysql://report:xQw0#b!q@host): inside the userinfo, with an '@' still to come, it is the password's.
    if (c === 0x23 && colon >= 0 && lastAt < 0 && atBefore(t, e + 1, lim)) {
      e++;
      continue;
    }
    if (endsAuthority(c)) break;
    if (c === 0x40) lastAt = e;
    else if (c === 0x3a && colon < 0) colon = e;
    e++;
  }
  scanChatWebhook(s, lastAt < 0 ? resume : lastAt + 1, e);
  // Passwords of one to three characters are the `abc:xyz@` of documentation.
  if (lastAt < 0 || colon < 0 || colon > lastAt || lastAt - colon - 1 < 4) return resume;
  if (isPlaceholderPassword(t, colon + 1, lastAt)) return resume;
  const code = codeForScheme(scheme);
  emit(s, code, colon + 1, lastAt, code === 'SECRET_CONNECTION_STRING' ? 0.9 : 0.85);
  return resume;
}

const ADO_KEYS = /(?:^|[;\s"'])(?:server|data source|host|hostname|user id|userid|uid|user|username|database|dbname|initial catalog|address|addr|dsn|provider|driver|port|sslmode|trusted_connection|encrypt)\s*=/i;

/** Whether the key at `keyStart` sits in an ADO.NET / ODBC / JDBC `key=value;` string. */
export function inKeyValueConnectionString(t: string, keyStart: number): boolean {
  let b = keyStart - 1;
  while (b >= 0 && (t.charCodeAt(b) === 0x20 || t.charCodeAt(b) === 0x09)) b--;
  if (b >= 0 && t.charCodeAt(b) === 0x3b) return true;
  let ls = keyStart;
  const min = Math.max(0, keyStart - 300);
  while (ls > min && t.charCodeAt(ls - 1) !== 0x0a) ls--;
  let le = keyStart;
  const max = Math.min(t.length, keyStart + 300);
  while (le < max && t.charCodeAt(le) !== 0x0a) le++;
  const line = t.slice(ls, le);
  if (line.includes(';')) return ADO_KEYS.test(line);
  // libpq's keyword/value form separates pairs with blanks (`host=db port=5432 user=app password=…`):
  // two of its keys besides the password make it one.
  LIBPQ_KEYS.lastIndex = 0;
  let keys = 0;
  while (LIBPQ_KEYS.test(line)) if (++keys === 2) return true;
  return false;
}

const LIBPQ_KEYS = /(?:^|[\s"'(])(?:host|hostaddr|port|dbname|user|sslmode|connect_timeout|application_name|options|service)=/g;

/** End of an ADO value starting at `v`: `{…}` quoted, or up to `;`, a quote or whitespace. */
export function keyValueEnd(t: string, v: number): [number, number] {
  if (t.charCodeAt(v) === 0x7b) {
    const close = t.indexOf('}', v + 1);
    if (close > v && close - v < 256) return [v + 1, close];
  }
  let e = v;
  while (e < t.length && e - v < 256) {
    const c = t.charCodeAt(e);
    if (c <= 0x20 || c === 0x3b || c === 0x22 || c === 0x27 || c === 0x60) break;
    e++;
  }
  return [v, e];
}

/** End of a `password=` query value starting at `v`. */
export function queryValueEnd(t: string, v: number): number {
  let e = v;
  while (e < t.length && e - v < 256) {
    const c = t.charCodeAt(e);
    if (c <= 0x20 || c === 0x26 || c === 0x23 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x60) break;
    e++;
  }
  return e;
}

/** The URL scheme of the non-space run holding `at`, or ''. */
export function schemeOfUrlAround(t: string, at: number): string {
  let i = at;
  const min = Math.max(0, at - 1024);
  while (i > min) {
    const c = t.charCodeAt(i - 1);
    if (c <= 0x20 || c === 0x22 || c === 0x27) break;
    i--;
  }
  const k = t.indexOf('://', i);
  return k >= 0 && k < at ? schemeBefore(t, k) : '';
}

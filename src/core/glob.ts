/**
 * Model-name globs: `*` matches any run of characters (model names contain `/` and `:`, as in
 * `qwen/qwen2.5:7b`, so there is no path-segment semantics), `?` one character; everything else
 * is literal. Compiled once to an anchored RegExp.
 */
export type GlobMatcher = (name: string) => boolean;

export function compileGlob(pattern: string): GlobMatcher {
  if (pattern === '*') return () => true;
  const source = Array.from(pattern, (ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`, 's');
  return (name) => re.test(name);
}

export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const matchers = patterns.map(compileGlob);
  return (name) => matchers.some((m) => m(name));
}

/**
 * The words two detectors start from, found in one case-insensitive pass over the text: the
 * secret-like words of secrets/generic.ts (`api_key`, `password`, `token`, `密码` …) and the
 * passport words of pii/passport.ts. "passport" opens like "pass", so the secret words' search
 * finds it at no extra cost, and the passport detector no longer needs a pass of its own.
 * (Birth words keep theirs: words with other first letters cost the shared regex more than their
 * own search costs.)
 *
 * The hits are what each detector's own search would find: Latin words never overlap (a secret
 * word never starts inside another, nor inside "passport"), and Chinese words are recorded at
 * every start, because the secret scanner resumes one character on after a Chinese word that
 * leads nowhere (接口令牌 holds 口令 and 令牌). A detector that searches on from where its last
 * word ended skips the hits before that point.
 *
 * The pass also finds `dapi`, the one key prefix of secrets/prefixes.ts that holds none of its
 * anchor characters: on its own it cost a search for "pi" over the whole text, here one more
 * alternative. No word opens with a d, so the words found stay the same; the pass resumes one
 * character after `dapi` (its "api" may open "api_key"). Only a `dapi` right after a word's
 * letters can go unseen ("passworddapi"), and the prefix pass takes `dapi` only at a word start.
 */

/** Which detector a hit is for. */
export const KEYWORD_SECRET = 1;
export const KEYWORD_PASSPORT = 2;
/** The key prefix `dapi` (lower case only), for the prefix pass of the secret scanner. */
export const KEYWORD_KEY_PREFIX = 3;
export const UNANCHORED_KEY_PREFIX = 'dapi';

/**
 * Secret words as a tree of first letters (at one position at most one alternative matches);
 * `passport` rides on the `pass` branch and counts for both families. `dapi` is matched in any
 * case like the words and kept only in lower case.
 */
const KEYWORDS =
  /a(?:(?:pi|ccess|ccount)[-_ ]?key|uth(?:ori[sz]ation)?|zure)|p(?:rivate[-_ ]?key|ass(?:word|wd|phrase|port)?|wd)|s(?:ubscription[-_ ]?key|ecret)|token|credentials?|dapi|密码|口令|密钥|秘钥|令牌|私钥|护照/gi;

export interface KeywordHits {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

// One set of buffers, reused: detection is synchronous, and the detectors of one text read the
// hits right after asking for them. The last text's hits are kept for the next detector.
let kind = new Uint8Array(64);
let start = new Int32Array(64);
let end = new Int32Array(64);
let hits: KeywordHits = { count: 0, kind, start, end };
let lastText: string | undefined;

function push(n: number, k: number, s: number, e: number): number {
  if (n === kind.length) {
    const grow = <T extends Uint8Array | Int32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    kind = grow(kind, new Uint8Array(n * 2));
    start = grow(start, new Int32Array(n * 2));
    end = grow(end, new Int32Array(n * 2));
  }
  kind[n] = k;
  start[n] = s;
  end[n] = e;
  return n + 1;
}

/** Every keyword of `text`, in order of start. The result is valid until the next call with another text. */
export function findKeywords(text: string): KeywordHits {
  if (text === lastText) return hits;
  let n = 0;
  const re = KEYWORDS;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const s = m.index;
    const len = m[0].length;
    const c0 = text.charCodeAt(s);
    if (c0 >= 0x80) {
      n = push(n, c0 === 0x62a4 ? KEYWORD_PASSPORT : KEYWORD_SECRET, s, s + len); // 护照 opens with 护
      re.lastIndex = s + 1;
    } else if ((c0 | 0x20) === 0x64) {
      if (text.startsWith(UNANCHORED_KEY_PREFIX, s)) n = push(n, KEYWORD_KEY_PREFIX, s, s + len);
      re.lastIndex = s + 1;
    } else if (len === 8 && (c0 | 0x20) === 0x70 && (text.charCodeAt(s + 4) | 0x20) === 0x70) {
      // `passport`: the secret scanner reads its `pass` (and finds no key name there).
      n = push(n, KEYWORD_SECRET, s, s + 4);
      n = push(n, KEYWORD_PASSPORT, s, s + len);
    } else n = push(n, KEYWORD_SECRET, s, s + len);
  }
  hits = { count: n, kind, start, end };
  lastText = text;
  return hits;
}


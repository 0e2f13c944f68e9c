/**
 * Patterns written by a repository's authors (the manifest's custom-check `contains`, its ignore globs,
 * waiver paths and custom-check file globs) are untrusted input: a backtracking engine can spend hours
 * on `(a+)+$` or on `*a*a*a…*b`. This module runs them safely:
 *
 * - Regular expressions run on RE2 (`re2-wasm`, a WebAssembly build with no native toolchain), whose
 *   matching time is linear in the text. A pattern RE2 cannot run (look-arounds, back-references) or
 *   that is too long is refused with a message, never handed to JavaScript's engine.
 * - Globs are parsed by minimatch (so their meaning is unchanged) with a bound on their length, brace
 *   expansions and `**` segments; each path segment whose regular expression could backtrack
 *   (two or more unbounded repeats) is matched with RE2 instead.
 *
 * Compiled patterns are cached by source, so the editor re-running checks on every keystroke does not
 * compile (or leak WebAssembly memory for) the same pattern again.
 */
import { Minimatch, GLOBSTAR } from 'minimatch';

/** Longest user regular expression accepted. */
export const MAX_REGEX_LENGTH = 1000;
/** Longest user glob accepted. */
export const MAX_GLOB_LENGTH = 500;
/** Most alternatives brace expansion may produce for one glob. */
export const MAX_GLOB_EXPANSIONS = 64;
/** Most `**` segments in one glob. */
export const MAX_GLOBSTARS = 6;

/** A compiled user regular expression. Offsets are UTF-16 indexes into the searched text. */
export interface UserRegex {
  readonly source: string;
  /** The first match, or null. */
  exec(text: string): { index: number; end: number } | null;
  /** True when the text matches. */
  test(text: string): boolean;
}

/** A compiled user glob. */
export interface UserGlob {
  readonly source: string;
  match(path: string): boolean;
}

/** A compiled pattern, or why it cannot be run. */
export type Compiled<T> = { ok: true; value: T } | { ok: false; message: string };

interface Re2Instance {
  exec(s: string): (string[] & { index: number }) | null;
  test(s: string): boolean;
}
type Re2Ctor = new (pattern: string, flags: string) => Re2Instance;

let re2Ctor: Re2Ctor | null | undefined;
let re2LoadError = '';

/** The RE2 constructor, loaded on first use (its WebAssembly takes ~30 ms to compile). */
function re2(): Re2Ctor | null {
  if (re2Ctor !== undefined) return re2Ctor;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    re2Ctor = (require('re2-wasm') as { RE2: Re2Ctor }).RE2;
  } catch (e) {
    re2Ctor = null;
    re2LoadError = (e as Error)?.message ?? String(e);
  }
  return re2Ctor;
}

const regexCache = new Map<string, Compiled<UserRegex>>();
const globCache = new Map<string, Compiled<UserGlob>>();
const CACHE_LIMIT = 500;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/**
 * Compiles a user regular expression for RE2. `flags` may hold `i`, `m` and `s`. Never throws; a
 * pattern that cannot be run comes back with the reason.
 */
export function userRegex(source: string, flags = 'm'): Compiled<UserRegex> {
  const key = `${flags}/${source}`;
  const hit = regexCache.get(key);
  if (hit) return hit;
  return remember(regexCache, key, compileRegex(source, flags));
}

function compileRegex(source: string, flags: string): Compiled<UserRegex> {
  if (source.length > MAX_REGEX_LENGTH) return { ok: false, message: `the pattern is ${source.length} characters long, over the limit of ${MAX_REGEX_LENGTH}` };
  const Ctor = re2();
  if (!Ctor) return { ok: false, message: `the linear-time regular expression engine could not be loaded (${re2LoadError}); the pattern is not run` };
  let re: Re2Instance;
  try {
    re = new Ctor(source, [...new Set(flags.replace(/[^ims]/g, '') + 'u')].join(''));
  } catch (e) {
    const msg = String((e as Error)?.message ?? e).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return { ok: false, message: `the pattern cannot be run in linear time (RE2): ${msg}; look-arounds and back-references are not supported` };
  }
  return {
    ok: true,
    value: {
      source,
      exec(text: string) {
        const m = re.exec(text);
        if (!m) return null;
        // re2-wasm reports the index in code points; convert it to UTF-16 units.
        const index = codePointsToUnits(text, m.index);
        return { index, end: index + (m[0] ?? '').length };
      },
      test: (text: string) => re.test(text),
    },
  };
}

/** The UTF-16 offset of the `n`-th code point of a text. */
function codePointsToUnits(text: string, n: number): number {
  let units = 0;
  let points = 0;
  // Fast path: no surrogate pairs before the match.
  while (points < n && units < text.length) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
    points++;
  }
  return units;
}

/** Counts the unbounded repeats (`*`, `+`, `{n,}`) outside character classes of a regular expression source. */
function unboundedRepeats(src: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+') n++;
    else if (c === '{' && /^\{\d+,\}/.test(src.slice(i))) n++;
  }
  return n;
}

/** The guards minimatch adds so that `*` never matches the `.` and `..` segments (never in our paths). */
const DOT_GUARDS = [/\(\?!\(\?:\^\|\\\/\)\\\.\{1,2\}\(\?:\$\|\\\/\)\)/g, /\(\?!\(\?:\^\|\\\/\)\\\.\\\.\?\(\?:\$\|\\\/\)\)/g, /\(\?!\\\.\\\.\?\(\?:\$\|\\\/\)\)/g, /\(\?!\\\.\)/g];

/** An upper bound of the alternatives brace expansion would produce, without expanding. */
function braceAlternatives(p: string): number {
  let total = 1;
  const stack: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') stack.push(1);
    else if (c === ',' && stack.length) stack[stack.length - 1]++;
    else if (c === '}' && stack.length) {
      let alts = stack.pop()!;
      const range = /\{(-?\w+)\.\.(-?\w+)(?:\.\.-?\d+)?\}$/.exec(p.slice(0, i + 1));
      if (alts === 1 && range) {
        const [a, b] = [range[1], range[2]];
        alts = /^-?\d+$/.test(a) && /^-?\d+$/.test(b) ? Math.abs(Number(b) - Number(a)) + 1 : Math.abs(b.charCodeAt(0) - a.charCodeAt(0)) + 1;
      }
      if (stack.length) stack[stack.length - 1] += alts - 1;
      else total *= alts;
      if (total > 1e6) return total;
    }
  }
  return total;
}

/**
 * Compiles a user glob with minimatch's meaning (`dot: true`; `nocase` as asked), refusing globs whose
 * matching cost cannot be bounded. Never throws.
 */
export function userGlob(pattern: string, opts: { nocase?: boolean } = {}): Compiled<UserGlob> {
  const key = `${opts.nocase ? 'i' : ''}/${pattern}`;
  const hit = globCache.get(key);
  if (hit) return hit;
  return remember(globCache, key, compileGlob(pattern, Boolean(opts.nocase)));
}

function compileGlob(pattern: string, nocase: boolean): Compiled<UserGlob> {
  if (pattern.length > MAX_GLOB_LENGTH) return { ok: false, message: `the glob is ${pattern.length} characters long, over the limit of ${MAX_GLOB_LENGTH}` };
  const alts = braceAlternatives(pattern);
  if (alts > MAX_GLOB_EXPANSIONS) return { ok: false, message: `the glob's braces expand to ${alts > 1e6 ? 'over a million' : alts} alternatives, over the limit of ${MAX_GLOB_EXPANSIONS}` };
  let mm: Minimatch;
  try {
    mm = new Minimatch(pattern, { dot: true, nocase });
    mm.makeRe();
  } catch (e) {
    return { ok: false, message: `the glob cannot be read: ${(e as Error)?.message ?? e}` };
  }
  if (mm.set.length > MAX_GLOB_EXPANSIONS) return { ok: false, message: `the glob's braces expand to ${mm.set.length} alternatives, over the limit of ${MAX_GLOB_EXPANSIONS}` };
  for (const parts of mm.set) {
    const stars = parts.filter((p) => p === GLOBSTAR).length;
    if (stars > MAX_GLOBSTARS) return { ok: false, message: `the glob has ${stars} \`**\` segments, over the limit of ${MAX_GLOBSTARS}` };
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (!(p instanceof RegExp)) continue;
      if (unboundedRepeats(p.source) < 2) continue;
      // This segment could backtrack: run the same regular expression on RE2.
      let src = p.source;
      for (const g of DOT_GUARDS) src = src.replace(g, '');
      if (/\(\?[!=<]/.test(src)) return { ok: false, message: 'the glob uses a negated extended pattern (`!(…)`) together with several wildcards, which cannot be matched in bounded time' };
      const re = userRegex(src, p.flags.includes('i') ? 'i' : '');
      if (!re.ok) return { ok: false, message: `the glob cannot be matched in bounded time: ${re.message}` };
      (parts as unknown[])[i] = { test: (s: string) => re.value.test(s) };
    }
  }
  return { ok: true, value: { source: pattern, match: (p: string) => mm.match(p) } };
}

/** Compiles a list of user globs; the ones that cannot run are returned with their reasons. */
export function userGlobs(patterns: string[], opts: { nocase?: boolean } = {}): { globs: UserGlob[]; refused: { pattern: string; index: number; message: string }[] } {
  const globs: UserGlob[] = [];
  const refused: { pattern: string; index: number; message: string }[] = [];
  patterns.forEach((p, index) => {
    const c = userGlob(p, opts);
    if (c.ok) globs.push(c.value);
    else refused.push({ pattern: p, index, message: c.message });
  });
  return { globs, refused };
}

/**
 * A small JSON-with-comments reader for tsconfig-style files: comments and trailing commas are
 * blanked out with spaces (so offsets still match the original text), and object members can be
 * located by key with their exact offsets, for fixes that edit one value in place.
 */

/** The text with comments and trailing commas replaced by spaces; offsets are unchanged. */
export function blankJsonc(text: string): string {
  const out = text.split('');
  let i = 0;
  const n = text.length;
  let lastSignificant = -1;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      lastSignificant = i;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') out[i++] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n' && text[i] !== '\r') out[i] = ' ';
    } else {
      if ((c === '}' || c === ']') && lastSignificant >= 0 && out[lastSignificant] === ',') out[lastSignificant] = ' ';
      if (!/\s/.test(c)) lastSignificant = i;
      i++;
    }
  }
  return out.join('');
}

/** Parses JSONC, or returns undefined when it is not valid even after blanking. */
export function parseJsonc(text: string): unknown {
  try {
    return JSON.parse(blankJsonc(text));
  } catch {
    return undefined;
  }
}

/** Offsets of an object member: the key's opening quote, and the value's start and end. */
export interface Member {
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

/** Skips a JSON value starting at `i` (in blanked text) and returns the offset after it. */
function skipValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') {
    i++;
    while (i < t.length && t[i] !== '"') i += t[i] === '\\' ? 2 : 1;
    return i + 1;
  }
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < t.length; i++) {
      const d = t[i];
      if (d === '"') {
        i = skipValue(t, i) - 1;
      } else if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return t.length;
  }
  while (i < t.length && !/[,}\]\s]/.test(t[i])) i++;
  return i;
}

/** Finds a direct member of the object whose `{` is at `objStart`, in blanked text. */
export function findMember(t: string, objStart: number, key: string): Member | undefined {
  let i = objStart + 1;
  while (i < t.length) {
    while (i < t.length && /[\s,]/.test(t[i])) i++;
    if (t[i] !== '"') return undefined;
    const keyStart = i;
    const keyEnd = skipValue(t, i);
    const name = t.slice(keyStart + 1, keyEnd - 1);
    i = keyEnd;
    while (i < t.length && /\s/.test(t[i])) i++;
    if (t[i] !== ':') return undefined;
    i++;
    while (i < t.length && /\s/.test(t[i])) i++;
    const valueStart = i;
    const valueEnd = skipValue(t, i);
    if (name === key) return { keyStart, valueStart, valueEnd };
    i = valueEnd;
  }
  return undefined;
}

/** Offset of the top-level object's `{`, or -1. */
export function rootObject(t: string): number {
  const m = /\S/.exec(t);
  return m && m[0] === '{' ? m.index : -1;
}

/**
 * Where a source file's text is code and where it is a comment, a string or a regular-expression literal.
 * A code pattern found inside a literal is text about the thing, not the thing: a linter's own source holds
 * `rejectUnauthorized: false` in a message and `ListenAndServe(` in a pattern, and neither turns TLS off or
 * starts a server. Rules that look for what code does ask `inLiteral` before they believe a match.
 *
 * A light scanner, not a parser: it knows the comment and quote forms of the C family (JavaScript,
 * TypeScript, Go, Rust, Java, Kotlin, C#, PHP) and of Python, Ruby and shell (`#` comments, triple quotes),
 * and tells a JavaScript regex literal from a division by the token before the slash. It never throws and
 * runs in one pass over the text.
 */

type Family = 'c' | 'hash' | 'none';

function familyOf(path: string): Family {
  if (/\.(?:[cm]?[jt]sx?|go|rs|java|kt|kts|cs|php|scala|swift|c|cc|cpp|h|hpp)$/i.test(path)) return 'c';
  if (/\.(?:py|rb|sh|bash|pl)$/i.test(path)) return 'hash';
  return 'none';
}

const masks = new WeakMap<object, Uint8Array>();

/** 1 where the text is inside a comment, a string or a regex literal, 0 where it is code. */
export function literalMask(text: string, path: string): Uint8Array {
  const family = familyOf(path);
  const mask = new Uint8Array(text.length);
  if (family === 'none') return mask;
  const js = /\.[cm]?[jt]sx?$/i.test(path);
  const n = text.length;
  let i = 0;
  // The last significant character of code, to tell a regex literal from a division.
  let prev = '';
  const fill = (from: number, to: number) => mask.fill(1, from, Math.min(to, n));
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (family === 'c' && c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      fill(i, stop);
      i = stop;
      continue;
    }
    if (family === 'c' && c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      fill(i, stop);
      i = stop;
      continue;
    }
    if (family === 'hash' && c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      fill(i, stop);
      i = stop;
      continue;
    }
    if (family === 'hash' && (c === '"' || c === "'") && text.startsWith(c.repeat(3), i)) {
      const end = text.indexOf(c.repeat(3), i + 3);
      const stop = end < 0 ? n : end + 3;
      fill(i, stop);
      i = stop;
      prev = c;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && text[j] !== c) {
        if (text[j] === '\\') j++;
        // Ordinary quotes end at the line; template literals and Go raw strings may span lines.
        else if (text[j] === '\n' && c !== '`') break;
        j++;
      }
      fill(i, j + 1);
      i = j + 1;
      prev = c;
      continue;
    }
    if (js && c === '/' && (prev === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(prev) || /\b(?:return|typeof|case|in|of)$/.test(text.slice(Math.max(0, i - 8), i).trimEnd()))) {
      let j = i + 1;
      let cls = false;
      while (j < n && text[j] !== '\n') {
        const d = text[j];
        if (d === '\\') j++;
        else if (d === '[') cls = true;
        else if (d === ']') cls = false;
        else if (d === '/' && !cls) break;
        j++;
      }
      if (j < n && text[j] === '/') {
        fill(i, j + 1);
        i = j + 1;
        prev = '/';
        continue;
      }
    }
    if (!/\s/.test(c)) prev = c;
    i++;
  }
  return mask;
}

/** Whether an offset of a file's text is inside a comment, a string or a regex literal (memoised per file object). */
export function inLiteral(file: { path: string; text: string }, offset: number): boolean {
  let mask = masks.get(file);
  if (!mask) {
    mask = literalMask(file.text, file.path);
    masks.set(file, mask);
  }
  return mask[offset] === 1;
}

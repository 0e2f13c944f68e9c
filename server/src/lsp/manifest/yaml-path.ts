/**
 * Finds where the cursor is in a block-style YAML document without a full parse, so that completion
 * works while the file is half-typed and invalid: the chain of parent keys (`-` for a sequence item)
 * from indentation, the key being typed or the key whose value is being typed, and the word around.
 */

/** The cursor's place in the document. */
export interface YamlCursor {
  /** Parent keys from the root, `-` for a sequence item, e.g. ['waivers', '-']. */
  path: string[];
  /** 'key' when a key is being typed, 'value' when the value of `key` is. */
  at: 'key' | 'value';
  /** The key whose value is being typed (when `at` is 'value'). */
  key?: string;
  /** The partial word before the cursor and the column where it starts. */
  word: string;
  wordStart: number;
}

const KEY_LINE = /^(\s*)(-\s+)?(?:(["'])(.*?)\3|([^\s"'#:][^:#]*?))\s*:(?:\s|$)/;
const DASH_ONLY = /^(\s*)-\s*$/;

const indentOf = (l: string) => /^\s*/.exec(l)?.[0].length ?? 0;

/** Analyses the cursor at (line, character) of a YAML text. */
export function yamlCursor(lines: string[], line: number, character: number): YamlCursor {
  const current = lines[line] ?? '';
  const before = current.slice(0, character);
  const path: string[] = [];
  let limit: number;

  const wordMatch = /[\w./*@-]*$/.exec(before);
  const word = wordMatch?.[0] ?? '';
  const wordStart = character - word.length;

  const valueMatch = /^(\s*)(-\s+)?(?:(["'])(.*?)\3|([^\s"'#:][^:#]*?))\s*:\s+(["']?)([^#]*)$/.exec(before);
  const dash = /^(\s*)-\s+/.exec(before);
  let at: 'key' | 'value' = 'key';
  let key: string | undefined;
  if (valueMatch) {
    at = 'value';
    key = (valueMatch[4] ?? valueMatch[5] ?? '').trim();
  }
  if (dash) {
    path.unshift('-');
    limit = dash[1].length;
  } else {
    limit = indentOf(before.trim() === '' ? before : current);
  }

  for (let i = line - 1; i >= 0 && limit > 0; i--) {
    const l = lines[i];
    const t = l.trim();
    if (t === '' || t.startsWith('#')) continue;
    const ind = indentOf(l);
    const m = KEY_LINE.exec(l);
    if (m && m[2]) {
      const keyCol = ind + m[2].length;
      if (keyCol < limit) {
        path.unshift(m[4] ?? m[5] ?? '');
        limit = keyCol;
      }
      if (ind < limit) {
        path.unshift('-');
        limit = ind;
      }
    } else if (DASH_ONLY.test(l) || /^\s*-\s/.test(l)) {
      if (ind < limit) {
        path.unshift('-');
        limit = ind;
      }
    } else if (m && ind < limit) {
      path.unshift((m[4] ?? m[5] ?? '').trim());
      limit = ind;
    }
  }
  return { path, at, ...(key !== undefined ? { key } : {}), word, wordStart };
}

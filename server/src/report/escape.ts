/**
 * The one escaping helper of every output. Repository text (file names, manifest titles and
 * messages, lines quoted in findings) is untrusted: in a terminal, `\x1b[2J` clears the screen, an
 * OSC sequence sets the title or plants a hyperlink, and a newline followed by
 * `readiness: all gates passed` forges a line; in Markdown pasted into a pull request, `<img
 * onerror>`, `</details>` or `[text](javascript:…)` become markup. Every writer passes such text
 * through these functions; the CLI, the language server and the client reuse them.
 */

/**
 * Control characters (C0 but tab, DEL, C1), line and paragraph separators and the bidirectional
 * overrides that reorder what a reader sees.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

/**
 * Makes text safe to print on one line of a terminal or a log: every control character becomes a
 * visible escape (`\n`, `\r`, `\e`, `\x07`, `\u202e`), so nothing is interpreted and no line is forged.
 */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** True when text holds a character `escapeControl` would escape. */
export function hasControl(s: string): boolean {
  CONTROL.lastIndex = 0;
  const hit = CONTROL.test(s);
  CONTROL.lastIndex = 0;
  return hit;
}

/**
 * Escapes text for inline Markdown (GitHub-flavoured, where HTML is allowed): HTML becomes entities,
 * brackets are escaped so no link or image can form, pipes cannot break a table, backslashes stay
 * literal, and line breaks become spaces. Code spans written in messages (`like this`) are kept as
 * code spans, whose content is never markup.
 */
export function escapeMarkdown(s: string): string {
  const text = escapeControl(s.replace(/\r\n|\r|\n/g, ' '));
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
    out += escapeText(text.slice(last, m.index)) + m[1] + m[2].replace(/\|/g, '\\|') + m[1];
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

function escapeText(s: string): string {
  return s.replace(/[\\`[\]|]/g, (c) => `\\${c}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A Markdown code span holding text literally (a path, a rule id): a fence longer than any run of
 * backticks inside, pipes escaped for tables, control characters made visible.
 */
export function codeSpan(s: string): string {
  const text = escapeControl(s.replace(/\r\n|\r|\n/g, ' ')).replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

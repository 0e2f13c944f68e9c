/**
 * Escaping of repository text (file names, messages, rule titles of custom checks) for every output
 * the pipeline formats write: HTML, XML (JUnit), Markdown, terminals and GitHub workflow commands.
 * A repository is untrusted input: none of its text may open a tag, break a table, inject a
 * terminal escape sequence or smuggle a workflow command.
 * This is the one escaping module of the product (the CLI, the language server, the client, the
 * Action and every report writer use it).
 */

/**
 * C0 and C1 control characters other than tab and line feed, plus the Unicode bidirectional
 * overrides and isolates that can make text read differently from what it is ("Trojan Source").
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** Replaces control characters (escape sequences included) with U+FFFD; keeps tabs and line feeds. */
export function stripControl(s: string): string {
  return s.replace(CONTROL, '\uFFFD');
}

/** Text safe to print on a terminal on one line: controls replaced, line breaks turned into spaces. */
export function terminalLine(s: string): string {
  return stripControl(s.replace(/\r\n|\r|\n/g, ' '));
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return stripControl(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
 * They cannot even be written as character references, so they are replaced.
 */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content and quoted attribute values (JUnit reports). */
export function escapeXml(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML_ENTITIES[c]))
    .replace(/\r/g, '&#13;');
}

/**
 * Escapes text for inline Markdown (GitHub Flavored, as in pull request comments and job summaries):
 * no emphasis, link, image, code span, HTML tag, autolink or table cell can start inside it, and it
 * stays on one line. Characters are written as backslash escapes or entities, so the text reads the
 * same once rendered.
 */
export function escapeMarkdown(s: string): string {
  return stripControl(s)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/@/g, '&#64;')
    .replace(/:\/\//g, '&#58;//');
}

/** Text for a Markdown code span: backticks cannot close it, and it stays on one line. */
export function markdownCode(s: string): string {
  const text = stripControl(s).replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Escapes the data of a GitHub workflow command (`::error::data`), as the Actions toolkit does. */
export function escapeCommandData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a GitHub workflow command (`::error file=...::`). */
export function escapeCommandProperty(s: string): string {
  return escapeCommandData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Control characters (C0 but tab, DEL, C1), line and paragraph separators and the bidirectional
 * overrides that reorder what a reader sees.
 */
const VISIBLE_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

/**
 * Makes text safe to print on one line of a terminal or a log: every control character becomes a
 * visible escape (`\n`, `\r`, `\e`, `\x07`, `\u202e`), so nothing is interpreted and no line is forged.
 */
export function escapeControl(s: string): string {
  return s.replace(VISIBLE_CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** True when text holds a character `escapeControl` would escape. */
export function hasControl(s: string): boolean {
  VISIBLE_CONTROL.lastIndex = 0;
  const hit = VISIBLE_CONTROL.test(s);
  VISIBLE_CONTROL.lastIndex = 0;
  return hit;
}

/**
 * Escapes repository text for inline Markdown where the code spans it writes (`like this`) should stay
 * code spans (finding messages, rule titles): HTML becomes entities,
 * brackets are escaped so no link or image can form, pipes cannot break a table, backslashes stay
 * literal, and line breaks become spaces. Code spans written in messages (`like this`) are kept as
 * code spans, whose content is never markup.
 */
export function markdownText(s: string): string {
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
  // Mentions (`@team`) would notify people where a report is pasted; bare URLs would become links.
  return s.replace(/[\\`[\]|]/g, (c) => `\\${c}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '&#64;').replace(/:\/\//g, '&#58;//');
}

/**
 * A Markdown code span holding text literally (a path, a rule id): a fence longer than any run of
 * backticks inside, pipes escaped for tables, control characters made visible.
 */
export function codeSpan(s: string): string {
  // In a table cell a pipe must be escaped even inside a code span (GitHub-flavoured tables split first).
  const text = escapeControl(s.replace(/\r\n|\r|\n/g, ' ')).replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

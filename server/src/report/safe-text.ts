/**
 * Escaping of repository text (file names, messages, rule titles of custom checks) for every output
 * the pipeline formats write: HTML, XML (JUnit), Markdown, terminals and GitHub workflow commands.
 * A repository is untrusted input: none of its text may open a tag, break a table, inject a
 * terminal escape sequence or smuggle a workflow command.
 *
 * Note for the lead: the `hostile` branch adds one escaping helper in this folder too; the two
 * should become one module when both are merged.
 */

/**
 * C0 and C1 control characters other than tab and line feed, plus the Unicode bidirectional
 * overrides and isolates that can make text read differently from what it is ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex
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
// eslint-disable-next-line no-control-regex
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

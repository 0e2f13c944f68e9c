/**
 * The vocabulary of status and priority marks that teams write in roadmaps: checkboxes, emoji (✅ ❌
 * ⚠️ 🟡 …), words (DONE, WIP, "(in progress)") and strike-through, plus priority marks (🔴 🟠 🟡 🟢,
 * P0-P3, "Critical", "High priority"). Everything here works on text already repaired by `mojibake`.
 */

/** The status of a roadmap item. */
export type ItemStatus = 'done' | 'open' | 'partial';

/** The priority of a roadmap item or section. */
export type Priority = 'critical' | 'high' | 'medium' | 'low';

/** Emoji and symbols that say an item is done. */
export const DONE_MARKS = ['✅', '✔', '☑', '✓', '🗸', '🟢', '🆗'];
/** Emoji and symbols that say an item is not done. */
export const OPEN_MARKS = ['❌', '✗', '✘', '☐', '⬜', '❎', '🔲', '⭕', '🔴', '⛔', '🚫', '✖'];
/** Emoji and symbols that say an item is partly done or in progress. */
export const PARTIAL_MARKS = ['⚠', '🟡', '🟠', '🚧', '⏳', '🔄', '🔶', '◐', '⌛', '🔸', '🟨', '🟧'];

/** Circles that are priority marks in headings and next to checkboxes. */
export const PRIORITY_CIRCLES: Record<string, Priority> = { '🔴': 'critical', '🟠': 'high', '🟡': 'medium', '🟢': 'low' };

const ALL_MARKS = [...DONE_MARKS, ...OPEN_MARKS, ...PARTIAL_MARKS].sort((a, b) => b.length - a.length);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches any one status mark, with its optional emoji presentation selector. */
export const MARK_RE = new RegExp(`(?:${ALL_MARKS.map(escape).join('|')})\\uFE0F?`, 'u');

/** The status a mark stands for. */
export function statusOfMark(mark: string): ItemStatus | undefined {
  const m = mark.replace(/\uFE0F/g, '');
  if (DONE_MARKS.includes(m)) return 'done';
  if (OPEN_MARKS.includes(m)) return 'open';
  if (PARTIAL_MARKS.includes(m)) return 'partial';
  return undefined;
}

/** The state a checkbox character stands for (GitHub `[x]`, Obsidian-style `[/]`, `[~]`, `[-]`). */
export function statusOfCheckbox(ch: string): ItemStatus {
  if (/^[xX✓✔]$/.test(ch)) return 'done';
  if (/^[~/\-.]$/.test(ch)) return 'partial';
  return 'open';
}

/**
 * Status words written in place of a mark, at the start of an item: `DONE:`, `[WIP]`, `Todo - …`, or
 * a bare upper-case `DONE`/`TODO`/`WIP` (lower-case "todo list" is an ordinary word).
 */
export const LEADING_WORD_RE = /^(?:\[(done|complete|completed|todo|wip|partial|in progress|pending|blocked)\]|(done|completed|todo|wip|partial|in progress)\s*[:\-–—]\s+|(DONE|TODO|WIP|PARTIAL)\b\s*)/i;

/** The bare alternative of `LEADING_WORD_RE` must be upper-case; this checks a match. */
export function leadingWordOk(m: RegExpExecArray): boolean {
  return Boolean(m[1] || m[2] || (m[3] && m[3] === m[3].toUpperCase()));
}

/**
 * Status words at the end of an item: `(done)`, `(in progress)`, `— done`, or a bare upper-case
 * `DONE`/`WIP`/`TODO` ("get it done" is not a status).
 */
export const TRAILING_WORD_RE = /(?:\(\s*(done|completed?|finished|shipped|partial(?:ly done)?|in progress|wip|ongoing|started|todo|pending|not started|blocked|missing)\s*\)|\s[-–—]\s*\**(done|completed?|in progress|wip|partial|todo|pending|missing)\**|\s\**(DONE|WIP|TODO)\**)\s*$/i;

/** The bare alternative of `TRAILING_WORD_RE` must be upper-case; this checks a match. */
export function trailingWordOk(m: RegExpExecArray): boolean {
  return Boolean(m[1] || m[2] || (m[3] && m[3] === m[3].toUpperCase()));
}

/** The status a status word stands for. */
export function statusOfWord(word: string): ItemStatus {
  const w = word.toLowerCase();
  if (/^(done|complete|completed|finished|shipped)$/.test(w)) return 'done';
  if (/^(partial|partially done|in progress|wip|ongoing|started)$/.test(w)) return 'partial';
  return 'open';
}

/**
 * Words right after a mark that qualify it: "✅ **Partially Ready**" is partial, "❌ **Missing**" is
 * not done. Returns the qualified status, or undefined when the words do not change it (words never
 * turn a mark into done).
 */
export function qualify(rest: string): ItemStatus | undefined {
  const t = rest.replace(/[*_`]/g, '').trim();
  if (/^(partial(ly)?|partly|in progress|wip|ongoing|started|needs (review|work)|incomplete|mostly)\b/i.test(t)) return 'partial';
  if (/^(missing|not (done|started|implemented|ready|complete)|todo|pending|blocked|absent)\b/i.test(t)) return 'open';
  return undefined;
}

/** A priority named by a word (`critical`, `P1`, `nice to have`, `must have`). */
export function priorityOfWord(w: string): Priority | undefined {
  const s = w.toLowerCase().replace(/[-_]/g, ' ');
  if (/^(critical|blocking|blocker|must have|urgent|p0)$/.test(s)) return 'critical';
  if (/^(high|important|should have|p1)$/.test(s)) return 'high';
  if (/^(medium|moderate|normal|p2)$/.test(s)) return 'medium';
  if (/^(low|nice to have|could have|optional|future|p3|p4)$/.test(s)) return 'low';
  return undefined;
}

const PRIO_WORDS = 'critical|blocking|blocker|must[- ]have|urgent|high|important|should[- ]have|medium|moderate|low|nice[- ]to[- ]have|could[- ]have|optional|future';

/** Priority marks inside an item's line: `P1`, `(Critical)`, `High priority`, `Priority: high`, `[P0]`. */
export function priorityInLine(text: string): Priority | undefined {
  const t = text.replace(/[*_]/g, '');
  let m = /(?:^|[\s([])(P[0-4])(?=$|[\s)\]:,.])/.exec(t);
  if (m) return priorityOfWord(m[1]);
  m = new RegExp(`priority\\s*[:=-]?\\s*(?:\\p{Extended_Pictographic}\\s*)?(${PRIO_WORDS})\\b`, 'iu').exec(t);
  if (m) return priorityOfWord(m[1]);
  m = new RegExp(`\\b(${PRIO_WORDS})[- ]priority\\b`, 'i').exec(t);
  if (m) return priorityOfWord(m[1]);
  m = new RegExp(`\\(\\s*(${PRIO_WORDS})\\s*\\)`, 'i').exec(t);
  if (m) return priorityOfWord(m[1]);
  return undefined;
}

/** Priority of a heading: its words ("Critical", "Nice to Have", "High Priority") or its coloured circle. */
export function priorityOfHeading(title: string): Priority | undefined {
  const own = priorityInLine(title);
  if (own) return own;
  const t = title.replace(/[*_]/g, '').replace(/^[\p{Extended_Pictographic}\uFE0F\s\d.:)-]+/u, '');
  const m = new RegExp(`^(${PRIO_WORDS}|P[0-4])\\b`, 'i').exec(t);
  if (m) return priorityOfWord(m[1]);
  for (const [circle, p] of Object.entries(PRIORITY_CIRCLES)) if (title.includes(circle)) return p;
  return undefined;
}

/** Removes Markdown syntax and marks from a fragment, leaving its words. */
export function cleanText(s: string): string {
  return s
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(new RegExp(MARK_RE.source, 'gu'), ' ')
    .replace(/[\uFE0F]/g, '')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/(^|\s)[*_](\S)/g, '$1$2')
    .replace(/(\S)[*_](\s|$)/g, '$1$2')
    .replace(TRAILING_WORD_RE, (m, a, b, c) => (a || b || (c && c === c.toUpperCase()) ? '' : m))
    .replace(/\s+/g, ' ')
    .replace(/^[\s:|–—-]+|[\s:|–—-]+$/g, '')
    .trim();
}

/**
 * Finding the status mark of one roadmap line: a checkbox, a leading or trailing emoji (with the words
 * that qualify it, "✅ **Partially Ready**"), a status word (DONE, `[WIP]`, "(in progress)") or a
 * struck-through entry, and coloured circles that are priorities rather than statuses.
 */
import {
  LEADING_WORD_RE, MARK_RE, PRIORITY_CIRCLES, TRAILING_WORD_RE, leadingWordOk, trailingWordOk, priorityInLine, priorityOfWord, qualify,
  statusOfCheckbox, statusOfMark, statusOfWord, type ItemStatus, type Priority,
} from './marks';
import type { MarkKind } from './items';

/** A checklist box at the start of an item's content: `[ ]`, `[x]`, `[~]`, `[/]`, `[-]`. */
export const CHECKBOX_RE = /^\[([ xX✓✔~/\-.>!?])\]\s*/;

/** A detected mark: the status it gives, its kind, and offsets in the (repaired) line. */
export interface Detected {
  status: ItemStatus;
  mark: MarkKind;
  /** Span of the mark in the repaired line. */
  start: number;
  end: number;
  /** Where the item's words start and end in the repaired line. */
  textStart: number;
  textEnd: number;
  priority?: Priority;
}

/**
 * Finds the status mark of an item whose content starts at `from`. `trailing` allows a mark at the
 * end of the line (list items and headings, not paragraphs).
 */
export function detect(line: string, from: number, trailing: boolean, circlesArePriority: boolean): Detected | undefined {
  const content = line.slice(from);
  const cb = CHECKBOX_RE.exec(content);
  if (cb) {
    const rest = content.slice(cb[0].length);
    let priority = priorityInLine(rest);
    if (!priority) for (const [c, p] of Object.entries(PRIORITY_CIRCLES)) if (rest.includes(c)) priority = p;
    return { status: statusOfCheckbox(cb[1]), mark: 'checkbox', start: from, end: from + 3, textStart: from + cb[0].length, textEnd: line.length, ...(priority ? { priority } : {}) };
  }
  const lead = /^(?:\*\*|__)?\s*/.exec(content)![0].length;
  const m = new RegExp(`^${MARK_RE.source}`, 'u').exec(content.slice(lead));
  if (m) {
    const after = content.slice(lead + m[0].length);
    const circle = PRIORITY_CIRCLES[m[0].replace(/\uFE0F/g, '')];
    const prioWord = /^\s*(?:\*\*|__)?\s*(critical|high|medium|low|p[0-3])\b/i.exec(after);
    if (circle && (circlesArePriority || prioWord)) {
      // A coloured circle followed by a priority word is a priority, not a status.
      const p = prioWord ? priorityOfWord(prioWord[1]) : circle;
      const inner = detect(line, from + lead + m[0].length + (prioWord ? prioWord[0].length : 0), trailing, true);
      if (inner) return { ...inner, priority: inner.priority ?? p };
      return undefined;
    }
    // Words right after a leading mark qualify it only when they are a short or bold status ("✅ **Partially Ready**").
    const short = after.replace(/[*_`]/g, ' ').trim().split(/\s+/).filter(Boolean).length <= 3 || /^\s*(\*\*|__)/.test(after);
    const status = (short ? qualify(after) : undefined) ?? statusOfMark(m[0])!;
    const start = from + lead;
    return { status, mark: 'emoji', start, end: start + m[0].length, textStart: start + m[0].length, textEnd: line.length, ...priorityOf(after) };
  }
  const w = LEADING_WORD_RE.exec(content.slice(lead));
  if (w && leadingWordOk(w)) {
    const word = (w[1] ?? w[2] ?? w[3]).trim();
    const start = from + lead;
    return { status: statusOfWord(word), mark: 'word', start, end: start + w[0].trimEnd().length, textStart: start + w[0].length, textEnd: line.length };
  }
  const strike = /^(\s*)~~(.+)~~\s*$/.exec(content);
  if (strike) {
    const start = from + strike[1].length;
    const end = start + strike[2].length + 4;
    return { status: 'done', mark: 'strike', start, end, textStart: start, textEnd: end };
  }
  if (!trailing) return undefined;
  // A mark near the end: "Dockerfile hardened ✅", "Authentication ❌ **Missing**".
  const all = [...content.matchAll(new RegExp(MARK_RE.source, 'gu'))];
  const last = all[all.length - 1];
  if (last && last.index! > 0) {
    const after = content.slice(last.index! + last[0].length);
    const circle = PRIORITY_CIRCLES[last[0].replace(/\uFE0F/g, '')];
    const words = after.replace(/[*_`()]/g, ' ').trim().split(/\s+/).filter(Boolean);
    if (!(circle && circlesArePriority) && words.length <= 4 && !/%|\|/.test(after)) {
      const status = qualify(after) ?? statusOfMark(last[0])!;
      const start = from + last.index!;
      return { status, mark: 'emoji', start, end: start + last[0].length, textStart: from, textEnd: start };
    }
  }
  const t = TRAILING_WORD_RE.exec(content);
  if (t && trailingWordOk(t)) {
    const word = (t[1] ?? t[2] ?? t[3]).trim();
    const start = from + t.index + (t[0].length - t[0].trimStart().length);
    return { status: statusOfWord(word), mark: 'word', start, end: from + t.index + t[0].trimEnd().length, textStart: from, textEnd: from + t.index };
  }
  return undefined;
}

function priorityOf(s: string): { priority?: Priority } {
  const p = priorityInLine(s);
  return p ? { priority: p } : {};
}

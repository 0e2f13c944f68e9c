/**
 * The edits that tick a roadmap item: `[ ]` → `[x]`, ❌/⚠️/🟡 (or their mis-decoded forms) → ✅,
 * TODO/WIP → DONE, "Status: in progress" → "Status: ✅ Done", and a ✅ appended to an unmarked task
 * heading; a leftover "(in progress)" after the item goes too. Items phrased as an absence
 * ("❌ No rate limiting") get no tick: flipping the mark would make the line say the opposite of
 * what is true.
 */
import type { Range } from '../core/types';
import { TRAILING_WORD_RE, trailingWordOk } from './marks';
import type { RoadmapItem } from './parse';

/** One replacement on a line. */
export interface TickEdit {
  range: Range;
  newText: string;
}

/** The end of a line's content, before trailing spaces and any HTML comment from `from` on. */
function contentEnd(lineText: string, from = 0): number {
  const comment = lineText.indexOf('<!--', from);
  return (comment >= 0 ? lineText.slice(0, comment) : lineText).trimEnd().length;
}

/**
 * The replacements that tick an item, on its mark line (`lineText` is that line), or undefined when
 * it cannot be ticked mechanically.
 */
export function tickEdit(item: RoadmapItem, lineText: string): TickEdit[] | undefined {
  if (item.status === 'done' || item.negative) return undefined;
  const at = (start: number, end: number, newText: string): TickEdit => ({ range: { start: { line: item.markLine, character: start }, end: { line: item.markLine, character: end } }, newText });
  const { start, end } = item.markSpan;
  // A status word left after the item ("(in progress)") would contradict the tick.
  const tail = (): TickEdit[] => {
    const stop = contentEnd(lineText, end);
    const m = TRAILING_WORD_RE.exec(lineText.slice(end, stop));
    if (!m || !trailingWordOk(m)) return [];
    let from = end + m.index;
    while (from > end && /\s/.test(lineText[from - 1])) from--;
    return [at(from, stop, '')];
  };
  switch (item.mark) {
    case 'checkbox':
      return [at(start, end, '[x]'), ...tail()];
    case 'emoji':
    case 'table': {
      // A trailing mark with a qualifier ("Authentication ❌ **Missing**") is replaced with the tick alone.
      const before = lineText.slice(0, start).replace(/^\s*(#{1,6}|[-*+]|\d{1,3}[.)])\s*/, '').replace(/[*_\s]/g, '');
      const words = lineText.slice(end, contentEnd(lineText, end)).replace(/[*_`()]/g, ' ').trim();
      if (item.mark === 'emoji' && before.length > 0 && words && !/\|/.test(words) && words.split(/\s+/).length <= 4) {
        return [at(start, contentEnd(lineText, end), '✅')];
      }
      return [at(start, end, '✅'), ...(item.mark === 'emoji' ? tail() : [])];
    }
    case 'word': {
      const word = lineText.slice(start, end);
      return [at(start, end, word.replace(/[A-Za-z][A-Za-z ]*[A-Za-z]|[A-Za-z]+/, (w) => (w === w.toUpperCase() ? 'DONE' : /^[A-Z]/.test(w) ? 'Done' : 'done')))];
    }
    case 'field':
      return [at(start, end, '✅ Done')];
    case 'heading': {
      const e = contentEnd(lineText);
      return [at(e, e, ' ✅')];
    }
    default:
      return undefined;
  }
}

/**
 * The replacements that mark a done item open again, for an item whose checks fail: `[x]` → `[ ]`,
 * ✅ → ❌, DONE → TODO, ~~struck~~ → `[ ] struck`. The honest state, written mechanically.
 */
export function untickEdit(item: RoadmapItem, lineText: string): TickEdit[] | undefined {
  if (item.status !== 'done') return undefined;
  const at = (start: number, end: number, newText: string): TickEdit => ({ range: { start: { line: item.markLine, character: start }, end: { line: item.markLine, character: end } }, newText });
  const { start, end } = item.markSpan;
  switch (item.mark) {
    case 'checkbox':
      return [at(start, end, '[ ]')];
    case 'emoji':
    case 'table':
      return [at(start, end, '❌')];
    case 'word': {
      const word = lineText.slice(start, end);
      return [at(start, end, word.replace(/[A-Za-z]+/, (w) => (w === w.toUpperCase() ? 'TODO' : /^[A-Z]/.test(w) ? 'Todo' : 'todo')))];
    }
    case 'strike':
      return [at(start, end, `[ ] ${lineText.slice(start + 2, end - 2)}`)];
    case 'field':
      return [at(start, end, 'Not done')];
    default:
      return undefined;
  }
}


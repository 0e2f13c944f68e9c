/**
 * The roadmap parser: turns a production-readiness roadmap (Markdown, possibly with mis-decoded
 * emoji) into items and claims. An item is a line that states the status of a piece of work: a
 * checklist entry (`- [x]`), a line led or closed by a status mark (✅ ❌ ⚠️ 🟡 …) or a status word
 * (DONE, WIP, "(in progress)"), a struck-through entry, a status cell of a table, or a task heading
 * ("#### 1.2 Create `.env.example` File" with a Priority or Status field). A claim is a measured
 * number the document asserts: "Current: 85% MVP Production Ready", "70.4/100", the Current column
 * of a scorecard table, or "Status: production ready".
 *
 * The blocks come from markdown-it, through the file's cached Markdown views (`core/markdown.ts`):
 * headings (ATX and setext), list items at any depth, tables, block quotes, paragraphs; fenced and
 * indented code, HTML blocks and comments, front matter and link definitions hold no items. Within
 * a block the roadmap's vocabulary is read line by line (a roadmap writes one item a line), tolerant
 * of anything, with positions kept in the original text so that diagnostics and fixes land on the
 * exact characters in the file.
 */
import { SourceFile } from '../core/source';
import { markdownBlocks } from '../core/markdown';
import { cells, claimsIn, type RoadmapClaim } from './claims';
import type { MarkKind, RoadmapItem, Span } from './items';
import { CHECKBOX_RE, detect } from './detect';
import { repairLine } from './mojibake';
import { cleanText, priorityInLine, priorityOfHeading, type ItemStatus, type Priority } from './marks';

export type { RoadmapClaim } from './claims';
export type { MarkKind, RoadmapItem, Span } from './items';
export { cleanText } from './marks';

/** A parsed roadmap document. */
export interface RoadmapDoc {
  path: string;
  title: string;
  items: RoadmapItem[];
  claims: RoadmapClaim[];
  /** True when `readiness roadmap` wrote this document. */
  generated: boolean;
  /** Status marks that decorate criteria or deliverables rather than state progress (not items). */
  decorative: number;
}

/** Marker the generator writes on its documents' second line. */
export const GENERATED_MARKER = '<!-- readiness:roadmap';

interface HeadingNode {
  level: number;
  title: string;
  line: number;
  priority?: Priority;
  fieldPriority?: Priority;
  field?: { status: ItemStatus; span: Span; markText: string; mark: MarkKind; line: number };
  decorative: boolean;
  state: boolean;
  hasChild: boolean;
  items: number;
  taskSignal: boolean;
  own?: { status: ItemStatus; span: Span; markText: string; mark: MarkKind };
  /** The heading's words without its own status mark and qualifier. */
  ownText?: string;
  textStart: number;
  parent?: HeadingNode;
}

const DECOR_HEADING = /success (criteria|metrics)|deliverables|definition of done|acceptance criteria|exit criteria|\bkpis?\b|benefits|key learnings|lessons|questions|risk|references|glossary|timeline|milestones|conclusion|appendix|(?<![.\w])(templates?|examples?)\b|tools? (&|and) technolog|enterprise[- ]ready/i;
const DECOR_LABEL = /deliverables|files to (create|add|change)|steps|tools|benefits|goal|outcome|expected|example|mitigation|deploying without/i;
const STATE_LABEL = /current state|^status$|what'?s (complete|done|missing|working|in place)|already (implemented|done)|in place|completed/i;
const TASK_TITLE = /^(?:(?:\d+(?:\.\d+)*\.?|[A-Z][.)])\s+)?(?:create|add|set ?up|implement|improve|increase|configure|enable|write|document|deploy|integrate|establish|automate|harden|migrate|introduce|adopt|define|install|build|remove|fix|enhance|upgrade|move|replace|run|monitor|secure|containeri[sz]e|pin|scan|publish|provision|back ?up|rotate|validate|verify|centrali[sz]e)\b/i;
const PRIORITY_TITLE = /^(?:priority|task|step)\s*\d+\s*:/i;
/** A bold label line that introduces a list: `**Current State:**`, `**Deliverables**:`. */
const LABEL_RE = /^\s*(?:\*\*|__)[^*_]{2,60}?(?::(?:\*\*|__)|(?:\*\*|__):)\s*$/;
const FIELD_RE = /^(priority|status|state|effort|owner|eta|estimate)\s*:\s*(.*)$/i;
const REF_RE = /`([a-z][a-z0-9-]*\/[a-z0-9][a-z0-9-]*)`/g;
const ANNOTATION_RE = /<!--\s*readiness:\s*([^>]*?)\s*-->/g;
const NEGATIVE_RE = /^(no|not|none|missing|without|lacks?|lacking|never)\b/i;

/** Replaces HTML comments with spaces, keeping every offset. */
function blankComments(s: string): string {
  return s.includes('<!--') ? s.replace(/<!--.*?-->/g, (m) => ' '.repeat(m.length)) : s;
}

function refsOf(line: string): { refs: string[]; manual: boolean } {
  const refs: string[] = [];
  let manual = false;
  for (const m of line.matchAll(REF_RE)) refs.push(m[1]);
  for (const m of line.matchAll(ANNOTATION_RE)) {
    for (const part of m[1].split(/[\s,]+/).filter(Boolean)) {
      if (part.toLowerCase() === 'manual') manual = true;
      else if (/^[a-z][a-z0-9-]*\/[a-z0-9-]+$/.test(part)) refs.push(part);
    }
  }
  return { refs: [...new Set(refs)], manual };
}

/** Parses a roadmap text. Never throws; unknown syntax is simply not an item. */
export function parseRoadmap(path: string, text: string): RoadmapDoc {
  return parseRoadmapFile(new SourceFile(path, text, 'markdown'));
}

/** A table row read for `tableItems`: the repaired, comment-blanked text with its map to the original. */
interface TableRow {
  line: number;
  text: string;
  repaired: string;
  original: string;
  map: number[];
}

/** Where a line's content starts after its container prefix (indentation, `>` markers, list marker). */
function contentOffset(raw: string, content: string, listItem: boolean, quoted: boolean): number {
  // markdown-it's text of the line is the line's tail: the prefix is what precedes it (ASCII only).
  const r = raw.replace(/\0/g, '\uFFFD').trimEnd();
  const c = content.trimEnd();
  let at: number;
  if (c && r.endsWith(c)) at = r.length - c.length;
  else {
    // The parser expanded a tab or rewrote the line: fall back to reading the prefix.
    const quote = quoted ? /^\s*(?:>\s?)*/.exec(raw)![0].length : 0;
    const marker = listItem ? /^\s*(?:[-*+]|\d{1,9}[.)])(?=\s|$)/.exec(raw.slice(quote)) : null;
    at = quote + (marker ? marker[0].length : 0);
  }
  while (at < raw.length && (raw[at] === ' ' || raw[at] === '\t')) at++;
  return at;
}

/**
 * Parses a roadmap file through its cached Markdown views (`core/markdown.ts`). markdown-it decides
 * the blocks (headings ATX and setext, list items however nested, tables, block quotes, and code,
 * HTML, front matter and comments, which hold no items); the roadmap's own vocabulary (status marks,
 * fields, labels, claims) is read from each line's text, repaired of mojibake, with positions kept in
 * the original line. Never throws.
 */
export function parseRoadmapFile(file: SourceFile): RoadmapDoc {
  const lines = file.lines;
  const blocks = markdownBlocks(file);
  const items: RoadmapItem[] = [];
  const claims: RoadmapClaim[] = [];
  const nodes: HeadingNode[] = [];
  const stack: HeadingNode[] = [];
  let title = '';
  let label = '';
  let decorative = 0;
  let lastItem: { item: RoadmapItem; indent: number } | undefined;
  const generated = lines.slice(0, 5).some((l) => l.includes(GENERATED_MARKER));

  const current = () => stack[stack.length - 1];
  const headingTitles = () => stack.map((h) => h.title);
  const inDecor = () => stack.some((h) => h.decorative) || DECOR_LABEL.test(label);
  const tableRow = (l: number): TableRow => {
    const { text: repaired, map } = repairLine(lines[l]);
    return { line: l, text: blankComments(repaired), repaired, original: lines[l], map };
  };

  // The header of the table last read, while only comment lines follow it (see below).
  let openTable: string[] | undefined;
  let table: { header: string[]; end: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const b = blocks[i];
    if (b?.kind === 'skip' && b.block === 'html_block' && openTable && /^\s*<!--.*-->\s*$/.test(lines[i])) continue;
    if (b?.kind === 'text' && openTable && /^\s*\|/.test(lines[i])) {
      // A comment line between two rows (an annotation) ends the table for markdown-it, as for GitHub;
      // the team reading its source sees one table, and so does this reader: the rows after it keep
      // the table's header.
      tableItems({ header: openTable, rows: [tableRow(i)] }, items, claims, stack, label);
      continue;
    }
    openTable = undefined;
    if (table && i === table.end) openTable = table.header;
    if (!b || b.kind === 'blank' || b.kind === 'skip') continue;
    if (b.kind === 'row') {
      // A table is read whole at its header row, with the sections and label in force there.
      if (b.header) {
        const header = cells(tableRow(i).text).map((c) => c.text);
        tableItems({ header, rows: b.table.rows.map(tableRow) }, items, claims, stack, label);
        table = { header, end: b.table.rows.length ? b.table.rows[b.table.rows.length - 1] : i + 1 };
      }
      continue;
    }
    const raw = lines[i];
    const { text: repaired, map } = repairLine(raw);
    // Inline comments are blanked (offsets kept) so that annotations never read as marks or words.
    const line = blankComments(repaired);
    if (!line.trim()) continue;

    if (b.kind === 'heading') {
      const level = b.level;
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      // The heading's prefix (`### `) and closing sequence are ASCII, so offsets in the original hold in the repaired line.
      const rawStart = b.first ? raw.indexOf(b.first) : -1;
      const textStart = rawStart >= 0 ? rawStart : /^\s*#*\s*/.exec(raw)![0].length;
      const closing = rawStart >= 0 ? raw.length - rawStart - b.first.length : 0;
      const words = line.slice(textStart, line.length - closing).trimEnd();
      const clean = cleanText(b.first === b.content ? words : `${words} ${b.content.slice(b.first.length)}`);
      if (level === 1 && !title) title = clean;
      const parent = current();
      if (parent) parent.hasChild = true;
      const node: HeadingNode = {
        level, title: clean, line: i, decorative: DECOR_HEADING.test(clean), state: STATE_LABEL.test(clean),
        hasChild: false, items: 0, taskSignal: TASK_TITLE.test(clean) || PRIORITY_TITLE.test(clean), textStart, ...(parent ? { parent } : {}),
      };
      const p = priorityOfHeading(words);
      if (p) node.priority = p;
      const hasClaim = /\d{1,3}(\.\d+)?\s*(%|\/\s*100\b)/.test(words);
      if (hasClaim) node.decorative = true;
      const d = hasClaim ? undefined : detect(line, textStart, true, true);
      if (d && d.mark !== 'word') {
        node.own = { status: d.status, span: { start: map[d.start], end: map[d.end] }, markText: raw.slice(map[d.start], map[d.end]), mark: d.mark };
        node.ownText = cleanText(line.slice(d.textStart, d.textEnd));
      }
      nodes.push(node);
      stack.push(node);
      label = '';
      lastItem = undefined;
      claims.push(...claimsIn(line, i, map));
      continue;
    }

    const li = b.listItem;
    const quote = b.quoted ? /^\s*(?:>\s?)*/.exec(line)![0].length : 0;
    const indent = quote + (line.length - quote - line.slice(quote).trimStart().length);
    const contentStart = contentOffset(raw, b.content, li, b.quoted);
    const content = line.slice(contentStart);
    const plain = cleanText(content);
    const field = FIELD_RE.exec(plain);
    const node = current();
    if (field && node && !CHECKBOX_RE.test(content)) {
      const key = field[1].toLowerCase();
      if (key === 'priority') {
        const p = priorityInLine(`priority: ${field[2]}`) ?? priorityOfHeading(line.slice(contentStart).replace(/^.*?priority\W*/i, ''));
        if (p) node.fieldPriority = p;
        if (node.level >= 3) node.taskSignal = true;
      } else if (key === 'status' || key === 'state') {
        const colon = line.toLowerCase().indexOf(':', line.toLowerCase().indexOf(key)) + 1;
        const valueAt = colon + /^[\s*_]*/.exec(line.slice(colon))![0].length;
        const d = detect(line, valueAt, false, false);
        const status = d?.status ?? fieldStatus(field[2]);
        if (status) {
          const s = d ? d.start : valueAt;
          const e = d ? d.end : line.trimEnd().length;
          node.field = { status, span: { start: map[s], end: map[e] }, markText: raw.slice(map[s], map[e]), mark: d ? d.mark : 'field', line: i };
        }
        if (node.level >= 3) node.taskSignal = true;
      } else if (node.level >= 3) node.taskSignal = true;
      claims.push(...claimsIn(line, i, map));
      continue;
    }
    if (!li && LABEL_RE.test(content)) {
      label = cleanText(content);
      continue;
    }
    if (!li && /^\s*[A-Z][\w' ]{2,40}:\s*$/.test(content)) {
      label = content.trim().slice(0, -1);
      continue;
    }

    const d = detect(line, contentStart, li, false);
    if (d && (!inDecor() || d.mark === 'checkbox')) {
      const words = line.slice(d.textStart, d.textEnd);
      const text = cleanText(words);
      if (text) {
        const { refs, manual } = refsOf(repaired);
        const prio = d.priority ?? priorityInLine(words);
        const item: RoadmapItem = {
          line: i, text, headings: headingTitles(), status: d.status, mark: d.mark,
          markSpan: { start: map[d.start], end: map[d.end] }, markLine: i, markText: raw.slice(map[d.start], map[d.end]),
          ...(prio ? { priority: prio } : {}),
          kind: STATE_LABEL.test(label) || (node?.state ?? false) ? 'state' : 'task',
          negative: NEGATIVE_RE.test(text), refs, manual, detail: '',
        };
        items.push(item);
        if (node) node.items++;
        lastItem = { item, indent };
        claims.push(...claimsIn(line, i, map));
        continue;
      }
    } else if (d) decorative++;
    if (lastItem && indent > lastItem.indent && lastItem.item.detail.length < 400) lastItem.item.detail += ` ${plain}`;
    else if (!li && indent === 0) lastItem = undefined;
    claims.push(...claimsIn(line, i, map));
  }

  // Task headings (leaf sections without items of their own) become items too.
  const headingItems: RoadmapItem[] = [];
  for (const n of nodes) {
    if (n.hasChild || n.items > 0 || n.level < 2) continue;
    if (n.decorative || ancestors(n).some((a) => a.decorative)) continue;
    const st = n.field ?? n.own;
    if (!st && !n.taskSignal) continue;
    const text = cleanText((n.ownText || n.title).replace(/^(?:priority|task|step)\s*\d+\s*:\s*/i, '').replace(/^(\d+(\.\d+)*\.?|[A-Z][.)])\s+/, ''));
    if (!text) continue;
    const { refs, manual } = refsOf(lines[n.line]);
    const headingLine = lines[n.line].replace(/\s+$/, '');
    const prio = n.fieldPriority ?? n.priority;
    headingItems.push({
      line: n.line, text, headings: ancestors(n).reverse().map((a) => a.title), status: st?.status ?? 'open', mark: st ? st.mark : 'heading',
      markSpan: st ? st.span : { start: headingLine.length, end: headingLine.length }, markLine: n.field?.line ?? n.line, markText: st?.markText ?? '',
      ...(prio ? { priority: prio } : {}), kind: ancestors(n).some((a) => a.state) ? 'state' : 'task',
      negative: NEGATIVE_RE.test(text), refs, manual, detail: '',
    });
  }
  // Items take the priority of their nearest section that has one.
  for (const it of items) {
    if (it.priority) continue;
    const owner = nodes.filter((n) => n.line < it.line).pop();
    for (let n: HeadingNode | undefined = owner; n; n = n.parent) {
      const p = n.fieldPriority ?? n.priority;
      if (p) {
        it.priority = p;
        break;
      }
    }
  }
  for (const it of headingItems) {
    if (it.priority) continue;
    const n = nodes.find((x) => x.line === it.line);
    for (let a = n?.parent; a; a = a.parent) {
      const p = a.fieldPriority ?? a.priority;
      if (p) {
        it.priority = p;
        break;
      }
    }
  }
  const all = [...items, ...headingItems].sort((a, b) => a.line - b.line);
  return { path: file.path, title: title || file.path, items: all, claims, generated, decorative };
}

function ancestors(n: HeadingNode): HeadingNode[] {
  const out: HeadingNode[] = [];
  for (let a = n.parent; a; a = a.parent) out.push(a);
  return out;
}

function fieldStatus(value: string): ItemStatus | undefined {
  const v = cleanText(value).toLowerCase();
  if (/^(done|complete|completed|finished|shipped|implemented)\b/.test(v)) return 'done';
  if (/^(in progress|wip|partial|partially|ongoing|started|in review)\b/.test(v)) return 'partial';
  if (/^(todo|to do|not started|pending|planned|ready to start|open|blocked|missing|backlog)\b/.test(v)) return 'open';
  return undefined;
}

const STATUS_HEADER = /^(status|state|done|complete|ready)\??$/i;
const CURRENT_HEADER = /^(current|current score|score|actual|now|readiness|completion|progress|current state|measured)$/i;

/** Items from a table's Status column and claims from its Current column. */
function tableItems(
  table: { header: string[]; rows: TableRow[] },
  items: RoadmapItem[],
  claims: RoadmapClaim[],
  stack: HeadingNode[],
  label: string,
): void {
  const header = table.header.map((h) => cleanText(h));
  const statusCol = header.findIndex((h) => STATUS_HEADER.test(h));
  const currentCol = header.findIndex((h) => CURRENT_HEADER.test(h));
  const decor = stack.some((h) => h.decorative) || DECOR_LABEL.test(label);
  for (const row of table.rows) {
    if (/^\s*\|?\s*:?-{2,}/.test(row.text)) continue;
    const cs = cells(row.text);
    if (cs.length < 2) continue;
    const labelCol = statusCol === 0 ? 1 : 0;
    const name = cleanText(cs[labelCol]?.text ?? '');
    if (!name) continue;
    if (currentCol > 0 && cs[currentCol]) {
      const m = /(\d{1,3}(?:\.\d+)?)\s*(%|\/\s*100\b)/.exec(cs[currentCol].text);
      if (m && Number(m[1]) <= 100) {
        const at = cs[currentCol].start + cs[currentCol].text.indexOf(m[0]);
        const overall = /^(overall|total|all|summary)\b/i.test(name);
        claims.push({ line: row.line, span: { start: row.map[at], end: row.map[at + m[0].length] }, text: `${name}: ${m[0]}`, value: Number(m[1]), subject: overall ? null : name });
      }
    }
    if (statusCol >= 0 && cs[statusCol] && !decor) {
      const c = cs[statusCol];
      const d = detect(row.text, c.start, true, false);
      if (!d) continue;
      const { refs, manual } = refsOf(row.repaired);
      const span = { start: row.map[d.start], end: row.map[Math.min(d.end, row.text.length)] };
      items.push({
        line: row.line, text: name, headings: stack.map((h) => h.title), status: d.status, mark: 'table',
        markSpan: span, markLine: row.line, markText: row.original.slice(span.start, span.end),
        kind: 'task', negative: NEGATIVE_RE.test(name), refs, manual, detail: '',
      });
    }
  }
}

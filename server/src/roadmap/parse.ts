/**
 * The roadmap parser: turns a production-readiness roadmap (Markdown, possibly with mis-decoded
 * emoji) into items and claims. An item is a line that states the status of a piece of work: a
 * checklist entry (`- [x]`), a line led or closed by a status mark (✅ ❌ ⚠️ 🟡 …) or a status word
 * (DONE, WIP, "(in progress)"), a struck-through entry, a status cell of a table, or a task heading
 * ("#### 1.2 Create `.env.example` File" with a Priority or Status field). A claim is a measured
 * number the document asserts: "Current: 85% MVP Production Ready", "70.4/100", the Current column
 * of a scorecard table, or "Status: production ready".
 *
 * The parser is line-based (fenced code, front matter and HTML comments are skipped), tolerant of
 * anything, and keeps positions in the original text so that diagnostics and fixes land on the
 * exact characters in the file.
 */
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
const LIST_RE = /^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$/;
const HEADING_RE = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
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

/** Parses a roadmap document. Never throws; unknown syntax is simply not an item. */
export function parseRoadmap(path: string, text: string): RoadmapDoc {
  const lines = text.split(/\r?\n|\r/);
  const items: RoadmapItem[] = [];
  const claims: RoadmapClaim[] = [];
  const nodes: HeadingNode[] = [];
  const stack: HeadingNode[] = [];
  let title = '';
  let fence: string | null = null;
  let inComment = false;
  let label = '';
  let decorative = 0;
  let lastItem: { item: RoadmapItem; indent: number } | undefined;
  let table: { header: string[]; rows: { line: number; text: string; repaired: string; original: string; map: number[] }[] } | undefined;
  const generated = lines.slice(0, 5).some((l) => l.includes(GENERATED_MARKER));

  const flushTable = () => {
    if (table) tableItems(table, items, claims, stack, label);
    table = undefined;
  };
  const current = () => stack[stack.length - 1];
  const headingTitles = () => stack.map((h) => h.title);
  const inDecor = () => stack.some((h) => h.decorative) || DECOR_LABEL.test(label);

  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) start = end + 1;
  }
  for (let i = start; i < lines.length; i++) {
    const raw = lines[i];
    if (fence) {
      if (new RegExp(`^\\s{0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(raw)) fence = null;
      continue;
    }
    const f = FENCE_RE.exec(raw);
    if (f) {
      flushTable();
      fence = f[1];
      continue;
    }
    if (inComment) {
      if (raw.includes('-->')) inComment = false;
      continue;
    }
    if (/^\s*<!--/.test(raw)) {
      if (!raw.includes('-->')) inComment = true;
      if (!/-->\s*\S/.test(raw)) continue;
    }
    const { text: repaired, map } = repairLine(raw);
    // Inline comments are blanked (offsets kept) so that annotations never read as marks or words.
    const line = blankComments(repaired);
    if (/^\s*\|/.test(line)) {
      const cs = cells(line);
      if (!table) table = { header: cs.map((c) => c.text), rows: [] };
      else table.rows.push({ line: i, text: line, repaired, original: raw, map });
      continue;
    }
    flushTable();
    if (!line.trim()) continue;

    const h = HEADING_RE.exec(line);
    if (h) {
      const level = h[1].length;
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      const clean = cleanText(h[2]);
      if (level === 1 && !title) title = clean;
      const parent = current();
      if (parent) parent.hasChild = true;
      const textStart = line.indexOf(h[2]);
      const node: HeadingNode = {
        level, title: clean, line: i, decorative: DECOR_HEADING.test(clean), state: STATE_LABEL.test(clean),
        hasChild: false, items: 0, taskSignal: TASK_TITLE.test(clean) || PRIORITY_TITLE.test(clean), textStart, ...(parent ? { parent } : {}),
      };
      const p = priorityOfHeading(h[2]);
      if (p) node.priority = p;
      const hasClaim = /\d{1,3}(\.\d+)?\s*(%|\/\s*100\b)/.test(h[2]);
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

    const li = LIST_RE.exec(line);
    const indent = li ? li[1].length : line.length - line.trimStart().length;
    const contentStart = li ? li[1].length + li[2].length + (line.slice(li[1].length + li[2].length).length - li[3].length) : indent;
    const plain = cleanText(line.slice(contentStart));
    const field = FIELD_RE.exec(plain);
    const node = current();
    if (field && node && !CHECKBOX_RE.test(line.slice(contentStart))) {
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
    if (!li && LABEL_RE.test(line)) {
      label = cleanText(line);
      continue;
    }
    if (!li && /^\s*[A-Z][\w' ]{2,40}:\s*$/.test(line)) {
      label = line.trim().slice(0, -1);
      continue;
    }

    const d = detect(line, contentStart, Boolean(li), false);
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
  flushTable();

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
  return { path, title: title || path, items: all, claims, generated, decorative };
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
  table: { header: string[]; rows: { line: number; text: string; repaired: string; original: string; map: number[] }[] },
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

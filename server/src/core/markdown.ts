/**
 * The Markdown views of a source file, all built from one markdown-it parse cached per file object:
 * the tokens themselves (`markdownTokens`), the block each line belongs to (`markdownBlocks`: heading,
 * paragraph or list-item text, table row, or code, HTML, front matter and rules that carry no prose),
 * and the structure documentation rules judge (`markdownView`: headings with their sections and the
 * amount of real content under each, so that they judge substance, not file names). The roadmap
 * reader and the rules ask these views; nothing else imports markdown-it.
 */
import MarkdownIt from 'markdown-it';
import type { SourceFile } from './source';

const md = new MarkdownIt({ html: true });
md.block.ruler.before('table', 'front_matter', frontMatter);

/** One markdown-it token (block tokens carry `map`, the zero-based lines they span, end exclusive). */
export type MarkdownToken = ReturnType<MarkdownIt['parse']>[number];

/**
 * YAML front matter: a `---` line opening the document, up to the next `---` or `...` line. Without
 * this rule markdown-it reads it as a thematic break and a setext heading made of the metadata.
 */
function frontMatter(state: MarkdownIt.StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (startLine !== 0 || state.level !== 0 || state.blkIndent !== 0) return false;
  const lineText = (l: number) => state.src.slice(state.bMarks[l] + state.tShift[l], state.eMarks[l]);
  if (lineText(0).trimEnd() !== '---') return false;
  let end = 1;
  while (end < state.lineMax && !/^(---|\.\.\.)\s*$/.test(state.src.slice(state.bMarks[end], state.eMarks[end]))) end++;
  if (end >= state.lineMax) return false;
  if (silent) return true;
  const token = state.push('front_matter', '', 0);
  token.block = true;
  token.map = [0, end + 1];
  token.content = state.getLines(1, end, 0, true);
  state.line = end + 1;
  return true;
}

const tokenCache = new WeakMap<SourceFile, readonly MarkdownToken[]>();
/** Files markdown-it failed on (it never has on any input tried; the views then fall back to the raw text). */
const failed = new WeakSet<SourceFile>();

/** The file's markdown-it block and inline tokens, parsed once per file object (empty when the parser fails). */
export function markdownTokens(file: SourceFile): readonly MarkdownToken[] {
  let t = tokenCache.get(file);
  if (!t) {
    try {
      t = md.parse(file.text, {});
    } catch {
      t = [];
      failed.add(file);
    }
    tokenCache.set(file, t);
  }
  return t;
}

/** A table as the parser found it: its header row's line and its body rows' lines (the delimiter row is neither). */
export interface MarkdownTable {
  header: number;
  rows: number[];
}

/**
 * What one line of a Markdown file is, by the block that holds it:
 * - `text`: a line of a paragraph (inside list items and block quotes too); `content` is the line's
 *   text without its container prefix (indentation, `>` markers, the list marker), and `listItem`
 *   says that the line opens a list item (its first paragraph's first line);
 * - `heading`: the line of an ATX heading or the first line of a setext heading, with its level and
 *   its whole text;
 * - `row`: a row of a table (`header` for the header row);
 * - `skip`: a line that holds no prose: fenced or indented code, an HTML block (comments included),
 *   front matter, a thematic break, a table's delimiter row, a setext underline or the further lines
 *   of a setext heading, a link reference definition;
 * - `blank`: an empty line.
 */
export type MarkdownLine =
  | { kind: 'text'; content: string; listItem: boolean; quoted: boolean }
  | { kind: 'heading'; level: number; content: string; first: string }
  | { kind: 'row'; table: MarkdownTable; header: boolean }
  | { kind: 'skip'; block: string }
  | { kind: 'blank' };

const blockCache = new WeakMap<SourceFile, readonly MarkdownLine[]>();

/** The block role of every line of the file (indexed like `SourceFile.lines`), computed once per file object. */
export function markdownBlocks(file: SourceFile): readonly MarkdownLine[] {
  let b = blockCache.get(file);
  if (!b) {
    b = buildBlocks(file);
    blockCache.set(file, b);
  }
  return b;
}

const SKIPPED_BLOCKS = new Set(['fence', 'code_block', 'html_block', 'front_matter', 'hr']);

function buildBlocks(file: SourceFile): MarkdownLine[] {
  const lines = file.lines;
  const out: MarkdownLine[] = lines.map((l) => (l.trim() ? { kind: 'skip', block: 'reference' } : { kind: 'blank' }));
  const tokens = markdownTokens(file);
  let quoteDepth = 0;
  let itemLine = -1;
  let table: MarkdownTable | undefined;
  let inHead = false;
  const set = (from: number, to: number, role: MarkdownLine) => {
    for (let l = from; l < Math.min(to, out.length); l++) if (out[l].kind !== 'blank' || role.kind !== 'skip') out[l] = role;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'blockquote_open') quoteDepth++;
    else if (t.type === 'blockquote_close') quoteDepth--;
    else if (t.type === 'list_item_open' && t.map) itemLine = t.map[0];
    else if (SKIPPED_BLOCKS.has(t.type) && t.map) set(t.map[0], t.map[1], { kind: 'skip', block: t.type });
    else if (t.type === 'heading_open' && t.map) {
      const content = tokens[i + 1]?.content ?? '';
      const [first = ''] = content.split('\n');
      set(t.map[0], t.map[1], { kind: 'skip', block: 'setext' });
      out[t.map[0]] = { kind: 'heading', level: Number(t.tag.slice(1)), content: content.replace(/\n/g, ' '), first };
    } else if (t.type === 'paragraph_open' && t.map) {
      const inline = tokens[i + 1];
      const parts = (inline?.content ?? '').split('\n');
      for (let l = t.map[0]; l < t.map[1] && l < out.length; l++) {
        out[l] = { kind: 'text', content: parts[l - t.map[0]] ?? lines[l].trim(), listItem: l === itemLine, quoted: quoteDepth > 0 };
      }
      itemLine = -1;
    } else if (t.type === 'table_open' && t.map) {
      table = { header: -1, rows: [] };
      set(t.map[0], t.map[1], { kind: 'skip', block: 'table' });
    } else if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open' && t.map && table) {
      if (inHead) table.header = t.map[0];
      else table.rows.push(t.map[0]);
      out[t.map[0]] = { kind: 'row', table, header: inHead };
    } else if (t.type === 'table_close') table = undefined;
    if (t.type !== 'list_item_open' && t.type !== 'paragraph_open' && t.type !== 'inline' && t.block && t.nesting !== -1 && t.map) itemLine = -1;
  }
  return out;
}

/** A heading and the section under it (up to the next heading of the same or a higher level). */
export interface Section {
  level: number;
  title: string;
  /** Zero-based line of the heading. */
  line: number;
  /** Zero-based line where the section ends (exclusive). */
  endLine: number;
  /** Words in the section's own body, sub-sections included (paragraphs marked TODO do not count). */
  words: number;
  /**
   * Concrete content in the body: code (commands, paths), links, contacts, numbers with units,
   * dates. Template prose has words but none of these (see `isConcreteText`).
   */
  concrete: number;
  /** Paragraphs marked `TODO` (or `TBD`, `FIXME`): prompts a scaffold left to fill in. */
  todos: number;
}

/** The parsed structure of a Markdown file. */
export interface MarkdownView {
  sections: Section[];
  /** Words in the whole document outside code blocks (paragraphs marked TODO do not count). */
  words: number;
  /** Paragraphs and code blocks with concrete content, and paragraphs marked TODO, in the whole document. */
  concrete: number;
  todos: number;
  /** Fenced or indented code blocks with their info string and zero-based start line. */
  codeBlocks: { info: string; line: number; content: string }[];
}

const cache = new WeakMap<SourceFile, MarkdownView>();

/** Parses a Markdown file once and caches the view on the file object. */
export function markdownView(file: SourceFile): MarkdownView {
  let v = cache.get(file);
  if (!v) {
    v = build(file);
    cache.set(file, v);
  }
  return v;
}

function countWords(s: string): number {
  const m = s.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return m ? m.length : 0;
}

/** A paragraph that opens with a TODO marker is a prompt to fill in, not content. */
export const TODO_PARAGRAPH = /^\s*(?:\*\*|_)?(?:TODO|TBD|FIXME)\b/;

/**
 * Concrete content, in one linear pattern: an inline code span, a link or bare URL, an e-mail
 * address, a chat channel or handle, a number with a unit or a percentage, an ISO date, a time of
 * day, a phone number, a named owner (`Owner: Jane`), a spelled-out duration ("two hours") or the
 * paging tool a rotation lives in (PagerDuty, Opsgenie...).
 */
export const CONCRETE = /`[^`\n]+`|\]\([^)\s]+\)|https?:\/\/\S+|\b[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,253}|(?:^|\s)[#@][a-z][\w-]{2,}|\b\d{1,15}(?:[.,]\d{1,15})?\s{0,3}(?:%|ms|s|sec|secs|seconds?|min|mins|minutes?|h|hrs?|hours?|days?|weeks?|months?|GB|MB|KB|TB|GiB|MiB|rps|req\/s|qps|x)\b|\b(?:19|20)\d\d-\d\d-\d\d\b|\b\d{1,2}:\d\d\b|\+\d[\d -]{7,20}\d|\b(?:owner|owned by|contact|maintainer|on-?call)s?\s*[:=]\s*\S|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|sixty)\s+(?:working\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?)\b|\b(?:PagerDuty|Opsgenie|VictorOps|Splunk On-Call|incident\.io|FireHydrant|Rootly|Grafana OnCall)\b/i;

/** True when a text holds concrete content (see `CONCRETE`), outside paragraphs marked TODO. */
export function isConcreteText(text: string): boolean {
  return CONCRETE.test(text);
}

function build(file: SourceFile): MarkdownView {
  const tokens = markdownTokens(file);
  if (failed.has(file)) {
    return { sections: [], words: countWords(file.text), concrete: CONCRETE.test(file.text) ? 1 : 0, todos: 0, codeBlocks: [] };
  }
  const sections: Section[] = [];
  const codeBlocks: MarkdownView['codeBlocks'] = [];
  const lineWords: number[] = new Array(file.lines.length + 1).fill(0);
  const lineConcrete: number[] = new Array(file.lines.length + 1).fill(0);
  const lineTodos: number[] = new Array(file.lines.length + 1).fill(0);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && t.map) {
      const inline = tokens[i + 1];
      sections.push({ level: Number(t.tag.slice(1)), title: (inline?.content ?? '').trim(), line: t.map[0], endLine: file.lines.length, words: 0, concrete: 0, todos: 0 });
    } else if ((t.type === 'fence' || t.type === 'code_block') && t.map) {
      codeBlocks.push({ info: t.info.trim(), line: t.map[0], content: t.content });
      lineWords[t.map[0]] += Math.min(countWords(t.content), 40);
      if (!TODO_PARAGRAPH.test(t.content) && t.content.trim()) lineConcrete[t.map[0]]++;
    } else if (t.type === 'inline' && t.map && tokens[i - 1]?.type !== 'heading_open') {
      if (TODO_PARAGRAPH.test(t.content)) {
        lineTodos[t.map[0]]++;
        continue;
      }
      lineWords[t.map[0]] += countWords(t.content);
      if (CONCRETE.test(t.content)) lineConcrete[t.map[0]]++;
    } else if (t.type === 'html_block' && t.map) {
      lineWords[t.map[0]] += countWords(t.content.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' '));
    }
  }
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i];
    for (let j = i + 1; j < sections.length; j++) {
      if (sections[j].level <= s.level) {
        s.endLine = sections[j].line;
        break;
      }
    }
    let w = 0;
    let c = 0;
    let todo = 0;
    for (let l = s.line + 1; l < s.endLine; l++) {
      w += lineWords[l] ?? 0;
      c += lineConcrete[l] ?? 0;
      todo += lineTodos[l] ?? 0;
    }
    s.words = w;
    s.concrete = c;
    s.todos = todo;
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return { sections, words: sum(lineWords), concrete: sum(lineConcrete), todos: sum(lineTodos), codeBlocks };
}

/** Finds the first section whose title matches a pattern. */
export function findSection(view: MarkdownView, pattern: RegExp): Section | undefined {
  return view.sections.find((s) => pattern.test(s.title));
}

/**
 * Whether a document section is filled in: it has at least `minWords` words of its own, at least one
 * piece of concrete content (a command, a number with a unit, an owner, a contact, a date, a link),
 * and no paragraph left marked TODO. Headings over template prose are not filled in; nor is a
 * scaffold of ours, whose prompts are marked TODO. The one test every operational document uses.
 */
export function sectionFilled(s: Section, minWords = 15): { filled: boolean; why?: string } {
  if (s.todos > 0) return { filled: false, why: `"${s.title}" still has ${s.todos} TODO paragraph(s) to fill in` };
  if (s.words < minWords) return { filled: false, why: `"${s.title}" is nearly empty (${s.words} words)` };
  if (s.concrete === 0) return { filled: false, why: `"${s.title}" has no concrete content (no command, number, owner, contact, date or link)` };
  return { filled: true };
}

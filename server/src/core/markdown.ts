/**
 * A structural view of Markdown documents built with markdown-it: headings with their sections, and
 * the amount of real content under each, so that documentation rules judge substance, not file names.
 */
import MarkdownIt from 'markdown-it';
import type { SourceFile } from './source';

const md = new MarkdownIt({ html: true });

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
  let tokens: ReturnType<typeof md.parse>;
  try {
    tokens = md.parse(file.text, {});
  } catch {
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

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
  /** Words in the section's own body, sub-sections included. */
  words: number;
}

/** The parsed structure of a Markdown file. */
export interface MarkdownView {
  sections: Section[];
  /** Words in the whole document outside code blocks. */
  words: number;
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

function build(file: SourceFile): MarkdownView {
  let tokens: ReturnType<typeof md.parse>;
  try {
    tokens = md.parse(file.text, {});
  } catch {
    return { sections: [], words: countWords(file.text), codeBlocks: [] };
  }
  const sections: Section[] = [];
  const codeBlocks: MarkdownView['codeBlocks'] = [];
  const lineWords: number[] = new Array(file.lines.length + 1).fill(0);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && t.map) {
      const inline = tokens[i + 1];
      sections.push({ level: Number(t.tag.slice(1)), title: (inline?.content ?? '').trim(), line: t.map[0], endLine: file.lines.length, words: 0 });
    } else if ((t.type === 'fence' || t.type === 'code_block') && t.map) {
      codeBlocks.push({ info: t.info.trim(), line: t.map[0], content: t.content });
      lineWords[t.map[0]] += Math.min(countWords(t.content), 40);
    } else if (t.type === 'inline' && t.map && tokens[i - 1]?.type !== 'heading_open') {
      lineWords[t.map[0]] += countWords(t.content);
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
    for (let l = s.line + 1; l < s.endLine; l++) w += lineWords[l] ?? 0;
    s.words = w;
  }
  return { sections, words: lineWords.reduce((a, b) => a + b, 0), codeBlocks };
}

/** Finds the first section whose title matches a pattern. */
export function findSection(view: MarkdownView, pattern: RegExp): Section | undefined {
  return view.sections.find((s) => pattern.test(s.title));
}

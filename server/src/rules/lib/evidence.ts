/**
 * Evidence helpers shared by the testing, observability, documentation, operations, reliability and
 * performance rules: scanning chosen files for a pattern with file:line evidence, listing the
 * project's own documents, and finding documented sections across them. Every scan is linear in the
 * text (one global regular expression per file) and reads only the files it is given.
 */
import type { Evidence, Range } from '../../core/types';
import type { Facts } from '../../core/facts';
import type { SourceFile } from '../../core/source';
import type { Workspace } from '../../core/workspace';
import { CONCRETE, TODO_PARAGRAPH, markdownView, type Section } from '../../core/markdown';
import { isTemplatePath, isTestPath } from './util';

/** A match of a pattern in a file; `line` is one-based, as evidence shows it. */
export interface Hit {
  file: string;
  line: number;
  text: string;
  /** The captured groups of the match. */
  groups: (string | undefined)[];
  /** The zero-based range of the match, for findings. */
  range: Range;
}

function globalOf(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
}

function hitAt(file: SourceFile, m: RegExpExecArray): Hit {
  // A pattern that opens with `^\s*` may start its match on the blank lines before what it found:
  // the hit is where the match's first non-blank character is.
  const start = m.index + (/^\s*/.exec(m[0])?.[0].length ?? 0);
  const end = Math.max(start, m.index + m[0].length);
  const pos = file.positionAt(start);
  const text = (file.lines[pos.line] ?? '').trim().slice(0, 120);
  return { file: file.path, line: pos.line + 1, text, groups: m.slice(1), range: file.rangeOf(start, end) };
}

/** The first match of a pattern in a file, or undefined. */
export function firstHit(file: SourceFile, re: RegExp): Hit | undefined {
  const g = globalOf(re);
  const m = g.exec(file.text);
  return m ? hitAt(file, m) : undefined;
}

/** Every match of a pattern in a file (at most `limit`). */
export function allHits(file: SourceFile, re: RegExp, limit = 50): Hit[] {
  const g = globalOf(re);
  const out: Hit[] = [];
  for (let m = g.exec(file.text); m && out.length < limit; m = g.exec(file.text)) {
    out.push(hitAt(file, m));
    if (m[0].length === 0) g.lastIndex++;
  }
  return out;
}

/**
 * Scans the given paths for a pattern and returns the first hit of each file, up to `limit` files.
 * `hints` are substrings of which at least one must occur for the pattern to match; a cheap
 * substring test then skips most files before the regular expression runs.
 */
export function scanPaths(ws: Workspace, paths: Iterable<string>, re: RegExp, limit = 1, hints?: string[]): Hit[] {
  const hits: Hit[] = [];
  const g = globalOf(re);
  for (const p of paths) {
    const f = ws.read(p);
    if (!f || (hints && !hints.some((h) => f.text.includes(h)))) continue;
    g.lastIndex = 0;
    const m = g.exec(f.text);
    if (!m) continue;
    hits.push(hitAt(f, m));
    if (hits.length >= limit) break;
  }
  return hits;
}

const memoCache = new WeakMap<Workspace, { files: string[]; values: Map<string, unknown> }>();

/**
 * Memoises a value derived from the workspace's file LIST (never from file contents), so that the
 * rules of an audit share path filters. Valid until the list changes: `ws.files` is a new array
 * after every addition or deletion.
 */
export function pathMemo<T>(ws: Workspace, key: string, compute: () => T): T {
  let c = memoCache.get(ws);
  if (!c || c.files !== ws.files) {
    c = { files: ws.files, values: new Map() };
    memoCache.set(ws, c);
  }
  if (!c.values.has(key)) c.values.set(key, compute());
  return c.values.get(key) as T;
}

const contentCache = new WeakMap<Workspace, { version: number; files: string[]; values: Map<string, unknown> }>();

/**
 * Memoises a value derived from the workspace's file CONTENTS (a scan that several rules, or one rule
 * for every file, ask for), so that it is computed once per state of the workspace. Valid until any
 * file is added, deleted or edited: `ws.version` changes then. A view keeps its own memo, since it
 * sees other files.
 */
export function contentMemo<T>(ws: Workspace, key: string, compute: () => T): T {
  let c = contentCache.get(ws);
  if (!c || c.version !== ws.version || c.files !== ws.files) {
    c = { version: ws.version, files: ws.files, values: new Map() };
    contentCache.set(ws, c);
  }
  if (!c.values.has(key)) c.values.set(key, compute());
  return c.values.get(key) as T;
}

/** Source files (kind `source`), memoised. */
export function sourcePaths(ws: Workspace): string[] {
  return pathMemo(ws, 'source', () => ws.pathsOfKind('source'));
}

/** Markdown files (kind `markdown`), memoised. */
export function markdownPaths(ws: Workspace): string[] {
  return pathMemo(ws, 'markdown', () => ws.pathsOfKind('markdown'));
}

/** The product's own source files: no tests, fixtures, examples or templates (unless asked). */
export function productSources(ws: Workspace, opts: { tests?: boolean } = {}): string[] {
  const withTests = pathMemo(ws, 'sources+tests', () => sourcePaths(ws).filter((p) => !isTemplatePath(p)));
  return opts.tests ? withTests : pathMemo(ws, 'sources', () => withTests.filter((p) => !isTestPath(p)));
}

/**
 * True for the project's own files: not examples, fixtures or templates, except that the
 * `templates/` folder of a Helm chart (next to its Chart.yaml) holds real deployment manifests.
 */
export function isOwnFile(ws: Workspace, p: string): boolean {
  if (!isTemplatePath(p)) return true;
  const m = /^(.*?\/)?templates\//.exec(p);
  const chart = m?.[1] ?? '';
  return !!m && ws.exists(`${chart}Chart.yaml`) && !isTemplatePath(chart) && !isTemplatePath(p.slice(chart.length + 'templates/'.length));
}

/** Paths (of any kind) whose path matches a pattern, outside templates and examples. */
export function pathsMatching(ws: Workspace, re: RegExp): string[] {
  return ws.files.filter((p) => re.test(p) && !isTemplatePath(p));
}

/** The project's own Markdown documents, root and docs/ first, at most `max` of them. */
export function projectDocs(ws: Workspace, max = 400): string[] {
  return pathMemo(ws, `docs:${max}`, () => rankDocs(ws, max));
}

function rankDocs(ws: Workspace, max: number): string[] {
  // Changelogs describe the past and roadmaps the future; neither documents how things work today.
  // Nor do the prompts and skills kept for AI assistants (`.ai/`, `.claude/`, `.cursor/`...): they instruct a tool.
  const docs = markdownPaths(ws).filter((p) => !isTemplatePath(p) && !/(^|\/)(CHANGELOG|CHANGES|HISTORY|LICEN[CS]E)[^/]*$|(^|\/)[^/]*(roadmap|readiness|todo|backlog|wishlist)[^/]*$|(^|\/)\.(?:ai|claude|cursor|windsurf|codex|gemini|continue)\//i.test(p));
  const rank = (p: string) => (!p.includes('/') ? 0 : /^docs?\//i.test(p) ? 1 : /^\.github\//.test(p) ? 2 : 3);
  return docs.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, max);
}

/** A section of a document, with its file. */
export interface DocSection {
  file: SourceFile;
  section: Section;
}

/** Sections whose title matches a pattern, across the given documents (best-filled first). */
export function sectionsTitled(ws: Workspace, docs: string[], title: RegExp): DocSection[] {
  const out: DocSection[] = [];
  // Only documents with a heading line that could match are parsed (Setext headings included).
  const heading = new RegExp(`^(?: {0,3}#{1,6}[ \\t][^\\n]*(?:${title.source})|[^\\n]*(?:${title.source})[^\\n]*\\n[ \\t]*(?:=+|-+)[ \\t]*$)`, title.flags.includes('i') ? 'im' : 'm');
  for (const p of docs) {
    const f = ws.read(p);
    if (!f || !heading.test(f.text)) continue;
    for (const s of markdownView(f).sections) if (title.test(s.title)) out.push({ file: f, section: s });
  }
  return out.sort((a, b) => b.section.words - a.section.words);
}

/** The text of a section (heading included). */
export function sectionText(d: DocSection): string {
  return d.file.lines.slice(d.section.line, d.section.endLine).join('\n');
}

/** Whether a document section is filled in (moved to `core/markdown.ts`, which `lib/util.ts` can import without a cycle). */
export { sectionFilled } from '../../core/markdown';

/** True when a text (a paragraph, a section) holds concrete content. */
export function isConcrete(text: string): boolean {
  return CONCRETE.test(text);
}

/**
 * The first match of a pattern in a document outside headings and the paragraphs marked TODO, so that the example
 * values a scaffold's prompts give ("TODO: state the RTO, e.g. RTO: 4 hours") are never taken as the
 * team's own.
 */
export function firstFilledHit(file: SourceFile, re: RegExp): Hit | undefined {
  for (const h of allHits(file, re, 50)) {
    // A heading names a topic; the evidence must be in the text under it.
    if (/^\s{0,3}#{1,6}\s/.test(file.lines[h.line - 1] ?? '')) continue;
    if (!onTodoLine(file, h.line - 1)) return h;
  }
  return undefined;
}

/** True when a zero-based line belongs to a paragraph (or list item, table row, quote) marked TODO. */
export function onTodoLine(file: SourceFile, line: number): boolean {
  for (let l = line; l >= 0 && l > line - 12; l--) {
    const text = (file.lines[l] ?? '').replace(/^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+|\|\s*)?/, '');
    if (TODO_PARAGRAPH.test(text)) return true;
    if (l < line && (file.lines[l] ?? '').trim() === '') return false;
    if (/^\s*#/.test(file.lines[l] ?? '')) return false;
  }
  return false;
}

/** Evidence for a hit. */
export function evidenceOf(hit: Hit, message: string): Evidence {
  return { message, file: hit.file, line: hit.line };
}

/** Evidence for a document section. */
export function sectionEvidence(d: DocSection, message?: string): Evidence {
  return { message: message ?? `section "${d.section.title}" (${d.section.words} words)`, file: d.file.path, line: d.section.line + 1 };
}

/** The declared dependencies matching a pattern. */
export function depsMatching(facts: Facts, re: RegExp): string[] {
  return facts.dependencies.filter((d) => re.test(d));
}

/** The file name of a path. */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** A short project name for scaffolds: the root folder's name. */
export function projectName(ws: Workspace): string {
  return ws.root.split(/[\\/]/).filter(Boolean).pop() || 'the service';
}

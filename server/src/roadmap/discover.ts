/**
 * Finds the roadmap and checklist documents of a workspace: by name (ROADMAP.md,
 * PRODUCTION_READINESS.md, LAUNCH_CHECKLIST.md, docs/roadmap/*.md …) and by content (a shallow
 * Markdown file whose title is a roadmap or readiness plan and that holds at least three status
 * items). A checklist counts when it is about reaching production (launch, go-live, readiness...);
 * an installation or release-notes checklist is a procedure, not a roadmap. Templates, examples, fixtures and changelogs are left out. Parsed documents are cached per
 * file object, so the roadmap rules share one parse.
 */
import type { SourceFile } from '../core/source';
import type { Workspace } from '../core/workspace';
import { isTemplatePath } from '../core/paths';
import { isExportedReport } from '../core/generated';
import { parseRoadmap, parseRoadmapFile, type RoadmapDoc } from './parse';

/**
 * A checklist about getting to production (launch, go-live, production, readiness, operations,
 * security). A checklist for some other task (installing the app, writing release notes, reviewing a
 * pull request) is a procedure, not a plan whose items claim readiness.
 */
const READINESS_CHECKLIST = '(?:launch|pre[-_ ]?launch|production|prod|readiness|go[-_ ]?live|deploy(?:ment)?|ops|operations|security|sre)[-_ ]?check[-_ ]?list|check[-_ ]?list[-_ ]?(?:for[-_ ])?(?:launch|production|prod|readiness|go[-_ ]?live)';
/** File names that are roadmaps whatever they contain (they still need one item or claim). */
export const ROADMAP_NAME = new RegExp(`(^|\\/)[^/]*(roadmap|readiness|${READINESS_CHECKLIST}|launch[-_ ]?plan|go[-_ ]?live|production[-_ ]?plan|prod[-_ ]?ready)[^/]*\\.(md|markdown|txt)$`, 'i');
/** Folders whose Markdown files are all roadmap candidates. */
const ROADMAP_DIR = /(^|\/)(roadmaps?|readiness)\//i;
/** Titles that make a shallow Markdown file a roadmap when it also holds status items. */
const ROADMAP_TITLE = new RegExp(`roadmap|readiness|${READINESS_CHECKLIST}|^\\W*check[- ]?list\\W*$|launch plan|go[- ]live|production plan|path to production|release plan`, 'i');
const EXCLUDED = /(^|\/)(changelog|changes|history|license|licence|code_of_conduct|security)\.[^/]*$/i;
/** Markdown files deeper than this (in folders) are only found by name. */
const MAX_CONTENT_DEPTH = 2;
/** At most this many Markdown files are opened to look at their content. */
const MAX_CONTENT_SCAN = 60;
/** Files larger than this are not considered roadmaps (and not parsed). */
const MAX_SIZE = 400_000;

const parsed = new WeakMap<SourceFile, RoadmapDoc>();

/** Parses a roadmap file once per file object. */
export function roadmapOf(file: SourceFile): RoadmapDoc {
  let d = parsed.get(file);
  if (!d) {
    d = file.text.length > MAX_SIZE ? parseRoadmap(file.path, '') : parseRoadmapFile(file);
    parsed.set(file, d);
  }
  return d;
}

/** True when a path is a roadmap by its name alone. */
export function isRoadmapName(p: string): boolean {
  return (ROADMAP_NAME.test(p) || (ROADMAP_DIR.test(p) && /\.(md|markdown)$/i.test(p))) && !EXCLUDED.test(p) && !isTemplatePath(p);
}

/**
 * Paths of the workspace's roadmap documents, sorted. Not cached across calls, so that a document
 * being typed in the editor is found as soon as it has an item; reads and parses are cached per file.
 */
export function roadmapPaths(ws: Workspace): string[] {
  const files = ws.files;
  const out: string[] = [];
  let scanned = 0;
  for (const p of files) {
    const kind = ws.kindOf(p);
    const byName = isRoadmapName(p) && (kind === 'markdown' || /\.txt$/i.test(p));
    if (byName) {
      const f = ws.read(p);
      if (f && f.text.length > MAX_SIZE) {
        // Nothing is skipped silently: a roadmap too large to parse would turn every roadmap check n/a.
        const message = `${p} is named like a roadmap but has ${f.text.length.toLocaleString('en-US')} characters, over the ${MAX_SIZE.toLocaleString('en-US')} limit; it is not read as a roadmap`;
        if (!ws.notes.some((n) => n.path === p && n.message === message)) ws.notes.push({ kind: 'limit', path: p, message });
        continue;
      }
      if (f && !isExportedReport(f.text)) {
        const d = roadmapOf(f);
        if (d.items.length > 0 || d.claims.length > 0) out.push(p);
      }
      continue;
    }
    if (kind !== 'markdown' || p.split('/').length - 1 > MAX_CONTENT_DEPTH || EXCLUDED.test(p) || isTemplatePath(p) || scanned >= MAX_CONTENT_SCAN) continue;
    scanned++;
    const f = ws.read(p);
    if (!f || f.text.length > MAX_SIZE || isExportedReport(f.text)) continue;
    const title = /^\s{0,3}#\s+(.+)$/m.exec(f.text.slice(0, 4000));
    if (!title || !ROADMAP_TITLE.test(title[1])) continue;
    if (roadmapOf(f).items.length >= 3) out.push(p);
  }
  return out;
}

/** The parsed roadmap documents of a workspace. */
export function findRoadmaps(ws: Workspace): RoadmapDoc[] {
  const out: RoadmapDoc[] = [];
  for (const p of roadmapPaths(ws)) {
    const f = ws.read(p);
    if (f) out.push(roadmapOf(f));
  }
  return out;
}

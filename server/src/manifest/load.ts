/**
 * Loads and validates `readiness.yaml`. Every problem carries the range of the offending key or value,
 * says what was expected (listing the allowed values, with a "did you mean") and what was left out.
 * Only the bad entry is dropped: one waiver with an invalid reason, not every waiver; one misspelt
 * category, not every category setting; a scalar field falls back to its default. One mistake never
 * turns the rest of the manifest off.
 */
import type { ZodError } from 'zod';
import { userGlob, userRegex } from '../core/patterns';
import { SourceFile, yamlToJS } from '../core/source';
import type { Range } from '../core/types';
import { CATEGORY_IDS, categorySchema, customCheckSchema, defaultManifest, manifestSchema, waiverSchema, type Manifest } from './schema';
import { closest } from '../core/closest';

export { MANIFEST_NAMES } from '../core/manifest-names';

/** A problem found in the manifest. */
export interface ManifestProblem {
  message: string;
  range: Range;
  /** Path of the offending field, e.g. `['waivers', 0, 'reason']`. */
  path: (string | number)[];
  kind: 'syntax' | 'schema';
  /** The closest allowed key or value, when the problem looks like a typo (for a quick fix). */
  suggestion?: string;
}

/** The result of loading a manifest. */
export interface LoadedManifest {
  manifest: Manifest;
  /** The manifest file, or undefined when the workspace has none. */
  file?: SourceFile;
  problems: ManifestProblem[];
  /**
   * For each waiver kept in `manifest.waivers`, its index in the file's `waivers` list (they differ
   * when an invalid waiver before it was left out). Absent when no waiver was dropped.
   */
  waiverIndex?: number[];
}

/** Parses and validates manifest text. Never throws. */
export function parseManifest(file: SourceFile): LoadedManifest {
  const problems: ManifestProblem[] = [];
  const docs = file.yamlDocs;
  const doc = docs[0];
  if (!doc) return { manifest: defaultManifest(), file, problems };
  for (const err of doc.errors) {
    const [s, e] = err.pos ?? [0, 0];
    problems.push({ message: `YAML syntax error: ${err.message.split('\n')[0]}`, range: file.rangeOf(s, e), path: [], kind: 'syntax' });
  }
  if (docs.length > 1) problems.push({ message: 'the manifest must be a single YAML document; only the first is read', range: file.yamlRange(docs[1].contents), path: [], kind: 'schema' });
  if (doc.errors.length > 0) return { manifest: defaultManifest(), file, problems };

  let value: unknown;
  try {
    value = yamlToJS(doc);
  } catch (e) {
    problems.push({ message: `the manifest could not be read: ${(e as Error).message}`, range: file.lineRange(0), path: [], kind: 'syntax' });
    return { manifest: defaultManifest(), file, problems };
  }
  if (value === null || value === undefined) return { manifest: defaultManifest(), file, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ message: 'the manifest must be a mapping of keys such as `version`, `level`, `categories`, `rules` and `waivers`', range: file.yamlRange(doc.contents), path: [], kind: 'schema' });
    return { manifest: defaultManifest(), file, problems };
  }

  // Each round drops the entries zod rejects (the deepest meaningful one) and tries again.
  const candidate = structuredClone(value) as Record<string, unknown>;
  const original = value as Record<string, unknown>;
  let waiverIndex = Array.isArray(candidate.waivers) ? candidate.waivers.map((_, i) => i) : undefined;
  let dropped = false;
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = manifestSchema.safeParse(candidate);
    if (res.success) {
      problems.push(...patternProblems(res.data, file, waiverIndex));
      return { manifest: res.data, file, problems, ...(dropped && waiverIndex ? { waiverIndex } : {}) };
    }
    const cuts: (string | number)[][] = [];
    for (const issue of res.error.issues) {
      const rawPath = issue.path.map((x) => (typeof x === 'symbol' ? String(x) : x)) as (string | number)[];
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...rawPath, k]) : [rawPath];
      for (const at of keys) {
        const cut = cutPath(at);
        const filePath = fileIndexPath(at, waiverIndex);
        const p = describeIssue(issue, at, filePath, cut, original, file);
        if (!problems.some((q) => q.message === p.message && q.range.start.line === p.range.start.line)) problems.push(p);
        cuts.push(cut);
      }
    }
    if (cuts.length === 0 || cuts.some((c) => c.length === 0)) break;
    // Each entry once, later array indices first, so that removing one does not move the others.
    const unique = [...new Map(cuts.map((c) => [JSON.stringify(c), c])).values()];
    unique.sort((a, b) => (typeof b[1] === 'number' ? b[1] : -1) - (typeof a[1] === 'number' ? a[1] : -1));
    for (const c of unique) {
      if (removeAt(candidate, c) && c[0] === 'waivers' && typeof c[1] === 'number' && waiverIndex) waiverIndex = waiverIndex.filter((_, i) => i !== c[1]);
    }
    dropped = true;
  }
  return { manifest: defaultManifest(), file, problems };
}

/**
 * The manifest's patterns that cannot run safely: a custom check's `contains` that RE2 cannot run in
 * linear time, and globs (ignore, waiver paths, custom-check files) whose matching cost is unbounded.
 * Each is reported at its position; the engine refuses to run it.
 */
function patternProblems(m: Manifest, file: SourceFile, waiverIndex?: number[]): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  const at = (raw: (string | number)[], message: string) => {
    const p = fileIndexPath(raw, waiverIndex);
    out.push({ message, range: file.yamlPathRange(p, 0, false), path: p, kind: 'schema' });
  };
  const globAt = (p: (string | number)[], glob: string, what: string, nocase = false) => {
    const c = userGlob(glob, { nocase });
    if (!c.ok) at(p, `${what} \`${glob.length > 80 ? glob.slice(0, 80) + '…' : glob}\` is not applied: ${c.message}`);
  };
  m.ignore.forEach((g, i) => globAt(['ignore', i], g, 'ignore glob'));
  m.waivers.forEach((w, i) => w.paths?.forEach((g, j) => globAt(['waivers', i, 'paths', j], g, 'waiver path')));
  m.checks.forEach((c, i) => {
    if (Array.isArray(c.files)) c.files.forEach((g, j) => globAt(['checks', i, 'files', j], g, 'custom check glob', true));
    else globAt(['checks', i, 'files'], c.files, 'custom check glob', true);
    if (c.contains !== undefined) {
      const r = userRegex(c.contains, 'm');
      if (!r.ok) at(['checks', i, 'contains'], `\`checks.${i}.contains\` of custom check ${c.id} is not run: ${r.message}`);
    }
  });
  return out;
}

/** The lists whose items are dropped whole when one of their fields is invalid. */
const LISTS = new Set(['waivers', 'checks', 'ignore']);

/**
 * What to leave out for an issue at `path`: an item of a list whole (a waiver without a valid reason
 * must not waive anything), otherwise the key itself (a category's bad `target`, one rule override,
 * a scalar field).
 */
function cutPath(path: (string | number)[]): (string | number)[] {
  if (path.length >= 2 && LISTS.has(String(path[0])) && typeof path[1] === 'number') return path.slice(0, 2);
  if (path[0] === 'rules' && path.length >= 2) return path.length >= 3 ? path.slice(0, 3) : path.slice(0, 2);
  return path;
}

/** The path as the file has it (waiver indices counted before any invalid waiver was dropped). */
function fileIndexPath(path: (string | number)[], waiverIndex: number[] | undefined): (string | number)[] {
  if (path[0] === 'waivers' && typeof path[1] === 'number' && waiverIndex) return ['waivers', waiverIndex[path[1]] ?? path[1], ...path.slice(2)];
  return path;
}

/** Removes the value at a path (an array item or an object key); returns true when something was removed. */
function removeAt(root: Record<string, unknown>, path: (string | number)[]): boolean {
  let cur: unknown = root;
  for (let i = 0; i < path.length - 1; i++) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string | number, unknown>)[path[i]];
  }
  const last = path[path.length - 1];
  if (Array.isArray(cur) && typeof last === 'number' && last < cur.length) {
    cur.splice(last, 1);
    return true;
  }
  if (cur !== null && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, last)) {
    delete (cur as Record<string | number, unknown>)[last];
    return true;
  }
  return false;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** What a dropped entry means for the audit, in the words of the manifest. */
function droppedText(cut: (string | number)[]): string {
  if (cut[0] === 'waivers' && cut.length === 2) return 'this waiver is ignored, so its findings stay open';
  if (cut[0] === 'checks' && cut.length === 2) return 'this custom check is ignored';
  if (cut[0] === 'ignore' && cut.length === 2) return 'this ignore entry is left out';
  if (cut[0] === 'rules' && cut.length === 2) return `the override of \`${cut[1]}\` is ignored`;
  if (cut[0] === 'categories' && cut.length === 2) return `the settings of \`${cut[1]}\` are ignored`;
  if (cut.length === 1) return 'the default applies';
  return 'this setting is ignored';
}

function describeIssue(issue: ZodError['issues'][number], path: (string | number)[], filePath: (string | number)[], cut: (string | number)[], original: unknown, file: SourceFile): ManifestProblem {
  const effect = droppedText(cut);
  if (issue.code === 'unrecognized_keys') {
    const parent = path.slice(0, -1);
    const key = String(path[path.length - 1]);
    const allowed = allowedKeys(parent);
    const guess = allowed.length ? closest(key, allowed) : undefined;
    const where = parent.length ? ` in \`${parent.join('.')}\`` : '';
    const expected = allowed.length ? `expected one of ${allowed.join(', ')}` : 'it is not part of the manifest';
    return {
      message: `unknown key \`${key}\`${where}; ${guess ? `did you mean \`${guess}\`? ` : ''}${expected}; ${effect}`,
      range: file.yamlPathRange(filePath),
      path: filePath,
      kind: 'schema',
      ...(guess ? { suggestion: guess } : {}),
    };
  }
  const where = path.length ? `\`${filePath.join('.')}\`` : 'the manifest';
  let text = issueText(issue);
  let suggestion: string | undefined;
  if (issue.code === 'invalid_value') {
    const got = valueAt(original, filePath);
    const values = issue.values.map((v) => String(v));
    if (typeof got === 'string') {
      suggestion = closest(got, values);
      text = `${JSON.stringify(got)} is not allowed; expected one of ${values.join(', ')}${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`;
    }
  }
  return { message: `${where}: ${text}; ${effect}`, range: file.yamlPathRange(filePath, 0, false), path: filePath, kind: 'schema', ...(suggestion ? { suggestion } : {}) };
}

function issueText(issue: ZodError['issues'][number]): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => String(v)).join(', ')}`}`;
    case 'invalid_union':
      return 'expected `off`, a severity (critical, high, medium, low) or an object with `enabled`, `severity` and `options`';
    default:
      return issue.message;
  }
}

/** The keys accepted at a path of the manifest, for "unknown key" messages. */
function allowedKeys(path: (string | number)[]): string[] {
  const shapeKeys = (o: { shape: Record<string, unknown> }) => Object.keys(o.shape);
  if (path.length === 0) return shapeKeys(manifestSchema);
  if (path[0] === 'categories' && path.length === 1) return [...CATEGORY_IDS];
  if (path[0] === 'categories' && path.length === 2) return shapeKeys(categorySchema);
  if (path[0] === 'rules') return ['enabled', 'severity', 'options'];
  if (path[0] === 'waivers' && path.length === 2) return shapeKeys(waiverSchema);
  if (path[0] === 'checks' && path.length === 2) return shapeKeys(customCheckSchema);
  if (path[0] === 'suppressions') return ['inline', 'requireReason'];
  return [];
}

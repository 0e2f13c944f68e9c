/**
 * Loads and validates `readiness.yaml`. Every problem carries the range of the offending key or value
 * and says what was expected. An invalid field is dropped (its default applies) so that one mistake
 * never turns the whole audit off.
 */
import type { ZodError } from 'zod';
import { userGlob, userRegex } from '../core/patterns';
import { SourceFile, yamlToJS } from '../core/source';
import type { Range } from '../core/types';
import { categorySchema, customCheckSchema, defaultManifest, manifestSchema, waiverSchema, type Manifest } from './schema';
import { closest } from '../rules/manifest';

/** Names a manifest file may have, in order of preference. */
export const MANIFEST_NAMES = ['readiness.yaml', 'readiness.yml', '.readiness.yaml', '.readiness.yml'];

/** A problem found in the manifest. */
export interface ManifestProblem {
  message: string;
  range: Range;
  /** Path of the offending field, e.g. `['waivers', 0, 'reason']`. */
  path: (string | number)[];
  kind: 'syntax' | 'schema';
}

/** The result of loading a manifest. */
export interface LoadedManifest {
  manifest: Manifest;
  /** The manifest file, or undefined when the workspace has none. */
  file?: SourceFile;
  problems: ManifestProblem[];
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

  let candidate = { ...(value as Record<string, unknown>) };
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = manifestSchema.safeParse(candidate);
    if (res.success) {
      problems.push(...patternProblems(res.data, file));
      return { manifest: res.data, file, problems };
    }
    const dropped = new Set<string>();
    for (const p of describeIssues(res.error, file)) {
      if (!problems.some((q) => q.message === p.message && q.range.start.line === p.range.start.line)) problems.push(p);
      const top = p.path[0];
      if (typeof top === 'string') dropped.add(top);
    }
    if (dropped.size === 0) break;
    candidate = Object.fromEntries(Object.entries(candidate).filter(([k]) => !dropped.has(k)));
  }
  return { manifest: defaultManifest(), file, problems };
}

/**
 * The manifest's patterns that cannot run safely: a custom check's `contains` that RE2 cannot run in
 * linear time, and globs (ignore, waiver paths, custom-check files) whose matching cost is unbounded.
 * Each is reported at its position; the engine refuses to run it.
 */
function patternProblems(m: Manifest, file: SourceFile): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  const at = (p: (string | number)[], message: string) => out.push({ message, range: file.yamlPathRange(p, 0, false), path: p, kind: 'schema' });
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

function describeIssues(err: ZodError, file: SourceFile): ManifestProblem[] {
  const out: ManifestProblem[] = [];
  for (const issue of err.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(path);
      for (const key of issue.keys) {
        const guess = closest(key, allowed);
        out.push({
          message: `unknown key \`${key}\`${path.length ? ` in \`${path.join('.')}\`` : ''}; ${guess ? `did you mean \`${guess}\`? ` : ''}expected one of ${allowed.join(', ')}`,
          range: file.yamlPathRange([...path, key]),
          path: [...path, key],
          kind: 'schema',
        });
      }
      continue;
    }
    const where = path.length ? `\`${path.join('.')}\`` : 'the manifest';
    out.push({ message: `${where}: ${issueText(issue)}`, range: file.yamlPathRange(path, 0, false), path, kind: 'schema' });
  }
  return out;
}

function issueText(issue: ZodError['issues'][number]): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
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
  if (path[0] === 'categories' && path.length === 2) return shapeKeys(categorySchema);
  if (path[0] === 'rules') return ['enabled', 'severity', 'options'];
  if (path[0] === 'waivers') return shapeKeys(waiverSchema);
  if (path[0] === 'checks') return shapeKeys(customCheckSchema);
  if (path[0] === 'suppressions') return ['inline', 'requireReason'];
  return [];
}

/**
 * Looks for named practices in the project's own code and configuration (a middleware import, an
 * nginx directive, a settings entry) and reports where each was seen. Declared dependencies are not
 * evidence (package.json is not searched): the code must use them. Each file is read once and
 * tested against one combined pattern first, so that many alternatives cost one scan.
 */
import type { Evidence, FileKind } from '../../core/types';
import type { Workspace } from '../../core/workspace';
import { isTemplatePath, isTestPath } from './util';
import { pathMemo } from './evidence';

/** A practice and the pattern that shows it. */
export interface Practice {
  name: string;
  pattern: RegExp;
}

/** Narrows where practices are looked for: only some file kinds, and not paths matching `exclude`. */
export interface PracticeScope {
  kinds?: FileKind[];
  exclude?: RegExp;
}

/** Where a practice was seen (one-based line). */
export interface PracticeHit {
  name: string;
  file: string;
  line: number;
}

const DEFAULT_KINDS: FileKind[] = ['source', 'config', 'yaml', 'json', 'toml', 'k8s', 'compose'];
/** Dependency manifests and lockfiles: a declared dependency is not proof of use. */
const MANIFESTS = /(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|requirements[\w.-]*\.txt|pyproject\.toml|Pipfile(\.lock)?|poetry\.lock|uv\.lock|go\.(mod|sum)|Cargo\.(toml|lock)|Gemfile(\.lock)?|composer\.(json|lock)|[\w.-]+\.csproj)$/;
const OTHER = /(^|\/)(Caddyfile|_headers|\.htaccess|traefik[\w.-]*\.toml)$|\.(conf|vcl)$/i;

/**
 * Finds the practices in the workspace's code and configuration, at most `perPractice` hits each (one
 * per file), stopping early once `enough` says the hits settle the question. `hint`, when given, must
 * match every text that any practice matches (a short, cheap superset such as the practices' common
 * words); files it does not match are skipped before the combined pattern runs.
 */
export function findPractices(ws: Workspace, practices: Practice[], perPractice = 3, enough?: (hits: PracticeHit[]) => boolean, hint?: RegExp, opts: PracticeScope = {}): PracticeHit[] {
  // Case-insensitive, the combined pattern is a superset of the practices: a cheap first test.
  const combined = new RegExp(practices.map((p) => `(?:${p.pattern.source})`).join('|'), 'im');
  const hits: PracticeHit[] = [];
  const counts = new Map<string, number>();
  let open = practices.length;
  const paths = opts.kinds ? candidatePaths(ws).filter((p) => opts.kinds!.includes(ws.kindOf(p) as FileKind)) : candidatePaths(ws);
  for (const path of paths) {
    if (opts.exclude?.test(path)) continue;
    const f = ws.read(path);
    if (!f || (hint && !hint.test(f.text)) || !combined.test(f.text)) continue;
    for (const p of practices) {
      const n = counts.get(p.name) ?? 0;
      if (n >= perPractice) continue;
      const m = p.pattern.exec(f.text);
      if (!m) continue;
      hits.push({ name: p.name, file: path, line: f.positionAt(m.index).line + 1 });
      counts.set(p.name, n + 1);
      if (n + 1 === perPractice && --open === 0) return hits;
    }
    if (enough?.(hits)) return hits;
  }
  return hits;
}

/** The files practices are looked for in (by name alone, so memoised with the file list). */
function candidatePaths(ws: Workspace): string[] {
  return pathMemo(ws, 'security:practice-paths', () => {
    const kinds = new Set<string>(DEFAULT_KINDS);
    return ws.files.filter((path) => {
      const kind = ws.kindOf(path);
      if (!kind || !(kinds.has(kind) || (kind === 'other' && OTHER.test(path)))) return false;
      return !(isTestPath(path) || isTemplatePath(path) || MANIFESTS.test(path));
    });
  });
}

/** Evidence lines for practice hits. */
export function practiceEvidence(hits: PracticeHit[]): Evidence[] {
  return hits.map((h) => ({ message: h.name, file: h.file, line: h.line }));
}

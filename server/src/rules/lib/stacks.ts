/**
 * Where each ecosystem's manifests live, in the names Dependabot uses (`npm`, `pip`, `gomod`...), so
 * that the dependency rules can say which ecosystem is covered and which folder a config must name.
 * Manifests under tests, fixtures and examples are left out: they are not what ships.
 */
import type { Workspace } from '../../core/workspace';
import { jsonObject } from '../../core/formats/json';
import { isTemplatePath, isTestPath } from './util';
import { pathMemo } from './evidence';

/** A Dependabot package ecosystem. */
export type Ecosystem = 'npm' | 'pip' | 'gomod' | 'cargo' | 'bundler' | 'maven' | 'gradle' | 'nuget' | 'composer' | 'docker' | 'github-actions';

const MANIFESTS: [RegExp, Ecosystem][] = [
  [/^package\.json$/, 'npm'],
  [/^(requirements[\w.-]*\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg)$/, 'pip'],
  [/^go\.mod$/, 'gomod'],
  [/^Cargo\.toml$/, 'cargo'],
  [/^Gemfile$/, 'bundler'],
  [/^pom\.xml$/, 'maven'],
  [/^build\.gradle(\.kts)?$/, 'gradle'],
  [/\.(csproj|fsproj|vbproj)$/, 'nuget'],
  [/^composer\.json$/, 'composer'],
  [/^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.dockerfile$/i, 'docker'],
];

/**
 * Ecosystems present in the workspace, each with the folders ('/'-rooted, as Dependabot wants) of its
 * manifests. Derived from the file list alone, so it is memoised with it (a fresh map each call).
 */
export function ecosystems(ws: Workspace): Map<Ecosystem, string[]> {
  return new Map(pathMemo(ws, 'security:ecosystems', () => scanEcosystems(ws)));
}

function scanEcosystems(ws: Workspace): Map<Ecosystem, string[]> {
  const out = new Map<Ecosystem, Set<string>>();
  for (const f of ws.files) {
    if (isTemplatePath(f) || isTestPath(f)) continue;
    const slash = f.lastIndexOf('/');
    const base = f.slice(slash + 1);
    for (const [re, eco] of MANIFESTS) {
      if (!re.test(base)) continue;
      // Dockerfiles are recognised the way the rest of the engine does (not `dockerfile.ts`).
      if (eco === 'docker' && (ws.kindOf(f) !== 'dockerfile' || !hasBaseImage(ws.read(f)?.text ?? ''))) continue;
      const dir = slash < 0 ? '/' : `/${f.slice(0, slash)}`;
      (out.get(eco) ?? out.set(eco, new Set()).get(eco)!).add(dir);
      break;
    }
  }
  if (ws.pathsOfKind('workflow').some((p) => p.startsWith('.github/workflows/'))) out.set('github-actions', new Set(['/']));
  const sorted = new Map<Ecosystem, string[]>();
  for (const [k, v] of out) sorted.set(k, [...v].sort());
  return sorted;
}

/**
 * True when a Dockerfile builds on an image that has versions to update: a `FROM` that names neither
 * `scratch` (the empty image) nor an earlier stage. An unreadable file is given the benefit of the doubt.
 */
export function hasBaseImage(text: string): boolean {
  if (!text) return true;
  const stages = new Set<string>();
  for (const m of text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)) {
    const image = m[1].toLowerCase();
    if (image !== 'scratch' && !stages.has(image)) return true;
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return false;
}

/** Reads and parses a JSON file of the workspace, or undefined. */
export function readJson(ws: Workspace, path: string): Record<string, unknown> | undefined {
  const file = ws.exists(path) ? ws.read(path) : undefined;
  if (!file?.text) return undefined;
  return jsonObject(file.json);
}

/** The folder of a path ('' for the root). */
export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** The path of a file in a folder ('' for the root). */
export function inDir(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

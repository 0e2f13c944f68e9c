/**
 * security/dependency-updates: Dependabot (`.github/dependabot.yml`) or Renovate keeps dependencies
 * current, covering every ecosystem the repository has (npm, pip, gomod..., Docker base images and
 * GitHub Actions). The fix creates a dependabot.yml for the detected ecosystems, or appends the
 * missing ones to an existing file.
 */
import { isSeq } from 'yaml';
import type { Evidence, WorkspaceRule } from '../../core/types';
import { asArray, asRecord, type SourceFile } from '../../core/source';
import { appendFix, createFileFix } from '../lib/util';
import { ecosystems, readJson, type Ecosystem } from '../lib/stacks';

const RENOVATE = ['renovate.json', 'renovate.json5', '.renovaterc', '.renovaterc.json', '.renovaterc.json5', '.github/renovate.json', '.github/renovate.json5', '.gitlab/renovate.json', '.gitlab/renovate.json5'];
/** Dependabot ecosystem names that cover one of ours. */
const ALIASES: Record<string, Ecosystem> = { pip: 'pip', pipenv: 'pip', poetry: 'pip', uv: 'pip', npm: 'npm', bun: 'npm', yarn: 'npm', pnpm: 'npm', 'docker-compose': 'docker' };

/** One Dependabot `updates` entry. */
export function dependabotEntry(eco: Ecosystem, dirs: string[], indent = '  '): string {
  const dir = dirs.length <= 1 ? `${indent}  directory: "${dirs[0] ?? '/'}"\n` : `${indent}  directories:\n${dirs.map((d) => `${indent}    - "${d}"\n`).join('')}`;
  return `${indent}- package-ecosystem: ${eco}\n${dir}${indent}  schedule:\n${indent}    interval: weekly\n`;
}

/** A dependabot.yml for the given ecosystems, always with github-actions. */
export function dependabotConfig(ecos: Map<Ecosystem, string[]>): string {
  const all = new Map(ecos);
  if (!all.has('github-actions')) all.set('github-actions', ['/']);
  return `# Dependabot opens pull requests that keep dependencies and actions up to date.\nversion: 2\nupdates:\n${[...all].map(([e, d]) => dependabotEntry(e, d)).join('')}`;
}

export const rule: WorkspaceRule = {
  id: 'security/dependency-updates',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'Dependabot or Renovate keeps dependencies up to date',
  rationale: 'Most vulnerabilities that reach production are in dependencies with a fix already released; an update bot turns each fix into a reviewable pull request.',
  roadmap: [{ topic: 'dependency updates', match: /dependabot|renovate|dependency updates|update (the )?dependencies|keep dependencies/, rank: 630 }],
  scaffold: 'dependabot',
  related: [{ tool: 'scorecard', id: 'Dependency-Update-Tool' }],
  fixable: true,
  scope: 'workspace',
  applies(_facts, { ws }) {
    return ecosystems(ws).size > 0 ? true : 'no dependency manifests, workflows or Dockerfiles with a base image (`FROM scratch` has no version to update)';
  },
  check({ ws }) {
    const ecos = ecosystems(ws);
    const renovate = ws.findFile(RENOVATE) ?? (asRecord(readJson(ws, 'package.json')?.renovate) ? 'package.json' : undefined);
    if (renovate) return { status: 'pass', findings: [], evidence: [{ message: 'Renovate is configured (all package managers are on by default)', file: renovate }] };
    const path = ws.findFile(['.github/dependabot.yml', '.github/dependabot.yaml']);
    const file = path ? ws.read(path) : undefined;
    if (!file) {
      return {
        status: 'fail',
        findings: [{
          message: `no Dependabot or Renovate configuration; add .github/dependabot.yml covering ${[...ecos.keys()].join(', ')}`,
          file: null,
          fix: createFileFix('Create .github/dependabot.yml', '.github/dependabot.yml', dependabotConfig(ecos)),
        }],
      };
    }
    const configured = new Set<Ecosystem>();
    const evidence: Evidence[] = [];
    asArray(asRecord(file.yaml)?.updates).forEach((u, i) => {
      const name = asRecord(u)?.['package-ecosystem'];
      if (typeof name !== 'string') return;
      const eco = ALIASES[name] ?? (name as Ecosystem);
      configured.add(eco);
      evidence.push({ message: `Dependabot updates ${name}`, file: file.path, line: file.yamlPathRange(['updates', i, 'package-ecosystem']).start.line + 1 });
    });
    // Maven and Gradle projects are both Java; either entry covers the other's build file.
    if (configured.has('maven') || configured.has('gradle')) ['maven', 'gradle'].forEach((e) => configured.add(e as Ecosystem));
    const missing = [...ecos.keys()].filter((e) => !configured.has(e));
    if (missing.length === 0) return { status: 'pass', findings: [], evidence };
    const fixText = appendableEntries(file, missing, ecos);
    return {
      status: configured.size > 0 ? 'partial' : 'fail',
      score: (ecos.size - missing.length) / ecos.size,
      evidence,
      findings: [{
        message: `${file.path} does not update ${missing.join(', ')}; add an entry for each`,
        file: file.path,
        range: file.yamlPathRange(['updates']),
        ...(fixText ? { fix: appendFix(`Add ${missing.join(', ')} to Dependabot`, file, fixText) } : {}),
        data: { missing },
      }],
    };
  },
};

/** Entries to append when `updates:` is a block list that ends the file, indented like its items. */
function appendableEntries(file: SourceFile, missing: Ecosystem[], ecos: Map<Ecosystem, string[]>): string | undefined {
  const doc = file.yamlDocs[0];
  const node = doc?.contents && (doc.contents as { get?: (k: string, keep: boolean) => unknown }).get?.('updates', true);
  if (!isSeq(node) || node.flow || !node.range || node.items.length === 0) return undefined;
  if (file.text.slice(node.range[2]).split(/\r?\n/).some((l) => l.trim() && !l.trim().startsWith('#'))) return undefined;
  const first = node.items[0] as { range?: [number, number, number] };
  if (!first.range) return undefined;
  const pos = file.positionAt(first.range[0]);
  const dash = file.lines[pos.line].lastIndexOf('-', pos.character);
  if (dash < 0) return undefined;
  const indent = ' '.repeat(dash);
  return missing.map((e) => dependabotEntry(e, ecos.get(e) ?? ['/'], indent)).join('');
}

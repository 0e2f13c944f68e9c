/**
 * security/lockfile: every dependency manifest has a committed lockfile (package-lock.json, yarn.lock,
 * pnpm-lock.yaml, poetry.lock, uv.lock, Pipfile.lock, go.sum, Cargo.lock for binaries, Gemfile.lock),
 * or for Python fully pinned requirements. Without one, each install resolves different versions, and
 * a compromised release reaches production without any change in the repository.
 */
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import type { SourceFile } from '../../core/source';
import { tomlAt } from '../../core/formats/toml';
import type { Workspace } from '../../core/workspace';
import { isTemplatePath, isTestPath } from '../lib/util';
import { dirOf, inDir } from '../lib/stacks';

const NODE_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
const PY_LOCKS = ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock', 'requirements.lock', 'pylock.toml'];

/** A lockfile in the folder or one of its ancestors (workspaces keep one lock at the root). */
function lockIn(ws: Workspace, dir: string, names: string[], ancestors = true): string | undefined {
  for (let d = dir; ; d = dirOf(d)) {
    for (const n of names) if (ws.exists(inDir(d, n))) return inDir(d, n);
    if (!ancestors || d === '') return undefined;
  }
}

/** Zero-based line of the first match, or 0. */
function lineOf(f: SourceFile, re: RegExp): number {
  const m = re.exec(f.text);
  return m ? f.positionAt(m.index).line : 0;
}

export const rule: WorkspaceRule = {
  id: 'security/lockfile',
  category: 'security',
  severity: 'high',
  level: 'mvp',
  title: 'Dependencies are locked with a committed lockfile',
  rationale: 'A lockfile makes every install resolve the same, reviewed versions; without it a new release of any transitive dependency, malicious or broken, ships on the next build.',
  roadmap: [{ topic: 'the lockfile', match: /lock ?files?|package-lock|yarn\.lock|poetry\.lock|pinned dependencies/, rank: 620 }],
  related: [{ tool: 'scorecard', id: 'Pinned-Dependencies' }],
  scope: 'workspace',
  check({ ws, facts }) {
    const findings: RuleFinding[] = [];
    const evidence: Evidence[] = [];
    let needed = 0;
    const need = (manifest: SourceFile, lock: string | undefined, what: string, anchor: RegExp) => {
      needed++;
      if (lock) evidence.push({ message: `${manifest.path} is locked by ${lock}`, file: lock });
      else findings.push({ message: `${manifest.path} has no committed ${what}; generate it and commit it`, file: manifest.path, range: manifest.lineRange(lineOf(manifest, anchor)) });
    };
    for (const p of ws.files) {
      if (isTestPath(p) || isTemplatePath(p)) continue;
      const base = p.slice(p.lastIndexOf('/') + 1);
      const dir = dirOf(p);
      if (!/^(package\.json|go\.mod|Cargo\.toml|Gemfile|Pipfile|pyproject\.toml|requirements[\w.-]*\.txt|composer\.json)$/.test(base)) continue;
      const f = ws.read(p);
      if (!f) continue;
      switch (base) {
        case 'package.json':
          if (/"(dependencies|devDependencies|optionalDependencies)"\s*:\s*\{\s*"/.test(f.text)) need(f, lockIn(ws, dir, NODE_LOCKS), 'lockfile (package-lock.json, yarn.lock or pnpm-lock.yaml)', /"(dependencies|devDependencies)"/);
          break;
        case 'go.mod':
          if (/^\s*require\b/m.test(f.text)) need(f, lockIn(ws, dir, ['go.sum'], false), 'go.sum', /^\s*require\b/m);
          break;
        case 'Cargo.toml': {
          const binary = /^\[\[bin\]\]|^\[workspace\]/m.test(f.text) || ws.exists(inDir(dir, 'src/main.rs'));
          if (binary) need(f, lockIn(ws, dir, ['Cargo.lock']), 'Cargo.lock', /^\[(dependencies|workspace)\]/m);
          else evidence.push({ message: `${p} is a library crate; Cargo.lock is optional`, file: p });
          break;
        }
        case 'Gemfile':
          need(f, lockIn(ws, dir, ['Gemfile.lock'], false), 'Gemfile.lock', /^\s*gem\s/m);
          break;
        case 'composer.json':
          if (/"require"\s*:\s*\{\s*"/.test(f.text)) need(f, lockIn(ws, dir, ['composer.lock'], false), 'composer.lock', /"require"/);
          break;
        case 'Pipfile':
          need(f, lockIn(ws, dir, ['Pipfile.lock'], false), 'Pipfile.lock', /^\[packages\]/m);
          break;
        case 'pyproject.toml': {
          const tool = tomlAt(f.toml, ['tool', 'poetry']) !== undefined ? 'poetry.lock' : tomlAt(f.toml, ['tool', 'pdm']) !== undefined ? 'pdm.lock' : tomlAt(f.toml, ['tool', 'uv']) !== undefined ? 'uv.lock' : undefined;
          const hasReqs = ws.files.some((x) => dirOf(x) === dir && /^requirements[\w.-]*\.txt$/.test(x.slice(x.lastIndexOf('/') + 1)));
          if (hasReqs) break;
          if (tool || facts.isService) need(f, lockIn(ws, dir, PY_LOCKS), tool ?? 'lockfile (uv.lock, poetry.lock or pinned requirements)', /^\[(project|tool\.poetry)/m);
          else evidence.push({ message: `${p} describes a library; a lockfile is optional`, file: p });
          break;
        }
        default: {
          // requirements*.txt: every requirement pinned with == (or locked elsewhere by a real lockfile).
          if (/^#.*\b(pip-compile|uv pip compile|pip freeze)\b/m.test(f.text) || lockIn(ws, dir, PY_LOCKS, false)) {
            needed++;
            evidence.push({ message: `${p} is generated by a locking tool`, file: p });
            break;
          }
          const loose = f.lines.map((l, i) => [l.replace(/\s+#.*$/, '').trim(), i] as const).filter(([l]) => l && !l.startsWith('#') && !l.startsWith('-') && !/^[\w.-]+(\[[^\]]*\])?\s*===?\s*[\w.*+!-]+/.test(l) && !/^(git\+|https?:|file:|\.{0,2}\/)/.test(l) && !/@\s*(git\+|https?:|file:)/.test(l));
          needed++;
          if (loose.length === 0) evidence.push({ message: `${p} pins every requirement`, file: p });
          else {
            for (const [l, i] of loose.slice(0, 20)) findings.push({ message: `\`${l}\` in ${p} is not pinned; pin it with == (or generate the file with pip-compile or uv pip compile)`, file: p, range: f.lineRange(i) });
          }
        }
      }
    }
    if (needed === 0) return { status: 'not-applicable', findings: [], evidence, reason: 'no dependency manifest that needs a lockfile' };
    if (findings.length === 0) return { status: 'pass', findings, evidence };
    const bad = new Set(findings.map((f) => f.file)).size;
    const score = Math.max(0, (needed - bad) / needed);
    return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
  },
};

/**
 * security/gitignore-env: the root `.gitignore` keeps environment files, private keys and certificates
 * out of git, tested with the `ignore` package the way git matches paths, while `.env.example` stays
 * committable. One `git add .` is all it takes to publish a `.env` otherwise.
 */
import ignore from 'ignore';
import type { Evidence, RuleFinding, WorkspaceRule } from '../../core/types';
import type { Facts } from '../../core/facts';
import { appendFix, createFileFix } from '../util';

/** Each pattern the fix would add, with paths that it must cause git to ignore. */
const REQUIRED: { pattern: string; group: string; samples: string[] }[] = [
  { pattern: '.env', group: '.env files', samples: ['.env', 'api/.env'] },
  { pattern: '.env.*', group: '.env files', samples: ['.env.local', '.env.production'] },
  { pattern: '*.pem', group: 'private keys and certificates', samples: ['server.pem', 'certs/server.pem'] },
  { pattern: '*.key', group: 'private keys and certificates', samples: ['server.key', 'certs/tls.key'] },
  { pattern: 'id_rsa', group: 'SSH keys', samples: ['id_rsa'] },
  { pattern: 'id_ecdsa', group: 'SSH keys', samples: ['id_ecdsa'] },
  { pattern: 'id_ed25519', group: 'SSH keys', samples: ['id_ed25519'] },
];
const EXAMPLE = '.env.example';

/** Dependency and build folders of each stack, for a new `.gitignore`. */
const STACK_IGNORES: Record<string, string[]> = {
  node: ['node_modules/', 'dist/', 'build/', 'coverage/', '*.log'],
  python: ['__pycache__/', '*.py[cod]', '.venv/', 'venv/', '*.egg-info/', '.pytest_cache/', '.mypy_cache/', 'dist/', 'build/'],
  go: ['/bin/', '*.test', '*.out'],
  rust: ['/target/'],
  java: ['target/', 'build/', '.gradle/', '*.class'],
  ruby: ['/.bundle/', '/vendor/bundle/', '/log/*', '/tmp/*'],
  dotnet: ['bin/', 'obj/'],
};

/** The secrets block every generated `.gitignore` ends with. */
export function secretsBlock(patterns: string[] = REQUIRED.map((r) => r.pattern)): string {
  const lines = ['# Secrets: never commit environment files, private keys or certificates'];
  for (const p of patterns) {
    lines.push(p);
    if (p === '.env.*') lines.push(`!${EXAMPLE}`);
  }
  return lines.join('\n') + '\n';
}

/** A `.gitignore` adapted to the detected stacks. */
export function gitignoreFor(facts: Facts): string {
  const deps: string[] = [];
  for (const s of facts.stacks) for (const p of STACK_IGNORES[s] ?? []) if (!deps.includes(p)) deps.push(p);
  const head = deps.length ? `# Dependencies and build output\n${deps.join('\n')}\n\n` : '';
  return `${head}${secretsBlock()}\n# Editor and operating-system files\n.DS_Store\n.idea/\n`;
}

export const rule: WorkspaceRule = {
  id: 'security/gitignore-env',
  category: 'security',
  severity: 'critical',
  level: 'prototype',
  title: '.gitignore keeps .env files and private keys out of git',
  rationale: 'Secrets leak most often through a `.env` or a key file added with the rest of the tree; a .gitignore that covers them makes the safe path the default one.',
  related: [{ tool: 'secretlint', id: '@secretlint/secretlint-rule-no-dotenv' }],
  fixable: true,
  scope: 'workspace',
  check({ ws, facts }) {
    const file = ws.exists('.gitignore') ? ws.read('.gitignore') : undefined;
    if (!file) {
      return {
        status: 'fail',
        findings: [{
          message: 'there is no .gitignore, so `git add .` would commit .env files and private keys; add one that ignores them',
          file: null,
          fix: createFileFix('Create .gitignore', '.gitignore', gitignoreFor(facts)),
        }],
      };
    }
    const ig = ignore().add(file.text);
    const evidence: Evidence[] = [];
    const missing = REQUIRED.filter((r) => !r.samples.every((s) => ig.ignores(s)));
    for (const r of REQUIRED) if (!missing.includes(r)) evidence.push({ message: `${r.samples[0]} is ignored`, file: file.path });
    const findings: RuleFinding[] = [];
    const exampleIgnored = ig.ignores(EXAMPLE);
    let lastLine = file.lines.length - 1;
    while (lastLine > 0 && file.lines[lastLine].trim() === '') lastLine--;
    if (missing.length > 0) {
      const groups = [...new Set(missing.map((m) => m.group))];
      findings.push({
        file: file.path,
        message: `.gitignore does not ignore ${groups.join(', ')} (${missing.map((m) => m.pattern).join(', ')}); append these patterns`,
        range: file.lineRange(lastLine),
        fix: appendFix('Ignore .env files and private keys', file, `\n${secretsBlock(missing.map((m) => m.pattern))}${exampleIgnored && !missing.some((m) => m.pattern === '.env.*') ? `!${EXAMPLE}\n` : ''}`),
        data: { missing: missing.map((m) => m.pattern) },
      });
    }
    if (exampleIgnored) {
      const culprit = findCulprit(file.lines, EXAMPLE);
      findings.push({
        file: file.path,
        message: `.gitignore also ignores ${EXAMPLE}, which documents the variables and should be committed; add \`!${EXAMPLE}\` after this pattern`,
        range: file.lineRange(culprit ?? lastLine),
        // When patterns are missing, their fix appends the exception too (two appends would collide).
        ...(missing.length === 0 ? { fix: appendFix(`Keep ${EXAMPLE} committable`, file, `!${EXAMPLE}\n`) } : {}),
      });
    }
    if (findings.length === 0) return { status: 'pass', findings, evidence };
    const score = (REQUIRED.length - missing.length) / REQUIRED.length - (exampleIgnored ? 0.1 : 0);
    return score > 0 ? { status: 'partial', score, findings, evidence } : { status: 'fail', findings, evidence };
  },
};

/** The zero-based line of the last pattern that, on its own, ignores a path. */
function findCulprit(lines: string[], path: string): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].trim();
    if (!l || l.startsWith('#') || l.startsWith('!')) continue;
    if (ignore().add(l).ignores(path)) return i;
  }
  return undefined;
}

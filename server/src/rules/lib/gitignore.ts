/**
 * What the secrets part of a `.gitignore` must cover, tested with the `ignore` package the way git
 * matches paths, and the `.gitignore` our fixes write (adapted to the detected stacks).
 */
import ignore, { type Ignore } from 'ignore';
import type { Facts } from '../../core/facts';
import type { SourceFile } from '../../core/source';

/** A pattern a fix would add, with paths it must cause git to ignore. */
export interface Required {
  pattern: string;
  group: string;
  samples: string[];
}

/** The example env file, which must stay committable. */
export const EXAMPLE = '.env.example';

/** Environment files. */
export const ENV_PATTERNS: Required[] = [
  { pattern: '.env', group: '.env files', samples: ['.env', 'api/.env'] },
  { pattern: '.env.*', group: '.env files', samples: ['.env.local', '.env.production'] },
];

/**
 * Where only a front-end build tool (Vite, Next.js, Create React App...) reads env files, `.env` and
 * `.env.[mode]` are committed on purpose (public values bundled into the client) and local secrets go
 * in `.env.local` and `.env.[mode].local`, which must stay out of git.
 */
export const FRONTEND_ENV_PATTERNS: Required[] = [
  { pattern: '.env*.local', group: 'local .env files', samples: ['.env.local', '.env.production.local', 'frontend/.env.local'] },
];

/** Private keys and certificates. */
export const KEY_PATTERNS: Required[] = [
  { pattern: '*.pem', group: 'PEM keys and certificates', samples: ['server.pem', 'certs/server.pem'] },
  { pattern: '*.key', group: 'key files', samples: ['server.key', 'certs/tls.key'] },
  { pattern: 'id_rsa', group: 'SSH keys', samples: ['id_rsa'] },
  { pattern: 'id_ecdsa', group: 'SSH keys', samples: ['id_ecdsa'] },
  { pattern: 'id_ed25519', group: 'SSH keys', samples: ['id_ed25519'] },
];

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

/** A commented block of patterns; `.env.*` is followed by the `.env.example` exception. */
export function patternBlock(title: string, patterns: string[]): string {
  const lines = [`# ${title}`];
  for (const p of patterns) {
    lines.push(p);
    if (p === '.env.*') lines.push(`!${EXAMPLE}`);
  }
  return lines.join('\n') + '\n';
}

/** A `.gitignore` adapted to the detected stacks, covering env files and keys. */
export function gitignoreFor(facts: Facts): string {
  const deps: string[] = [];
  for (const s of facts.stacks) for (const p of STACK_IGNORES[s] ?? []) if (!deps.includes(p)) deps.push(p);
  const head = deps.length ? `# Dependencies and build output\n${deps.join('\n')}\n\n` : '';
  const secrets = patternBlock('Secrets: never commit environment files, private keys or certificates', [...ENV_PATTERNS, ...KEY_PATTERNS].map((r) => r.pattern));
  return `${head}${secrets}\n# Editor and operating-system files\n.DS_Store\n.idea/\n`;
}

/** The git matcher of a `.gitignore`. */
export function matcher(file: SourceFile): Ignore {
  return ignore().add(file.text);
}

/** The required patterns whose sample paths git would not ignore. */
export function missing(ig: Ignore, required: Required[]): Required[] {
  return required.filter((r) => !r.samples.every((s) => ig.ignores(s)));
}

/** The zero-based line of the last line with content. */
export function lastContentLine(file: SourceFile): number {
  let l = file.lines.length - 1;
  while (l > 0 && file.lines[l].trim() === '') l--;
  return l;
}

/** The zero-based line of the last pattern that, on its own, ignores a path. */
export function findCulprit(lines: string[], path: string): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i].trim();
    if (!l || l.startsWith('#') || l.startsWith('!')) continue;
    if (ignore().add(l).ignores(path)) return i;
  }
  return undefined;
}

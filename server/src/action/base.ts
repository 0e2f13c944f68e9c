/**
 * The base branch of a pull request as a folder to audit, made from the git checkout the workflow
 * already has: the base commit's tree is written into a temporary folder through a temporary index
 * (`git read-tree` + `git checkout-index --prefix`), so the user's working tree, index and branches
 * are never touched and no code of either side runs. When the commit is not in a shallow checkout,
 * one `git fetch --depth=1` of exactly that commit is tried; if that fails too the caller reports why.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The base tree, ready to audit, or why it could not be made. */
export type BaseCheckout = { dir: string; cleanup: () => void } | { error: string };

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeout = 120_000): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...env, GIT_LFS_SKIP_SMUDGE: '1', GIT_TERMINAL_PROMPT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout,
    maxBuffer: 16 * 1024 * 1024,
  }).trim();
}

function hasCommit(top: string, sha: string): boolean {
  try {
    git(['cat-file', '-e', `${sha}^{commit}`], top);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the tree of commit `sha` of the repository that holds `auditPath` into a temporary folder and
 * returns the folder matching `auditPath` inside it.
 */
export function checkoutBase(auditPath: string, sha: string): BaseCheckout {
  if (!SHA.test(sha)) return { error: `the base commit "${sha.slice(0, 80)}" is not a commit SHA` };
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], auditPath);
  } catch {
    return { error: `${auditPath} is not inside a git checkout` };
  }
  const rel = path.relative(fs.realpathSync(top), fs.realpathSync(auditPath));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { error: `${auditPath} is outside its git checkout` };
  if (!hasCommit(top, sha)) {
    try {
      git(['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', sha], top, process.env, 180_000);
    } catch {
      /* Reported below. */
    }
    if (!hasCommit(top, sha)) {
      return { error: `the base commit ${sha.slice(0, 12)} is not in the checkout and could not be fetched; check out with \`fetch-depth: 0\` (actions/checkout) so that the base branch is there` };
    }
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-base-'));
  const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const env = { ...process.env, GIT_INDEX_FILE: path.join(tmp, 'index') };
    git(['read-tree', sha], top, env);
    git(['checkout-index', '--all', '--force', `--prefix=${path.join(tmp, 'tree')}${path.sep}`], top, env, 600_000);
  } catch (e) {
    cleanup();
    return { error: `could not write the base commit's files: ${((e as { stderr?: string }).stderr || (e as Error).message).split('\n')[0]}` };
  }
  const dir = path.join(tmp, 'tree', rel);
  if (!fs.existsSync(dir)) {
    cleanup();
    return { error: `${rel || '.'} does not exist on the base branch` };
  }
  return { dir, cleanup };
}

/**
 * dockerignore/excludes-sensitive: a `.dockerignore` excludes the git history, environment files and
 * the stack's dependency folders. These are what leak secrets into images (`.env`, `.git`) and what
 * make builds slow and non-reproducible (host-built `node_modules`, `.venv`).
 *
 * Patterns are matched as git does (allow-lists such as `*` then `!src` count as excluding). The fix
 * appends the missing lines.
 */
import ignore from 'ignore';
import type { FileRule } from '../../core/types';
import { appendFix } from '../lib/util';
import { requiredExclusions } from '../lib/container-scaffold';

const DIRS = new Set(['.git', 'node_modules', '.venv', '__pycache__']);

export const rule: FileRule = {
  id: 'dockerignore/excludes-sensitive',
  category: 'containers',
  severity: 'high',
  level: 'mvp',
  title: '.dockerignore excludes secrets, git history and dependencies',
  rationale: 'Whatever the .dockerignore lets through can end up in an image layer; .env files and the git history hold secrets, and host dependencies break reproducible builds.',
  fixable: true,
  scope: 'file',
  kinds: ['dockerignore'],
  checkFile(file, ctx) {
    const ig = ignore();
    for (const line of file.lines) {
      const l = line.trim();
      if (l === '' || l.startsWith('#')) continue;
      try {
        ig.add(l.replace(/^\/+/, ''));
      } catch {
        /* A pattern the matcher rejects is ignored, as Docker ignores patterns it cannot use. */
      }
    }
    const excluded = (probe: string) => {
      try {
        return DIRS.has(probe) ? ig.ignores(`${probe}/`) || ig.ignores(`${probe}/x`) : ig.ignores(probe);
      } catch {
        return false;
      }
    };
    const missing = requiredExclusions(ctx.facts.stacks).filter((r) => !excluded(r.probe));
    if (missing.length === 0) return [];
    const lines = [...new Set(missing.map((m) => m.line))];
    return [{
      message: `${file.path} lets ${missing.map((m) => m.what).join(', ')} into the build context; exclude ${lines.map((l) => `\`${l}\``).join(', ')}`,
      range: file.lineRange(0),
      fix: appendFix(`Exclude ${lines.join(', ')}`, file, `\n# Added by Production Readiness: never send these to the Docker build.\n${lines.join('\n')}\n`),
      data: { missing: lines },
    }];
  },
};
